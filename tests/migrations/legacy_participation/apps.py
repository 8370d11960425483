from django.apps import AppConfig


class LegacyParticipationConfig(AppConfig):
    """The app ``participation`` as it was until December 2026: only its migrations,
    so that a test can build a database of that layout (tests/migrations)."""

    name = "tests.migrations.legacy_participation"
    label = "participation"
    default_auto_field = "django.db.models.BigAutoField"
