"""The public review of proposals, the board's confirmation that freezes the ballot, and
the logged corrections after it.

Who may call what is decided in ``rules.review``; each service requires its rule first.
The published parts of a review (decision, the three checks, reviewed cost, reason) are
shown on the proposal's page; the internal notes never leave the review pages.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exceptions import Conflict, Invalid
from core.rules import require

from .. import events, stages
from ..models import (
    BoardConfirmation,
    Budget,
    Correction,
    Proposal,
    ProposalSource,
    ProposalStatus,
)
from ..money import euros
from ..rules.review import (
    may_confirm,
    may_correct,
    may_review,
    open_proposals_refusal,
    reviews_budget,
)
from ..selectors.review import open_proposal_count, public_proposal_url

logger = logging.getLogger(__name__)

DECISIONS = (ProposalStatus.VALID, ProposalStatus.INVALID, ProposalStatus.MERGED)
# "Not decided yet": the checks and notes are saved, nothing is published.
UNDECIDED = ProposalStatus.IN_REVIEW
OPEN_STATUSES = (ProposalStatus.SUBMITTED, ProposalStatus.IN_REVIEW)

# What a review writes.
REVIEW_FIELDS = [
    "city_responsible",
    "lawful",
    "feasible",
    "reviewed_cost",
    "status",
    "merged_into",
    "review_reason",
    "review_notes",
    "reviewer",
    "reviewed_at",
    "updated_at",
]

MINUTES_MAX_BYTES = 20 * 1024 * 1024

CORRECTABLE_FIELDS = {
    "title": gettext_lazy("Titel"),
    "description": gettext_lazy("Beschreibung"),
    "reviewed_cost": gettext_lazy("geprüfte Kosten (€)"),
    "status": gettext_lazy("Status (zulässig / nicht zulässig)"),
}


def _plain(value: str | None) -> str:
    # PostgreSQL refuses NUL characters in text; nobody types them on purpose.
    return (value or "").replace("\x00", "").strip()


def _lock_budget(budget_id: int) -> None:
    """Lock the budget's row for the rest of the transaction: the board's confirmation
    takes the same lock, so a review either commits before it (and is counted) or waits
    and then sees the frozen ballot."""
    Budget.objects.select_for_update().filter(pk=budget_id).values_list("pk").first()


def _locked(proposal: Proposal) -> Proposal:
    """The proposal's row, locked for the rest of the transaction, with its budget as
    stored now (its confirmation included)."""
    _lock_budget(proposal.budget_id)
    return (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("budget__project", "budget__confirmation")
        .get(pk=proposal.pk)
    )


def cost_cap_error(budget: Budget, cost: int) -> str | None:
    """Why ``cost`` cannot be the cost of a valid proposal of ``budget``, or None."""
    if cost > budget.cap_per_proposal:
        return _(
            "Die Kosten von %(cost)s € liegen über dem Höchstbetrag je Vorschlag von "
            "%(cap)s €. Ein zulässiger Vorschlag darf höchstens so viel kosten."
        ) % {"cost": euros(cost), "cap": euros(budget.cap_per_proposal)}
    return None


# --- assigning and reviewing ----------------------------------------------------------------


@transaction.atomic
def proposal_review_assign(*, proposal: Proposal, reviewer, due: datetime.date | None, by):
    """Give a proposal to a reviewer (``None``: nobody) with a due date (``None``: the
    end of the review phase). Caller: the budget's reviewers (``may_review``), before
    the freeze. A submitted proposal is then "in review". Notifies nobody."""
    require(may_review(by, proposal))
    locked = _locked(proposal)
    require(may_review(by, locked))
    if reviewer is not None and not reviews_budget(reviewer, proposal.budget):
        raise Invalid(
            {"reviewer": [_("Diese Person darf Vorschläge dieses Bürgerbudgets nicht prüfen.")]}
        )
    locked.reviewer = reviewer
    locked.review_due = due
    if locked.status == ProposalStatus.SUBMITTED and reviewer is not None:
        locked.status = ProposalStatus.IN_REVIEW
    locked.save(update_fields=["reviewer", "review_due", "status", "updated_at"])
    proposal.reviewer, proposal.review_due, proposal.status = (
        locked.reviewer,
        locked.review_due,
        locked.status,
    )
    return proposal


def _review_errors(
    *,
    proposal: Proposal,
    city_responsible: bool | None,
    lawful: bool | None,
    feasible: bool | None,
    reviewed_cost: int | None,
    decision: str,
    merged_into: Proposal | None,
    reason: str,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if decision not in (*DECISIONS, UNDECIDED):
        add("decision", _("Bitte wählen Sie eine Entscheidung."))
        return errors
    if reviewed_cost is not None and reviewed_cost < 1:
        add("reviewed_cost", _("Die geprüften Kosten müssen mindestens 1 € betragen."))
    cost = reviewed_cost or proposal.estimated_cost
    if decision == ProposalStatus.VALID:
        if not (city_responsible and lawful and feasible):
            add(
                "decision",
                _(
                    "Zulässig ist ein Vorschlag nur, wenn die Stadt zuständig ist, er "
                    "rechtlich zulässig und umsetzbar ist. Bitte beantworten Sie alle drei "
                    "Prüfungen mit „ja“."
                ),
            )
        cap = cost_cap_error(proposal.budget, cost)
        if cap:
            add("reviewed_cost" if reviewed_cost is not None else "decision", cap)
    if decision == ProposalStatus.MERGED:
        if merged_into is None:
            add("merged_into", _("Bitte wählen Sie den Vorschlag, mit dem zusammengeführt wird."))
        elif merged_into.budget_id != proposal.budget_id or merged_into.pk == proposal.pk:
            add(
                "merged_into",
                _("Bitte wählen Sie einen anderen Vorschlag desselben Bürgerbudgets."),
            )
        elif merged_into.status in (
            ProposalStatus.MERGED,
            ProposalStatus.INVALID,
            ProposalStatus.WITHDRAWN,
        ):
            add(
                "merged_into",
                _(
                    "Zusammengeführt werden kann nur mit einem Vorschlag, der noch geprüft "
                    "wird oder zulässig ist."
                ),
            )
    if decision in DECISIONS and not reason:
        if decision == ProposalStatus.INVALID:
            add(
                "reason",
                _("Bitte begründen Sie öffentlich, warum der Vorschlag nicht zulässig ist."),
            )
        elif decision == ProposalStatus.MERGED:
            add(
                "reason",
                _("Bitte begründen Sie öffentlich, warum die Vorschläge zusammengeführt werden."),
            )
        elif reviewed_cost is not None and reviewed_cost != proposal.estimated_cost:
            add(
                "reason",
                _(
                    "Die geprüften Kosten weichen von der Schätzung ab; bitte begründen Sie "
                    "das öffentlich."
                ),
            )
    if len(reason) > 5000:
        add("reason", _("Die Begründung darf höchstens 5000 Zeichen lang sein."))
    return errors


@transaction.atomic
def proposal_review(
    *,
    proposal: Proposal,
    by,
    city_responsible: bool | None,
    lawful: bool | None,
    feasible: bool | None,
    reviewed_cost: int | None,
    decision: str,
    merged_into: Proposal | None = None,
    reason: str = "",
    notes: str = "",
) -> Proposal:
    """Record the review of a proposal: the three checks (``None``: not yet answered),
    the reviewed cost (``None``: the estimate stands), the decision (valid, invalid,
    merged — or ``in_review`` to save the state without deciding), the published reason
    and the internal notes.

    Caller: the budget's reviewers (``may_review``), until the board's confirmation.
    A published reason is required for invalid and merged, and when the reviewed cost
    differs from the estimate; a valid proposal passes all three checks and costs at most
    the budget's cap. Sends ``proposal_reviewed`` (the author is notified) when the
    decision or the reason changed; a proposal entered by staff for a person without an
    account is answered by e-mail to the contact address after the commit.
    """
    require(may_review(by, proposal))
    locked = _locked(proposal)
    require(may_review(by, locked))  # as stored now: the board may just have confirmed
    reason = _plain(reason)
    notes = _plain(notes)
    errors = _review_errors(
        proposal=locked,
        city_responsible=city_responsible,
        lawful=lawful,
        feasible=feasible,
        reviewed_cost=reviewed_cost,
        decision=decision,
        merged_into=merged_into,
        reason=reason,
    )
    if errors:
        raise Invalid(errors)
    published_before = (locked.status, locked.review_reason)
    changed = decision in DECISIONS and (decision, reason) != published_before
    locked.city_responsible = city_responsible
    locked.lawful = lawful
    locked.feasible = feasible
    locked.reviewed_cost = reviewed_cost
    locked.status = decision
    locked.merged_into = merged_into if decision == ProposalStatus.MERGED else None
    locked.review_reason = reason
    locked.review_notes = notes
    locked.reviewer = by
    locked.reviewed_at = timezone.now()
    locked.save(update_fields=REVIEW_FIELDS)
    if changed:
        events.proposal_reviewed.send(sender=Proposal, proposal=locked, actor=by)
        contact = _contact_email(locked)
        if contact:
            proposal_id = locked.pk
            transaction.on_commit(lambda: send_review_email(proposal_id=proposal_id, to=contact))
    for name in REVIEW_FIELDS:  # the caller's instance shows what is stored
        setattr(proposal, name, getattr(locked, name))
    return proposal


def _contact_email(proposal: Proposal) -> str | None:
    """The e-mail address of a person without an account whose proposal staff entered."""
    if proposal.author_id is not None or proposal.source == ProposalSource.ONLINE:
        return None
    contact = proposal.author_contact.strip()
    try:
        validate_email(contact)
    except ValidationError:
        return None
    return contact


def send_review_email(*, proposal_id: int, to: str) -> bool:
    """After the commit: tell a person without an account the decision about their
    proposal and its reason (in the site's language: we know no other). A mail server
    that is down does not fail anything: it is logged, and the decision is public on the
    proposal's page anyway. Returns whether it was sent."""
    proposal = (
        Proposal.objects.select_related("budget__project", "merged_into")
        .filter(pk=proposal_id)
        .first()
    )
    if proposal is None:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "proposal": proposal,
            "budget": proposal.budget,
            "url": settings.SITE_URL.rstrip("/") + public_proposal_url(proposal),
            "site_name": settings.SITE_NAME,
        }
        subject = _("[%(site)s] Prüfung Ihres Vorschlags „%(title)s“") % {
            "site": settings.SITE_NAME,
            "title": proposal.title,
        }
        try:
            send_mail(
                " ".join(subject.split()),
                render_to_string("budgets/review/decision_email.txt", context),
                settings.DEFAULT_FROM_EMAIL,
                [to],
            )
        except Exception:  # noqa: BLE001 - the decision stands and is public
            logger.warning("could not e-mail the review of proposal %s", proposal_id)
            return False
    return True


# --- the board's confirmation ---------------------------------------------------------------


def validate_minutes_file(file) -> None:
    """The minutes are a PDF of at most ``MINUTES_MAX_BYTES``; raise Invalid otherwise."""
    if file is None:
        raise Invalid({"minutes": [_("Bitte laden Sie das Protokoll der Sitzung als PDF hoch.")]})
    if file.size > MINUTES_MAX_BYTES:
        raise Invalid(
            {
                "minutes": [
                    _("Das Protokoll darf höchstens %(size)s MB groß sein.")
                    % {"size": MINUTES_MAX_BYTES // (1024 * 1024)}
                ]
            }
        )
    name = (getattr(file, "name", "") or "").lower()
    file.seek(0)
    head = file.read(5)
    file.seek(0)
    if not name.endswith(".pdf") or head != b"%PDF-":
        raise Invalid({"minutes": [_("Das Protokoll muss eine PDF-Datei sein.")]})


@transaction.atomic
def board_confirm(
    *,
    budget: Budget,
    by,
    meeting_date: datetime.date,
    decision: str,
    minutes_file: UploadedFile,
) -> BoardConfirmation:
    """Record the advisory board's confirmation of the ballot: the meeting date, the
    decision and the minutes (a PDF, public). Caller: holders of
    ``budgets.record_board_decision`` (``may_confirm``). Only when every proposal is
    decided (none submitted or in review). Afterwards the ballot is frozen: proposals
    change only by ``proposal_correct``. Sends ``board_confirmed``."""
    require(may_confirm(by, budget))
    _lock_budget(budget.pk)  # one at a time, and no review in between
    if BoardConfirmation.objects.filter(budget=budget).exists():
        # Recorded by someone else since this budget was loaded.
        raise Conflict(_("Die Bestätigung durch den Beirat ist bereits erfasst."))
    require(open_proposals_refusal(open_proposal_count(budget)))
    errors: dict[str, list[str]] = {}
    decision = _plain(decision)
    if not decision:
        errors["decision"] = [_("Bitte geben Sie den Beschluss des Beirats an.")]
    elif len(decision) > 5000:
        errors["decision"] = [_("Der Beschluss darf höchstens 5000 Zeichen lang sein.")]
    if meeting_date is None:
        errors["meeting_date"] = [_("Bitte geben Sie das Datum der Sitzung an.")]
    elif meeting_date > timezone.localdate():
        errors["meeting_date"] = [_("Die Sitzung kann nicht in der Zukunft liegen.")]
    try:
        validate_minutes_file(minutes_file)
    except Invalid as error:
        errors.update(error.message_dict)
    if errors:
        raise Invalid(errors)
    confirmation = BoardConfirmation(
        budget=budget,
        meeting_date=meeting_date,
        decision=decision,
        recorded_by=by,
        proposal_count=stages.ballot_proposals(budget).count(),
    )
    confirmation.minutes.save(
        f"protokoll-beirat-{budget.project.slug}.pdf", minutes_file, save=False
    )
    stored = confirmation.minutes.name
    try:
        confirmation.save()
    except Exception:
        confirmation.minutes.storage.delete(stored)
        raise
    budget.confirmation = confirmation
    events.board_confirmed.send(sender=BoardConfirmation, confirmation=confirmation, actor=by)
    return confirmation


# --- corrections after the freeze -----------------------------------------------------------


def _corrected_value(proposal: Proposal, field: str, value) -> tuple[object, str]:
    """The new value of ``field`` (checked) and its text for the log."""
    if field == "title":
        text = _plain(value)
        if not text:
            raise Invalid({"value": [_("Bitte geben Sie einen Titel an.")]})
        if len(text) > 140:
            raise Invalid({"value": [_("Der Titel darf höchstens 140 Zeichen lang sein.")]})
        return text, text
    if field == "description":
        text = _plain(value)
        if not text:
            raise Invalid({"value": [_("Bitte geben Sie eine Beschreibung an.")]})
        if len(text) > 5000:
            raise Invalid({"value": [_("Die Beschreibung darf höchstens 5000 Zeichen lang sein.")]})
        return text, text
    if field == "reviewed_cost":
        try:
            cost = int(str(value).replace(".", "").strip())
        except (TypeError, ValueError):
            raise Invalid({"value": [_("Bitte geben Sie die Kosten als ganze Euro an.")]}) from None
        if cost < 1:
            raise Invalid({"value": [_("Die Kosten müssen mindestens 1 € betragen.")]})
        cap = (
            cost_cap_error(proposal.budget, cost)
            if proposal.status == ProposalStatus.VALID
            else None
        )
        if cap:
            raise Invalid({"value": [cap]})
        return cost, str(cost)
    if field == "status":
        allowed = (ProposalStatus.VALID, ProposalStatus.INVALID)
        if proposal.status not in allowed or value not in allowed:
            raise Invalid(
                {
                    "value": [
                        _(
                            "Nach der Bestätigung kann der Status nur zwischen „zulässig“ "
                            "und „nicht zulässig“ korrigiert werden."
                        )
                    ]
                }
            )
        if value == ProposalStatus.VALID:
            cap = cost_cap_error(proposal.budget, proposal.cost)
            if cap:
                raise Invalid({"value": [cap]})
        return value, str(value)
    raise Invalid({"field": [_("Dieses Feld kann nicht korrigiert werden.")]})


def _log_value(proposal: Proposal, field: str) -> str:
    value = getattr(proposal, field)
    return "" if value is None else str(value)


@transaction.atomic
def proposal_correct(*, proposal: Proposal, by, field: str, value, reason: str) -> Correction:
    """Change one field of a proposal after the board's confirmation, with a public
    reason: title, description, reviewed cost (at most the cap for a valid proposal) or
    the status between valid and invalid (the reason then becomes the published reason
    of the review). The change and its ``Correction`` (old, new, reason, who, when) are
    written together. Caller: the budget's reviewers (``may_correct``), only after the
    freeze. Sends ``proposal_corrected``; a corrected status is told to the author like a
    review (notification, or an e-mail to the contact of a proposal entered by staff)."""
    require(may_correct(by, proposal))
    if field not in CORRECTABLE_FIELDS:
        raise Invalid({"field": [_("Dieses Feld kann nicht korrigiert werden.")]})
    reason = _plain(reason)
    if not reason:
        raise Invalid({"reason": [_("Bitte begründen Sie die Korrektur öffentlich.")]})
    locked = _locked(proposal)
    new, new_text = _corrected_value(locked, field, value)
    old_text = _log_value(locked, field)
    if old_text == new_text:
        raise Invalid({"value": [_("Der neue Wert ist derselbe wie der bisherige.")]})
    setattr(locked, field, new)
    update_fields = [field, "updated_at"]
    if field == "status":
        locked.review_reason = reason
        update_fields.append("review_reason")
    locked.save(update_fields=update_fields)
    correction = Correction.objects.create(
        proposal=locked,
        field=field,
        old_value=old_text,
        new_value=new_text,
        reason=reason,
        made_by=by,
    )
    for name in update_fields:
        setattr(proposal, name, getattr(locked, name))
    events.proposal_corrected.send(
        sender=Proposal, correction=correction, proposal=locked, actor=by
    )
    contact = _contact_email(locked) if field == "status" else None
    if contact:
        proposal_id = locked.pk
        transaction.on_commit(lambda: send_review_email(proposal_id=proposal_id, to=contact))
    return correction
