"""Vote rules in the services: per phase and role, one vote per person and idea (the
database's unique constraint), the per-phase limit, withdrawing, exact counters."""

import pytest
from django.db import IntegrityError, connection, transaction

from core.exceptions import Closed, Conflict, Invalid, NotAllowed
from participation.ideas.models import Vote
from participation.ideas.selectors.votes import has_voted, voted_idea_ids, votes_left
from participation.ideas.services.votes import vote_cast, vote_withdraw
from projects.models import Project
from tests.factories import IdeaFactory, ProjectFactory, UserFactory, VoteFactory
from tests.ideas.factories_comments_votes import (
    ROLES,
    WHEN,
    comment_phase,
    person,
    voting_phase,
)

pytestmark = pytest.mark.django_db

SIGNED_IN_VERIFIED = {"resident", "author", "moderator", "other_moderator", "staff"}


def idea_in_voting(when: str = "during", **phase_kwargs):
    project = ProjectFactory()
    voting_phase(project, when, **phase_kwargs)
    return IdeaFactory(project=project)


def vote_count(idea) -> int:
    idea.refresh_from_db()
    return idea.vote_count


@pytest.mark.parametrize("when", WHEN)
@pytest.mark.parametrize("role", ROLES)
def test_supporting_follows_the_phase_and_the_role(when, role):
    idea = idea_in_voting(when)
    user = person(role, project=idea.project, author=idea.author)

    # One rule for the service and the vote button: a closed phase is the reason given
    # to everyone (signing in would not help then), then who may vote.
    if when != "during":
        with pytest.raises(Closed, match="Unterstützen ist in dieser Phase nicht möglich"):
            vote_cast(user=user, idea=idea)
    elif role in ("anonymous", "unverified"):
        with pytest.raises(NotAllowed):
            vote_cast(user=user, idea=idea)
    else:
        vote = vote_cast(user=user, idea=idea)
        assert vote.phase == idea.project.phases.get()
    assert vote_count(idea) == Vote.objects.filter(idea=idea).count()


def test_authors_may_support_their_own_idea():
    idea = idea_in_voting()
    vote_cast(user=idea.author, idea=idea)
    assert vote_count(idea) == 1


def test_an_ideas_phase_without_votes_refuses_support():
    project = ProjectFactory()
    comment_phase(project)  # ideas and comments, no votes
    with pytest.raises(Closed):
        vote_cast(user=UserFactory(), idea=IdeaFactory(project=project))


def test_a_draft_project_refuses_support():
    project = ProjectFactory(status=Project.Status.DRAFT)
    voting_phase(project)
    with pytest.raises(Closed):
        vote_cast(user=UserFactory(), idea=IdeaFactory(project=project))


def test_hidden_ideas_cannot_be_supported():
    idea = idea_in_voting()
    idea.is_hidden = True
    idea.save()
    with pytest.raises(Invalid, match="ausgeblendet"):
        vote_cast(user=UserFactory(), idea=idea)


def test_the_service_counts_the_vote_on_the_passed_idea():
    idea = idea_in_voting()
    vote_cast(user=UserFactory(), idea=idea)
    assert idea.vote_count == 1  # the caller's instance, without reloading


# --- One per person ------------------------------------------------------------------------


def test_a_second_vote_for_the_same_idea_is_refused_in_friendly_words():
    idea = idea_in_voting()
    user = UserFactory()
    vote_cast(user=user, idea=idea)
    with pytest.raises(Invalid, match="Sie unterstützen diese Idee bereits."):
        vote_cast(user=user, idea=idea)
    assert Vote.objects.filter(idea=idea).count() == 1 == vote_count(idea)


def test_the_database_itself_refuses_a_second_vote_row():
    idea = idea_in_voting()
    vote = VoteFactory(idea=idea, phase=idea.project.phases.get())
    table = Vote._meta.db_table
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (user_id, idea_id, phase_id, created_at) "  # noqa: S608
            "VALUES (%s, %s, %s, CURRENT_TIMESTAMP)",
            [vote.user_id, idea.pk, vote.phase_id],
        )
    assert Vote.objects.filter(idea=idea).count() == 1


def test_a_row_slipped_past_the_check_still_ends_in_the_friendly_error(monkeypatch):
    """The unique constraint is the last word: even if the Python check missed a row
    (another code path), the IntegrityError becomes the friendly message."""
    idea = idea_in_voting()
    user = UserFactory()
    VoteFactory(user=user, idea=idea, phase=idea.project.phases.get())
    real_filter = Vote.objects.filter

    class Blind:
        def __init__(self, queryset):
            self.queryset = queryset

        def exists(self):
            return False

        def __getattr__(self, name):
            return getattr(self.queryset, name)

    def filter_missing_the_row(*args, **kwargs):
        queryset = real_filter(*args, **kwargs)
        return Blind(queryset) if "idea" in kwargs else queryset

    monkeypatch.setattr(Vote.objects, "filter", filter_missing_the_row)
    with pytest.raises(Invalid, match="bereits"):
        vote_cast(user=user, idea=idea)
    monkeypatch.undo()
    assert Vote.objects.filter(idea=idea).count() == 1


# --- The limit per phase -------------------------------------------------------------------


def test_the_limit_per_phase_is_enforced_and_explained():
    project = ProjectFactory()
    voting_phase(project, votes_per_person=2)
    ideas = IdeaFactory.create_batch(3, project=project)
    user = UserFactory()
    vote_cast(user=user, idea=ideas[0])
    vote_cast(user=user, idea=ideas[1])
    with pytest.raises(Conflict, match="Ihre 2 Stimmen"):
        vote_cast(user=user, idea=ideas[2])
    assert Vote.objects.filter(user=user).count() == 2


def test_withdrawing_frees_a_vote_for_another_idea():
    project = ProjectFactory()
    voting_phase(project, votes_per_person=1)
    first, second = IdeaFactory.create_batch(2, project=project)
    user = UserFactory()
    vote_cast(user=user, idea=first)
    with pytest.raises(Conflict, match="Ihre 1 Stimme "):
        vote_cast(user=user, idea=second)
    vote_withdraw(user=user, idea=first)
    vote_cast(user=user, idea=second)
    assert voted_idea_ids(user=user, project=project) == {second.pk}


def test_without_a_limit_a_person_supports_as_many_ideas_as_they_like():
    project = ProjectFactory()
    voting_phase(project, votes_per_person=None)
    user = UserFactory()
    for idea in IdeaFactory.create_batch(5, project=project):
        vote_cast(user=user, idea=idea)
    assert Vote.objects.filter(user=user).count() == 5
    budget = votes_left(user, project)
    assert budget.limit is None and budget.left is None and not budget.exhausted


def test_votes_of_other_projects_do_not_count_against_the_limit():
    user = UserFactory()
    for _ in range(2):
        project = ProjectFactory()
        voting_phase(project, votes_per_person=1)
        vote_cast(user=user, idea=IdeaFactory(project=project))
    assert Vote.objects.filter(user=user).count() == 2


def test_votes_left_says_how_many_remain():
    project = ProjectFactory()
    voting_phase(project, votes_per_person=3)
    user = UserFactory()
    vote_cast(user=user, idea=IdeaFactory(project=project))
    budget = votes_left(user, project)
    assert (budget.limit, budget.used, budget.left) == (3, 1, 2)
    assert votes_left(UserFactory(), ProjectFactory()) is None  # no voting phase
    from django.contrib.auth.models import AnonymousUser

    assert votes_left(AnonymousUser(), project) is None


# --- Withdrawing ---------------------------------------------------------------------------


def test_withdrawing_removes_the_vote_and_recounts():
    idea = idea_in_voting()
    user = UserFactory()
    vote_cast(user=user, idea=idea)
    vote_cast(user=UserFactory(), idea=idea)
    vote_withdraw(user=user, idea=idea)
    assert not has_voted(user=user, idea=idea)
    assert vote_count(idea) == 1 == Vote.objects.filter(idea=idea).count()


def test_withdrawing_without_a_vote_says_so():
    with pytest.raises(Invalid, match="nicht"):
        vote_withdraw(user=UserFactory(), idea=idea_in_voting())


@pytest.mark.parametrize("when", ["before", "after"])
def test_votes_cannot_be_withdrawn_outside_the_voting_phase(when):
    idea = idea_in_voting(when)
    vote = VoteFactory(idea=idea, phase=idea.project.phases.get())
    with pytest.raises(Closed):
        vote_withdraw(user=vote.user, idea=idea)
    assert Vote.objects.filter(pk=vote.pk).exists()


def test_anonymous_people_cannot_withdraw():
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotAllowed):
        vote_withdraw(user=AnonymousUser(), idea=idea_in_voting())


def test_a_vote_on_an_idea_hidden_since_can_be_withdrawn():
    idea = idea_in_voting()
    user = UserFactory()
    vote_cast(user=user, idea=idea)
    type(idea).objects.filter(pk=idea.pk).update(is_hidden=True)
    vote_withdraw(user=user, idea=idea)
    assert vote_count(idea) == 0
