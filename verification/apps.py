from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerificationConfig(AppConfig):
    name = "verification"
    verbose_name = _("Wohnsitzbestätigung")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from verification import saml  # noqa: F401  SAML sign-in: signals, page section
