"""The home page's selectors (start/selectors.py): what is open now, the next deadlines
in date order, the newest progress updates, the strategy's progress and the map — only
public things, never drafts or hidden measures."""

import datetime

import pytest
from django.utils import timezone

from measures import rollup
from measures.models import Status
from projects.models import Phase, Project
from start import selectors
from tests.factories import (
    BudgetFactory,
    CoreAreaFactory,
    MeasureBundleFactory,
    MeasureFactory,
    MilestoneFactory,
    PhaseFactory,
    ProgressUpdateFactory,
    ProjectFactory,
    VotingPhaseFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def now():
    return timezone.now()


# --- open participation ------------------------------------------------------------------------


def test_a_running_ideas_phase_is_open_with_its_actions_and_end(now):
    phase = PhaseFactory(project__title="Laternen", end=now + 10 * DAY)

    [item] = selectors.open_participation(now=now)

    assert item.project == phase.project
    assert item.budget is None
    assert [action.action for action in item.actions] == ["ideas", "comments"]
    assert {action.until for action in item.actions} == {phase.end}
    assert item.current_phase == phase


def test_drafts_information_phases_and_future_or_past_phases_are_not_open(now):
    PhaseFactory(project__status=Project.Status.DRAFT)
    PhaseFactory(type=Phase.Type.INFORMATION, allows_ideas=False, allows_comments=False)
    PhaseFactory(start=now + 2 * DAY, end=now + 20 * DAY)
    PhaseFactory(start=now - 20 * DAY, end=now - DAY)

    assert selectors.open_participation(now=now) == []


def test_a_budget_in_submission_takes_proposals_not_ideas(now):
    budget = BudgetFactory(project__title="Bürgerbudget", stage="submission")

    [item] = selectors.open_participation(now=now)

    assert item.budget == budget
    assert [action.action for action in item.actions] == ["proposals", "comments", "votes"]


def test_a_budget_in_voting_is_open_for_votes(now):
    BudgetFactory(stage="voting")

    [item] = selectors.open_participation(now=now)

    assert [action.action for action in item.actions] == ["votes"]
    assert item.actions[0].phase.type == Phase.Type.VOTING


def test_the_soonest_ending_comes_first(now):
    later = PhaseFactory(project__title="A später", end=now + 20 * DAY)
    sooner = VotingPhaseFactory(project__title="B früher", end=now + 3 * DAY)

    items = selectors.open_participation(now=now)

    assert [item.project for item in items] == [sooner.project, later.project]


# --- deadlines ---------------------------------------------------------------------------------


def test_deadlines_are_phase_ends_starts_and_milestones_in_date_order(now):
    today = timezone.localtime(now).date()
    project = ProjectFactory(title="Laternen")
    ideas = PhaseFactory(project=project, start=now - DAY, end=now + 10 * DAY)
    voting = VotingPhaseFactory(project=project, start=now + 10 * DAY, end=now + 30 * DAY)
    milestone = MilestoneFactory(due_on=today + 5 * DAY)

    deadlines = selectors.upcoming_deadlines(now=now)

    assert [(d.kind, d.phase or d.milestone) for d in deadlines] == [
        ("milestone", milestone),
        ("phase_end", ideas),
        ("phase_start", voting),
        ("phase_end", voting),
    ]
    assert [d.day for d in deadlines] == sorted(d.day for d in deadlines)


def test_deadlines_leave_out_what_is_not_public_done_or_too_far(now):
    today = timezone.localtime(now).date()
    PhaseFactory(project__status=Project.Status.DRAFT, end=now + 3 * DAY)
    PhaseFactory(end=now + 100 * DAY)  # beyond the weeks shown
    PhaseFactory(
        type=Phase.Type.EVALUATION,
        allows_ideas=False,
        allows_comments=False,
        start=now - DAY,
        end=now + 5 * DAY,
    )  # its end is no deadline for anyone
    MilestoneFactory(due_on=today + 3 * DAY, measure__is_public=False)
    MilestoneFactory(due_on=today + 3 * DAY, completed_on=today)
    MilestoneFactory(due_on=today + 3 * DAY, measure__status=Status.COMPLETED)
    MilestoneFactory(due_on=today - 3 * DAY)  # overdue: not upcoming

    assert selectors.upcoming_deadlines(now=now) == []


def test_a_budget_phase_start_names_the_budget(now):
    budget = BudgetFactory(stage="submission")

    deadlines = selectors.upcoming_deadlines(now=now, days=35)

    starts = [d for d in deadlines if d.kind == "phase_start"]
    assert [d.phase.type for d in starts] == [Phase.Type.REVIEW]
    assert starts[0].budget == budget


def test_deadlines_are_limited(now):
    today = timezone.localtime(now).date()
    for offset in range(1, 12):
        MilestoneFactory(due_on=today + offset * DAY)

    deadlines = selectors.upcoming_deadlines(now=now, limit=4)

    assert [d.moment for d in deadlines] == [today + offset * DAY for offset in range(1, 5)]


# --- progress updates --------------------------------------------------------------------------


def test_the_latest_progress_updates_of_public_measures_newest_first():
    hidden = MeasureFactory(is_public=False)
    ProgressUpdateFactory(measure=hidden, date=datetime.date(2026, 5, 1), text="Geheim")
    older = ProgressUpdateFactory(date=datetime.date(2026, 1, 1))
    newer = ProgressUpdateFactory(date=datetime.date(2026, 3, 1))
    for day in range(1, 6):
        ProgressUpdateFactory(date=datetime.date(2025, 1, day))

    updates = selectors.latest_progress_updates()

    assert len(updates) == selectors.LATEST_UPDATES
    assert updates[:2] == [newer, older]
    assert all(update.measure.is_public for update in updates)


# --- the strategy's progress -------------------------------------------------------------------


def test_the_strategy_summary_is_the_overviews_roll_up():
    first, second = CoreAreaFactory(), CoreAreaFactory()
    MeasureFactory(progress=20, bundle=MeasureBundleFactory(core_areas=[first]))
    MeasureFactory(progress=80, bundle=MeasureBundleFactory(core_areas=[second]))
    MeasureFactory(progress=100, is_public=False)

    summary = selectors.strategy_summary()
    progress = rollup.strategy_progress()

    assert summary.overall == progress.overall == 50.0
    assert [(row.core_area, row.progress) for row in summary.core_areas] == [
        (first, 20.0),
        (second, 80.0),
    ]


# --- the map -----------------------------------------------------------------------------------


def test_the_map_marks_the_districts_of_open_projects(now, jena_districts):
    lobeda, zentrum = jena_districts
    project = PhaseFactory().project
    project.districts.set([lobeda])
    PhaseFactory(project__status=Project.Status.DRAFT).project.districts.set([zentrum])

    teaser = selectors.map_teaser(selectors.open_participation(now=now))

    assert teaser.open_districts == [lobeda.name]
    assert {shape["slug"]: shape["open"] for shape in teaser.shapes} == {
        lobeda.slug: True,
        zentrum.slug: False,
    }
    assert teaser.whole_city is False
    assert all(shape["d"].startswith("M") for shape in teaser.shapes)
