"""Who may review proposals, record the board's confirmation and correct the ballot.

* Reviewers of a budget: the moderators of its project (``projects.rules``) and holders
  of the global permission ``budgets.review_proposal`` (the city's Bürgerbudget office).
* The board's decision (``BoardConfirmation``) is recorded by holders of
  ``budgets.record_board_decision`` (superusers have every permission).
* After the confirmation the ballot is frozen (``stages.is_frozen``): the review is
  closed and the reviewers change a proposal only by a logged correction with a reason.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.rules import Refusal, cached, has_global_perm, is_active_user
from projects.rules import moderates_project

from .. import stages
from ..models import Budget, Proposal, ProposalStatus

REVIEW_PROPOSAL = "budgets.review_proposal"
RECORD_BOARD_DECISION = "budgets.record_board_decision"


def _sign_in() -> Refusal:
    return Refusal("sign_in", _("Bitte melden Sie sich an."))


def reviews_budget(user, budget: Budget) -> bool:
    """May ``user`` review the proposals of ``budget`` (regardless of the freeze)?
    Asked once per budget and request."""
    if not is_active_user(user):
        return False
    return cached(
        user,
        ("reviews_budget", budget.pk),
        lambda: has_global_perm(user, REVIEW_PROPOSAL) or moderates_project(user, budget.project),
    )


def frozen_refusal() -> Refusal:
    return Refusal(
        "closed",
        _("Die Liste ist vom Beirat bestätigt; Änderungen nur als Korrektur mit Begründung."),
    )


def _reviewer_refusal(user, budget: Budget) -> Refusal | None:
    if not is_active_user(user):
        return _sign_in()
    if not reviews_budget(user, budget):
        return Refusal(
            "forbidden",
            _(
                "Vorschläge dieses Bürgerbudgets prüfen nur die Moderation des Projekts und "
                "die Prüfstelle des Bürgerbudgets."
            ),
        )
    return None


def may_see_review_queue(user, budget: Budget) -> Refusal | None:
    """The queue and the review pages: the reviewers (also after the freeze, to read)."""
    return _reviewer_refusal(user, budget)


def may_review(user, proposal: Proposal) -> Refusal | None:
    """Review (or assign) a proposal: the reviewers, until the board has confirmed the
    ballot; a withdrawn proposal is not reviewed."""
    refusal = _reviewer_refusal(user, proposal.budget)
    if refusal is not None:
        return refusal
    if stages.is_frozen(proposal.budget):
        return frozen_refusal()
    if proposal.status == ProposalStatus.WITHDRAWN:
        return Refusal("invalid", _("Dieser Vorschlag wurde zurückgezogen."))
    return None


def records_board_decision(user) -> bool:
    return is_active_user(user) and (
        user.is_superuser or has_global_perm(user, RECORD_BOARD_DECISION)
    )


def may_confirm(user, budget: Budget) -> Refusal | None:
    """Record the board's confirmation of the ballot: holders of
    ``budgets.record_board_decision``, once per budget."""
    if not is_active_user(user):
        return _sign_in()
    if not records_board_decision(user):
        return Refusal(
            "forbidden",
            _("Die Bestätigung durch den Beirat erfasst nur die Geschäftsstelle des Beirats."),
        )
    if stages.is_frozen(budget):
        return Refusal("duplicate", _("Die Bestätigung durch den Beirat ist bereits erfasst."))
    return None


def open_proposals_refusal(open_count: int) -> Refusal | None:
    """The board confirms a finished review only: no proposal may still be submitted or
    in review."""
    if open_count == 0:
        return None
    return Refusal(
        "invalid",
        ngettext(
            "Noch %(count)s Vorschlag ist nicht abschließend geprüft. Der Beirat kann die "
            "Liste erst bestätigen, wenn alle Vorschläge entschieden sind.",
            "Noch %(count)s Vorschläge sind nicht abschließend geprüft. Der Beirat kann die "
            "Liste erst bestätigen, wenn alle Vorschläge entschieden sind.",
            open_count,
        )
        % {"count": open_count},
    )


def may_correct(user, proposal: Proposal) -> Refusal | None:
    """Correct a proposal after the board's confirmation: the reviewers. Before it,
    changes are made through the review."""
    refusal = _reviewer_refusal(user, proposal.budget)
    if refusal is not None:
        return refusal
    if not stages.is_frozen(proposal.budget):
        return Refusal(
            "closed",
            _(
                "Vor der Bestätigung durch den Beirat wird ein Vorschlag über die Prüfung "
                "geändert, nicht als Korrektur."
            ),
        )
    return None
