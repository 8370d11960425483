"""Votes under parallel requests, on PostgreSQL (row locks; SQLite serializes all writes
and cannot show a race). Each thread has its own database connection, as parallel
requests in gunicorn workers do.

(a) 20 people support one idea at the same moment: 20 votes, and the counter says 20.
(b) One person with 3 votes fires 10 votes for 10 ideas at once: exactly 3 count.
(c) One person supports the same idea from 10 threads: 1 vote; the others get
    "Sie unterstützen diese Idee bereits."
"""

import threading

import pytest
from django.db import connection

from core.exceptions import Conflict, Invalid
from participation.ideas.models import Idea, Vote
from participation.ideas.services.votes import vote_cast, vote_withdraw
from tests.factories import IdeaFactory, ProjectFactory, UserFactory
from tests.ideas.factories_comments_votes import voting_phase

pytestmark = [pytest.mark.django_db(transaction=True)]


def run_in_parallel(calls) -> list:
    """Run each call in its own thread with its own connection, released together by a
    barrier; return what each returned or raised (in order)."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except Exception as exc:  # collected and asserted on by the test
            results[index] = exc
        finally:
            connection.close()

    threads = [
        threading.Thread(target=worker, args=(index, call)) for index, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread hangs (deadlock?)"
    return results


def fresh(idea: Idea) -> Idea:
    return Idea.objects.select_related("project").get(pk=idea.pk)


def test_twenty_people_supporting_one_idea_at_once_are_all_counted(requires_postgres):
    project = ProjectFactory()
    voting_phase(project, votes_per_person=3)
    idea = IdeaFactory(project=project)
    people = UserFactory.create_batch(20)

    results = run_in_parallel(
        [lambda user=user: vote_cast(user=user, idea=fresh(idea)) for user in people]
    )

    assert [r for r in results if isinstance(r, Exception)] == []
    idea.refresh_from_db()
    assert idea.vote_count == 20 == Vote.objects.filter(idea=idea).count()


def test_a_limit_of_three_holds_against_ten_parallel_votes(requires_postgres):
    project = ProjectFactory()
    voting_phase(project, votes_per_person=3)
    ideas = IdeaFactory.create_batch(10, project=project)
    user = UserFactory()

    results = run_in_parallel(
        [lambda idea=idea: vote_cast(user=user, idea=fresh(idea)) for idea in ideas]
    )

    refused = [r for r in results if isinstance(r, Exception)]
    assert len(refused) == 7
    assert all(isinstance(r, Conflict) for r in refused), refused
    assert Vote.objects.filter(user=user).count() == 3
    for idea in ideas:
        idea.refresh_from_db()
        assert idea.vote_count == Vote.objects.filter(idea=idea).count()


def test_the_same_vote_from_ten_threads_counts_once(requires_postgres):
    project = ProjectFactory()
    voting_phase(project, votes_per_person=3)
    idea = IdeaFactory(project=project)
    user = UserFactory()

    results = run_in_parallel([lambda: vote_cast(user=user, idea=fresh(idea))] * 10)

    refused = [r for r in results if isinstance(r, Exception)]
    assert len(refused) == 9
    assert all(
        isinstance(r, Invalid) and r.messages == ["Sie unterstützen diese Idee bereits."]
        for r in refused
    ), refused
    idea.refresh_from_db()
    assert idea.vote_count == 1 == Vote.objects.filter(idea=idea).count()


def test_casting_and_withdrawing_in_parallel_keeps_the_counter_equal_to_the_rows(
    requires_postgres,
):
    project = ProjectFactory()
    voting_phase(project, votes_per_person=3)
    idea = IdeaFactory(project=project)
    leavers = UserFactory.create_batch(10)
    for user in leavers:
        vote_cast(user=user, idea=idea)
    joiners = UserFactory.create_batch(10)

    calls = [lambda user=user: vote_withdraw(user=user, idea=fresh(idea)) for user in leavers]
    calls += [lambda user=user: vote_cast(user=user, idea=fresh(idea)) for user in joiners]
    results = run_in_parallel(calls)

    assert [r for r in results if isinstance(r, Exception)] == []
    idea.refresh_from_db()
    assert idea.vote_count == 10 == Vote.objects.filter(idea=idea).count()


def test_twenty_parallel_comments_on_one_idea_are_all_counted(requires_postgres):
    from participation.ideas.models import Comment
    from participation.ideas.services.comments import comment_create
    from tests.ideas.factories_comments_votes import comment_phase

    project = ProjectFactory()
    comment_phase(project)
    idea = IdeaFactory(project=project)
    people = UserFactory.create_batch(20)

    results = run_in_parallel(
        [
            lambda user=user: comment_create(author=user, text="Parallel", idea=fresh(idea))
            for user in people
        ]
    )

    assert [r for r in results if isinstance(r, Exception)] == []
    idea.refresh_from_db()
    assert idea.comment_count == 20 == Comment.objects.filter(idea=idea).count()
