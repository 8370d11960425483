"""Comments on proposals: what the proposal itself refuses.

When is commenting possible at all, and for whom, is the rule of every comment
(``participation.ideas.rules.may_comment``): while a phase of the budget's project allows
comments (in a budget: the submission phase, as configured), within that phase's
eligibility for comments. This module adds what is particular to a proposal.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.rules import Refusal
from participation.budgets.models import Proposal, ProposalStatus


def proposal_commenting_refusal(proposal: Proposal) -> Refusal | None:
    """Hidden, withdrawn or merged proposals take no new comments (the discussion of a
    merged proposal goes on at the proposal it was merged into)."""
    if proposal.is_hidden:
        return Refusal(
            "hidden",
            _("Dieser Vorschlag wurde ausgeblendet und kann nicht kommentiert werden."),
        )
    if proposal.status == ProposalStatus.WITHDRAWN:
        return Refusal(
            "closed", _("Dieser Vorschlag wurde zurückgezogen und kann nicht kommentiert werden.")
        )
    if proposal.status == ProposalStatus.MERGED:
        return Refusal(
            "closed",
            _(
                "Dieser Vorschlag wurde zusammengeführt. Bitte diskutieren Sie beim "
                "Vorschlag, in dem er aufgeht."
            ),
        )
    return None
