"""What the results tests share: a counter, a budget after its voting, ballots as rows."""

from __future__ import annotations

import datetime
import itertools

from django.contrib.auth.models import Permission
from django.utils import timezone

from participation.budgets.models import Ballot, BoardConfirmation
from tests.factories import BudgetFactory, StaffFactory, ValidProposalFactory

_keys = itertools.count(1)


def counter(**kwargs):
    """A member of the counting team (global ``budgets.count_budget``)."""
    user = StaffFactory(**kwargs)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="budgets", codename="count_budget")
    )
    return type(user).objects.get(pk=user.pk)


def confirm(budget) -> BoardConfirmation:
    return BoardConfirmation.objects.create(
        budget=budget,
        meeting_date=datetime.date(2026, 9, 1),
        decision="Der Beirat bestätigt die Liste.",
        proposal_count=budget.proposals.count(),
    )


def ballot(budget, choices: dict, *, channel: str = "online", district=None) -> Ballot:
    """A ballot row; ``choices`` by proposal ({proposal: points}) or by id."""
    return Ballot.objects.create(
        budget=budget,
        voter_key=f"test:{next(_keys)}",
        channel=channel,
        choices={str(getattr(p, "pk", p)): points for p, points in choices.items()},
        district=district,
        cast_at=timezone.now(),
    )


def counted_budget(*, costs=(9_800, 5_000, 3_000), amount=14_000, **kwargs):
    """A budget whose voting ended (the count phase runs), confirmed by the board, with
    proposals of ``costs`` (numbers 1, 2, …)."""
    budget = BudgetFactory(stage="counting", amount=amount, **kwargs)
    proposals = [
        ValidProposalFactory(budget=budget, number=index, estimated_cost=cost, title=f"P{index}")
        for index, cost in enumerate(costs, start=1)
    ]
    confirm(budget)
    return budget, proposals
