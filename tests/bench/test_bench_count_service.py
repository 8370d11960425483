"""Benchmark: the count service (``count_run``) of a Bürgerbudget with 100 proposals and
10,000 stored ballots, by each counting method.

Not part of the unit suite (pyproject's addopts ignore tests/bench). Run it with:

    .venv/bin/pytest tests/bench/test_bench_count_service.py -m bench -p no:cacheprovider \\
        --override-ini addopts="" -q -s

What is timed is the whole service as the count page calls it: reading the proposals and
every ballot row (``values_list``, streamed), validating each against the voting rule,
counting (``counting.greedy`` / ``counting.equal_shares``) and storing the Count with its
JSON. The election is the one of test_bench_counting.py (seeded; 5 cumulative points per
ballot, uneven popularity), the budget Jena's 52,470 €, 5 % of the ballots on paper.
Printed: seconds and queries; asserted only a wide bound (no hang): 60 s.
"""

import random
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from participation.budgets.models import Ballot, CountingMethod
from participation.budgets.services.counting import count_run
from tests.budgets.results_helpers import counted_budget, counter

pytestmark = [pytest.mark.bench, pytest.mark.django_db]

NO_HANG_SECONDS = 60.0


def populate(method: str):
    rng = random.Random(15)
    costs = [rng.randrange(500, 10_001, 100) for _ in range(100)]
    budget, proposals = counted_budget(costs=costs, amount=52_470, counting_method=method)
    popularity = [rng.random() ** 2 for _ in proposals]
    now = timezone.now()
    rows = []
    for index in range(10_000):
        choices: dict[str, int] = {}
        for proposal in rng.choices(proposals, weights=popularity, k=5):
            key = str(proposal.pk)
            choices[key] = choices.get(key, 0) + 1
        rows.append(
            Ballot(
                budget=budget,
                voter_key=f"bench:{index}",
                channel="paper" if index % 20 == 0 else "online",
                choices=choices,
                cast_at=now,
            )
        )
    Ballot.objects.bulk_create(rows, batch_size=2_000)
    return budget


@pytest.mark.parametrize("method", [CountingMethod.GREEDY, CountingMethod.EQUAL_SHARES])
def test_count_service_of_100_proposals_and_10000_ballots_does_not_hang(method):
    budget = populate(method)
    team = counter()
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        count = count_run(budget=budget, by=team)
        seconds = time.perf_counter() - start
    funded = sum(1 for entry in count.result["proposals"] if entry["funded"])
    print(
        f"\ncount_run {method:<13} 100 proposals, 10,000 ballots: {seconds:.2f} s, "
        f"{len(queries)} queries, {funded} funded, remainder {count.remainder:,} €, "
        f"{count.ballots_invalid} invalid"
    )
    assert count.ballots_online + count.ballots_paper == 10_000
    assert seconds < NO_HANG_SECONDS
