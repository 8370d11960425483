"""Casting, changing and withdrawing one's ballot in a Bürgerbudget (online), and what
online and paper ballots share: the ballot's rule, the mapping of proposal numbers to
the stored ids, and the one row per person.

The ballot of a person is one ``Ballot`` row per budget and person (the database's
unique constraint on ``(budget, voter_key)``); every change is a ``BallotVersion`` and
the last one counts (``Ballot.choices``, ``{"<proposal id>": points}``). Submitting the
same choices again is not a change: no version, no receipt (so 50 identical parallel
submissions store one row and one version).

Locking rule: an online cast first locks the person's user row (their requests run one
after the other, so the ``one_per_year`` check cannot be raced by a ballot in another
budget), then the ballot row (``select_for_update``); a missing row is inserted in a
savepoint and, when a parallel request inserted it first (IntegrityError), locked and
changed instead. Paper acceptance locks the sheet, then the ballot row.

Online and paper (``Budget.paper_precedence``):

* ``ONLINE_WINS`` (the default, recommended): the online ballot is the person's own,
  checked by them on the screen, tied to their confirmed identity and changeable until
  the end, while a paper sheet is read and typed by others and its voting day is not
  recorded. So an online ballot replaces a paper ballot of the same person, and a paper
  sheet entered for someone who has an online ballot is marked ``DUPLICATE`` (not
  counted).
* ``LATER_WINS``: whichever was cast later counts. A paper ballot's time is the moment
  its sheet was accepted (both entries agreed), as the sheets carry no time; an online
  ballot cast later replaces it, an accepted sheet replaces an earlier online ballot.

In both, a second paper sheet of a person who already has a paper ballot is a
``DUPLICATE``: voting twice on paper is no change of mind that anyone checked.

An online and a paper ballot meet through the register entry's keyed hash
(``voter_key``): the confirmations by the register check, by letter and by the state's
account found in the register carry it. A confirmation without one (at the desk without
the person's data, a state account not found in the register) votes under
``user:<id>`` and cannot be matched with a paper sheet; the desk should enter the
person's data so that it can.

Withdrawing (``ballot_withdraw``, "Stimmzettel zurückziehen"): while the phase is open a
person may take back their online ballot. The row is deleted with its versions: nothing
is left that could be counted or tied to the person. An empty ballot is refused (it is
no vote); withdrawing is the explicit way to have none. A paper ballot is not withdrawn
online (it was cast at a polling station); an online ballot that replaced a paper one
takes it along when withdrawn (its sheet stays marked as replaced): the person decided
last, online.

Receipts: after each change an e-mail lists the choices and says until when the ballot
can be changed (``tasks.send_ballot_receipt``, enqueued after the commit). The choices
never go to the log.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.exceptions import Invalid, Missing
from core.rules import is_active_user, require
from verification.rules import current_verification

from .. import counting, stages
from ..models import (
    Ballot,
    BallotChannel,
    BallotVersion,
    Budget,
    PaperSheet,
    PaperSheetState,
    Proposal,
    VotingMethod,
)
from ..rules.ballots import may_vote, may_withdraw_ballot, voter_key_of

logger = logging.getLogger(__name__)

voter_key = voter_key_of  # the one helper: the register entry's digest, else "user:<id>"


# --- The rule and the numbers --------------------------------------------------------------


def ballot_proposals(budget: Budget) -> list[Proposal]:
    """The proposals on the ballot, by number, with their districts."""
    return list(stages.ballot_proposals(budget).select_related("district"))


def stored_choices(choices_by_id: Mapping[int, int]) -> dict[str, int]:
    return {str(pid): points for pid, points in sorted(choices_by_id.items())}


def choices_by_number(stored: Mapping[str, int], proposals: Sequence[Proposal]) -> dict[int, int]:
    """A stored ballot (``{"<id>": points}``) by proposal number, for pages and the API."""
    number_of = {proposal.pk: proposal.number for proposal in proposals}
    return {number_of[int(pid)]: points for pid, points in stored.items() if int(pid) in number_of}


def validated_choices(
    budget: Budget, proposals: Sequence[Proposal], choices: Mapping[int, int]
) -> dict[int, int]:
    """``choices`` (proposal number → points; 0 means not chosen) as proposal id →
    points, checked by ``counting.validate_ballot`` under the budget's rule. Raises
    ``Invalid`` with the reasons."""
    by_number = {proposal.number: proposal for proposal in proposals}
    unknown = sorted(number for number in choices if number not in by_number)
    if unknown:
        raise Invalid(
            ngettext(
                "Der Vorschlag Nr. %(numbers)s steht nicht auf dem Stimmzettel.",
                "Die Vorschläge Nr. %(numbers)s stehen nicht auf dem Stimmzettel.",
                len(unknown),
            )
            % {"numbers": ", ".join(str(number) for number in unknown)},
            code="unknown_proposal",
        )
    ballot = {by_number[number].pk: points for number, points in choices.items() if points != 0}
    reasons = counting.validate_ballot(
        stages.voting_rule(budget),
        ballot,
        [counting.Proposal(id=proposal.pk, cost=proposal.cost) for proposal in proposals],
    )
    if reasons:
        raise Invalid([str(reason) for reason in reasons], code="invalid_ballot")
    return ballot


# --- One row per person ------------------------------------------------------------------


@dataclass(frozen=True)
class Stored:
    ballot: Ballot
    version: BallotVersion | None  # None: the same choices again, nothing changed
    replaced_channel: str | None = None  # the channel of the ballot this one replaced


def locked_ballot(budget: Budget, key: str) -> Ballot | None:
    return Ballot.objects.select_for_update().filter(budget=budget, voter_key=key).first()


def ballot_store(
    *,
    budget: Budget,
    key: str,
    choices: Mapping[int, int],
    channel: str,
    user=None,
    district_id: int | None = None,
    existing: Ballot | None = None,
) -> Stored:
    """Write ``choices`` (validated, proposal id → points) as the person's ballot: the
    row is created, or ``existing`` (locked by the caller) gets a new version. Callers
    hold the locks of the module's rule; the unique constraint is the last word."""
    now = timezone.now()
    stored = stored_choices(choices)
    if existing is None:
        try:
            with transaction.atomic():
                ballot = Ballot.objects.create(
                    budget=budget,
                    voter_key=key,
                    user=user,
                    channel=channel,
                    choices=stored,
                    version=1,
                    district_id=district_id,
                    cast_at=now,
                )
        except IntegrityError:
            # A parallel request created it first: change that row, under its lock.
            existing = Ballot.objects.select_for_update().get(budget=budget, voter_key=key)
        else:
            version = BallotVersion.objects.create(
                ballot=ballot, number=1, choices=stored, channel=channel, cast_at=now
            )
            return Stored(ballot, version)
    if existing.choices == stored and existing.channel == channel:
        return Stored(existing, None)
    replaced = existing.channel
    existing.version += 1
    existing.choices = stored
    existing.channel = channel
    existing.cast_at = now
    existing.user = user or existing.user
    existing.district_id = district_id if district_id is not None else existing.district_id
    existing.save(update_fields=["version", "choices", "channel", "cast_at", "user", "district"])
    version = BallotVersion.objects.create(
        ballot=existing, number=existing.version, choices=stored, channel=channel, cast_at=now
    )
    return Stored(existing, version, replaced_channel=replaced)


def _lock_user(user) -> None:
    get_user_model().objects.select_for_update(no_key=True).filter(pk=user.pk).values_list(
        "pk", flat=True
    ).get()


# --- Online ------------------------------------------------------------------------------


@transaction.atomic
def ballot_cast(*, user, budget: Budget, choices: Mapping[int, int]) -> Stored:
    """Cast or change ``user``'s ballot in ``budget``: ``choices`` maps proposal numbers
    to points (0: not chosen).

    Who and when: ``may_vote`` (board confirmed, voting open, verified e-mail, the
    phase's eligibility, the budget's vote scope), asked again under the person's lock.
    Raises NotAllowed, Closed, Conflict (one per year), Invalid (the reasons of
    ``counting.validate_ballot``; an empty ballot is refused). Effect: the person's one
    row with a new version (nothing when the choices are unchanged); a paper ballot of
    the person is replaced and its sheets marked ``DUPLICATE``; the receipt is e-mailed
    after the commit.
    """
    if not is_active_user(user):
        require(may_vote(user, budget))  # nobody to lock for: the rule says why
    _lock_user(user)
    require(may_vote(user, budget))
    proposals = ballot_proposals(budget)
    choices_by_id = validated_choices(budget, proposals, choices)
    key = voter_key(user)
    verification = current_verification(user)
    stored = ballot_store(
        budget=budget,
        key=key,
        choices=choices_by_id,
        channel=BallotChannel.ONLINE,
        user=user,
        district_id=verification.district_id if verification is not None else None,
        existing=locked_ballot(budget, key),
    )
    if stored.replaced_channel == BallotChannel.PAPER:
        PaperSheet.objects.filter(ballot=stored.ballot, state=PaperSheetState.ACCEPTED).update(
            state=PaperSheetState.DUPLICATE,
            note=_("Durch die spätere Online-Stimme derselben Person ersetzt."),
            updated_at=timezone.now(),
        )
    if stored.version is not None:
        logger.info(
            "ballot %s in budget %s: version %s (online)",
            stored.ballot.pk,
            budget.pk,
            stored.version.number,
        )
        ballot_id, number = stored.ballot.pk, stored.version.number
        transaction.on_commit(lambda: _enqueue_receipt(ballot_id, number))
    return stored


def _enqueue_receipt(ballot_id: int, number: int) -> None:
    from core.tasks import safe_delay

    from ..tasks import send_ballot_receipt

    safe_delay(send_ballot_receipt, ballot_id, number)


@transaction.atomic
def ballot_withdraw(*, user, budget: Budget) -> None:
    """Take back ``user``'s online ballot in ``budget`` while the phase is open.

    Who and when: ``may_withdraw_ballot``. Raises Missing (no ballot), Invalid (the
    ballot is a paper one: it was cast at a polling station and is not withdrawn here).
    Effect: the row and its versions are deleted (see the module docstring).
    """
    if not is_active_user(user):
        require(may_withdraw_ballot(user, budget))
    _lock_user(user)
    require(may_withdraw_ballot(user, budget))
    ballot = locked_ballot(budget, voter_key(user))
    if ballot is None:
        raise Missing(_("Sie haben in diesem Bürgerbudget keinen Stimmzettel abgegeben."))
    if ballot.channel == BallotChannel.PAPER:
        raise Invalid(
            _(
                "Ihr Stimmzettel wurde auf Papier abgegeben und kann hier nicht zurückgezogen "
                "werden. Sie können ihn aber online ändern."
            ),
            code="paper",
        )
    ballot.delete()
    logger.info("ballot in budget %s withdrawn", budget.pk)


def ballot_of(user, budget: Budget) -> Ballot | None:
    """The person's ballot in ``budget`` (online or paper), or None."""
    if not is_active_user(user):
        return None
    return Ballot.objects.filter(budget=budget, voter_key=voter_key(user)).first()


# --- The receipt -------------------------------------------------------------------------


def ballot_receipt_send(*, ballot_id: int, number: int) -> bool:
    """E-mail the receipt of version ``number`` of a ballot to its person: the choices
    by proposal, the version, and until when it can be changed. Nothing is sent when the
    ballot was withdrawn or changed again since (that change sends its own receipt), or
    when it has no person with an address (a paper ballot). Returns whether a mail went
    out."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils import translation

    ballot = Ballot.objects.select_related("user", "budget__project").filter(pk=ballot_id).first()
    if ballot is None or ballot.version != number or ballot.user is None or not ballot.user.email:
        return False
    budget = ballot.budget
    user = ballot.user
    proposals = {proposal.pk: proposal for proposal in ballot_proposals(budget)}
    lines = [
        (proposals[int(pid)], points)
        for pid, points in ballot.choices.items()
        if int(pid) in proposals
    ]
    lines.sort(key=lambda line: line[0].number)
    phase = stages.voting_phase(budget)
    with translation.override(getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "budget": budget,
            "ballot": ballot,
            "lines": lines,
            "cumulative": budget.voting_method == VotingMethod.CUMULATIVE,
            "ends": timezone.localtime(phase.end) if phase else None,
            "url": settings.SITE_URL.rstrip("/")
            + reverse("budgets:ballot", kwargs={"slug": budget.project.slug}),
            "site_name": settings.SITE_NAME,
        }
        send_mail(
            _("[%(site)s] Ihr Stimmzettel für „%(title)s“")
            % {"site": settings.SITE_NAME, "title": budget.project.title},
            render_to_string("budgets/ballots/receipt_email.txt", context),
            settings.DEFAULT_FROM_EMAIL,
            [user.email],
        )
    logger.info("ballot %s: receipt of version %s sent", ballot.pk, number)
    return True
