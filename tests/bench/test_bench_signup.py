"""Benchmark: how long sign-up takes for an address that has an account and for a new
one, with the production password hasher (PBKDF2) — the times must not tell them apart.

Run from the repository root with:

    .venv/bin/pytest tests/bench/test_bench_signup.py -m bench -p no:cacheprovider \\
        --override-ini addopts="" -q -s

It prints the median and the spread (10th–90th percentile) of the server time of
BENCH_REQUESTS (default 20) sign-ups per kind, measured around the test client's request
(middleware, form, hashing, database; the mail is enqueued, eagerly run into the test
outbox). Nothing is asserted about time; tests/users/test_enumeration.py asserts the same
password hashing and the same answer.
"""

import os
import statistics
import time

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory
from tests.users.helpers import signup_data

pytestmark = [pytest.mark.bench, pytest.mark.django_db]


def test_bench_signup_known_and_new_address(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    requests = int(os.environ.get("BENCH_REQUESTS", "20"))
    UserFactory(email="bekannt@example.org")
    url = reverse("account_signup")
    times = {"known": [], "new": []}
    for number in range(requests):
        for kind in ("known", "new"):
            email = "bekannt@example.org" if kind == "known" else f"neu{number}@example.org"
            client = Client()
            start = time.perf_counter()
            response = client.post(url, signup_data(email=email))
            times[kind].append((time.perf_counter() - start) * 1000)
            assert response.status_code == 302
    print()
    print("sign-up   requests   median ms   p10–p90 ms")
    for kind, values in times.items():
        deciles = statistics.quantiles(values, n=10)
        print(
            f"{kind:<9} {len(values):>8}   {statistics.median(values):>9.1f}   "
            f"{deciles[0]:.1f}–{deciles[-1]:.1f}"
        )
