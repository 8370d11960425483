from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "opendata"
    verbose_name = _("Offene Daten")

    def ready(self) -> None:
        from . import pagecache

        pagecache.connect()
