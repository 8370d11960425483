"""The Pabulib (.pb) export: valid for pabulib-checker, read back by pabutools' parser
with the same election, and the same winners computed by pabutools from the file."""

import datetime
import random

import pytest
from pabulib.checker import Checker
from pabutools.election.pabulib import parse_pabulib_from_string

from participation.budgets.counting import Proposal, equal_shares, greedy
from participation.budgets.pabulib import Election, to_pabulib
from tests.budgets.reference import reference_equal_shares, reference_greedy


def _election(kind: str, seed: int = 15):
    rng = random.Random(seed)
    proposals = [Proposal(i, rng.randrange(500, 10_001, 100)) for i in range(1, 31)]
    ballots = []
    for _ in range(300):
        if kind == "cumulative":
            ballot: dict[int, int] = {}
            for pid in rng.choices(range(1, 31), k=5):
                ballot[pid] = ballot.get(pid, 0) + 1
        else:
            ballot = dict.fromkeys(rng.sample(range(1, 31), k=rng.randint(1, 5)), 1)
        ballots.append(ballot)
    election = Election(
        description="Bürgerbudget Jena 2025",
        instance="2025",
        budget=52_470,
        date_begin=datetime.date(2025, 9, 1),
        date_end=datetime.date(2025, 9, 30),
        vote_type=kind,
        max_sum_points=5 if kind == "cumulative" else None,
        max_length=5 if kind == "approval" else None,
    )
    return election, proposals, ballots


def check(text: str) -> dict:
    results = Checker().process_files([text])
    return results["summary"]


@pytest.mark.parametrize("kind", ["cumulative", "approval"])
def test_the_greedy_export_passes_pabulib_checker_which_recomputes_the_winners(kind):
    election, proposals, ballots = _election(kind)
    result = greedy(proposals, ballots, election.budget)
    assert check(to_pabulib(election, proposals, ballots, result=result)) == {}


@pytest.mark.parametrize("kind", ["cumulative", "approval"])
def test_the_equal_shares_export_passes_pabulib_checker_naming_the_rule_in_a_comment(kind):
    election, proposals, ballots = _election(kind)
    result = equal_shares(proposals, ballots, election.budget)
    text = to_pabulib(election, proposals, ballots, result=result)
    # Only the warning that the checker cannot recompute an "unknown" rule.
    assert check(text) == {"rule validation skipped": 1}
    assert "comment;#1: Method of Equal Shares, add1 completion, then greedy by votes" in text


@pytest.mark.parametrize("kind", ["cumulative", "approval"])
def test_pabutools_reads_the_export_back_and_counts_the_same_winners(kind):
    election, proposals, ballots = _election(kind, seed=7)
    text = to_pabulib(election, proposals, ballots, result=greedy(proposals, ballots, 52_470))
    instance, profile = parse_pabulib_from_string(text)

    assert instance.budget_limit == 52_470
    assert {(int(p.name), p.cost) for p in instance} == {(p.id, p.cost) for p in proposals}
    read_back = [
        {int(p.name): int(points) for p, points in ballot.items()}
        if kind == "cumulative"
        else {int(p.name): 1 for p in ballot}
        for ballot in profile
    ]
    assert read_back == ballots
    assert [ballot.meta["voter_id"] for ballot in profile] == [
        str(n) for n in range(1, len(ballots) + 1)
    ]

    proposals_back = [Proposal(int(p.name), int(p.cost)) for p in instance]
    assert sorted(greedy(proposals, ballots, 52_470).funded) == reference_greedy(
        proposals_back, read_back, int(instance.budget_limit), kind
    )
    assert sorted(equal_shares(proposals, ballots, 52_470).funded) == reference_equal_shares(
        proposals_back, read_back, int(instance.budget_limit), kind
    )


def test_the_export_is_anonymous_and_keeps_the_format_intact():
    election, proposals, ballots = _election("cumulative")
    names = {1: "Bänke; für den Paradiespark\nam Saalufer"}
    text = to_pabulib(election, proposals[:3], [{1: 3, 2: 2}, {3: 5}], names=names)
    lines = text.splitlines()
    assert lines[:2] == ["META", "key;value"]
    assert "rule;unknown" in lines  # no result yet: e.g. an export during voting
    assert "date_begin;01.09.2025" in lines
    projects = lines[lines.index("PROJECTS") + 1 : lines.index("VOTES")]
    assert projects[0] == "project_id;cost;votes;score;name"
    assert any(row.endswith(";Bänke, für den Paradiespark am Saalufer") for row in projects)
    assert lines[lines.index("VOTES") + 1 :] == ["voter_id;vote;points", "1;1,2;3,2", "2;3;5"]


def test_an_unknown_vote_type_is_refused():
    election, proposals, ballots = _election("cumulative")
    broken = Election(**{**election.__dict__, "vote_type": "ordinal"})
    with pytest.raises(ValueError, match="vote_type"):
        to_pabulib(broken, proposals, ballots)
