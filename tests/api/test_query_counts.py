"""Every list endpoint of /api/v1/ (and the details that hold lists: a measure's timeline,
a project's phases) runs the same number of queries for a few rows and for many."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from guardian.shortcuts import assign_perm

from measures.models import Status
from participation.ideas.services.comments import comment_create
from participation.notifications.models import Follow
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
    ProjectFactory,
    ReportFactory,
    UserFactory,
    VoteFactory,
    VotingPhaseFactory,
)
from tests.ideas.factories_ideas import ideas_project

pytestmark = pytest.mark.django_db

SMALL, LARGE = 2, 12


class World:
    """What the lists need: a project with ideas and voting, a person (token) who
    moderates it, and ``grow(n)`` per list to add n rows."""

    def __init__(self):
        self.user = UserFactory()
        self.project = ideas_project()
        self.voting = VotingPhaseFactory(project=self.project, votes_per_person=None)
        assign_perm("projects.moderate_project", self.user, self.project)
        self.bundle = MeasureBundleFactory(core_areas=[CoreAreaFactory()])
        self.measure = MeasureFactory(bundle=self.bundle)

    def grow(self, kind: str, n: int) -> None:
        for _ in range(n):
            GROW[kind](self)


def _idea(w):
    return IdeaFactory(project=w.project)


def _notification(w):
    own = IdeaFactory(project=w.project, author=w.user)
    comment_create(author=UserFactory(), text="Schön.", idea=own)


def _milestone_and_update(w):
    MilestoneFactory(measure=w.measure, completed_on=datetime.date(2024, 1, 1))
    ProgressUpdateFactory(measure=w.measure, status=Status.IN_PROGRESS)
    IndicatorValueFactory(indicator=IndicatorFactory(measure=w.measure))


def _project(w):
    project = ProjectFactory()
    PhaseFactory(project=project)
    project.measures.add(w.measure)


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
    "votes": lambda w: VoteFactory(user=w.user, idea=_idea(w), phase=w.voting),
    "follows": lambda w: Follow.objects.create(user=w.user, idea=_idea(w)),
    "notifications": _notification,
    "reports": lambda w: ReportFactory(comment=CommentFactory(idea=_idea(w))),
}


def path_of(kind: str, w: World) -> str:
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
    world = World()
    grow = "ideas" if kind == "ideas-geojson" else kind
    client = api(world.user)
    path = path_of(kind, world)
    world.grow(grow, SMALL)
    client.get(path)  # warm the caches (content types, the strategy's roll-up) each time

    with CaptureQueriesContext(connection) as few:
        small = client.get(path)
    queries = len(few.captured_queries)  # now: each request starts a fresh query log
    world.grow(grow, LARGE - SMALL)
    client.get(path)
    with django_assert_num_queries(queries):
        large = client.get(path)

    assert small.status_code == large.status_code == 200
    assert small.content != large.content
