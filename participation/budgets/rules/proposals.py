"""Who may do what with the proposals of a Bürgerbudget: one function per action,
``may_<action>(user, …) -> Refusal | None`` (see ``core.rules``). The services require
them; the pages, the API and the admin ask the same functions to show a control or the
reason it is missing.

Staff of a budget: the moderators of its project (``projects.rules.moderates_project``)
or holders of the global ``budgets.review_proposal`` permission; superusers always.
"""

from __future__ import annotations

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.rules import (
    Refusal,
    cached,
    has_global_perm,
    has_verified_email,
    is_active_user,
    participant_refusal,
)
from participation.budgets import stages
from participation.budgets.models import Budget, Proposal, ProposalStatus
from projects.eligibility import requirement
from projects.models import Phase
from projects.phases import next_phase_allowing, phase_allowing
from projects.rules import can_see_project, moderates_project
from verification.rules import eligibility_refusal

REVIEW_PERM = "budgets.review_proposal"


def is_budget_staff(user, budget: Budget) -> bool:
    """The moderators of the budget's project, holders of ``budgets.review_proposal``,
    superusers. Asked once per budget and request."""
    if not is_active_user(user):
        return False
    return cached(
        user,
        ("budget_staff", budget.pk),
        lambda: (
            user.is_superuser
            or has_global_perm(user, REVIEW_PERM)
            or moderates_project(user, budget.project)
        ),
    )


def can_see_budget(user, budget: Budget) -> bool:
    return can_see_project(user, budget.project)


def can_see_proposal(user, proposal: Proposal) -> bool:
    """Hidden proposals only for their author and the budget's staff."""
    if not can_see_budget(user, proposal.budget):
        return False
    if not proposal.is_hidden:
        return True
    if is_active_user(user) and proposal.author_id == user.pk:
        return True
    return is_budget_staff(user, proposal.budget)


def _submission_closed_message(budget: Budget, *, verb: str = "create") -> str:
    if verb == "create":
        message = _("Vorschläge können für dieses Bürgerbudget derzeit nicht eingereicht werden.")
    elif verb == "update":
        message = _("Vorschläge können nur bearbeitet werden, solange die Einreichung läuft.")
    else:
        message = _("Vorschläge können nur zurückgezogen werden, solange die Einreichung läuft.")
    upcoming = next_phase_allowing(budget.project, "proposals")
    if upcoming is not None and budget.project.status == budget.project.Status.PUBLISHED:
        return "{} {}".format(
            message,
            _("Die nächste Einreichung beginnt am %(date)s.")
            % {"date": formats.date_format(timezone.localtime(upcoming.start), "DATE_FORMAT")},
        )
    return message


def may_submit_proposal(user, budget: Budget) -> Refusal | None:
    """Signed-in residents with a verified e-mail address, while a phase of the
    (published) budget allows proposals, within the phase's eligibility for ideas."""
    phase = phase_allowing(budget.project, "proposals")
    if phase is None:
        return Refusal("closed", _submission_closed_message(budget))
    return participant_refusal(
        user,
        sign_in_message=_("Bitte melden Sie sich an, um einen Vorschlag einzureichen."),
        verify_message=_(
            "Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse; danach können Sie Vorschläge "
            "einreichen."
        ),
    ) or eligibility_refusal(user, requirement(phase, "proposals"))


def _authors_refusal(user, proposal: Proposal, verb: str) -> Refusal | None:
    if not is_active_user(user) or proposal.author_id != user.pk:
        if verb == "update":
            return Refusal(
                "forbidden", _("Nur wer den Vorschlag eingereicht hat, kann ihn bearbeiten.")
            )
        return Refusal(
            "forbidden", _("Nur wer den Vorschlag eingereicht hat, kann ihn zurückziehen.")
        )
    if not has_verified_email(user):
        return Refusal("verify", _("Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse."))
    if phase_allowing(proposal.budget.project, "proposals") is None:
        return Refusal("closed", _submission_closed_message(proposal.budget, verb=verb))
    if proposal.status != ProposalStatus.SUBMITTED:
        return Refusal(
            "invalid",
            _(
                "Dieser Vorschlag wird schon geprüft oder ist abgeschlossen (Status: "
                "%(status)s); er kann nicht mehr geändert werden."
            )
            % {"status": proposal.get_status_display()},
        )
    return None


def may_update_proposal(user, proposal: Proposal) -> Refusal | None:
    """Its author, while the submission runs and the proposal is not yet in review."""
    return _authors_refusal(user, proposal, "update")


def may_withdraw_proposal(user, proposal: Proposal) -> Refusal | None:
    """Its author, while the submission runs and the proposal is not yet in review."""
    return _authors_refusal(user, proposal, "withdraw")


def may_enter_proposal(user, budget: Budget) -> Refusal | None:
    """Record a proposal that came by letter, e-mail or at the desk: the budget's staff,
    until the board confirmed the ballot."""
    if not is_budget_staff(user, budget):
        return Refusal(
            "forbidden",
            _("Nur die Verwaltung dieses Bürgerbudgets kann Vorschläge erfassen."),
        )
    if stages.is_frozen(budget):
        return Refusal(
            "closed",
            _(
                "Der Beirat hat die Liste der Vorschläge bestätigt; Änderungen sind nur noch "
                "als Korrektur mit Begründung möglich."
            ),
        )
    return None


def may_edit_proposal_as_staff(user, proposal: Proposal) -> Refusal | None:
    """Edit a proposal's fields in the admin: the budget's staff, until the freeze."""
    return may_enter_proposal(user, proposal.budget)


def may_edit_easy_summary(user, proposal: Proposal) -> Refusal | None:
    """Write the proposal's summary in Leichte Sprache: the budget's staff, at any time
    (the summary retells the proposal; it changes nothing on the ballot). Not its
    author: Leichte Sprache is written and checked by trained staff."""
    if not is_budget_staff(user, proposal.budget):
        return Refusal(
            "forbidden",
            _("Nur die Verwaltung dieses Bürgerbudgets kann die Leichte Sprache bearbeiten."),
        )
    return None


def may_merge_proposal(user, proposal: Proposal) -> Refusal | None:
    """Merge duplicates: the budget's staff, until the board's confirmation."""
    return may_enter_proposal(user, proposal.budget)


def _support_closed_message() -> str:
    return _("Unterstützen ist nur während der Einreichung möglich.")


def may_support_proposal(user, proposal: Proposal) -> Refusal | None:
    """Support a proposal: signed-in people with a verified e-mail address while the
    submission phase allows votes, within its eligibility for votes; not hidden,
    withdrawn or merged proposals."""
    if proposal.is_hidden or proposal.status in (
        ProposalStatus.WITHDRAWN,
        ProposalStatus.MERGED,
        ProposalStatus.INVALID,
    ):
        return Refusal("invalid", _("Dieser Vorschlag kann nicht unterstützt werden."))
    phase = phase_allowing(proposal.budget.project, "votes")
    if phase is None or phase.type != Phase.Type.SUBMISSION:
        return Refusal("closed", _support_closed_message())
    return participant_refusal(
        user, sign_in_message=_("Bitte melden Sie sich an, um Vorschläge zu unterstützen.")
    ) or eligibility_refusal(user, requirement(phase, "votes"))
