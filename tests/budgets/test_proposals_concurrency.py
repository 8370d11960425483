"""Proposals under parallel requests, on PostgreSQL (row locks; SQLite serialises all
writes and cannot show a race). Each thread has its own database connection, as
parallel requests in gunicorn workers do.

(a) 20 residents submit to one budget at the same moment: numbers 1 to 20, each once.
(b) 20 people support one proposal at once: the counter says 20.
"""

import pytest

from participation.budgets.models import Proposal, Support
from participation.budgets.services.proposals import proposal_submit, proposal_support_toggle
from tests.factories import BudgetFactory, ProposalFactory, UserFactory, point
from tests.ideas.test_votes_concurrency import run_in_parallel

pytestmark = [pytest.mark.django_db(transaction=True)]


def test_twenty_parallel_submissions_get_twenty_different_numbers(requires_postgres):
    budget = BudgetFactory()
    people = UserFactory.create_batch(20)

    def submit(user):
        return proposal_submit(
            author=user,
            budget=type(budget).objects.select_related("project").get(pk=budget.pk),
            title=f"Vorschlag von {user.pk}",
            description="Eine Bank.",
            estimated_cost=1_000,
            location=point(),
        )

    results = run_in_parallel([lambda user=user: submit(user) for user in people])

    assert [r for r in results if isinstance(r, Exception)] == []
    numbers = sorted(Proposal.objects.filter(budget=budget).values_list("number", flat=True))
    assert numbers == list(range(1, 21))


def test_twenty_people_supporting_at_once_are_all_counted(requires_postgres):
    proposal = ProposalFactory(budget=BudgetFactory())
    people = UserFactory.create_batch(20)

    def support(user):
        fresh = Proposal.objects.select_related("budget__project").get(pk=proposal.pk)
        return proposal_support_toggle(proposal=fresh, user=user)

    results = run_in_parallel([lambda user=user: support(user) for user in people])

    assert results == [True] * 20
    proposal.refresh_from_db()
    assert proposal.support_count == 20 == Support.objects.filter(proposal=proposal).count()
