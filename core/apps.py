from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Shared site code: refusals and domain errors, rate limits, mail, spreadsheets, page
    sections, the API helpers, the form renderer and the site-wide template tags."""

    name = "core"
    verbose_name = _("Gemeinsames")

    def ready(self) -> None:
        from core.translation import keep_original_columns_german

        keep_original_columns_german()
