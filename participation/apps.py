from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = _("Beteiligung")

    def ready(self) -> None:
        from jena_smart.sections import register_section

        from . import sections

        register_section("measure", sections.measure_ideas_section)
        register_section("measure", sections.measure_comments_section)
        register_section("project", sections.project_ideas_section)
        register_section("project", sections.project_comments_section)
