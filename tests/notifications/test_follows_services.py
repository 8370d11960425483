"""follow_create / follow_delete / follow_automatic: idempotent, only visible targets,
only signed-in people with a verified e-mail address; and the selectors."""

import pytest
from django.contrib.auth.models import AnonymousUser

from core.exceptions import Invalid, NotAllowed
from participation.notifications.follows import (
    follow_automatic,
    follow_create,
    follow_delete,
    follow_target,
)
from participation.notifications.models import Follow
from participation.notifications.selectors import followed_ids, follows_of, is_following
from projects.models import Project
from tests.factories import IdeaFactory, MeasureFactory, ProjectFactory, UserFactory
from tests.notifications.factories_follows import follow_everything, one_target_of_each_kind

pytestmark = pytest.mark.django_db

KINDS = ("measure", "bundle", "core_area", "project", "idea", "district")


@pytest.mark.parametrize("kind", KINDS)
def test_a_resident_can_follow_each_kind_of_target(kind):
    user = UserFactory()
    target = one_target_of_each_kind()[kind]
    follow = follow_create(user=user, target=target)
    assert getattr(follow, kind) == target
    assert follow.is_automatic is False
    assert follow_target(follow) == target


def test_following_twice_keeps_one_row():
    user, measure = UserFactory(), MeasureFactory()
    first = follow_create(user=user, target=measure)
    second = follow_create(user=user, target=measure)
    assert first.pk == second.pk
    assert Follow.objects.filter(user=user).count() == 1


def test_two_people_following_the_same_measure_have_a_row_each():
    measure = MeasureFactory()
    follow_create(user=UserFactory(), target=measure)
    follow_create(user=UserFactory(), target=measure)
    assert Follow.objects.filter(measure=measure).count() == 2


def test_an_unverified_person_cannot_follow():
    with pytest.raises(NotAllowed, match="E-Mail-Adresse"):
        follow_create(user=UserFactory(verified=False), target=MeasureFactory())
    assert not Follow.objects.exists()


def test_an_anonymous_visitor_cannot_follow():
    with pytest.raises(NotAllowed):
        follow_create(user=AnonymousUser(), target=MeasureFactory())


@pytest.mark.parametrize(
    "make_target",
    [
        lambda: MeasureFactory(is_public=False),
        lambda: ProjectFactory(status=Project.Status.DRAFT),
        lambda: IdeaFactory(is_hidden=True),
        lambda: IdeaFactory(project=ProjectFactory(status=Project.Status.DRAFT)),
    ],
    ids=["non-public measure", "draft project", "hidden idea", "idea in a draft project"],
)
def test_what_is_not_public_cannot_be_followed(make_target):
    with pytest.raises(Invalid) as caught:
        follow_create(user=UserFactory(), target=make_target())
    assert caught.value.code == "not_visible"
    assert not Follow.objects.exists()


def test_the_author_can_follow_their_own_hidden_idea():
    idea = IdeaFactory(is_hidden=True)
    assert follow_create(user=idea.author, target=idea).idea == idea


def test_following_something_that_cannot_be_followed_is_a_programming_error():
    with pytest.raises(ValueError):
        follow_create(user=UserFactory(), target=UserFactory())


def test_unfollowing_removes_the_row_and_is_idempotent():
    user, measure = UserFactory(), MeasureFactory()
    follow_create(user=user, target=measure)
    assert follow_delete(user=user, target=measure) is True
    assert follow_delete(user=user, target=measure) is False
    assert not Follow.objects.exists()


def test_unfollowing_leaves_other_peoples_follows_alone():
    measure = MeasureFactory()
    mine, theirs = UserFactory(), UserFactory()
    follow_create(user=mine, target=measure)
    follow_create(user=theirs, target=measure)
    follow_delete(user=mine, target=measure)
    assert list(Follow.objects.values_list("user", flat=True)) == [theirs.pk]


def test_an_unverified_person_can_still_unfollow():
    user, measure = UserFactory(verified=False), MeasureFactory()
    Follow.objects.create(user=user, measure=measure)
    assert follow_delete(user=user, target=measure) is True


def test_taking_part_follows_automatically_and_only_once():
    user, idea = UserFactory(), IdeaFactory()
    first = follow_automatic(user=user, target=idea)
    second = follow_automatic(user=user, target=idea)
    assert first.pk == second.pk and first.is_automatic is True
    assert Follow.objects.count() == 1


def test_taking_part_keeps_a_chosen_follow_as_it_is():
    user, idea = UserFactory(), IdeaFactory()
    follow_create(user=user, target=idea)
    assert follow_automatic(user=user, target=idea).is_automatic is False


def test_choosing_to_follow_turns_an_automatic_follow_into_a_chosen_one():
    user, idea = UserFactory(), IdeaFactory()
    follow_automatic(user=user, target=idea)
    assert follow_create(user=user, target=idea).is_automatic is False
    assert Follow.objects.get().is_automatic is False


def test_taking_part_again_after_unfollowing_follows_again():
    """Documented simplification: removed follows are not remembered."""
    user, idea = UserFactory(), IdeaFactory()
    follow_automatic(user=user, target=idea)
    follow_delete(user=user, target=idea)
    follow_automatic(user=user, target=idea)
    assert Follow.objects.filter(user=user, idea=idea, is_automatic=True).exists()


def test_automatic_follow_does_nothing_for_anonymous():
    assert follow_automatic(user=AnonymousUser(), target=IdeaFactory()) is None
    assert not Follow.objects.exists()


def test_follows_of_groups_by_kind_in_a_fixed_order_with_one_query(django_assert_num_queries):
    user = UserFactory()
    follow_everything(user, 2)
    follow_everything(UserFactory(), 1)  # someone else's
    with django_assert_num_queries(1):
        groups = follows_of(user)
        titles = [follow_target(f).pk for g in groups for f in g.follows]
        urls = [f.idea.get_absolute_url() for g in groups for f in g.follows if f.idea_id]
    assert [g.kind for g in groups] == list(KINDS)
    assert all(len(g.follows) == 2 for g in groups)
    assert len(titles) == 12 and len(urls) == 2


def test_follows_of_leaves_out_empty_kinds():
    user = UserFactory()
    follow_create(user=user, target=MeasureFactory())
    assert [g.kind for g in follows_of(user)] == ["measure"]


def test_is_following_answers_many_targets_from_one_query(django_assert_num_queries):
    user = UserFactory()
    followed, other = MeasureFactory(), MeasureFactory()
    idea = IdeaFactory()
    follow_create(user=user, target=followed)
    follow_create(user=user, target=idea)
    with django_assert_num_queries(1):
        ids = followed_ids(user)
        answers = [is_following(user, t, ids=ids) for t in (followed, other, idea)]
    assert answers == [True, False, True]


def test_anonymous_follows_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert follows_of(AnonymousUser()) == []
        assert not any(followed_ids(AnonymousUser()).values())
