"""Reads of the home page: what people can do now, what changed, what comes next.

Only public things: published projects (and the Bürgerbudgets of published projects),
public measures. Every selector runs a fixed number of queries whatever the number of
rows; the words are the templates' (``start.templatetags.start_tags``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Literal

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from core.translation import language_columns
from geo.svg import district_shapes
from measures import rollup
from measures.models import CLOSED_STATUSES, CoreArea, Milestone, ProgressUpdate
from measures.selectors import core_areas_for_overview
from participation.budgets.models import Budget
from projects import phases
from projects.models import Phase, Project
from projects.selectors import published_projects

# What residents can do in a phase, in the order the home page names them.
ACTIONS: tuple[phases.Action, ...] = ("proposals", "ideas", "comments", "votes")
LATEST_UPDATES = 5
DEADLINE_DAYS = 42  # "in the next weeks": six weeks ahead
DEADLINE_LIMIT = 8


def _budget_of(project: Project) -> Budget | None:
    """The project's Bürgerbudget when it is one (loaded with ``select_related``)."""
    try:
        return project.budget
    except Project.budget.RelatedObjectDoesNotExist:
        return None


# --- open participation ------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenAction:
    action: phases.Action
    phase: Phase
    until: datetime.datetime


@dataclass(frozen=True)
class OpenParticipation:
    """A published project (or Bürgerbudget) where residents can act now."""

    project: Project
    budget: Budget | None
    actions: list[OpenAction]
    districts: list = field(default_factory=list)

    @property
    def ends(self) -> datetime.datetime:
        return min(item.until for item in self.actions)

    @property
    def current_phase(self) -> Phase:
        return min(self.actions, key=lambda item: item.until).phase


def open_participation(*, now: datetime.datetime | None = None) -> list[OpenParticipation]:
    """Published projects and Bürgerbudgets with a running phase that allows something
    (proposals, ideas, comments, votes: ``projects.phases.allows``), each with what is
    open until when; the soonest end first. Four queries (projects with their unit and
    budget, phases, districts)."""
    now = now or timezone.now()
    running = Phase.objects.filter(project=OuterRef("pk"), start__lte=now, end__gt=now)
    projects = (
        published_projects()
        .select_related("budget")
        .filter(Exists(running))
        .order_by("title", "pk")
    )
    found = []
    for project in projects:
        actions = []
        for action in ACTIONS:
            phase = phases.phase_allowing(project, action, now=now)
            if phase is not None:
                actions.append(OpenAction(action=action, phase=phase, until=phase.end))
        if actions:
            found.append(
                OpenParticipation(
                    project=project,
                    budget=_budget_of(project),
                    actions=actions,
                    districts=list(project.districts.all()),
                )
            )
    return sorted(found, key=lambda item: item.ends)


# --- deadlines ---------------------------------------------------------------------------------

DeadlineKind = Literal["phase_start", "phase_end", "milestone"]


@dataclass(frozen=True)
class Deadline:
    kind: DeadlineKind
    moment: datetime.datetime | datetime.date  # the phase's start/end, the milestone's day
    phase: Phase | None = None
    milestone: Milestone | None = None

    @property
    def day(self) -> datetime.date:
        """The calendar day it falls on (a phase ending at midnight: the day before)."""
        if isinstance(self.moment, datetime.datetime):
            local = timezone.localtime(self.moment)
            if self.kind == "phase_end" and local.time() == datetime.time(0, 0):
                return local.date() - datetime.timedelta(days=1)
            return local.date()
        return self.moment

    @property
    def budget(self) -> Budget | None:
        return _budget_of(self.phase.project) if self.phase is not None else None


def _public_phases():
    return Phase.objects.filter(project__status=Project.Status.PUBLISHED).select_related(
        "project", "project__budget"
    )


def upcoming_deadlines(
    *,
    now: datetime.datetime | None = None,
    days: int = DEADLINE_DAYS,
    limit: int = DEADLINE_LIMIT,
) -> list[Deadline]:
    """The next ``limit`` dates within ``days``, sorted by date: phases of published
    projects that start (every phase: a Bürgerbudget's stages too) or end (those in which
    people could act: the last day to take part), and milestones of public measures still
    open and due. Three queries."""
    now = now or timezone.now()
    horizon = now + datetime.timedelta(days=days)
    today = timezone.localtime(now).date()
    acting = Q(allows_ideas=True) | Q(allows_comments=True) | Q(allows_votes=True)
    starts = _public_phases().filter(start__gt=now, start__lte=horizon).order_by("start", "pk")
    ends = _public_phases().filter(acting, end__gt=now, end__lte=horizon).order_by("end", "pk")
    milestones = (
        Milestone.objects.filter(
            measure__is_public=True,
            completed_on__isnull=True,
            due_on__gte=today,
            due_on__lte=timezone.localtime(horizon).date(),
        )
        .exclude(measure__status__in=CLOSED_STATUSES)
        .select_related("measure")
        .order_by("due_on", "pk")
    )
    found = [
        *(Deadline("phase_start", phase.start, phase=phase) for phase in starts[:limit]),
        *(Deadline("phase_end", phase.end, phase=phase) for phase in ends[:limit]),
        *(
            Deadline("milestone", milestone.due_on, milestone=milestone)
            for milestone in milestones[:limit]
        ),
    ]
    order = {"phase_end": 0, "milestone": 1, "phase_start": 2}
    found.sort(key=lambda item: (item.day, order[item.kind]))
    return found[:limit]


# --- progress updates --------------------------------------------------------------------------


def latest_progress_updates(*, limit: int = LATEST_UPDATES) -> list[ProgressUpdate]:
    """The newest progress updates (Sachstände) of public measures, as the measures'
    timelines order them (by date, then publication). One query."""
    return list(
        ProgressUpdate.objects.filter(measure__is_public=True)
        .select_related("measure")
        .only(
            "date",
            "status",
            "progress",
            "text",
            "published_at",
            "measure__code",
            "measure__slug",
            "measure__title",
            *language_columns("measure__title"),
        )
        .order_by("-date", "-published_at", "-pk")[:limit]
    )


# --- the strategy's progress -------------------------------------------------------------------


@dataclass(frozen=True)
class CoreAreaProgress:
    core_area: CoreArea
    progress: float | None


@dataclass(frozen=True)
class StrategySummary:
    overall: float | None
    core_areas: list[CoreAreaProgress]


def strategy_summary() -> StrategySummary:
    """The overall progress and each core area's, the very numbers of the strategy
    overview (``measures.rollup.strategy_progress``, cached there). One query for the
    core areas, plus the roll-up's three when its cache is cold."""
    progress = rollup.strategy_progress()
    return StrategySummary(
        overall=progress.overall,
        core_areas=[
            CoreAreaProgress(core_area=area, progress=progress.core_areas.get(area.pk))
            for area in core_areas_for_overview()
        ],
    )


# --- the map teaser ----------------------------------------------------------------------------


@dataclass(frozen=True)
class MapTeaser:
    viewbox: str
    shapes: list[dict]  # slug, name, d, open
    open_districts: list[str]  # names, in order
    whole_city: bool  # an open project covers all of Jena (no districts named)


def map_teaser(open_items: list[OpenParticipation]) -> MapTeaser:
    """Jena's Ortsteile, those of the open projects marked (one query: the boundaries).
    A project without districts and without an area takes part in all of Jena."""
    drawing = district_shapes()
    open_slugs = {district.slug for item in open_items for district in item.districts}
    whole_city = any(not item.districts and not item.project.area for item in open_items)
    shapes = [{**shape, "open": shape["slug"] in open_slugs} for shape in drawing["shapes"]]
    return MapTeaser(
        viewbox=drawing["viewbox"],
        shapes=shapes,
        open_districts=[shape["name"] for shape in shapes if shape["open"]],
        whole_city=whole_city,
    )
