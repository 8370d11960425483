"""The counting of a Bürgerbudget: which proposals are funded, and why.

Pure functions over plain dataclasses: no models, no database, no clock. The app's models
(a later step) turn their rows into ``Proposal`` objects and ballots and store the
``Result``; the count protocol and the results page print its ``decisions``.

Units
    Money is in **whole euros** (``int``). The city's budgets, caps and reviewed costs are
    set in whole euros, and Pabulib files (``pabulib.py``) carry integer costs in the
    currency's unit; cents would only add digits that nobody decides on. The "add1"
    completion of Equal Shares adds 1 € per voter per step (see ``equal_shares``).

Ballots
    A ballot is ``{proposal_id: points}`` with positive integer points. Cumulative (Jena:
    5 points, any number on one proposal), approval (at most n proposals, 1 point each)
    and knapsack (proposals whose costs fit the budget, 1 point each) ballots are all
    counted the same way: a proposal's points are the sum of its points over the ballots,
    its supporters the ballots that give it at least one point. ``validate_ballot`` says
    why a ballot breaks its voting rule; the counting functions take valid ballots only.

The order of proposals (both methods)
    More points first. Ties: more supporters (broader support: a cumulative ballot may put
    all its points on one proposal), then the lower cost (more money left for others),
    then the lower id (submission order, so the result never depends on chance).
    ``DEFAULT_TIE_BREAK``; pass another ``tie_break`` to change it.

Proposals without any point are never funded, whatever money is left (pabutools' greedy
would still take them if they fit; the equivalence tests leave them out of its instance).

Both methods give the same results as ``pabutools`` 1.2.3, the field's reference
implementation (tests/budgets/test_counting.py proves it on hand-made and generated
elections): ``greedy`` equals ``greedy_utilitarian_welfare`` with a satisfaction of
points × cost (its ratio "satisfaction per euro" is then the points), ``equal_shares``
equals ``completion_by_rule_combination`` of ``method_of_equal_shares`` (satisfaction =
points, ``voter_budget_increment=1``) and that greedy, with the tie rule above.

Arithmetic is exact (``fractions.Fraction``, or gmpy2's ``mpq`` when installed: the same
values, faster): a count protocol must come out the same on every machine.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

try:  # the same exact rationals as Fraction, computed in C (a pabutools dependency)
    from gmpy2 import mpq as _rational
except ImportError:  # pragma: no cover - the pure Python fallback gives identical results
    _rational = Fraction

Ballot = Mapping[int, int]


class Rule(enum.StrEnum):
    CUMULATIVE = "cumulative"
    APPROVAL = "approval"
    KNAPSACK = "knapsack"


@dataclass(frozen=True)
class VotingRule:
    """How a ballot may look.

    ``points``: the points of a cumulative ballot (Jena: 5) or the most proposals an
    approval ballot may choose. ``budget``: the money a knapsack ballot's choice must fit.
    """

    kind: Rule
    points: int | None = None
    budget: int | None = None


@dataclass(frozen=True)
class Proposal:
    """A proposal on the ballot.

    ``cost``: the reviewed cost in whole euros (> 0). ``votes``: points counted outside the
    individual ballots (e.g. a polling station's sheet entered only as sums); ``greedy``
    adds them to the ballots' points, ``equal_shares`` needs every ballot and refuses them.
    """

    id: int
    cost: int
    votes: int | None = None


@dataclass(frozen=True)
class Tally:
    """A proposal's count: what the tie rule and the explanations see."""

    id: int
    cost: int
    points: int
    supporters: int


def DEFAULT_TIE_BREAK(tally: Tally) -> tuple:  # noqa: N802 - a constant that is a function
    """More supporters, then the lower cost, then the lower id (see the module docstring)."""
    return (-tally.supporters, tally.cost, tally.id)


def rank_key(tally: Tally, tie_break: Callable[[Tally], tuple] = DEFAULT_TIE_BREAK) -> tuple:
    return (-tally.points, *tie_break(tally))


class Euro:
    """An amount of money, formatted in the language active when it is shown."""

    def __init__(self, amount) -> None:
        self.amount = amount

    def __str__(self) -> str:
        amount = self.amount
        if amount == int(amount):
            text = formats.number_format(int(amount), use_l10n=True, force_grouping=True)
        else:
            text = formats.number_format(
                round(float(amount), 2), decimal_pos=2, use_l10n=True, force_grouping=True
            )
        return f"{text}\u00a0€"


@dataclass(frozen=True)
class Explanation:
    """A translatable sentence with its values, rendered in the active language.

    ``str(explanation)`` translates the message at that moment (gettext_lazy) and fills in
    the values (amounts through ``Euro``), so a stored result reads in German or English.
    """

    message: Promise | str
    params: Mapping[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        return str(self.message) % {key: str(value) for key, value in self.params.items()}


@dataclass(frozen=True)
class Decision:
    proposal_id: int
    funded: bool
    points: int
    supporters: int
    cost: int
    explanation: Explanation


@dataclass(frozen=True)
class Result:
    """The outcome of a count.

    ``funded``: the proposal ids in the order the method chose them. ``decisions``: one per
    proposal, the funded ones first in that order, then the others by rank.
    ``remainder``: the money left, carried over to next year's budget.
    """

    method: str
    budget: int
    funded: tuple[int, ...]
    spent: int
    remainder: int
    decisions: tuple[Decision, ...]
    # Equal Shares: the money per voter the returned outcome was computed with.
    budget_per_voter: Fraction | None = None

    def decision(self, proposal_id: int) -> Decision:
        return next(d for d in self.decisions if d.proposal_id == proposal_id)


# --- Ballot validation --------------------------------------------------------------------


def validate_ballot(
    rule: VotingRule, ballot: Ballot, proposals: Sequence[Proposal]
) -> list[Explanation]:
    """The reasons why ``ballot`` breaks ``rule`` (``str()`` of each is the translated
    sentence); empty when the ballot is valid."""
    reasons: list[Explanation] = []
    costs = {proposal.id: proposal.cost for proposal in proposals}
    if not ballot:
        return [Explanation(_("Der Stimmzettel enthält keine Stimme."))]
    unknown = sorted(pid for pid in ballot if pid not in costs)
    if unknown:
        reasons.append(
            Explanation(
                _("Der Stimmzettel nennt Vorschläge, die nicht zur Wahl stehen: %(ids)s."),
                {"ids": ", ".join(str(pid) for pid in unknown)},
            )
        )
    if any(type(points) is not int or points < 1 for points in ballot.values()):
        reasons.append(Explanation(_("Jede Stimme muss eine ganze Zahl von mindestens 1 sein.")))
        return reasons
    if rule.kind == Rule.CUMULATIVE:
        total = sum(ballot.values())
        if total > rule.points:
            reasons.append(
                Explanation(
                    _("Es wurden %(used)s Stimmen vergeben, erlaubt sind höchstens %(allowed)s."),
                    {"used": total, "allowed": rule.points},
                )
            )
    else:
        if any(points != 1 for points in ballot.values()):
            reasons.append(Explanation(_("Jeder Vorschlag kann nur eine Stimme erhalten.")))
        if rule.kind == Rule.APPROVAL and rule.points is not None and len(ballot) > rule.points:
            reasons.append(
                Explanation(
                    _("Es wurden %(used)s Vorschläge gewählt, erlaubt sind höchstens %(allowed)s."),
                    {"used": len(ballot), "allowed": rule.points},
                )
            )
        if rule.kind == Rule.KNAPSACK:
            total_cost = sum(costs.get(pid, 0) for pid in ballot)
            if total_cost > rule.budget:
                reasons.append(
                    Explanation(
                        _(
                            "Die gewählten Vorschläge kosten zusammen %(cost)s, das Budget "
                            "beträgt %(budget)s."
                        ),
                        {"cost": Euro(total_cost), "budget": Euro(rule.budget)},
                    )
                )
    return reasons


# --- Shared preparation -------------------------------------------------------------------


def _check(proposals: Sequence[Proposal], ballots: Iterable[Ballot], budget: int) -> list[Ballot]:
    if budget < 0:
        raise ValueError("The budget must not be negative.")
    ids = [proposal.id for proposal in proposals]
    if len(set(ids)) != len(ids):
        raise ValueError("Proposal ids must be unique.")
    for proposal in proposals:
        if type(proposal.cost) is not int or proposal.cost <= 0:
            raise ValueError(f"Proposal {proposal.id}: the cost must be a positive integer.")
    known = set(ids)
    ballots = list(ballots)
    for ballot in ballots:
        for pid, points in ballot.items():
            if pid not in known:
                raise ValueError(f"A ballot names proposal {pid}, which is not on the ballot.")
            if type(points) is not int or points < 1:
                raise ValueError("Ballot points must be positive integers; validate first.")
    return ballots


def _tallies(proposals: Sequence[Proposal], ballots: list[Ballot]) -> dict[int, Tally]:
    points: dict[int, int] = defaultdict(int)
    supporters: dict[int, int] = defaultdict(int)
    for ballot in ballots:
        for pid, value in ballot.items():
            points[pid] += value
            supporters[pid] += 1
    return {
        p.id: Tally(p.id, p.cost, points[p.id] + (p.votes or 0), supporters[p.id])
        for p in proposals
    }


_FUNDED = _("gefördert: %(cost)s, danach verbleiben %(remaining)s")
_SKIPPED = _("übersprungen: %(cost)s passen nicht in die verbleibenden %(remaining)s")
_NO_VOTES = _("nicht gefördert: keine Stimmen")


def _greedy_pass(
    order: list[Tally], remaining: int, funded: list[int], decisions: dict[int, Decision]
) -> int:
    """Funds, in ``order``, each proposal with points that fits the money left."""
    for tally in order:
        if tally.id in decisions:
            continue
        if tally.points == 0:
            decisions[tally.id] = _decision(tally, False, Explanation(_NO_VOTES))
        elif tally.cost <= remaining:
            remaining -= tally.cost
            funded.append(tally.id)
            decisions[tally.id] = _decision(
                tally,
                True,
                Explanation(_FUNDED, {"cost": Euro(tally.cost), "remaining": Euro(remaining)}),
            )
        else:
            decisions[tally.id] = _decision(
                tally,
                False,
                Explanation(_SKIPPED, {"cost": Euro(tally.cost), "remaining": Euro(remaining)}),
            )
    return remaining


def _decision(tally: Tally, funded: bool, explanation: Explanation) -> Decision:
    return Decision(tally.id, funded, tally.points, tally.supporters, tally.cost, explanation)


def _result(method, budget, funded, decisions, order, per_voter=None) -> Result:
    spent = sum(decisions[pid].cost for pid in funded)
    ordered = [decisions[pid] for pid in funded]
    ordered += [decisions[t.id] for t in order if t.id not in set(funded)]
    return Result(
        method=method,
        budget=budget,
        funded=tuple(funded),
        spent=spent,
        remainder=budget - spent,
        decisions=tuple(ordered),
        budget_per_voter=per_voter,
    )


# --- Greedy by points ---------------------------------------------------------------------


def greedy(
    proposals: Sequence[Proposal],
    ballots: Iterable[Ballot],
    budget: int,
    tie_break: Callable[[Tally], tuple] = DEFAULT_TIE_BREAK,
) -> Result:
    """Jena's rule: by points, each proposal that still fits the money left is funded; one
    that does not fit is skipped and the next is taken. The remainder is carried over."""
    ballots = _check(proposals, ballots, budget)
    tallies = _tallies(proposals, ballots)
    order = sorted(tallies.values(), key=lambda t: rank_key(t, tie_break))
    funded: list[int] = []
    decisions: dict[int, Decision] = {}
    _greedy_pass(order, budget, funded, decisions)
    return _result("greedy", budget, funded, decisions, order)


# --- The Method of Equal Shares -----------------------------------------------------------

_MES_FUNDED = _(
    "gefördert in Runde %(round)s: die %(supporters)s Unterstützenden zahlen "
    "%(cost)s aus ihren Anteilen, höchstens %(price)s je Stimme"
)
_MES_UNAFFORDABLE = _(
    "nicht gefördert nach gleichen Anteilen: den Unterstützenden bleiben zusammen "
    "%(available)s ihrer Anteile, der Vorschlag kostet %(cost)s"
)
_MES_COMPLETION_FUNDED = _(
    "gefördert bei der Verteilung des Rests nach Stimmen: %(cost)s, danach verbleiben %(remaining)s"
)


@dataclass
class _Run:
    funded: list[int]
    rounds: dict[int, tuple[int, object]]  # proposal id -> (round, price per point)
    available: Callable[[int], object]  # what the supporters of a proposal have left


def _mes_run(
    supporters: dict[int, list[tuple[int, int, int]]],
    multiplicity: list[int],
    costs: dict[int, int],
    total_sat: dict[int, int],
    per_voter,
    order_key: Callable[[int], tuple],
) -> _Run:
    """One run of MES for a given budget per voter (pabutools' ``mes_inner_algo``).

    Voters with identical ballots are one group (``multiplicity``); groups with the same
    budget left share a budget class, so a proposal's supporters are sorted and scanned
    as a few (class, points) buckets rather than one by one, and a payment is computed
    once per bucket.
    """
    class_of = [0] * len(multiplicity)
    class_budget = [per_voter]
    class_by_value = {per_voter: 0}
    affordability = {pid: _rational(costs[pid], total_sat[pid]) for pid in supporters}
    candidates = set(supporters)
    funded: list[int] = []
    rounds: dict[int, tuple[int, object]] = {}

    def buckets(pid):
        counts: dict[tuple[int, int], int] = defaultdict(int)
        for group, sat, weight in supporters[pid]:
            counts[(class_of[group], sat)] += weight
        return counts

    ratios: dict[tuple[int, int], object] = {}

    def ratio(item):
        key = item[0]
        value = ratios.get(key)
        if value is None:
            value = ratios[key] = class_budget[key[0]] / key[1]
        return value

    round_no = 0
    while True:
        best = None
        tied: list[int] = []
        evaluated: dict[int, dict[tuple[int, int], int]] = {}
        for pid in sorted(candidates, key=affordability.__getitem__):
            # Budgets only shrink, so a stale affordability is a lower bound of the current.
            if best is not None and affordability[pid] > best:
                break
            cost = costs[pid]
            contributed = 0
            denominator = total_sat[pid]
            counts = evaluated[pid] = buckets(pid)
            for (cls, sat), count in sorted(counts.items(), key=ratio):
                factor = _rational(cost - contributed, denominator)
                if factor * sat <= class_budget[cls]:
                    affordability[pid] = factor
                    if best is None or factor < best:
                        best, tied = factor, [pid]
                    elif factor == best:
                        tied.append(pid)
                    break
                contributed += count * class_budget[cls]
                denominator -= count * sat
            else:
                # Even all its supporters' money does not pay for it (pabutools checks
                # this sum first; the scan that falls through is the same test).
                candidates.discard(pid)
        if not tied:
            break
        round_no += 1
        chosen = min(tied, key=order_key)
        candidates.discard(chosen)
        funded.append(chosen)
        rounds[chosen] = (round_no, best)
        moved: dict[tuple[int, int], int] = {}
        for cls, sat in evaluated[chosen]:
            old = class_budget[cls]
            left = old - min(old, best * sat)
            new_class = class_by_value.get(left)
            if new_class is None:
                new_class = class_by_value[left] = len(class_budget)
                class_budget.append(left)
            moved[(cls, sat)] = new_class
        for group, sat, _weight in supporters[chosen]:
            class_of[group] = moved[(class_of[group], sat)]

    def left_for(pid):
        return sum(weight * class_budget[class_of[g]] for g, _sat, weight in supporters[pid])

    return _Run(funded, rounds, left_for)


def equal_shares(
    proposals: Sequence[Proposal],
    ballots: Iterable[Ballot],
    budget: int,
    tie_break: Callable[[Tally], tuple] = DEFAULT_TIE_BREAK,
) -> Result:
    """The Method of Equal Shares with Jena's points as each voter's utility.

    Every voter gets an equal share of the budget (budget / number of ballots). In each
    round the proposal whose supporters can pay for it with the lowest price per point
    (each pays points × price, or all they have left) is funded; ties by the proposal
    order. A round without any affordable proposal ends the run.

    Completion, as pabutools' ``voter_budget_increment=1`` ("add1") followed by greedy
    (the variant of equalshares.net and of the cities that use MES): MES alone often
    leaves much money unspent, so it is rerun with 1 € more per voter each time until its
    outcome no longer fits the real budget (the previous outcome is kept) or no further
    proposal with points would fit the money left; what is then still left goes to the
    remaining proposals by ``greedy``'s rule (by points; skip what does not fit).
    """
    ballots = _check(proposals, ballots, budget)
    if any(p.votes is not None for p in proposals):
        raise ValueError("Equal Shares counts individual ballots; votes totals cannot be used.")
    tallies = _tallies(proposals, ballots)
    order = sorted(tallies.values(), key=lambda t: rank_key(t, tie_break))
    position = {t.id: index for index, t in enumerate(order)}
    costs = {p.id: p.cost for p in proposals}

    groups: dict[frozenset, int] = defaultdict(int)
    for ballot in ballots:
        groups[frozenset(ballot.items())] += 1
    multiplicity = list(groups.values())
    # proposal -> its supporting groups as (group, points, multiplicity)
    supporters: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    total_sat: dict[int, int] = defaultdict(int)
    for index, (items, count) in enumerate(groups.items()):
        for pid, points in items:
            supporters[pid].append((index, points, count))
            total_sat[pid] += count * points

    funded: list[int] = []
    decisions: dict[int, Decision] = {}
    per_voter = None
    run = None
    if ballots:
        per_voter = _rational(budget, len(ballots))
        run = _mes_run(supporters, multiplicity, costs, total_sat, per_voter, position.__getitem__)
        while True:
            spent = sum(costs[pid] for pid in run.funded)
            if not any(costs[pid] <= budget - spent for pid in total_sat if pid not in run.rounds):
                break  # exhaustive: no further proposal with points fits
            trial = _mes_run(
                supporters, multiplicity, costs, total_sat, per_voter + 1, position.__getitem__
            )
            if sum(costs[pid] for pid in trial.funded) > budget:
                break  # infeasible: keep the previous outcome
            run, per_voter = trial, per_voter + 1
        for pid in run.funded:
            round_no, price = run.rounds[pid]
            tally = tallies[pid]
            funded.append(pid)
            decisions[pid] = _decision(
                tally,
                True,
                Explanation(
                    _MES_FUNDED,
                    {
                        "round": round_no,
                        "supporters": tally.supporters,
                        "cost": Euro(tally.cost),
                        "price": Euro(price),
                    },
                ),
            )
    remaining = budget - sum(costs[pid] for pid in funded)
    completion_start = len(funded)
    _greedy_pass(order, remaining, funded, decisions)
    for pid in funded[completion_start:]:
        old = decisions[pid]
        decisions[pid] = Decision(
            old.proposal_id,
            True,
            old.points,
            old.supporters,
            old.cost,
            Explanation(_MES_COMPLETION_FUNDED, old.explanation.params),
        )
    if run is not None:
        for pid in total_sat:
            decision = decisions[pid]
            if decision.funded:
                continue
            left = run.available(pid)
            if left < decision.cost:
                # Skipped by the completion too, but the first reason is Equal Shares'.
                decisions[pid] = Decision(
                    decision.proposal_id,
                    False,
                    decision.points,
                    decision.supporters,
                    decision.cost,
                    Explanation(
                        _MES_UNAFFORDABLE,
                        {"available": Euro(left), "cost": Euro(decision.cost)},
                    ),
                )
    return _result("equal_shares", budget, funded, decisions, order, per_voter)
