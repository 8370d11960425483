from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StartConfig(AppConfig):
    """The home page's "what is happening": open participation, the latest progress
    updates, the next deadlines, the strategy's progress and a map teaser. The page
    itself (``pages:home``) belongs to ``pages``, which may not import measures or
    projects; this app fills it through the page sections registry (``core.sections``)
    and registers what the page shows with the page cache."""

    name = "start"
    label = "start"
    verbose_name = _("Startseite")

    def ready(self) -> None:
        from core.sections import register_section

        from . import pagecache, sections

        register_section("home", sections.home_section)
        pagecache.connect()
