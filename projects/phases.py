"""Which phase of a project is open, and what it allows. The one place for this rule:
services, views, the admin and the API all ask here."""

import datetime
from typing import Literal

from django.utils import timezone

from .models import Phase, Project

Action = Literal["ideas", "comments", "votes", "proposals"]


def allows(phase: Phase, action: Action) -> bool:
    """Whether ``phase`` allows ``action``. A Bürgerbudget's submission phase
    (``Phase.Type.SUBMISSION``, ``allows_ideas``) takes budget proposals, not ideas."""
    if action == "proposals":
        return phase.type == Phase.Type.SUBMISSION and phase.allows_ideas
    if action == "ideas" and phase.type == Phase.Type.SUBMISSION:
        return False
    return getattr(phase, f"allows_{action}")


def _phases(project: Project) -> list[Phase]:
    # Use prefetched phases when the caller loaded them (lists: no query per project).
    cache = getattr(project, "_prefetched_objects_cache", {})
    if "phases" in cache:
        return sorted(cache["phases"], key=lambda phase: (phase.start, phase.pk))
    return list(project.phases.order_by("start", "pk"))


def current_phase(project: Project, *, now: datetime.datetime | None = None) -> Phase | None:
    """The phase running at ``now`` (the latest started one if phases overlap)."""
    now = now or timezone.now()
    running = [phase for phase in _phases(project) if phase.start <= now < phase.end]
    return running[-1] if running else None


def phase_allowing(
    project: Project, action: Action, *, now: datetime.datetime | None = None
) -> Phase | None:
    """The running phase that allows ``action`` in a published project, or None."""
    if project.status != Project.Status.PUBLISHED:
        return None
    now = now or timezone.now()
    for phase in reversed(_phases(project)):
        if phase.start <= now < phase.end and allows(phase, action):
            return phase
    return None


def next_phase_allowing(
    project: Project, action: Action, *, now: datetime.datetime | None = None
) -> Phase | None:
    """The next phase that will allow ``action`` (for "Ideen ab 1. März möglich")."""
    now = now or timezone.now()
    upcoming = [p for p in _phases(project) if p.start > now and allows(p, action)]
    return upcoming[0] if upcoming else None


def phases_in_order(project: Project) -> list[Phase]:
    """The project's phases by start (the prefetched ones when loaded, else one query)."""
    return _phases(project)
