"""Every list endpoint of /api/v1/ (and the details that hold lists: a measure's timeline,
a project's phases) runs the same number of queries for a few rows and for many."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from measures.models import Status
from participation.ideas.services.comments import comment_create
from participation.notifications.models import Follow
from tests import scenarios
from tests.factories import (
    CommentFactory,
    CoreAreaFactory,
    FieldOfActionFactory,
    IdeaFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    MeasureBundleFactory,
    MeasureFactory,
    MilestoneFactory,
    PhaseFactory,
    ProgressUpdateFactory,
    ReportFactory,
    UserFactory,
    VoteFactory,
)

pytestmark = pytest.mark.django_db

SMALL, LARGE = 2, 12


def add_rows(world: scenarios.ModeratedProjectAndMeasure, kind: str, n: int) -> None:
    """``n`` more rows of the list ``kind``."""
    for _ in range(n):
        GROW[kind](world)


def _idea(w):
    return IdeaFactory(project=w.project)


def _notification(w):
    own = IdeaFactory(project=w.project, author=w.moderator)
    comment_create(author=UserFactory(), text="Schön.", idea=own)


def _milestone_and_update(w):
    MilestoneFactory(measure=w.measure, completed_on=datetime.date(2024, 1, 1))
    ProgressUpdateFactory(measure=w.measure, status=Status.IN_PROGRESS)
    IndicatorValueFactory(indicator=IndicatorFactory(measure=w.measure))


def _project(w):
    scenarios.project_in_ideas_phase().measures.add(w.measure)


def _phase(w):
    PhaseFactory(project=w.project, allows_ideas=False)


GROW = {
    "core-areas": lambda w: w.bundle.core_areas.add(CoreAreaFactory()),
    "fields": lambda w: MeasureBundleFactory(field_of_action=FieldOfActionFactory()),
    "bundles": lambda w: MeasureFactory(
        bundle=MeasureBundleFactory(core_areas=[CoreAreaFactory()])
    ),
    "measures": lambda w: MeasureFactory(bundle=w.bundle),
    "measure-detail": _milestone_and_update,
    "projects": _project,
    "project-detail": _phase,
    "ideas": _idea,
    "comments": lambda w: CommentFactory(idea=_idea(w)),
    "votes": lambda w: VoteFactory(user=w.moderator, idea=_idea(w), phase=w.voting),
    "follows": lambda w: Follow.objects.create(user=w.moderator, idea=_idea(w)),
    "notifications": _notification,
    "reports": lambda w: ReportFactory(comment=CommentFactory(idea=_idea(w))),
}


def path_of(kind: str, w: scenarios.ModeratedProjectAndMeasure) -> str:
    return {
        "measure-detail": f"/api/v1/measures/{w.measure.slug}/",
        "project-detail": f"/api/v1/projects/{w.project.slug}/",
        "ideas": f"/api/v1/ideas/?project={w.project.slug}",
        "ideas-geojson": f"/api/v1/ideas/?project={w.project.slug}&format=geojson",
        "reports": f"/api/v1/flags/?project={w.project.slug}",
    }.get(kind, f"/api/v1/{kind}/")


KINDS = [*GROW, "ideas-geojson"]


@pytest.mark.parametrize("kind", KINDS)
def test_queries_do_not_grow_with_the_rows(api, kind, django_assert_num_queries):
    world = scenarios.moderated_project_and_a_measure()
    grow = "ideas" if kind == "ideas-geojson" else kind
    client = api(world.moderator)
    path = path_of(kind, world)
    add_rows(world, grow, SMALL)
    client.get(path)  # warm the caches (content types, the strategy's roll-up) each time

    with CaptureQueriesContext(connection) as few:
        small = client.get(path)
    queries = len(few.captured_queries)  # now: each request starts a fresh query log
    add_rows(world, grow, LARGE - SMALL)
    client.get(path)
    with django_assert_num_queries(queries):
        large = client.get(path)

    assert small.status_code == large.status_code == 200
    assert small.content != large.content
