"""Paper ballots: staff enter each sheet of a polling station twice, independently.

The entering person types the voter's data as written on the sheet (name, date of
birth, address) and the choices. The data are looked up in the population register
(``VERIFICATION_REGISTER_BACKEND``, as the register check of residents does, but for
staff and without a resident's rate limits) and then dropped: only the register entry's
keyed hash (the voter key, the same as a verified resident's online key) and the
district are kept, in the ``PaperEntry``. Neither the data nor the choices go to the log.

The voter must be found in the register, be old enough on the voting phase's key date,
live in an eligible district and be allowed in this budget by its ``vote_scope``.

A sheet (``PaperSheet``, unique per polling station and sheet number):

* first entry → ``AWAITING_SECOND``; the same person cannot enter it again (the
  database's constraint on sheet and person, and a clear refusal before it);
* second entry by another person: both agree (the same voter key and the same choices,
  or both marked invalid) → accepted as the person's ``Ballot`` (channel paper) under
  the budget's precedence (``services.ballots``), or ``DUPLICATE`` when the person's
  online ballot wins or they already have a paper ballot; both invalid → ``INVALID``;
  they differ → ``MISMATCH``, flagged on the list of sheets;
* a mismatch is resolved by a third person (a supervisor: paper staff who made neither
  entry) whose entry decides — accepted, or invalid with a reason.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Case, Count, IntegerField, Value, When
from django.utils.translation import gettext as _

from core.exceptions import Conflict, Invalid
from core.rules import Refusal, require
from geo.models import District
from projects.eligibility import requirement
from verification.backends import RegisterUnavailable, register_backend
from verification.person import Person, age_on

from .. import stages
from ..models import (
    BallotChannel,
    Budget,
    PaperEntry,
    PaperPrecedence,
    PaperSheet,
    PaperSheetState,
    PollingStation,
)
from ..rules.ballots import may_enter_paper, scope_refusal
from .ballots import ballot_proposals, ballot_store, locked_ballot, validated_choices

logger = logging.getLogger(__name__)

CLOSED_STATES = (PaperSheetState.ACCEPTED, PaperSheetState.DUPLICATE, PaperSheetState.INVALID)


@dataclass(frozen=True)
class PaperVoter:
    key: str
    district_id: int | None


def paper_voter(*, budget: Budget, person: Person) -> PaperVoter:
    """The voter of a sheet, found in the register: their key and district. Raises
    ``Invalid`` (keyed by the form's fields where one is to blame) when the person is not
    found, not old enough, not in an eligible district or not allowed in this budget."""
    try:
        answer = register_backend().lookup(person)
    except RegisterUnavailable:
        logger.warning("paper entry in budget %s: register unavailable", budget.pk)
        raise Invalid(
            _("Das Melderegister ist gerade nicht erreichbar. Bitte versuchen Sie es später.")
        ) from None
    if answer is None:
        raise Invalid(
            _(
                "Die Person wurde mit diesen Angaben nicht (oder nicht eindeutig) im "
                "Melderegister gefunden. Bitte prüfen Sie Name, Geburtsdatum und Anschrift; "
                "ist der Zettel nicht lesbar, erfassen Sie ihn als ungültig."
            ),
            code="not_found",
        )
    district = (
        District.objects.filter(slug=answer.district_slug).only("pk", "name").first()
        if answer.district_slug
        else None
    )
    district_id = district.pk if district else None
    needed = requirement(stages.voting_phase(budget), "votes")
    if needed is not None and needed.min_age and needed.key_date:
        if age_on(person.date_of_birth, needed.key_date) < needed.min_age:
            raise Invalid(
                {
                    "date_of_birth": [
                        _("Die Person ist am Stichtag %(date)s noch keine %(age)d Jahre alt.")
                        % {"date": needed.key_date.strftime("%d.%m.%Y"), "age": needed.min_age}
                    ]
                },
                code="too_young",
            )
    if needed is not None and needed.districts and district_id not in needed.districts:
        raise Invalid(
            _("Die Person wohnt nicht in einem Ortsteil, der hier abstimmen darf."),
            code="district",
        )
    refusal = scope_refusal(budget, voter_key=answer.entry_digest, district_id=district_id)
    if refusal is not None:
        raise Invalid(refusal.message, code=refusal.code)
    return PaperVoter(answer.entry_digest, district_id)


@dataclass(frozen=True)
class SheetResult:
    sheet: PaperSheet
    entry: PaperEntry
    decided: bool  # this entry decided the sheet (second entry or a resolution)


def _sheet_for_update(station: PollingStation, sheet_number: str) -> PaperSheet:
    sheet = (
        PaperSheet.objects.select_for_update()
        .filter(station=station, sheet_number=sheet_number)
        .first()
    )
    if sheet is not None:
        return sheet
    try:
        with transaction.atomic():
            return PaperSheet.objects.create(station=station, sheet_number=sheet_number)
    except IntegrityError:
        return PaperSheet.objects.select_for_update().get(
            station=station, sheet_number=sheet_number
        )


@transaction.atomic
def paper_entry_create(
    *,
    by,
    budget: Budget,
    station: PollingStation,
    sheet_number: str,
    person: Person | None = None,
    choices: Mapping[int, int] | None = None,
    invalid_reason: str = "",
) -> SheetResult:
    """``by`` enters a paper sheet: the voter (``person``, as on the sheet) and the
    ``choices`` (proposal number → points), or ``invalid_reason`` for a sheet that is
    not valid (unreadable, too many votes, no person).

    Who and when: ``may_enter_paper``. Raises NotAllowed, Closed, Invalid (the station
    is not this budget's, the voter's lookup, choices that break the rule: staff then
    enter the sheet as invalid), Conflict (the sheet is decided, or ``by`` entered it
    already, or a mismatch is to be resolved by a third person). Effect: see the
    module docstring.
    """
    require(may_enter_paper(by, budget))
    if station.budget_id != budget.pk:
        raise Invalid({"station": [_("Dieser Abstimmungsort gehört nicht zu diesem Budget.")]})
    sheet_number = (sheet_number or "").strip()
    if not sheet_number:
        raise Invalid({"sheet_number": [_("Bitte geben Sie die Nummer des Zettels an.")]})
    invalid_reason = (invalid_reason or "").strip()
    voter = None
    choices_by_id: dict[int, int] = {}
    if not invalid_reason:
        if person is None:
            raise Invalid(
                _("Bitte erfassen Sie die Person oder den Zettel als ungültig mit einem Grund.")
            )
        proposals = ballot_proposals(budget)
        try:
            choices_by_id = validated_choices(budget, proposals, choices or {})
        except Invalid as error:
            raise Invalid(
                [
                    *error.messages,
                    _("Ist der Zettel so ausgefüllt, erfassen Sie ihn bitte als ungültig."),
                ],
                code="invalid_ballot",
            ) from None
        voter = paper_voter(budget=budget, person=person)

    sheet = _sheet_for_update(station, sheet_number)
    if sheet.state in CLOSED_STATES:
        raise Conflict(
            _("Dieser Zettel ist bereits abgeschlossen (%(state)s).")
            % {"state": sheet.get_state_display()},
            code="duplicate",
        )
    entries = list(sheet.entries.all())
    if any(entry.entered_by_id == by.pk for entry in entries):
        if sheet.state == PaperSheetState.MISMATCH:
            message = _(
                "Diese Abweichung klärt eine dritte Person, die den Zettel noch nicht erfasst hat."
            )
        else:
            message = _(
                "Sie haben diesen Zettel schon erfasst. Die zweite Erfassung macht eine andere "
                "Person, unabhängig von Ihrer."
            )
        raise Conflict(message, code="duplicate")
    try:
        with transaction.atomic():
            entry = PaperEntry.objects.create(
                sheet=sheet,
                entered_by=by,
                voter_key=voter.key if voter else "",
                district_id=voter.district_id if voter else None,
                choices={str(pid): points for pid, points in sorted(choices_by_id.items())},
                marked_invalid=bool(invalid_reason),
                invalid_reason=invalid_reason[:200],
            )
    except IntegrityError:
        raise Conflict(_("Sie haben diesen Zettel schon erfasst."), code="duplicate") from None

    decided = True
    if sheet.state == PaperSheetState.MISMATCH:
        _decide(sheet, entry, resolved_by=by)
    elif not entries:
        decided = False
    elif _agree(entries[0], entry):
        _decide(sheet, entry)
    else:
        sheet.state = PaperSheetState.MISMATCH
        sheet.note = _mismatch_note(entries[0], entry)
        sheet.save(update_fields=["state", "note", "updated_at"])
    logger.info(
        "paper sheet %s in budget %s: entry %s, state %s",
        sheet.pk,
        budget.pk,
        entry.pk,
        sheet.state,
    )
    return SheetResult(sheet, entry, decided)


def _agree(first: PaperEntry, second: PaperEntry) -> bool:
    if first.marked_invalid or second.marked_invalid:
        return first.marked_invalid and second.marked_invalid
    return first.voter_key == second.voter_key and first.choices == second.choices


def _mismatch_note(first: PaperEntry, second: PaperEntry) -> str:
    """What differs (never the data themselves)."""
    if first.marked_invalid != second.marked_invalid:
        return _("Eine Erfassung sagt „ungültig“, die andere nicht.")
    differences = []
    if first.voter_key != second.voter_key:
        differences.append(_("die Person"))
    if first.choices != second.choices:
        differences.append(_("die Stimmen"))
    return _("Die beiden Erfassungen weichen ab: %(what)s.") % {"what": ", ".join(differences)}


def _decide(sheet: PaperSheet, entry: PaperEntry, *, resolved_by=None) -> None:
    """The sheet's outcome from ``entry`` (the agreed or the deciding one)."""
    sheet.resolved_by = resolved_by
    if entry.marked_invalid:
        sheet.state = PaperSheetState.INVALID
        sheet.note = entry.invalid_reason
        sheet.save(update_fields=["state", "note", "resolved_by", "updated_at"])
        return
    budget = sheet.station.budget
    refusal = scope_refusal(budget, voter_key=entry.voter_key, district_id=entry.district_id)
    if refusal is not None:
        _duplicate(sheet, refusal.message)
        return
    existing = locked_ballot(budget, entry.voter_key)
    if existing is not None and existing.channel == BallotChannel.PAPER:
        _duplicate(sheet, _("Für diese Person wurde schon ein Papierstimmzettel gezählt."))
        return
    if existing is not None and budget.paper_precedence == PaperPrecedence.ONLINE_WINS:
        _duplicate(sheet, _("Die Person hat online abgestimmt; die Online-Stimme gilt."))
        return
    stored = ballot_store(
        budget=budget,
        key=entry.voter_key,
        choices={int(pid): points for pid, points in entry.choices.items()},
        channel=BallotChannel.PAPER,
        district_id=entry.district_id,
        existing=existing,
    )
    sheet.state = PaperSheetState.ACCEPTED
    sheet.ballot = stored.ballot
    sheet.note = (
        _("Ersetzt die frühere Online-Stimme der Person (die spätere Stimme gilt).")
        if existing is not None
        else ""
    )
    sheet.save(update_fields=["state", "ballot", "note", "resolved_by", "updated_at"])


def _duplicate(sheet: PaperSheet, note: str) -> None:
    sheet.state = PaperSheetState.DUPLICATE
    sheet.note = note
    sheet.save(update_fields=["state", "note", "resolved_by", "updated_at"])


# --- Reads for the list of sheets -----------------------------------------------------------

STATE_ORDER = [
    PaperSheetState.MISMATCH,
    PaperSheetState.AWAITING_SECOND,
    PaperSheetState.DUPLICATE,
    PaperSheetState.INVALID,
    PaperSheetState.ACCEPTED,
]


def sheets_of(budget: Budget, *, state: str = "", station_id: int | None = None):
    """The sheets of ``budget``, mismatches first, then waiting ones, newest first."""
    sheets = PaperSheet.objects.filter(station__budget=budget)
    if state:
        sheets = sheets.filter(state=state)
    if station_id:
        sheets = sheets.filter(station_id=station_id)
    return (
        sheets.select_related("station", "resolved_by")
        .prefetch_related("entries")
        .annotate(
            entry_count=Count("entries"),
            priority=Case(
                *(When(state=s, then=Value(i)) for i, s in enumerate(STATE_ORDER)),
                output_field=IntegerField(),
            ),
        )
        .order_by("priority", "-updated_at", "pk")
    )


def sheet_counts(budget: Budget) -> dict:
    """Counts per state (all stations) and per station and state."""
    rows = (
        PaperSheet.objects.filter(station__budget=budget)
        .values("station_id", "state")
        .annotate(n=Count("pk"))
    )
    per_state = {state: 0 for state in STATE_ORDER}
    per_station: dict[int, dict[str, int]] = {}
    for row in rows:
        per_state[row["state"]] = per_state.get(row["state"], 0) + row["n"]
        per_station.setdefault(row["station_id"], {s: 0 for s in STATE_ORDER})[row["state"]] = row[
            "n"
        ]
    return {"per_state": per_state, "per_station": per_station}


def refusal_for_sheet(sheet: PaperSheet, user) -> Refusal | None:
    """Why ``user`` cannot make the next entry of ``sheet`` (for the list's links)."""
    if sheet.state in CLOSED_STATES:
        return Refusal("invalid", _("abgeschlossen"))
    if any(entry.entered_by_id == user.pk for entry in sheet.entries.all()):
        return Refusal("duplicate", _("von Ihnen schon erfasst"))
    return None
