"""Where a Bürgerbudget stands: its stage (the type of the running phase), the money
available (this year's amount plus the remainder carried over) and whether the ballot is
frozen. The one place for these facts: services, views, the admin and the API ask here."""

from __future__ import annotations

import datetime

from django.utils import timezone

from projects.models import Phase
from projects.phases import current_phase, phases_in_order

from . import counting
from .models import Budget, Proposal, ProposalStatus, VotingMethod

Stage = Phase.Type


def stage(budget: Budget, *, now: datetime.datetime | None = None) -> str | None:
    """The type of the running phase (``Phase.Type``), or None between/outside phases."""
    phase = current_phase(budget.project, now=now)
    return phase.type if phase else None


def phase_of(budget: Budget, phase_type: str) -> Phase | None:
    """The budget's (first) phase of ``phase_type``, from the prefetched phases if loaded."""
    return next((p for p in phases_in_order(budget.project) if p.type == phase_type), None)


def voting_phase(budget: Budget) -> Phase | None:
    return phase_of(budget, Phase.Type.VOTING)


def voting_is_open(budget: Budget, *, now: datetime.datetime | None = None) -> bool:
    phase = voting_phase(budget)
    now = now or timezone.now()
    return bool(
        phase
        and phase.allows_votes
        and phase.start <= now < phase.end
        and budget.project.status == budget.project.Status.PUBLISHED
    )


def voting_has_ended(budget: Budget, *, now: datetime.datetime | None = None) -> bool:
    phase = voting_phase(budget)
    return bool(phase and phase.end <= (now or timezone.now()))


def carryover(budget: Budget) -> int:
    """The remainder of the previous year's budget (``carried_from``), from its published
    count; 0 while it is not counted."""
    previous = budget.carried_from
    if previous is None:
        return 0
    published = previous.counts.filter(published_at__isnull=False).first()
    return published.remainder if published else 0


def available(budget: Budget) -> int:
    """The money to be distributed: this year's amount plus the carried-over remainder."""
    return budget.amount + carryover(budget)


def is_frozen(budget: Budget) -> bool:
    """True once the board has confirmed the ballot (``BoardConfirmation``)."""
    try:
        budget.confirmation  # noqa: B018 - the access loads or raises
    except Budget.confirmation.RelatedObjectDoesNotExist:
        return False
    return True


def ballot_proposals(budget: Budget):
    """The proposals on the ballot: the valid ones, by number."""
    return Proposal.objects.filter(
        budget=budget, status=ProposalStatus.VALID, is_hidden=False
    ).order_by("number")


def voting_rule(budget: Budget, *, available_amount: int | None = None) -> counting.VotingRule:
    """The budget's ``counting.VotingRule``: cumulative with ``votes_per_ballot`` points,
    approval with at most ``votes_per_ballot`` proposals, knapsack up to the money
    available (``available_amount``, else ``available(budget)``). The one place for it:
    casting a ballot, the count and the results ask here."""
    if budget.voting_method == VotingMethod.CUMULATIVE:
        return counting.VotingRule(counting.Rule.CUMULATIVE, points=budget.votes_per_ballot or 1)
    if budget.voting_method == VotingMethod.APPROVAL:
        return counting.VotingRule(counting.Rule.APPROVAL, points=budget.votes_per_ballot)
    amount = available(budget) if available_amount is None else available_amount
    return counting.VotingRule(counting.Rule.KNAPSACK, budget=amount)
