"""The phase rules (``projects.phases``) as a table: before, during and after each phase,
what residents may do in a published project; a draft allows nothing."""

import datetime

import pytest

from projects import phases
from projects.models import Phase, Project
from tests.factories import PhaseFactory, ProjectFactory
from tests.projects.factories_projects import at, planned_project

pytestmark = pytest.mark.django_db

# (moment, current phase type, ideas?, comments?, votes?)
RULES = [
    (at(2027, 1, 15), None, False, False, False),  # before the first phase
    (at(2027, 2, 1), "information", False, False, False),  # first moment of information
    (at(2027, 2, 28, 23, 59), "information", False, False, False),
    (at(2027, 3, 1), "ideas", True, True, False),  # the ideas phase starts (inclusive)
    (at(2027, 3, 31, 23, 59), "ideas", True, True, False),
    (at(2027, 4, 1), "voting", False, True, True),  # the ideas phase ended (exclusive)
    (at(2027, 4, 15, 12), "voting", False, True, True),
    (at(2027, 4, 16), "evaluation", False, False, False),
    (at(2027, 6, 1), None, False, False, False),  # after the last phase
    (at(2028, 1, 1), None, False, False, False),
]


@pytest.mark.parametrize(("now", "current", "ideas", "comments", "votes"), RULES)
def test_what_a_published_project_allows_before_during_and_after_its_phases(
    now, current, ideas, comments, votes
):
    project = planned_project()

    running = phases.current_phase(project, now=now)

    assert (running.type if running else None) == current
    assert (phases.phase_allowing(project, "ideas", now=now) is not None) is ideas
    assert (phases.phase_allowing(project, "comments", now=now) is not None) is comments
    assert (phases.phase_allowing(project, "votes", now=now) is not None) is votes


@pytest.mark.parametrize(("now", "current", "ideas", "comments", "votes"), RULES)
def test_a_draft_project_allows_nothing_whatever_its_phases(now, current, ideas, comments, votes):
    project = planned_project(status=Project.Status.DRAFT)

    for action in ("ideas", "comments", "votes"):
        assert phases.phase_allowing(project, action, now=now) is None


def test_the_phase_allowing_an_action_is_the_running_one():
    project = planned_project()

    phase = phases.phase_allowing(project, "votes", now=at(2027, 4, 2))

    assert phase.type == Phase.Type.VOTING
    assert phase.votes_per_person == 3


@pytest.mark.parametrize(
    ("now", "action", "expected_start"),
    [
        (at(2027, 1, 1), "ideas", at(2027, 3, 1)),
        (at(2027, 3, 10), "votes", at(2027, 4, 1)),
        (at(2027, 3, 10), "ideas", None),  # running now: no *next* ideas phase
        (at(2027, 4, 20), "comments", None),
    ],
)
def test_next_phase_allowing_names_the_next_opening(now, action, expected_start):
    project = planned_project()

    following = phases.next_phase_allowing(project, action, now=now)

    assert (following.start if following else None) == expected_start


def test_phases_in_order_uses_prefetched_phases_without_a_query(django_assert_num_queries):
    project = planned_project()
    loaded = Project.objects.prefetch_related("phases").get(pk=project.pk)

    with django_assert_num_queries(0):
        ordered = phases.phases_in_order(loaded)
        phases.current_phase(loaded, now=at(2027, 3, 5))

    assert [phase.type for phase in ordered] == [
        "information",
        "ideas",
        "voting",
        "evaluation",
    ]


def test_a_project_without_phases_has_no_current_phase():
    project = ProjectFactory()

    assert phases.current_phase(project) is None
    assert phases.phase_allowing(project, "ideas") is None
    assert phases.next_phase_allowing(project, "ideas") is None


def test_the_factory_phase_is_running_now():
    phase = PhaseFactory()

    assert phases.current_phase(phase.project) == phase
    assert phase.start < phase.end
    assert phase.end - phase.start > datetime.timedelta(days=1)
