from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "participation.moderation"
    label = "moderation"
    verbose_name = _("Moderation")

    def ready(self) -> None:
        from core.sections import register_section
        from participation.ideas.selectors.comments import NOTICE_PREFETCHES

        from . import pagecache, selectors
        from .views import sections

        register_section("project", sections.project_moderation_section)
        if selectors.decisions_prefetch not in NOTICE_PREFETCHES:
            NOTICE_PREFETCHES.append(selectors.decisions_prefetch)
        pagecache.connect()
