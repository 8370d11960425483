from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "participation.ideas"
    label = "ideas"
    verbose_name = _("Ideen und Kommentare")

    def ready(self) -> None:
        from core.sections import register_section

        from . import pagecache
        from .views import comments, ideas

        register_section("measure", ideas.measure_ideas_section)
        register_section("measure", comments.measure_comments_section)
        register_section("project", ideas.project_ideas_section)
        register_section("project", comments.project_comments_section)
        pagecache.connect()
