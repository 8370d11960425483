"""Benchmark: importing a register extract of Jena's size and answering register checks
against it.

Not part of the unit suite (pyproject's addopts ignore tests/bench). Run it from the
repository root with (SQLite, or PostgreSQL with DATABASE_URL set):

    .venv/bin/pytest tests/bench/test_bench_register.py -m bench -p no:cacheprovider \\
        --override-ini addopts="" -q -s

BENCH_REGISTER_ROWS (default 120,000: Jena has about 111,000 residents) rows are
generated as a CSV file (seeded random names, dates of birth, streets, districts) and
imported with ``register_import`` as staff would upload it. Reported: the import's wall
time, the peak Python memory of a second import measured with tracemalloc (the first is
timed without it), and the process's peak RSS. Then BENCH_REGISTER_CHECKS (default 300)
register checks of people in the extract and as many of people not in it, each a POST
of the form on /konto/wohnsitz/ through the Django test client (middleware, form,
service, database, page), median/p95/max. Asserted: the median check answers in under
50 ms (the issue's bound) — generous for a 2-core machine that also runs the client.
"""

import datetime
import io
import os
import random
import resource
import statistics
import time
import tracemalloc

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory
from tests.notifications.factories_follows import DistrictFactory
from verification.models import RegisterEntry, Verification
from verification.register_import import register_import

pytestmark = [pytest.mark.bench, pytest.mark.django_db(transaction=True)]

ROWS = int(os.environ.get("BENCH_REGISTER_ROWS", "120000"))
CHECKS = int(os.environ.get("BENCH_REGISTER_CHECKS", "300"))

GIVEN = ["Anna", "Jörg", "Lena", "Paul", "Marie", "Jürgen", "Sophie", "Lukas", "Emma",
         "Maximilian", "Hannah", "Felix", "Lea", "Jonas", "Mia", "Ben", "Zoë", "Noah"]
FAMILY = ["Müller", "Schmidt", "Schneider", "Fischer", "Weiß", "Meyer", "Wagner", "Becker",
          "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf",
          "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann"]
STREETS = ["Löbdergraben", "Karl-Liebknecht-Straße", "Am Anger", "Teichgraben",
           "Wagnergasse", "Johannisstraße", "Leutragraben", "Fischergasse", "Saalstraße",
           "Kahlaische Straße", "Erlanger Allee", "Ziegesarstraße", "Dornburger Straße"]
DISTRICTS = ["Zentrum", "Lobeda-West", "Lobeda-Ost", "Winzerla", "Wenigenjena",
             "Nord", "West", "Ost", "Göschwitz", "Zwätzen"]


def people(count: int, seed: int):
    rng = random.Random(seed)
    for n in range(count):
        yield (
            rng.choice(FAMILY) + ("" if n % 7 else f"-{rng.choice(FAMILY)}"),
            f"{rng.choice(GIVEN)} {rng.choice(GIVEN)}",
            datetime.date(1925, 1, 1) + datetime.timedelta(days=rng.randrange(36500)),
            rng.choice(STREETS),
            f"{rng.randrange(1, 180)}{rng.choice(['', '', '', 'a', 'b'])}",
            rng.choice(DISTRICTS),
        )


def extract(count: int) -> bytes:
    lines = ["Familienname;Vornamen;Geburtsdatum;Strasse;Hausnummer;PLZ;Ortsteil"]
    for family, given, born, street, number, district in people(count, seed=14):
        lines.append(f"{family};{given};{born:%d.%m.%Y};{street};{number};07743;{district}")
    return ("\n".join(lines) + "\n").encode()


def form(person) -> dict:
    family, given, born, street, number, _district = person
    return {"given_names": given, "family_name": family, "date_of_birth": f"{born:%d.%m.%Y}",
            "street": street, "house_number": number, "postcode": "07743", "consent": "on"}


def timed_checks(client, persons) -> list[float]:
    url = reverse("verification:status")
    times = []
    for person in persons:
        client.force_login(UserFactory())
        start = time.perf_counter()
        response = client.post(url, form(person))
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code in (302, 400), response.status_code
    return times


def summary(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    return (f"median {statistics.median(ordered):.1f} ms, p95 {p95:.1f} ms, "
            f"max {ordered[-1]:.1f} ms")


def test_bench_register_import_and_checks(settings):
    settings.POSTING_RATE_LIMITS = {}
    for name in DISTRICTS:
        DistrictFactory(name=name, slug=name.lower())
    data = extract(ROWS)
    print(f"\nextract: {ROWS:,} rows, {len(data) / 1e6:.1f} MB CSV")

    start = time.perf_counter()
    result = register_import(file=io.BytesIO(data), source_name="bench.csv")
    seconds = time.perf_counter() - start
    print(f"import: {seconds:.1f} s ({ROWS / seconds:,.0f} rows/s); kept {result.rows:,}, "
          f"left out as ambiguous or invalid {result.skipped + result.ambiguous:,}")

    tracemalloc.start()
    register_import(file=io.BytesIO(data), source_name="bench.csv")
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"import peak Python memory (tracemalloc): {peak / 1e6:.0f} MB; "
          f"process peak RSS: {rss_mb:.0f} MB")
    assert RegisterEntry.objects.count() == result.rows

    client = Client()
    found = list(people(ROWS, seed=14))[: CHECKS * 3 : 3]
    strangers = list(people(CHECKS, seed=99))
    timed_checks(client, found[:20])  # warm-up
    hits = timed_checks(client, found[20:])
    misses = timed_checks(client, strangers)
    confirmed = Verification.objects.count()
    print(f"register check, in the extract ({len(hits)}, {confirmed} confirmed): "
          f"{summary(hits)}")
    print(f"register check, not in it ({len(misses)}): {summary(misses)}")
    assert confirmed >= len(found) * 0.9  # some are ambiguous twins of the generator
    assert statistics.median(hits) < 50
    assert statistics.median(misses) < 50
