"""The count of a Bürgerbudget, its publication and the implementation of the funded
proposals. Every write of the results goes through these functions: the count page,
the admin and the API call them, so the rules (``rules.results``) hold everywhere.

A count is stored as plain JSON (``Count.result``): per proposal its rank, points (in
total, online and on paper), supporters, whether it is funded and why — the explanation
as its *untranslated* message and values, so the results page, the API and the protocol
render it in their own language (``selectors.results``).
"""

from __future__ import annotations

import datetime
import json
import logging
from collections import defaultdict
from fractions import Fraction

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import pagecache
from core.exceptions import Invalid
from core.rules import require
from projects.pagecache import PROJECTS

from .. import counting, events, stages
from ..models import (
    Ballot,
    BallotChannel,
    Budget,
    Count,
    CountingMethod,
    Funding,
    ImplementationStatus,
    ImplementationUpdate,
    Proposal,
)
from ..rules.results import may_count, may_publish_count, may_update_implementation

logger = logging.getLogger(__name__)

RESULT_VERSION = 1
# The tie rule of counting.DEFAULT_TIE_BREAK, named in the stored result and the protocol.
TIE_RULE = "points_supporters_cost_number"
UNREADABLE = gettext_lazy("Der Stimmzettel kann nicht gelesen werden.")


# --- Stored explanations ------------------------------------------------------------------


def _msgid(message) -> str:
    """The untranslated message of a ``gettext_lazy`` proxy (or a plain string)."""
    args = getattr(message, "_args", None)
    return args[0] if args else str(message)


def _amount(value):
    """An amount as JSON: whole euros as int, else rounded to the cent."""
    if value == int(value):
        return int(value)
    return round(float(Fraction(value)), 2)


def stored_explanation(explanation: counting.Explanation) -> dict:
    params = {}
    for key, value in explanation.params.items():
        if isinstance(value, counting.Euro):
            params[key] = {"euro": _amount(value.amount)}
        else:
            params[key] = value
    return {"message": _msgid(explanation.message), "params": params}


# --- Reading the ballots ------------------------------------------------------------------


def _as_ballot(choices) -> dict | None:
    """A stored ballot's choices ({"<proposal id>": points}) as {id: points}; None when
    they cannot be read (the ballot is then invalid)."""
    if not isinstance(choices, dict):
        return None
    ballot = {}
    for key, points in choices.items():
        try:
            ballot[int(key)] = points
        except (TypeError, ValueError):
            return None
    return ballot


# --- The count ----------------------------------------------------------------------------


@transaction.atomic
def count_run(*, budget: Budget, by) -> Count:
    """Count the ballots of ``budget`` by its counting method and store the outcome.

    Who: the counting team (``budgets.count_budget``), after the voting phase ended and
    once the board confirmed the ballot, while no result is published. Running it again
    before publication makes a new Count; the earlier ones stay as history.
    Reads the ballot proposals and all ballots with a fixed number of queries; a ballot
    that breaks the budget's voting rule is counted as invalid and not used.
    Notifies: nobody (publication does).
    """
    require(may_count(by, budget))
    started = timezone.now()
    amount_available = stages.available(budget)
    carried = amount_available - budget.amount
    proposals = list(
        stages.ballot_proposals(budget)
        .select_related("district")
        .only(
            "pk",
            "number",
            "title",
            "estimated_cost",
            "reviewed_cost",
            "district__name",
            "district__slug",
            "location",
        )
    )
    items = [counting.Proposal(p.pk, p.cost) for p in proposals]
    rule = stages.voting_rule(budget, available_amount=amount_available)

    valid: list[dict] = []
    channel_points: dict[str, dict[int, int]] = {
        BallotChannel.ONLINE: defaultdict(int),
        BallotChannel.PAPER: defaultdict(int),
    }
    ballots_by_channel = {BallotChannel.ONLINE: 0, BallotChannel.PAPER: 0}
    invalid_reasons: dict[str, dict] = {}
    invalid_count = 0
    turnout: dict[int | None, dict[str, int]] = defaultdict(
        lambda: {"online": 0, "paper": 0, "invalid": 0}
    )
    rows = (
        Ballot.objects.filter(budget=budget)
        .order_by("pk")
        .values_list("channel", "choices", "district_id")
        .iterator(chunk_size=2000)
    )
    for channel, choices, district_id in rows:
        channel = channel if channel in ballots_by_channel else BallotChannel.ONLINE
        ballots_by_channel[channel] += 1
        turnout[district_id][channel] += 1
        ballot = _as_ballot(choices)
        reasons = (
            [counting.Explanation(UNREADABLE)]
            if ballot is None
            else counting.validate_ballot(rule, ballot, items)
        )
        if reasons:
            invalid_count += 1
            turnout[district_id]["invalid"] += 1
            for reason in reasons:
                stored = stored_explanation(reason)
                key = json.dumps(stored, sort_keys=True)
                entry = invalid_reasons.setdefault(key, {**stored, "count": 0})
                entry["count"] += 1
            continue
        valid.append(ballot)
        for pid, points in ballot.items():
            channel_points[channel][pid] += points

    if budget.counting_method == CountingMethod.EQUAL_SHARES:
        result = counting.equal_shares(items, valid, amount_available)
    else:
        result = counting.greedy(items, valid, amount_available)

    order = sorted(
        (counting.Tally(d.proposal_id, d.cost, d.points, d.supporters) for d in result.decisions),
        key=counting.rank_key,
    )
    rank_of = {tally.id: index for index, tally in enumerate(order, start=1)}
    by_id = {p.pk: p for p in proposals}
    funded_order = {pid: index for index, pid in enumerate(result.funded, start=1)}
    entries = []
    for decision in sorted(result.decisions, key=lambda d: rank_of[d.proposal_id]):
        proposal = by_id[decision.proposal_id]
        entries.append(
            {
                "id": proposal.pk,
                "number": proposal.number,
                "title": proposal.title,
                "district": proposal.district.name if proposal.district_id else "",
                "district_slug": proposal.district.slug if proposal.district_id else "",
                "cost": decision.cost,
                "rank": rank_of[decision.proposal_id],
                "points": decision.points,
                "points_online": channel_points[BallotChannel.ONLINE][proposal.pk],
                "points_paper": channel_points[BallotChannel.PAPER][proposal.pk],
                "supporters": decision.supporters,
                "funded": decision.funded,
                "funded_order": funded_order.get(decision.proposal_id),
                "explanation": stored_explanation(decision.explanation),
            }
        )
    finished = timezone.now()
    stored = {
        "version": RESULT_VERSION,
        "method": result.method,
        "tie_rule": TIE_RULE,
        "voting_method": budget.voting_method,
        "votes_per_ballot": budget.votes_per_ballot,
        "amount": budget.amount,
        "carryover": carried,
        "available": amount_available,
        "spent": result.spent,
        "remainder": result.remainder,
        "budget_per_voter": _amount(result.budget_per_voter)
        if result.budget_per_voter is not None
        else None,
        "ballots": {
            "online": ballots_by_channel[BallotChannel.ONLINE],
            "paper": ballots_by_channel[BallotChannel.PAPER],
            "valid": len(valid),
            "invalid": invalid_count,
        },
        "invalid_reasons": sorted(invalid_reasons.values(), key=lambda r: -r["count"]),
        "turnout_by_district": [
            {"district_id": district_id, **counts} for district_id, counts in turnout.items()
        ],
        "proposals": entries,
    }
    count = Count.objects.create(
        budget=budget,
        method=result.method,
        available=amount_available,
        spent=result.spent,
        remainder=result.remainder,
        result=stored,
        ballots_online=ballots_by_channel[BallotChannel.ONLINE],
        ballots_paper=ballots_by_channel[BallotChannel.PAPER],
        ballots_invalid=invalid_count,
        counted_by=by,
        started_at=started,
        finished_at=finished,
    )
    logger.info(
        "budget %s counted (count %s): %s valid, %s invalid ballots, %s funded",
        budget.pk,
        count.pk,
        len(valid),
        invalid_count,
        len(result.funded),
    )
    return count


@transaction.atomic
def count_publish(*, count: Count, by) -> Count:
    """Publish ``count`` as the budget's result.

    Who: the counting team; only the budget's newest count, once per budget (a database
    constraint as well). Effect: the funded proposals get their ``Funding`` and the
    implementation status "planned"; the count protocol (PDF) is made and stored; the
    remainder becomes next year's carry-over (``stages.carryover``).
    Notifies: sends ``events.budget_results_published`` after commit (the followers of
    the budget's project are told).
    """
    count = Count.objects.select_for_update().select_related("budget__project").get(pk=count.pk)
    require(may_publish_count(by, count))
    count.published_at = timezone.now()
    count.published_by = by
    count.save(update_fields=["published_at", "published_by"])
    funded = [entry for entry in count.result.get("proposals", []) if entry["funded"]]
    Funding.objects.bulk_create(
        [
            Funding(count=count, proposal_id=entry["id"], amount=entry["cost"], rank=entry["rank"])
            for entry in funded
        ]
    )
    Proposal.objects.filter(pk__in=[entry["id"] for entry in funded]).update(
        implementation_status=ImplementationStatus.PLANNED,
        implementation_progress=0,
        updated_at=timezone.now(),
    )
    from ..protocol import protocol_pdf  # WeasyPrint is imported only when needed

    pdf = protocol_pdf(count)
    count.protocol.save(
        f"zaehlprotokoll-{count.budget.project.slug}-{count.pk}.pdf", ContentFile(pdf), save=True
    )
    budget = count.budget
    # The open data, the catalogue and the project pages show the results (rare: once a
    # year per budget).
    pagecache.invalidate(PROJECTS)
    transaction.on_commit(
        lambda: events.budget_results_published.send(
            sender=Count, budget=budget, count=count, actor=by
        )
    )
    logger.info("budget %s: count %s published", budget.pk, count.pk)
    return count


# --- Implementation -----------------------------------------------------------------------


def validate_implementation_update(*, date, status, progress, text) -> None:
    errors: dict[str, list[str]] = {}
    if status not in ImplementationStatus.values:
        errors["status"] = [_("Bitte wählen Sie einen Stand der Umsetzung.")]
    if not isinstance(progress, int) or not 0 <= progress <= 100:
        errors["progress"] = [_("Der Fortschritt liegt zwischen 0 und 100 Prozent.")]
    elif status == ImplementationStatus.COMPLETED and progress != 100:
        errors["progress"] = [_("Ein umgesetzter Vorschlag hat einen Fortschritt von 100 %.")]
    if not (text or "").strip():
        errors["text"] = [_("Bitte beschreiben Sie kurz, was geschehen ist.")]
    if not isinstance(date, datetime.date):
        errors["date"] = [_("Bitte geben Sie ein Datum an.")]
    elif date > timezone.localdate():
        errors["date"] = [_("Ein Stand der Umsetzung kann nicht in der Zukunft liegen.")]
    if errors:
        raise Invalid(errors)


@transaction.atomic
def implementation_update_publish(
    *, proposal: Proposal, by, date: datetime.date, status: str, progress: int, text: str
) -> ImplementationUpdate:
    """Publish a dated update on the implementation of a funded proposal.

    Who: moderators of the budget's project or the counting team; funded proposals only.
    Effect: the update joins the proposal's public history ("Was daraus wurde"); if it is
    the newest by date it becomes the proposal's current status and progress (a
    back-dated update fills in the history without overwriting a newer state).
    Notifies: nobody.
    """
    require(may_update_implementation(by, proposal))
    validate_implementation_update(date=date, status=status, progress=progress, text=text)
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    newest = (
        ImplementationUpdate.objects.filter(proposal=locked)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )
    update = ImplementationUpdate.objects.create(
        proposal=locked, date=date, status=status, progress=progress, text=text.strip(), author=by
    )
    if newest is None or date >= newest:
        locked.implementation_status = status
        locked.implementation_progress = progress
        locked.save(
            update_fields=["implementation_status", "implementation_progress", "updated_at"]
        )
        proposal.implementation_status, proposal.implementation_progress = status, progress
    pagecache.invalidate(PROJECTS)  # the open data shows the implementation state
    return update
