from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerificationConfig(AppConfig):
    name = "verification"
    verbose_name = _("Wohnsitzbestätigung")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # saml: its signal receivers and page section are set up on import
        from verification import letter_views, oidc, saml, views  # noqa: F401
        from verification.desk import desk_section

        # The person's page tells how the desk of the Bürgerservice confirms residents.
        if desk_section not in views.page_sections:
            views.page_sections.append(desk_section)
        letter_views.register()
        oidc.ready()
