"""One person's ballot under parallel submissions, on PostgreSQL (row locks and the
unique constraint; SQLite serializes all writes and cannot show a race). Each thread
has its own database connection, as parallel requests in gunicorn workers do.

(a) 50 identical submissions of the same ballot at once: one row, one version (the
    same choices again are no change), no error.
(b) 20 different submissions of the same person at once: one row, 20 versions numbered
    1..20, and the row holds the last version's choices.
"""

import pytest

from participation.budgets.models import Ballot, BallotVersion, Budget
from participation.budgets.services.ballots import ballot_cast
from tests.budgets.ballots_world import ballot_world
from tests.ideas.test_votes_concurrency import run_in_parallel

pytestmark = [pytest.mark.django_db(transaction=True)]


def fresh(budget):
    return Budget.objects.select_related("project").get(pk=budget.pk)


def fresh_user(user):
    return type(user).objects.get(pk=user.pk)


def test_fifty_parallel_submissions_of_the_same_ballot_store_one_row(requires_postgres):
    world = ballot_world()

    results = run_in_parallel(
        [
            lambda: ballot_cast(
                user=fresh_user(world.anna), budget=fresh(world.budget), choices={1: 3, 2: 2}
            )
            for _ in range(50)
        ]
    )

    assert [r for r in results if isinstance(r, Exception)] == []
    assert Ballot.objects.count() == 1
    ballot = Ballot.objects.get()
    assert ballot.version == 1
    assert BallotVersion.objects.count() == 1
    assert sum(1 for r in results if r.version is not None) == 1


def test_twenty_parallel_changes_are_twenty_versions_and_the_last_counts(requires_postgres):
    world = ballot_world()
    # The 20 distinct ballots with at most 5 votes on proposals 1 and 2: each differs
    # from whatever the row holds when it comes, so every submission is a change.
    variants = [{1: a, 2: b} for a in range(6) for b in range(6 - a) if a or b]
    assert len(variants) == 20

    results = run_in_parallel(
        [
            lambda choices=choices: ballot_cast(
                user=fresh_user(world.anna), budget=fresh(world.budget), choices=choices
            )
            for choices in variants
        ]
    )

    assert [r for r in results if isinstance(r, Exception)] == []
    ballot = Ballot.objects.get()
    versions = list(BallotVersion.objects.filter(ballot=ballot).order_by("number"))
    assert all(r.version is not None for r in results)
    assert [v.number for v in versions] == list(range(1, 21))
    assert ballot.version == 20
    assert ballot.choices == versions[-1].choices
