"""Participation projects in the page cache (``core.pagecache``).

A project's page, its ideas' list and its ideas' pages all show its phases and what they
allow now, so every change of any project (``projects``: data, status, phases,
categories) invalidates them — staff make such changes rarely. What residents change
often has narrower tags, bumped by participation: ``ideas:project:<slug>`` (the ideas,
their votes and comments, as counted on the project's page and list),
``project:<slug>`` (comments on the project itself). A phase that starts or ends changes
these pages without any write: they are stored only until the next such moment.
"""

import datetime

from django.db.models import Min, Q
from django.utils import timezone

from core import pagecache
from measures.pagecache import STRATEGY

PROJECTS = "projects"


def project_tag(slug: str) -> str:
    return f"project:{slug}"


def project_ideas_tag(slug: str) -> str:
    return f"ideas:project:{slug}"


def seconds_until_phase_change(request=None, **kwargs) -> float | None:
    """Seconds until the next phase of any project starts or ends (one query), or
    None when none will."""
    from .models import Phase

    now = timezone.now()
    found = Phase.objects.aggregate(
        start=Min("start", filter=Q(start__gt=now)), end=Min("end", filter=Q(end__gt=now))
    )
    moments: list[datetime.datetime] = [value for value in found.values() if value is not None]
    if not moments:
        return None
    return (min(moments) - now).total_seconds()


def _project_page_tags(request, slug, **kwargs):
    # STRATEGY: the project's page names its measures; "people": authors' names.
    return (PROJECTS, STRATEGY, project_tag(slug), project_ideas_tag(slug), "people")


def on_project_changed(sender, *, project, **kwargs) -> None:
    pagecache.invalidate(PROJECTS)


def connect() -> None:
    from . import events

    pagecache.cache_for_anonymous(
        "projects:project-list", tags=[PROJECTS], expires=seconds_until_phase_change
    )
    pagecache.cache_for_anonymous(
        "projects:project-detail", tags=_project_page_tags, expires=seconds_until_phase_change
    )
    for kind in ("list", "detail"):
        pagecache.cache_for_anonymous(
            f"projects-api:project-{kind}",
            tags=[PROJECTS, STRATEGY],
            expires=seconds_until_phase_change,
            vary_on_accept=True,
        )
    events.project_changed.connect(on_project_changed, dispatch_uid="pagecache.project_changed")
    pagecache.invalidate_on_change(
        pagecache.app_models("projects"), lambda instance: (PROJECTS,), uid="pagecache.projects"
    )
