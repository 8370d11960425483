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

from django.core.cache import cache
from django.db.models import Min, Q
from django.utils import timezone

from core import pagecache
from core.cache import tolerant
from measures.pagecache import STRATEGY

PROJECTS = "projects"


def project_tag(slug: str) -> str:
    return f"project:{slug}"


def project_ideas_tag(slug: str) -> str:
    return f"ideas:project:{slug}"


NEXT_PHASE_CHANGE_KEY = "projects:next-phase-change"
NEVER = "never"


def _next_phase_change() -> float | str:
    """The next moment (a timestamp) a phase of any project starts or ends; one query."""
    from .models import Phase

    now = timezone.now()
    found = Phase.objects.aggregate(
        start=Min("start", filter=Q(start__gt=now)), end=Min("end", filter=Q(end__gt=now))
    )
    moments: list[datetime.datetime] = [value for value in found.values() if value is not None]
    return min(moments).timestamp() if moments else NEVER


def seconds_until_phase_change(request=None, **kwargs) -> float | None:
    """Seconds until the next phase of any project starts or ends, or None when none
    will. The moment is kept in the cache until it passes or a project changes, so a
    page stored costs no query for it."""
    now = timezone.now().timestamp()
    moment = tolerant(lambda: cache.get(NEXT_PHASE_CHANGE_KEY), what="next phase change")
    if moment is None or (moment != NEVER and moment <= now):
        moment = _next_phase_change()
        tolerant(
            lambda: cache.set(NEXT_PHASE_CHANGE_KEY, moment, timeout=None),
            what="next phase change not stored",
        )
    return None if moment == NEVER else moment - now


def _store_next_phase_change() -> None:
    moment = _next_phase_change()
    tolerant(
        lambda: cache.set(NEXT_PHASE_CHANGE_KEY, moment, timeout=None),
        what="next phase change not stored",
    )


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
    # Work out the next phase change whenever a project changes (one query on the write,
    # now and after the commit), so that storing a page needs none.
    pagecache.when_bumped(PROJECTS, _store_next_phase_change)
    pagecache.invalidate_on_change(
        pagecache.app_models("projects"), lambda instance: (PROJECTS,), uid="pagecache.projects"
    )
