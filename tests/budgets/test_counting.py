"""The counting of a Bürgerbudget: a table of hand-made cases with their winners and
explanations, the same results as pabutools (the reference implementation) on those cases
and on seeded random elections, and the reasons a ballot is invalid."""

import random

import pytest
from django.utils import translation

from participation.budgets.counting import (
    Euro,
    Proposal,
    Rule,
    VotingRule,
    equal_shares,
    greedy,
    validate_ballot,
)
from tests.budgets.reference import reference_equal_shares, reference_greedy

NBSP = "\u00a0"


def explanation(result, proposal_id) -> str:
    with translation.override("de"):
        return str(result.decision(proposal_id).explanation).replace(NBSP, " ")


# --- The table: (name, proposals as (id, cost), ballots, budget, greedy winners) ----------

CASES = [
    (
        "brief example: 9.800 € do not fit the remaining 4.200 €",
        [(1, 5800), (2, 9800), (3, 3000)],
        [{1: 5}, {1: 5}, {2: 4, 3: 1}, {2: 5}],
        10_000,
        [1, 3],
    ),
    (
        "tie on points: more supporters first",
        [(1, 6000), (2, 6000)],
        [{1: 4}, {2: 2}, {2: 2}],
        10_000,
        [2],
    ),
    (
        "tie on points and supporters: the lower cost first",
        [(1, 7000), (2, 6000)],
        [{1: 3}, {2: 3}],
        10_000,
        [2],
    ),
    (
        "tie on points, supporters and cost: the lower id first",
        [(2, 6000), (1, 6000)],
        [{1: 3}, {2: 3}],
        10_000,
        [1],
    ),
    (
        "nothing fits",
        [(1, 12_000), (2, 15_000)],
        [{1: 3, 2: 2}, {2: 5}],
        10_000,
        [],
    ),
    (
        "everything fits",
        [(1, 1000), (2, 2000), (3, 3000)],
        [{1: 1, 2: 2, 3: 2}, {3: 5}],
        10_000,
        [1, 2, 3],
    ),
    (
        "a proposal costing exactly the remainder is funded",
        [(1, 6000), (2, 5000), (3, 4000)],
        [{1: 5}, {1: 3, 2: 2}, {2: 1, 3: 1}],
        10_000,
        [1, 3],
    ),
    (
        "a proposal without votes is not funded even if money is left",
        [(1, 2000), (2, 1000)],
        [{1: 5}],
        10_000,
        [1],
    ),
    (
        "no ballots at all",
        [(1, 2000)],
        [],
        10_000,
        [],
    ),
]


def _election(proposals, ballots):
    return [Proposal(pid, cost) for pid, cost in proposals], [dict(b) for b in ballots]


@pytest.mark.parametrize(
    ("name", "proposals", "ballots", "budget", "winners"), CASES, ids=[c[0] for c in CASES]
)
def test_greedy_funds_the_table_cases_as_expected_and_as_pabutools(
    name, proposals, ballots, budget, winners
):
    proposals, ballots = _election(proposals, ballots)
    result = greedy(proposals, ballots, budget)
    assert sorted(result.funded) == winners
    assert result.spent == sum(p.cost for p in proposals if p.id in winners)
    assert result.remainder == budget - result.spent
    assert len(result.decisions) == len(proposals)
    assert sorted(result.funded) == reference_greedy(proposals, ballots, budget)


@pytest.mark.parametrize(
    ("name", "proposals", "ballots", "budget", "winners"), CASES, ids=[c[0] for c in CASES]
)
def test_equal_shares_funds_the_table_cases_as_pabutools(name, proposals, ballots, budget, winners):
    proposals, ballots = _election(proposals, ballots)
    result = equal_shares(proposals, ballots, budget)
    assert sorted(result.funded) == reference_equal_shares(proposals, ballots, budget)
    assert result.remainder == budget - result.spent >= 0


def test_greedy_explains_each_decision_in_german():
    proposals, ballots = _election(CASES[0][1], CASES[0][2])
    result = greedy(proposals, ballots, 10_000)
    assert result.funded == (1, 3)
    assert [d.proposal_id for d in result.decisions] == [1, 3, 2]
    assert explanation(result, 1) == "gefördert: 5.800 €, danach verbleiben 4.200 €"
    assert explanation(result, 2) == (
        "übersprungen: 9.800 € passen nicht in die verbleibenden 4.200 €"
    )
    assert explanation(result, 3) == "gefördert: 3.000 €, danach verbleiben 1.200 €"
    assert result.remainder == 1200


def test_a_proposal_without_votes_is_explained():
    proposals, ballots = _election([(1, 2000), (2, 1000)], [{1: 5}])
    for method in (greedy, equal_shares):
        result = method(proposals, ballots, 10_000)
        assert explanation(result, 2) == "nicht gefördert: keine Stimmen"


def test_votes_counted_outside_the_ballots_add_to_greedys_points():
    proposals = [Proposal(1, 6000), Proposal(2, 6000, votes=7)]
    result = greedy(proposals, [{1: 5}, {1: 1}], 10_000)
    assert result.funded == (2,)
    assert result.decision(2).points == 7
    with pytest.raises(ValueError, match="individual ballots"):
        equal_shares(proposals, [{1: 5}], 10_000)


def test_equal_shares_gives_a_minority_its_share_where_greedy_does_not():
    # 60 voters want 1 and 2, 40 want 3; each costs 40 of 100 €.
    proposals = [Proposal(1, 40), Proposal(2, 40), Proposal(3, 40)]
    ballots = [{1: 1, 2: 1}] * 60 + [{3: 1}] * 40
    assert greedy(proposals, ballots, 100).funded == (1, 2)
    result = equal_shares(proposals, ballots, 100)
    assert result.funded == (1, 3)
    assert result.remainder == 20
    assert sorted(result.funded) == reference_equal_shares(proposals, ballots, 100, "approval")
    text = explanation(result, 1)
    assert text.startswith("gefördert in Runde 1: die 60 Unterstützenden zahlen 40 €")
    assert explanation(result, 2) == (
        "nicht gefördert nach gleichen Anteilen: den Unterstützenden bleiben zusammen "
        "20 € ihrer Anteile, der Vorschlag kostet 40 €"
    )


def test_equal_shares_completes_with_greedy_and_says_so():
    # One voter per proposal, 20 € each: MES funds 3; with 30 € each ("add1") it would
    # fund all three for 80 € > 60 €, so {3} stays and the 40 € left go by points.
    proposals = [Proposal(1, 30), Proposal(2, 30), Proposal(3, 20)]
    ballots = [{1: 5}, {2: 4}, {3: 3}]
    result = equal_shares(proposals, ballots, 60)
    assert result.funded == (3, 1)
    assert sorted(result.funded) == reference_equal_shares(proposals, ballots, 60)
    assert result.budget_per_voter == 29
    assert explanation(result, 1) == (
        "gefördert bei der Verteilung des Rests nach Stimmen: 30 €, danach verbleiben 10 €"
    )
    # Its first reason is Equal Shares' (its voter has 29 € of their share left).
    assert explanation(result, 2) == (
        "nicht gefördert nach gleichen Anteilen: den Unterstützenden bleiben zusammen "
        "29 € ihrer Anteile, der Vorschlag kostet 30 €"
    )


def test_amounts_are_shown_in_the_active_language():
    with translation.override("de"):
        assert str(Euro(52470)) == f"52.470{NBSP}€"
        assert str(Euro(1.5)) == f"1,50{NBSP}€"
    with translation.override("en"):
        assert str(Euro(52470)) == f"52,470{NBSP}€"


def test_counting_refuses_malformed_input():
    with pytest.raises(ValueError, match="unique"):
        greedy([Proposal(1, 10), Proposal(1, 20)], [], 100)
    with pytest.raises(ValueError, match="positive integer"):
        greedy([Proposal(1, 0)], [], 100)
    with pytest.raises(ValueError, match="not on the ballot"):
        equal_shares([Proposal(1, 10)], [{2: 1}], 100)
    with pytest.raises(ValueError, match="validate first"):
        greedy([Proposal(1, 10)], [{1: 0}], 100)


# --- Random elections against pabutools ---------------------------------------------------


def _random_election(rng: random.Random, kind: str):
    n_proposals = rng.randint(2, 12)
    costs = rng.sample([500, 1000, 2000, 2500, 4000, 5000, 7500, 9800, 10_000], k=3)
    proposals = [Proposal(i, rng.choice(costs)) for i in range(1, n_proposals + 1)]
    ballots = []
    for _ in range(rng.randint(1, 40)):
        if kind == "cumulative":  # Jena: 5 points, spread at will
            ballot: dict[int, int] = {}
            for pid in rng.choices(range(1, n_proposals + 1), k=rng.randint(1, 5)):
                ballot[pid] = ballot.get(pid, 0) + 1
        else:
            chosen = rng.sample(range(1, n_proposals + 1), k=rng.randint(1, min(4, n_proposals)))
            ballot = dict.fromkeys(chosen, 1)
        ballots.append(ballot)
    # Jena 2025: 52,470 € for 7,504 voters, about 7 € each; here 5 to 400 € each.
    budget = len(ballots) * rng.randint(5, 400)
    return proposals, ballots, budget


@pytest.mark.parametrize("kind", ["cumulative", "approval"])
def test_results_equal_pabutools_on_seeded_random_elections(kind):
    for seed in range(150):
        rng = random.Random(f"{kind}-{seed}")
        proposals, ballots, budget = _random_election(rng, kind)
        got = greedy(proposals, ballots, budget)
        assert sorted(got.funded) == reference_greedy(proposals, ballots, budget, kind), seed
        got = equal_shares(proposals, ballots, budget)
        assert sorted(got.funded) == reference_equal_shares(proposals, ballots, budget, kind), seed
        assert got.spent <= budget


# --- Ballot validation --------------------------------------------------------------------

PROPOSALS = [Proposal(1, 4000), Proposal(2, 9800), Proposal(3, 3000)]


def reasons(rule, ballot):
    with translation.override("de"):
        return [str(r).replace(NBSP, " ") for r in validate_ballot(rule, ballot, PROPOSALS)]


@pytest.mark.parametrize(
    ("rule", "ballot"),
    [
        (VotingRule(Rule.CUMULATIVE, points=5), {1: 5}),
        (VotingRule(Rule.CUMULATIVE, points=5), {1: 2, 2: 2, 3: 1}),
        (VotingRule(Rule.CUMULATIVE, points=5), {2: 1}),
        (VotingRule(Rule.APPROVAL, points=2), {1: 1, 3: 1}),
        (VotingRule(Rule.KNAPSACK, budget=10_000), {1: 1, 3: 1}),
    ],
)
def test_valid_ballots_have_no_reasons(rule, ballot):
    assert reasons(rule, ballot) == []


@pytest.mark.parametrize(
    ("rule", "ballot", "expected"),
    [
        (VotingRule(Rule.CUMULATIVE, points=5), {}, ["Der Stimmzettel enthält keine Stimme."]),
        (
            VotingRule(Rule.CUMULATIVE, points=5),
            {1: 4, 2: 2},
            ["Es wurden 6 Stimmen vergeben, erlaubt sind höchstens 5."],
        ),
        (
            VotingRule(Rule.CUMULATIVE, points=5),
            {1: 0},
            ["Jede Stimme muss eine ganze Zahl von mindestens 1 sein."],
        ),
        (
            VotingRule(Rule.CUMULATIVE, points=5),
            {7: 1, 9: 1},
            ["Der Stimmzettel nennt Vorschläge, die nicht zur Wahl stehen: 7, 9."],
        ),
        (
            VotingRule(Rule.APPROVAL, points=2),
            {1: 1, 2: 1, 3: 1},
            ["Es wurden 3 Vorschläge gewählt, erlaubt sind höchstens 2."],
        ),
        (
            VotingRule(Rule.APPROVAL, points=2),
            {1: 2},
            ["Jeder Vorschlag kann nur eine Stimme erhalten."],
        ),
        (
            VotingRule(Rule.KNAPSACK, budget=10_000),
            {1: 1, 2: 1},
            ["Die gewählten Vorschläge kosten zusammen 13.800 €, das Budget beträgt 10.000 €."],
        ),
    ],
)
def test_invalid_ballots_say_why(rule, ballot, expected):
    assert reasons(rule, ballot) == expected
