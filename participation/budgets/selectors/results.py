"""Reads of the results: the published count of a budget, its table in the active
language, the turnout, the map and "what became of it". Pages, the API, the protocol
and the open data read here, each with a fixed number of queries whatever the number of
proposals or ballots (the count is one stored JSON document).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext

from core.translation import localized
from geo.models import District

from .. import counting, stages
from ..models import (
    Ballot,
    Budget,
    Count,
    ImplementationStatus,
    ImplementationUpdate,
    Proposal,
)


def budget_by_slug(slug: str) -> Budget:
    """The budget of the project ``slug`` with its project and phases (raises
    ``Budget.DoesNotExist``)."""
    return (
        Budget.objects.select_related("project", "carried_from")
        .prefetch_related("project__phases")
        .get(project__slug=slug)
    )


def published_count(budget: Budget) -> Count | None:
    return (
        Count.objects.filter(budget=budget, published_at__isnull=False)
        .select_related("counted_by", "published_by")
        .first()
    )


def counts_of(budget: Budget) -> list[Count]:
    """Every count of the budget, newest first (the history of the count page)."""
    return list(
        Count.objects.filter(budget=budget)
        .select_related("counted_by", "published_by")
        .order_by("-finished_at", "-pk")
    )


# --- Rendering the stored explanations ----------------------------------------------------


def _param(value) -> str:
    if isinstance(value, dict) and "euro" in value:
        return str(counting.Euro(value["euro"]))
    return str(value)


def render_explanation(stored: dict | None) -> str:
    """A stored explanation ({"message": msgid, "params": {…}}) in the active language."""
    if not stored:
        return ""
    text = gettext(stored["message"])
    params = {key: _param(value) for key, value in (stored.get("params") or {}).items()}
    try:
        return text % params if params else text
    except (KeyError, ValueError, TypeError):  # a translation that lost a placeholder
        return stored["message"] % params if params else stored["message"]


def method_label(method: str) -> str:
    from ..models import CountingMethod

    return str(dict(CountingMethod.choices).get(method, method))


TIE_RULE_TEXT = (
    "Bei gleicher Punktzahl entscheidet die größere Zahl der Unterstützenden, dann die "
    "niedrigeren Kosten, dann die niedrigere Nummer des Vorschlags (Reihenfolge der "
    "Einreichung); das Los entscheidet nie."
)


def tie_rule_text() -> str:
    return gettext(TIE_RULE_TEXT)


# --- The results table --------------------------------------------------------------------


@dataclass
class Row:
    id: int
    number: int
    title: str
    district: str
    district_slug: str
    cost: int
    rank: int
    points: int
    points_online: int
    points_paper: int
    supporters: int
    funded: bool
    explanation: str
    location: dict | None = None
    implementation_status: str = ""
    implementation_label: str = ""
    implementation_progress: int = 0
    updates: list = field(default_factory=list)
    easy_summary: str = ""


def result_rows(count: Count) -> list[Row]:
    """The stored table, by rank, with the explanations in the active language."""
    return [
        Row(
            id=entry["id"],
            number=entry["number"],
            title=entry["title"],
            district=entry.get("district", ""),
            district_slug=entry.get("district_slug", ""),
            cost=entry["cost"],
            rank=entry["rank"],
            points=entry["points"],
            points_online=entry.get("points_online", 0),
            points_paper=entry.get("points_paper", 0),
            supporters=entry.get("supporters", 0),
            funded=entry["funded"],
            explanation=render_explanation(entry.get("explanation")),
        )
        for entry in count.result.get("proposals", [])
    ]


@dataclass
class Turnout:
    online: int
    paper: int
    invalid: int
    total: int
    by_district: list[dict]


def turnout(count: Count) -> Turnout:
    """Ballots per channel, and per district of the voters (one query for the names)."""
    rows = count.result.get("turnout_by_district", [])
    ids = [row["district_id"] for row in rows if row["district_id"] is not None]
    names = dict(District.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
    by_district = sorted(
        (
            {
                "name": names.get(row["district_id"], "") or gettext("ohne Angabe des Ortsteils"),
                "known": row["district_id"] is not None,
                "online": row.get("online", 0),
                "paper": row.get("paper", 0),
                "invalid": row.get("invalid", 0),
                "total": row.get("online", 0) + row.get("paper", 0),
            }
            for row in rows
        ),
        key=lambda row: (not row["known"], row["name"]),
    )
    return Turnout(
        online=count.ballots_online,
        paper=count.ballots_paper,
        invalid=count.ballots_invalid,
        total=count.ballots_online + count.ballots_paper,
        by_district=by_district,
    )


def attach_implementation(rows: list[Row], *, with_updates: bool = True) -> list[Row]:
    """Adds the location, the summary in Leichte Sprache, the current implementation
    state and (``with_updates``) the dated updates, newest first, of the proposals in
    ``rows`` (one or two queries)."""
    ids = [row.id for row in rows]
    queryset = Proposal.objects.filter(pk__in=ids).only(
        "pk", "location", "easy_summary", "implementation_status", "implementation_progress"
    )
    if with_updates:
        queryset = queryset.prefetch_related(
            Prefetch(
                "implementation_updates",
                queryset=ImplementationUpdate.objects.order_by("-date", "-pk"),
            )
        )
    proposals = {p.pk: p for p in queryset}
    labels = dict(ImplementationStatus.choices)
    for row in rows:
        proposal = proposals.get(row.id)
        if proposal is None:  # deleted since the count: the stored row stands alone
            continue
        row.location = proposal.location or None
        row.easy_summary = proposal.easy_summary
        row.implementation_status = proposal.implementation_status
        row.implementation_label = str(labels.get(proposal.implementation_status, ""))
        row.implementation_progress = proposal.implementation_progress
        row.updates = list(proposal.implementation_updates.all()) if with_updates else []
    return rows


def map_features(rows: list[Row]) -> dict:
    """The proposals with a place as a GeoJSON FeatureCollection for the results map."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": row.location,
                "properties": {
                    "number": row.number,
                    "title": row.title,
                    "funded": row.funded,
                },
            }
            for row in rows
            if row.location
        ],
    }


def districts_of(rows: list[Row]) -> list[tuple[str, str]]:
    """(slug, name) of the districts the proposals are in, by name (the filter)."""
    return sorted(
        {(row.district_slug, row.district) for row in rows if row.district_slug},
        key=lambda item: item[1],
    )


# --- Pabulib ------------------------------------------------------------------------------


def pabulib_text(count: Count) -> str:
    """The .pb file of a published count: the ballot proposals and the valid ballots,
    anonymous (voter ids 1…n in random order, no key, user or date), with the funded
    proposals marked."""
    from .. import pabulib
    from ..services.counting import _as_ballot

    budget = count.budget
    entries = count.result.get("proposals", [])
    items = [counting.Proposal(entry["id"], entry["cost"]) for entry in entries]
    rule = stages.voting_rule(budget, available_amount=count.available)
    ballots = []
    for choices in Ballot.objects.filter(budget=budget).values_list("choices", flat=True):
        ballot = _as_ballot(choices)
        if ballot is not None and not counting.validate_ballot(rule, ballot, items):
            ballots.append(ballot)
    random.SystemRandom().shuffle(ballots)
    funded = tuple(entry["id"] for entry in entries if entry["funded"])
    result = counting.Result(
        method=count.method,
        budget=count.available,
        funded=funded,
        spent=count.spent,
        remainder=count.remainder,
        decisions=(),
    )
    voting = stages.voting_phase(budget)
    approval = budget.voting_method != "cumulative"
    election = pabulib.Election(
        description=f"{budget.project.title} ({budget.year})",
        instance=str(budget.year),
        budget=count.available,
        date_begin=(voting.start if voting else count.started_at).date(),
        date_end=(voting.end if voting else count.finished_at).date(),
        vote_type="approval" if approval else "cumulative",
        max_sum_points=None if approval else budget.votes_per_ballot,
        max_length=budget.votes_per_ballot if budget.voting_method == "approval" else None,
    )
    names = {entry["id"]: entry["title"] for entry in entries}
    return pabulib.to_pabulib(election, items, ballots, names=names, result=result)


# --- Open data ----------------------------------------------------------------------------


def published_counts() -> QuerySet[Count]:
    """The published counts of all budgets of published projects, newest year first."""
    return (
        Count.objects.filter(published_at__isnull=False, budget__project__status="published")
        .select_related("budget__project")
        .order_by("-budget__year", localized("budget__project__title"))
    )


def open_data_rows() -> Iterator[tuple[Count, Row]]:
    """Every proposal of every published result, with its place and implementation
    state: (count, row). Two queries whatever the number of budgets and proposals."""
    counts = list(published_counts())
    rows_by_count = [(count, result_rows(count)) for count in counts]
    attach_implementation(
        [row for _count, rows in rows_by_count for row in rows], with_updates=False
    )
    for count, rows in rows_by_count:
        for row in rows:
            yield count, row


def results_modified():
    """When the published results or the implementation of their funded proposals last
    changed (one query)."""
    from django.db.models import Max

    moments = Count.objects.filter(published_at__isnull=False).aggregate(
        published=Max("published_at"),
        update=Max("fundings__proposal__implementation_updates__created_at"),
    )
    found = [m for m in moments.values() if m is not None]
    return max(found) if found else None
