from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerificationConfig(AppConfig):
    name = "verification"
    verbose_name = _("Wohnsitzbestätigung")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from verification import letter_views, oidc, views
        from verification.desk import desk_section

        # The person's page tells how the desk of the Bürgerservice confirms residents.
        if desk_section not in views.page_sections:
            views.page_sections.append(desk_section)
        letter_views.register()
        oidc.ready()
