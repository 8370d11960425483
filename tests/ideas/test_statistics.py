"""Participation statistics (participation/statistics.py): what counts, distinct people,
grouping by project, district and month, the date span, and constant query counts; and
the feedback on measures per measure bundle."""

import datetime

import pytest
from django.utils import timezone

from geo.models import District
from participation.ideas.statistics import (
    measure_feedback,
    participation_by_district,
    participation_by_project,
    participation_over_time,
    participation_totals,
)
from projects.models import Project
from tests.factories import (
    CITY_SQUARE,
    CommentFactory,
    IdeaFactory,
    MeasureBundleFactory,
    MeasureFactory,
    ProjectFactory,
    UserFactory,
    VoteFactory,
    VotingPhaseFactory,
)

pytestmark = pytest.mark.django_db


def district(name: str) -> District:
    return District.objects.create(
        name=name,
        slug=name.lower(),
        boundary={"type": "MultiPolygon", "coordinates": [CITY_SQUARE["coordinates"]]},
    )


def created_on(obj, day: datetime.date, hour: int = 12) -> None:
    """Back-date ``obj`` (auto_now_add cannot be set on create)."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    type(obj).objects.filter(pk=obj.pk).update(created_at=moment)


def vote(*, idea, user=None):
    """A vote with a phase of the idea's own project (the factory's default phase brings
    a project of its own, which would show up in the per-project rows)."""
    phase = VotingPhaseFactory(project=idea.project)
    return VoteFactory(idea=idea, phase=phase, **({"user": user} if user else {}))


def by_slug(rows) -> dict:
    return {row.slug: row for row in rows}


@pytest.fixture
def scene():
    """Two published projects, a draft, two districts, and three residents taking part
    in several ways — plus content that must not count."""
    anna, ben, cara = UserFactory(), UserFactory(), UserFactory()
    lobeda, zentrum = district("Lobeda"), district("Zentrum")
    licht = ProjectFactory(slug="licht", title="Licht")
    wege = ProjectFactory(slug="wege", title="Wege")
    draft = ProjectFactory(slug="entwurf", title="Entwurf", status=Project.Status.DRAFT)

    idea_a = IdeaFactory(project=licht, author=anna, district=lobeda)
    idea_b = IdeaFactory(project=licht, author=ben, district=zentrum)
    IdeaFactory(project=wege, author=anna, district=None)
    # anna comments and votes on ben's idea; ben replies; cara only votes.
    first = CommentFactory(idea=idea_b, author=anna)
    CommentFactory(idea=idea_b, author=ben, parent=first)
    vote(idea=idea_b, user=anna)
    vote(idea=idea_a, user=cara)
    # a comment directly on the project "wege" (no district)
    CommentFactory(idea=None, project=wege, author=cara)

    # --- none of this counts ---
    hidden_idea = IdeaFactory(project=licht, author=UserFactory(), district=lobeda, is_hidden=True)
    CommentFactory(idea=hidden_idea, author=UserFactory())
    vote(idea=hidden_idea, user=UserFactory())
    CommentFactory(idea=idea_a, author=UserFactory(), is_hidden=True)
    CommentFactory(idea=idea_a, author=UserFactory(), is_deleted=True)
    draft_idea = IdeaFactory(project=draft, author=UserFactory(), district=lobeda)
    CommentFactory(idea=draft_idea, author=UserFactory())
    vote(idea=draft_idea, user=UserFactory())
    CommentFactory(idea=None, project=draft, author=UserFactory())
    CommentFactory(idea=None, measure=MeasureFactory(), author=UserFactory())

    return {"licht": licht, "wege": wege, "draft": draft, "idea_a": idea_a}


def test_totals_count_only_visible_content_of_published_projects(scene):
    totals = participation_totals()

    assert (totals.ideas, totals.comments, totals.votes) == (3, 3, 2)
    assert totals.participants == 3  # anna, ben, cara — each once
    assert totals.projects == 2
    assert totals.contributions == 8


def test_per_project_counts_project_comments_and_lists_projects_without_activity(scene):
    ProjectFactory(slug="leer", title="Leer")

    rows = by_slug(participation_by_project())

    assert list(rows) == ["leer", "licht", "wege"]  # by title; the draft is not listed
    licht, wege = rows["licht"], rows["wege"]
    assert (licht.ideas, licht.comments, licht.votes, licht.participants) == (2, 2, 2, 3)
    assert (wege.ideas, wege.comments, wege.votes, wege.participants) == (1, 1, 0, 2)
    assert rows["leer"].contributions == 0 and rows["leer"].participants == 0
    assert licht.project_id == scene["licht"].pk and licht.title == "Licht"


def test_per_district_counts_comments_and_votes_in_the_district_of_their_idea(scene):
    rows = by_slug(participation_by_district())

    lobeda, zentrum, without = rows["lobeda"], rows["zentrum"], rows[""]
    assert (lobeda.ideas, lobeda.comments, lobeda.votes, lobeda.participants) == (1, 0, 1, 2)
    assert (zentrum.ideas, zentrum.comments, zentrum.votes, zentrum.participants) == (1, 2, 1, 2)
    # idea_c (no district) and the comment directly on "wege"
    assert without.district_id is None and without.name == "ohne Ortsteil"
    assert (without.ideas, without.comments, without.votes, without.participants) == (1, 1, 0, 2)


def test_district_rows_add_up_to_the_totals(scene):
    totals = participation_totals()
    for rows in (participation_by_district(), participation_by_project()):
        assert sum(row.ideas for row in rows) == totals.ideas
        assert sum(row.comments for row in rows) == totals.comments
        assert sum(row.votes for row in rows) == totals.votes


def test_no_row_without_district_when_everything_lies_in_one():
    district("Lobeda")
    IdeaFactory(project=ProjectFactory(), district=District.objects.get())

    assert [row.slug for row in participation_by_district()] == ["lobeda"]


def test_a_person_who_proposes_comments_and_votes_is_one_participant():
    person = UserFactory()
    idea = IdeaFactory(author=person)
    CommentFactory(idea=idea, author=person)
    CommentFactory(idea=idea, author=person)
    vote(idea=idea, user=person)

    totals = participation_totals()

    assert (totals.ideas, totals.comments, totals.votes) == (1, 2, 1)
    assert totals.participants == 1


def test_content_of_deleted_accounts_counts_but_adds_no_participant():
    IdeaFactory(author=None)
    CommentFactory(author=None)

    totals = participation_totals()

    assert (totals.ideas, totals.comments, totals.participants) == (2, 1, 1)


def test_hiding_an_idea_removes_its_comments_and_votes_too(scene):
    before = participation_totals()
    type(scene["idea_a"]).objects.filter(pk=scene["idea_a"].pk).update(is_hidden=True)

    after = participation_totals()

    assert after.ideas == before.ideas - 1
    assert after.votes == before.votes - 1  # cara's vote on idea_a
    assert after.participants == before.participants  # cara still commented on "wege"


def test_over_time_groups_by_local_month_and_fills_empty_months():
    person = UserFactory()
    idea = IdeaFactory(author=person)
    created_on(idea, datetime.date(2025, 1, 31), hour=23)  # 23:00 local: still January
    comment = CommentFactory(idea=idea, author=UserFactory())
    created_on(comment, datetime.date(2025, 3, 1), hour=0)  # 00:00 local: March
    the_vote = vote(idea=idea, user=person)
    created_on(the_vote, datetime.date(2025, 3, 15))

    rows = participation_over_time(until=datetime.date(2025, 4, 30))

    assert [row.month for row in rows] == ["2025-01", "2025-02", "2025-03", "2025-04"]
    january, february, march, _april = rows
    assert (january.ideas, january.participants) == (1, 1)
    assert february.contributions == 0 and february.participants == 0
    assert (march.comments, march.votes, march.participants) == (1, 1, 2)


def test_over_time_runs_to_the_current_month_without_until():
    idea = IdeaFactory()
    created_on(idea, timezone.localdate() - datetime.timedelta(days=70))

    rows = participation_over_time()

    today = timezone.localdate()
    assert rows[-1].month == f"{today.year:04d}-{today.month:02d}"
    assert sum(row.ideas for row in rows) == 1
    assert len(rows) in (3, 4)


def test_over_time_is_empty_without_activity_and_zero_filled_with_a_span():
    assert participation_over_time() == []

    rows = participation_over_time(
        since=datetime.date(2024, 11, 5), until=datetime.date(2025, 1, 2)
    )

    assert [row.month for row in rows] == ["2024-11", "2024-12", "2025-01"]
    assert all(row.contributions == 0 for row in rows)


def test_since_and_until_are_inclusive_local_days():
    early, inside, last_day, late = (IdeaFactory() for _ in range(4))
    created_on(early, datetime.date(2025, 5, 31), hour=23)
    created_on(inside, datetime.date(2025, 6, 1), hour=0)
    created_on(last_day, datetime.date(2025, 6, 30), hour=23)
    created_on(late, datetime.date(2025, 7, 1), hour=0)

    span = {"since": datetime.date(2025, 6, 1), "until": datetime.date(2025, 6, 30)}
    totals = participation_totals(**span)

    assert totals.ideas == 2
    assert (totals.since, totals.until) == (span["since"], span["until"])
    assert sum(row.ideas for row in participation_by_project(**span)) == 2
    assert sum(row.ideas for row in participation_by_district(**span)) == 2
    assert [row.month for row in participation_over_time(**span)] == ["2025-06"]


def test_participants_in_a_span_are_the_people_active_in_it():
    person = UserFactory()
    old = IdeaFactory(author=person)
    created_on(old, datetime.date(2024, 1, 10))
    the_vote = vote(idea=old, user=UserFactory())
    created_on(the_vote, datetime.date(2025, 2, 1))

    totals = participation_totals(since=datetime.date(2025, 1, 1))

    assert (totals.ideas, totals.votes, totals.participants) == (0, 1, 1)


def _populate(size: int) -> None:
    zentrum = district(f"Zentrum{size}")
    for project in ProjectFactory.create_batch(size):
        for idea in IdeaFactory.create_batch(size, project=project, district=zentrum):
            CommentFactory(idea=idea)
            vote(idea=idea)
        CommentFactory(idea=None, project=project)


@pytest.mark.parametrize("size", [1, 6])
def test_a_constant_number_of_queries_whatever_the_number_of_rows(size, django_assert_num_queries):
    _populate(size)

    with django_assert_num_queries(2):
        rows = participation_by_project()
    assert sum(row.ideas for row in rows) == size * size
    with django_assert_num_queries(2):
        participation_by_district()
    with django_assert_num_queries(1):
        participation_over_time()
    with django_assert_num_queries(2):
        totals = participation_totals()
    assert totals.comments == size * size + size


# --- Feedback on measures -----------------------------------------------------------------


def measure_comment(measure, *, author=..., **kwargs):
    """A comment on ``measure`` (not on an idea); ``author=None``: a deleted account."""
    return CommentFactory(
        idea=None, measure=measure, **({} if author is ... else {"author": author}), **kwargs
    )


@pytest.fixture
def feedback_scene():
    """Three bundles (the middle one without comments), residents commenting on measures
    of two of them — plus comments that must not count."""
    first, empty, third = (MeasureBundleFactory(number=n, title=f"Bündel {n}") for n in (1, 2, 3))
    lights, parking = MeasureFactory(bundle=first), MeasureFactory(bundle=first)
    wifi = MeasureFactory(bundle=third)
    MeasureFactory(bundle=empty)
    anna, ben = UserFactory(), UserFactory()
    question = measure_comment(lights, author=anna)
    measure_comment(lights, author=ben, parent=question)  # a reply counts
    measure_comment(parking, author=anna)
    measure_comment(wifi, author=anna)  # anna again, in another bundle
    measure_comment(wifi, author=None)  # deleted account: a comment, no participant

    # --- none of this counts ---
    measure_comment(lights, author=UserFactory(), is_hidden=True)
    measure_comment(lights, author=UserFactory(), is_deleted=True)
    internal = MeasureFactory(bundle=third, is_public=False)
    measure_comment(internal, author=UserFactory())
    CommentFactory(author=UserFactory())  # on an idea: participation, not feedback
    return {"bundles": (first, empty, third), "anna": anna}


def test_feedback_counts_visible_comments_and_replies_on_public_measures(feedback_scene):
    feedback = measure_feedback()

    assert feedback.comments == 5
    assert feedback.participants == 2  # anna and ben; the deleted account adds nobody
    assert (feedback.since, feedback.until) == (None, None)


def test_feedback_has_every_bundle_in_number_order_with_zeros(feedback_scene):
    first, empty, third = feedback_scene["bundles"]
    MeasureBundleFactory(number=9, title="Bündel ohne Maßnahmen")

    rows = measure_feedback().by_bundle

    assert [(row.number, row.title) for row in rows] == [
        (1, "Bündel 1"),
        (2, "Bündel 2"),
        (3, "Bündel 3"),
        (9, "Bündel ohne Maßnahmen"),
    ]
    assert [row.bundle_id for row in rows[:3]] == [first.pk, empty.pk, third.pk]
    assert [(row.comments, row.participants) for row in rows] == [(3, 2), (0, 0), (2, 1), (0, 0)]


def test_a_person_commenting_in_several_bundles_is_one_participant_in_the_total(
    feedback_scene,
):
    feedback = measure_feedback()

    assert sum(row.participants for row in feedback.by_bundle) == 3  # anna twice
    assert feedback.participants == 2
    assert sum(row.comments for row in feedback.by_bundle) == feedback.comments


def test_feedback_is_not_counted_as_participation_and_vice_versa(feedback_scene):
    totals = participation_totals()

    assert (totals.comments, totals.participants) == (1, 2)  # the idea and its comment


def test_hiding_a_measure_from_the_public_removes_its_feedback(feedback_scene):
    first = feedback_scene["bundles"][0]
    first.measures.update(is_public=False)

    feedback = measure_feedback()

    assert (feedback.comments, feedback.participants) == (2, 1)  # only wifi's comments
    assert (feedback.by_bundle[0].comments, feedback.by_bundle[0].participants) == (0, 0)


def test_feedback_since_and_until_are_inclusive_local_days():
    measure = MeasureFactory()
    early, inside, last_day, late = (measure_comment(measure) for _ in range(4))
    created_on(early, datetime.date(2025, 5, 31), hour=23)  # 23:00 local, still May
    created_on(inside, datetime.date(2025, 6, 1), hour=0)
    created_on(last_day, datetime.date(2025, 6, 30), hour=23)
    created_on(late, datetime.date(2025, 7, 1), hour=0)

    span = {"since": datetime.date(2025, 6, 1), "until": datetime.date(2025, 6, 30)}
    feedback = measure_feedback(**span)

    assert (feedback.comments, feedback.participants) == (2, 2)
    assert (feedback.since, feedback.until) == (span["since"], span["until"])
    assert measure_feedback(since=datetime.date(2025, 7, 1)).comments == 1
    assert measure_feedback(until=datetime.date(2025, 5, 31)).comments == 1


def test_feedback_participants_in_a_span_are_the_people_active_in_it():
    person = UserFactory()
    measure = MeasureFactory()
    created_on(measure_comment(measure, author=person), datetime.date(2024, 3, 1))
    created_on(measure_comment(measure, author=UserFactory()), datetime.date(2025, 3, 1))

    feedback = measure_feedback(since=datetime.date(2025, 1, 1))

    assert (feedback.comments, feedback.participants) == (1, 1)


def test_feedback_without_any_comment_is_all_zero():
    MeasureBundleFactory()

    feedback = measure_feedback()

    assert (feedback.comments, feedback.participants) == (0, 0)
    assert [(row.comments, row.participants) for row in feedback.by_bundle] == [(0, 0)]


@pytest.mark.parametrize("size", [1, 6])
def test_feedback_runs_a_constant_number_of_queries(size, django_assert_max_num_queries):
    for bundle in MeasureBundleFactory.create_batch(size):
        for measure in MeasureFactory.create_batch(size, bundle=bundle):
            for parent in CommentFactory.create_batch(size, idea=None, measure=measure):
                CommentFactory(idea=None, measure=measure, parent=parent)

    with django_assert_max_num_queries(3):
        feedback = measure_feedback()

    assert feedback.comments == 2 * size**3
    assert feedback.participants == 2 * size**3
    assert len(feedback.by_bundle) == size
