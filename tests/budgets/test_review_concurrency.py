"""The board's confirmation against parallel reviews and confirmations, on PostgreSQL
(row locks; SQLite serializes all writes and cannot show a race). Each thread has its own
database connection and its own budget object loaded before the other committed, as two
open pages would.

(a) A review and the confirmation at once: the review either counts (it committed first)
    or is refused as frozen; the confirmed number is the number of valid proposals.
(b) Two confirmations at once: one is recorded, the other is a conflict, not an error.
"""

import datetime

import pytest

from core.exceptions import Closed, Conflict
from participation.budgets.models import BoardConfirmation, Budget, Proposal, ProposalStatus
from participation.budgets.services.review import board_confirm, proposal_review
from tests.budgets.review_helpers import board_office, minutes_pdf, review_kwargs
from tests.factories import BudgetFactory, ValidProposalFactory, moderator_of
from tests.ideas.test_votes_concurrency import run_in_parallel

pytestmark = [pytest.mark.django_db(transaction=True)]


def loaded(budget: Budget) -> Budget:
    budget = Budget.objects.select_related("project").get(pk=budget.pk)
    assert not hasattr(budget, "confirmation") or budget.confirmation is None
    return budget


def confirm_call(budget: Budget, office):
    stale = loaded(budget)
    return lambda: board_confirm(
        budget=stale,
        by=office,
        meeting_date=datetime.date(2026, 9, 1),
        decision="Der Beirat bestätigt.",
        minutes_file=minutes_pdf(),
    )


@pytest.mark.parametrize("attempt", range(3))
def test_a_review_racing_the_confirmation_is_counted_or_refused(requires_postgres, attempt):
    budget = BudgetFactory(stage="confirmation")
    proposals = ValidProposalFactory.create_batch(3, budget=budget)
    reviewer = moderator_of(budget.project)
    office = board_office()
    target = Proposal.objects.select_related("budget__project").get(pk=proposals[0].pk)
    invalid = review_kwargs(decision="invalid", lawful=False, reason="Doch Landesrecht.")

    review, confirmation = run_in_parallel(
        [
            lambda: proposal_review(proposal=target, by=reviewer, **invalid),
            confirm_call(budget, office),
        ]
    )

    assert isinstance(confirmation, BoardConfirmation), confirmation
    assert review is target or isinstance(review, Closed), review
    valid = Proposal.objects.filter(budget=budget, status=ProposalStatus.VALID).count()
    assert confirmation.proposal_count == valid == (2 if review is target else 3)


def test_two_confirmations_at_once_record_one(requires_postgres):
    budget = BudgetFactory(stage="confirmation")
    ValidProposalFactory(budget=budget)
    calls = [confirm_call(budget, board_office()), confirm_call(budget, board_office())]

    results = run_in_parallel(calls)

    assert sorted(type(r).__name__ for r in results) == ["BoardConfirmation", "Conflict"]
    assert isinstance(next(r for r in results if not isinstance(r, BoardConfirmation)), Conflict)
    assert BoardConfirmation.objects.filter(budget=budget).count() == 1
