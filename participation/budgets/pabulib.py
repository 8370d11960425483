"""The Pabulib (.pb) export of a Bürgerbudget: proposals and anonymous ballots for research.

The format (https://pabulib.org/format): three ``;``-separated sections, ``META`` (key;
value), ``PROJECTS`` and ``VOTES``. Voter ids are the ballot's position (1, 2, …), never a
person's id; ballots are written in the order given, so the caller shuffles or sorts them
when the order could tell something (e.g. the order of submission). Pure: it returns the
file's text and touches no database.

``selected`` (from a ``counting.Result``) marks funded proposals with 1, so pabulib-checker
can compare the declared rule with the outcome. ``rule`` is ``greedy`` for our greedy
(the checker recomputes it), ``unknown`` for Equal Shares with a ``comment`` naming it
(see ``_rule_name``), and ``unknown`` when no result is given (an export during voting).
Proposals are listed by rank (see ``counting.rank_key``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .counting import Ballot, Proposal, Result, Tally, rank_key

VOTE_TYPES = ("cumulative", "approval")


@dataclass(frozen=True)
class Election:
    """What Pabulib's META section asks for beyond the proposals and ballots."""

    description: str
    instance: str  # the year or edition, e.g. "2025"
    budget: int
    date_begin: datetime.date
    date_end: datetime.date
    vote_type: str = "cumulative"
    max_sum_points: int | None = 5  # cumulative: the points of a ballot
    max_length: int | None = None  # approval: the most proposals of a ballot
    country: str = "Germany"
    unit: str = "Jena"
    subunit: str | None = None  # a district's own budget
    language: str = "de"
    currency: str = "EUR"


def _clean(value: object) -> str:
    """A field without the separators of the format (``;`` and newlines)."""
    return " ".join(str(value).replace(";", ",").split())


def to_pabulib(
    election: Election,
    proposals: Sequence[Proposal],
    ballots: Iterable[Ballot],
    *,
    names: Mapping[int, str] | None = None,
    result: Result | None = None,
) -> str:
    """The .pb file of an election as text (UTF-8 when written)."""
    if election.vote_type not in VOTE_TYPES:
        raise ValueError(f"vote_type must be one of {VOTE_TYPES}")
    ballots = list(ballots)
    names = names or {}
    points: dict[int, int] = {p.id: 0 for p in proposals}
    votes: dict[int, int] = {p.id: 0 for p in proposals}
    for ballot in ballots:
        for pid, value in ballot.items():
            points[pid] += value
            votes[pid] += 1

    meta: list[tuple[str, object]] = [
        ("description", election.description),
        ("country", election.country),
        ("unit", election.unit),
    ]
    if election.subunit:
        meta.append(("subunit", election.subunit))
    meta += [
        ("instance", election.instance),
        ("num_projects", len(proposals)),
        ("num_votes", len(ballots)),
        ("budget", election.budget),
        ("vote_type", election.vote_type),
        ("rule", _rule_name(result, election.vote_type)),
        ("date_begin", election.date_begin.strftime("%d.%m.%Y")),
        ("date_end", election.date_end.strftime("%d.%m.%Y")),
    ]
    if election.vote_type == "cumulative" and election.max_sum_points is not None:
        meta.append(("max_sum_points", election.max_sum_points))
    if election.vote_type == "approval" and election.max_length is not None:
        meta.append(("max_length", election.max_length))
    meta += [("language", election.language), ("currency", election.currency)]
    if result is not None and result.method == "equal_shares":
        meta.append(
            ("comment", "#1: Method of Equal Shares, add1 completion, then greedy by votes")
        )

    lines = ["META", "key;value"]
    lines += [f"{key};{_clean(value)}" for key, value in meta]

    funded = set(result.funded) if result else set()
    lines.append("PROJECTS")
    columns = ["project_id", "cost", "votes"]
    if election.vote_type == "cumulative":
        columns.append("score")
    columns.append("name")
    if result is not None:
        columns.append("selected")
    lines.append(";".join(columns))
    # Ranked as counting.py ranks them (points, supporters, cost, id): pabulib-checker
    # verifies "greedy" by a stable sort on the score, so ties keep this file order.
    ranked = sorted(
        proposals, key=lambda p: rank_key(Tally(p.id, p.cost, points[p.id], votes[p.id]))
    )
    for proposal in ranked:
        row = [str(proposal.id), str(proposal.cost), str(votes[proposal.id])]
        if election.vote_type == "cumulative":
            row.append(str(points[proposal.id]))
        row.append(_clean(names.get(proposal.id) or f"Vorschlag {proposal.id}"))
        if result is not None:
            row.append("1" if proposal.id in funded else "0")
        lines.append(";".join(row))

    lines.append("VOTES")
    if election.vote_type == "cumulative":
        lines.append("voter_id;vote;points")
    else:
        lines.append("voter_id;vote")
    for number, ballot in enumerate(ballots, start=1):
        # Pabulib lists a cumulative ballot's proposals by points, highest first.
        items = sorted(ballot.items(), key=lambda item: (-item[1], item[0]))
        vote = ",".join(str(pid) for pid, _points in items)
        if election.vote_type == "cumulative":
            given = ",".join(str(value) for _pid, value in items)
            lines.append(f"{number};{vote};{given}")
        else:
            lines.append(f"{number};{vote}")
    return "\n".join(lines) + "\n"


def _rule_name(result: Result | None, vote_type: str) -> str:
    if result is None:
        return "unknown"
    if result.method == "greedy":
        return "greedy"
    # pabulib-checker recomputes "equalshares/add1" for approval ballots only, without our
    # greedy completion and with its own tie rule, so it would call a correct count wrong;
    # the comment names the method instead.
    return "unknown"
