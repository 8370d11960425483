"""What the Bürgerbudget keeps about one person: for their copy of their data (GDPR
art. 15) and for the deletion of their account.

The copy holds their proposals, their supports and the fact that (and when) they cast a
ballot — never the choices of the ballot: "the result of a person's ballot is never
exported with their identity". A fixed number of queries whatever the amount of data.
"""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from core.files import delete_files_on_commit

from . import stages
from .models import Ballot, Proposal, ProposalStatus, Support

# Proposals still in the submission (not reviewed, not on a ballot) go with the account
# when the person asks for their contributions to be removed.
REMOVABLE = (ProposalStatus.SUBMITTED, ProposalStatus.IN_REVIEW, ProposalStatus.WITHDRAWN)


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def personal_data(user) -> dict:
    proposals = Proposal.objects.filter(author=user).select_related("budget__project")
    supports = Support.objects.filter(user=user).select_related("proposal__budget__project")
    ballots = Ballot.objects.filter(user=user).select_related("budget__project")
    return {
        "budget_proposals": [
            {
                "budget": p.budget.project.title,
                "number": p.number,
                "title": p.title,
                "description": p.description,
                "estimated_cost": p.estimated_cost,
                "status": p.status,
                "url": p.get_absolute_url(),
                "created_at": _iso(p.created_at),
            }
            for p in proposals
        ],
        "budget_supports": [
            {
                "budget": s.proposal.budget.project.title,
                "proposal": s.proposal.title,
                "created_at": _iso(s.created_at),
            }
            for s in supports
        ],
        "budget_ballots": [
            {
                "budget": b.budget.project.title,
                "channel": b.channel,
                "version": b.version,
                "last_cast_at": _iso(b.cast_at),
            }
            for b in ballots
        ],
    }


def contributions_release(*, user, remove: bool) -> None:
    """Before the account is deleted. Proposals: with ``remove`` the ones not yet decided
    are deleted (with their photos); decided ones — reviewed, on a ballot, funded — stay,
    as the review, the votes and the count refer to them, without an author ("gelöschtes
    Konto"); without ``remove`` all stay that way. Supports are taken back (counters
    recomputed). Ballots stay counted without a person (their key is a keyed hash)."""
    proposals = Proposal.objects.filter(author=user).select_related("budget")
    if remove:
        removable = [
            p for p in proposals if p.status in REMOVABLE and not stages.is_frozen(p.budget)
        ]
        delete_files_on_commit(*(p.image for p in removable if p.image))
        Proposal.objects.filter(pk__in=[p.pk for p in removable]).delete()
    Proposal.objects.filter(author=user).update(author=None, author_name=_("gelöschtes Konto"))
    supported = list(Support.objects.filter(user=user).values_list("proposal_id", flat=True))
    Support.objects.filter(user=user).delete()
    if supported:
        count = (
            Support.objects.filter(proposal_id=OuterRef("pk"))
            .order_by()
            .values("proposal_id")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        )
        Proposal.objects.filter(pk__in=supported).update(
            support_count=Coalesce(Subquery(count, output_field=IntegerField()), 0)
        )
    Ballot.objects.filter(user=user).update(user=None)
