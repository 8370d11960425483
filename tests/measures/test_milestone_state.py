"""Where a milestone stands, and when a measure is delayed, as one table of cases.

The rule is stated twice, once in Python (``Milestone.state`` / ``milestone_state``, used by
the page, the API and the status report) and once in SQL (``MilestoneQuerySet.with_state``
and ``MeasureQuerySet.with_flags``, used by lists, filters and the open data). These tests
run both on every case and hold them to the same expected answer.
"""

import datetime

import pytest

from measures import selectors
from measures.models import (
    CLOSED_STATUSES,
    Measure,
    Milestone,
    MilestoneState,
    Status,
    milestone_state,
)
from tests.factories import MeasureFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)
DAY = datetime.timedelta(days=1)
PAST = TODAY - 14 * DAY
FUTURE = TODAY + 16 * DAY

REACHED = MilestoneState.REACHED
LATE = MilestoneState.REACHED_LATE
OPEN = MilestoneState.OPEN
OVERDUE = MilestoneState.OVERDUE
MISSED = MilestoneState.MISSED

# name, due on, completed on -> state while the measure is open, state once it is closed.
# A completion dated after TODAY has not happened yet on TODAY (as in a report as of a
# past date); a closed measure's milestone that was not reached is missed, whenever due.
CASES = [
    ("due-past/not-completed", PAST, None, OVERDUE, MISSED),
    ("due-past/completed-before-due", PAST, PAST - 5 * DAY, REACHED, REACHED),
    ("due-past/completed-on-due", PAST, PAST, REACHED, REACHED),
    ("due-past/completed-after-due", PAST, PAST + 5 * DAY, LATE, LATE),
    ("due-past/completed-today", PAST, TODAY, LATE, LATE),
    ("due-past/completion-dated-after-today", PAST, TODAY + DAY, OVERDUE, MISSED),
    ("due-today/not-completed", TODAY, None, OPEN, MISSED),
    ("due-today/completed-before-due", TODAY, TODAY - 5 * DAY, REACHED, REACHED),
    ("due-today/completed-on-due", TODAY, TODAY, REACHED, REACHED),
    ("due-today/completion-dated-after-today", TODAY, TODAY + DAY, OPEN, MISSED),
    ("due-future/not-completed", FUTURE, None, OPEN, MISSED),
    ("due-future/completed-before-due", FUTURE, TODAY - DAY, REACHED, REACHED),
    ("due-future/completion-dated-before-due", FUTURE, FUTURE - DAY, OPEN, MISSED),
    ("due-future/completion-dated-on-due", FUTURE, FUTURE, OPEN, MISSED),
    ("due-future/completion-dated-after-due", FUTURE, FUTURE + DAY, OPEN, MISSED),
]

PLANNED_END = {"none": None, "past": TODAY - DAY, "today": TODAY, "future": FUTURE}


def expected_state(status: str, case) -> MilestoneState:
    _name, _due_on, _completed_on, if_open, if_closed = case
    return if_closed if status in CLOSED_STATUSES else if_open


@pytest.mark.parametrize("status", Status.values)
def test_python_and_sql_give_every_milestone_the_same_state(status, django_assert_num_queries):
    measure = MeasureFactory(status=status)
    Milestone.objects.bulk_create(
        Milestone(measure=measure, title=name, due_on=due_on, completed_on=completed_on)
        for name, due_on, completed_on, _open, _closed in CASES
    )
    other = MeasureFactory(status=Status.IN_PROGRESS if status in CLOSED_STATUSES else "completed")
    Milestone.objects.create(measure=other, title="elsewhere", due_on=PAST)  # must not leak

    with django_assert_num_queries(1):
        in_sql = dict(
            Milestone.objects.filter(measure=measure)
            .with_state(TODAY)
            .values_list("title", "state")
        )
    loaded = Measure.objects.prefetch_related("milestones").get(pk=measure.pk)
    with django_assert_num_queries(0):  # the prefetch brings each milestone's measure along
        in_python = {m.title: m.state(TODAY) for m in loaded.milestones.all()}

    expected = {case[0]: expected_state(status, case) for case in CASES}
    assert in_python == expected
    assert in_sql == expected
    assert {
        name: milestone_state(
            due_on=due_on,
            completed_on=completed_on,
            measure_closed=status in CLOSED_STATUSES,
            today=TODAY,
        )
        for name, due_on, completed_on, _open, _closed in CASES
    } == expected
    overdue_in_sql = Milestone.objects.filter(measure=measure).overdue(TODAY)
    assert sorted(m.title for m in overdue_in_sql) == sorted(
        name for name, state in expected.items() if state == OVERDUE
    )


@pytest.mark.parametrize("status", Status.values)
def test_python_and_sql_agree_which_measures_are_delayed(status):
    """One measure per milestone case and planned end: delayed exactly when the milestone
    is overdue or the open measure's planned end has passed, in Python as in SQL."""
    expected: dict[int, bool] = {}
    for index, case in enumerate(CASES):
        name, due_on, completed_on, _open, _closed = case
        for end_name, planned_end in PLANNED_END.items():
            measure = MeasureFactory(
                status=status,
                planned_start=datetime.date(2020, 1, 1),
                planned_end=planned_end,
                code=f"7.{index}.{end_name}",
            )
            Milestone.objects.create(
                measure=measure, title=name, due_on=due_on, completed_on=completed_on
            )
            expected[measure.pk] = expected_state(status, case) == OVERDUE or (
                status not in CLOSED_STATUSES and end_name == "past"
            )

    in_sql = dict(
        Measure.objects.filter(pk__in=expected).with_flags(TODAY).values_list("pk", "is_delayed")
    )
    in_python = {}
    for measure in Measure.objects.filter(pk__in=expected).prefetch_related("milestones"):
        reasons = selectors.measure_flag_reasons(measure=measure, today=TODAY)
        in_python[measure.pk] = bool(reasons.overdue_milestones) or reasons.planned_end_passed

    assert in_sql == expected
    assert in_python == expected
