"""Benchmark: counting a Bürgerbudget of 100 proposals and 10,000 cumulative ballots.

Not part of the unit suite (pyproject's addopts ignore tests/bench). Run it with:

    .venv/bin/pytest tests/bench/test_bench_counting.py -m bench -p no:cacheprovider \\
        --override-ini addopts="" -q -s

Each of ``greedy`` and ``equal_shares`` (participation/budgets/counting.py) counts a
seeded election: 100 proposals costing 500 to 10,000 € (Jena's cap), 10,000 ballots of
5 points spread at will over proposals of uneven popularity. Two budgets: Jena's 2025
budget (52,470 €, about 5 € per voter here) and 200,000 € (20 € per voter, so that
Equal Shares needs several "add1" runs). Printed: the median of BENCH_COUNT_RUNS (default
3) runs, the funded proposals and the remainder; asserted: under 1 s for each method.
Equal Shares is exact: gmpy2's rationals when installed (as in the dev environment, a
pabutools dependency), else Python's Fraction, which is slower (printed as well).
"""

import os
import random
import statistics
import time

import pytest

from participation.budgets import counting
from participation.budgets.counting import Proposal, equal_shares, greedy

pytestmark = pytest.mark.bench

RUNS = int(os.environ.get("BENCH_COUNT_RUNS", "3"))
LIMIT_SECONDS = 1.0


def election(seed: int = 15):
    rng = random.Random(seed)
    proposals = [Proposal(i, rng.randrange(500, 10_001, 100)) for i in range(1, 101)]
    popularity = [rng.random() ** 2 for _ in proposals]
    ballots = []
    for _ in range(10_000):
        ballot: dict[int, int] = {}
        for pid in rng.choices(range(1, 101), weights=popularity, k=5):
            ballot[pid] = ballot.get(pid, 0) + 1
        ballots.append(ballot)
    return proposals, ballots


def timed(method, proposals, ballots, budget):
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        result = method(proposals, ballots, budget)
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


@pytest.mark.parametrize("budget", [52_470, 200_000])
def test_counting_100_proposals_and_10000_cumulative_ballots_takes_under_a_second(
    budget, monkeypatch
):
    proposals, ballots = election()
    rows = []
    for method in (greedy, equal_shares):
        seconds, result = timed(method, proposals, ballots, budget)
        rows.append((method.__name__, counting._rational.__name__, seconds, result))
    monkeypatch.setattr(counting, "_rational", counting.Fraction)
    seconds, fraction_result = timed(equal_shares, proposals, ballots, budget)
    assert fraction_result.funded == rows[1][3].funded  # the same exact values
    rows.append(("equal_shares", "Fraction", seconds, fraction_result))

    print(f"\nbudget {budget:,} €, 100 proposals, 10,000 cumulative ballots")
    print(f"{'method':<14} {'numbers':<9} {'median s':>9} {'funded':>7} {'remainder €':>12}")
    for name, numbers, seconds, result in rows:
        print(
            f"{name:<14} {numbers:<9} {seconds:>9.3f} {len(result.funded):>7} "
            f"{result.remainder:>12,}"
        )
    for _name, _numbers, seconds, _result in rows[:2]:
        assert seconds < LIMIT_SECONDS
