from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _project_page_tags(instance) -> tuple[str, ...]:
    """The project page shows its polls' box (title, mode, who may answer): a change of
    a poll renews the cached copies for visitors. Staff change polls rarely, so all
    project pages are renewed (one tag, no query)."""
    from projects.pagecache import PROJECTS

    return (PROJECTS,)


class PollsConfig(AppConfig):
    name = "participation.polls"
    label = "polls"
    verbose_name = _("Umfragen")

    def ready(self) -> None:
        from core import pagecache
        from core.sections import register_section

        from .models import Poll
        from .views import project_polls_section

        register_section("project", project_polls_section)
        pagecache.invalidate_on_change([Poll], _project_page_tags, uid="pagecache.polls")
