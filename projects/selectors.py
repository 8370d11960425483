"""Reads shared by the project pages and the API. They own the joins and prefetches, so
every page and list endpoint runs a fixed number of queries whatever the row count;
the phase rules themselves are in ``projects.phases``."""

import datetime
from dataclasses import dataclass, field
from typing import Literal

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from geo.models import District
from measures.selectors import measures_visible_to

from . import phases
from .models import Category, Phase, Project
from .rules import MODERATE_PROJECT, can_see_project, projects_moderated_by

ACTIONS: tuple[phases.Action, ...] = ("ideas", "comments", "votes")


def _phase_prefetch(*, with_eligibility: bool = False) -> Prefetch:
    """The phases in order; ``with_eligibility``: with the districts their eligibility
    names (one query more, for the pages and API answers that show the conditions)."""
    phases = Phase.objects.order_by("start", "pk")
    if with_eligibility:
        phases = phases.prefetch_related(_eligible_districts())
    return Prefetch("phases", queryset=phases)


def _eligible_districts(lookup: str = "eligible_districts") -> Prefetch:
    return Prefetch(lookup, queryset=District.objects.only("name", "slug"))


def _districts_in_order() -> Prefetch:
    return Prefetch("districts", queryset=District.objects.order_by("name").only("name", "slug"))


def published_projects() -> QuerySet[Project]:
    """Published projects with their unit, phases and districts (three queries)."""
    return (
        Project.objects.filter(status=Project.Status.PUBLISHED)
        .select_related("responsible_unit")
        .prefetch_related(_phase_prefetch(), _districts_in_order())
    )


def sees_all_projects(user) -> bool:
    """Staff and holders of the global moderation permission see drafts too."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and (user.is_staff or user.has_perm(MODERATE_PROJECT))
    )


def projects_visible_to(user) -> QuerySet[Project]:
    """Published projects for everyone; drafts for their moderators and for staff (the
    same rule as ``permissions.can_see_project``, as a query)."""
    if sees_all_projects(user):
        return Project.objects.all()
    if user is not None and user.is_authenticated:
        return Project.objects.filter(
            Q(status=Project.Status.PUBLISHED) | Q(pk__in=projects_moderated_by(user).values("pk"))
        )
    return Project.objects.filter(status=Project.Status.PUBLISHED)


def projects_for_list(*, user, now: datetime.datetime | None = None) -> QuerySet[Project]:
    """The projects ``user`` may see, running ones first, then the newest; with unit,
    phases and districts (three queries, plus one to count for pagination)."""
    now = now or timezone.now()
    running = Phase.objects.filter(project=OuterRef("pk"), start__lte=now, end__gt=now)
    return (
        projects_visible_to(user)
        .select_related("responsible_unit")
        .prefetch_related(_phase_prefetch(), _districts_in_order())
        .annotate(is_running=Exists(running))
        .order_by("-is_running", "-created_at", "-pk")
    )


def _measures_visible_to(user) -> Prefetch:
    return Prefetch(
        "measures",
        queryset=measures_visible_to(user)
        .order_by("sort_key", "pk")
        .only("code", "slug", "title", "sort_key", "status"),
    )


def _categories_in_order() -> Prefetch:
    return Prefetch("categories", queryset=Category.objects.order_by("name", "pk"))


def projects_for_api(*, user, now: datetime.datetime | None = None) -> QuerySet[Project]:
    """The API rows: the list's projects plus their visible measures and categories."""
    return projects_for_list(user=user, now=now).prefetch_related(
        _eligible_districts("phases__eligible_districts"),
        _measures_visible_to(user),
        _categories_in_order(),
    )


def project_for_detail(*, user, slug: str) -> Project:
    """One project with everything its page and API detail show (unit, phases,
    districts, measures visible to ``user``, categories).

    Raises Project.DoesNotExist when there is none, or it is a draft that ``user`` may
    not see (only its moderators and staff see drafts).
    """
    project = (
        Project.objects.select_related("responsible_unit")
        .prefetch_related(
            _phase_prefetch(with_eligibility=True),
            _districts_in_order(),
            _measures_visible_to(user),
            _categories_in_order(),
        )
        .get(slug=slug)
    )
    if not can_see_project(user, project):
        raise Project.DoesNotExist(slug)
    return project


def visible_project_or_404(*, user, slug: str, with_phases: bool = True) -> Project:
    """The project ``slug`` (with its phases in order, unless ``with_phases`` is False),
    if ``user`` may see it; else Http404 (a draft is "not there" for those who may not
    see it). Every page and API endpoint under a project's slug asks this one selector."""
    projects = Project.objects.filter(slug=slug)
    if with_phases:
        projects = projects.prefetch_related(_phase_prefetch())
    project = projects.first()
    if project is None or not can_see_project(user, project):
        raise Http404(_("Dieses Beteiligungsprojekt gibt es nicht oder es ist nicht öffentlich."))
    return project


# --- the phase timeline and "what can I do now" ----------------------------------------------

PhaseState = Literal["past", "current", "upcoming"]


@dataclass(frozen=True)
class TimelineEntry:
    phase: Phase
    number: int
    state: PhaseState

    @property
    def is_current(self) -> bool:
        return self.state == "current"


def phase_state(phase: Phase, now: datetime.datetime) -> PhaseState:
    if phase.end <= now:
        return "past"
    if phase.start <= now:
        return "current"
    return "upcoming"


def phase_timeline(
    project: Project, *, now: datetime.datetime | None = None
) -> list[TimelineEntry]:
    """The project's phases in order, each marked past, current or upcoming (no query
    when the phases are prefetched)."""
    now = now or timezone.now()
    return [
        TimelineEntry(phase=phase, number=number, state=phase_state(phase, now))
        for number, phase in enumerate(phases.phases_in_order(project), start=1)
    ]


@dataclass(frozen=True)
class OpenAction:
    """Residents can do ``action`` now, until ``until`` (the end of ``phase``)."""

    action: phases.Action
    phase: Phase
    until: datetime.datetime
    votes_per_person: int | None = None


@dataclass(frozen=True)
class UpcomingAction:
    """``action`` is not possible now; it opens at ``starts`` with ``phase``."""

    action: phases.Action
    phase: Phase
    starts: datetime.datetime


@dataclass(frozen=True)
class ParticipationSummary:
    """Facts for the box "Was Sie jetzt tun können"; the page puts them into words."""

    is_published: bool
    has_phases: bool
    current_phase: Phase | None
    next_phase: Phase | None
    open_actions: list[OpenAction] = field(default_factory=list)
    upcoming_actions: list[UpcomingAction] = field(default_factory=list)
    starts: datetime.datetime | None = None  # the first phase's start, if still ahead
    ended: datetime.datetime | None = None  # the last phase's end, if all are over

    @property
    def is_finished(self) -> bool:
        return self.ended is not None

    @property
    def not_started(self) -> bool:
        return self.starts is not None

    @property
    def can_take_part(self) -> bool:
        return bool(self.open_actions)


def participation_summary(
    project: Project, now: datetime.datetime | None = None
) -> ParticipationSummary:
    """What residents can do in ``project`` at ``now``: which actions are open and until
    when, which open later and when; whether it has not started or is over.

    A draft allows nothing (``projects.phases`` rule); its facts about phases are still
    given, so moderators see what will happen once it is published.
    """
    now = now or timezone.now()
    all_phases = phases.phases_in_order(project)
    is_published = project.status == Project.Status.PUBLISHED
    open_actions: list[OpenAction] = []
    upcoming: list[UpcomingAction] = []
    for action in ACTIONS:
        running = phases.phase_allowing(project, action, now=now)
        if running is not None:
            open_actions.append(
                OpenAction(
                    action=action,
                    phase=running,
                    until=running.end,
                    votes_per_person=running.votes_per_person if action == "votes" else None,
                )
            )
            continue
        following = phases.next_phase_allowing(project, action, now=now)
        if following is not None:
            upcoming.append(UpcomingAction(action=action, phase=following, starts=following.start))
    upcoming.sort(key=lambda item: (item.starts, ACTIONS.index(item.action)))
    future = [phase for phase in all_phases if phase.start > now]
    return ParticipationSummary(
        is_published=is_published,
        has_phases=bool(all_phases),
        current_phase=phases.current_phase(project, now=now),
        next_phase=future[0] if future else None,
        open_actions=open_actions,
        upcoming_actions=upcoming,
        starts=all_phases[0].start if all_phases and all_phases[0].start > now else None,
        ended=(
            max(phase.end for phase in all_phases)
            if all_phases and all(phase.end <= now for phase in all_phases)
            else None
        ),
    )
