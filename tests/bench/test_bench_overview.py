"""Benchmark: server time and SQL queries of the home page, the strategy pages and the
measures API at 9 bundles / 50 measures and at 10x that (500 measures).

Not part of the unit suite (pyproject's addopts ignore tests/bench). Run it from the
repository root with:

    .venv/bin/pytest tests/bench -m bench -p no:cacheprovider --override-ini addopts="" -q

It prints a table at the end: page, measures, cache (cold: the roll-up cache cleared
before every request; warm: not), number of requests, median and 90th percentile of the
server time in ms (measured around the Django test client's request, so it includes the
middleware and the template rendering but no network), the SQL queries of one request,
and the HTTP status. BENCH_REQUESTS=N changes the 30 requests per row. The database is
the test database of jena_smart.settings_test (SQLite in memory unless DATABASE_URL points
elsewhere). Nothing about timing is asserted; the queries must not grow with the data,
which the unit tests assert.

Each measure has 4 progress updates, 2 milestones and 1 indicator with 5 values; rows are
written with bulk_create, because the benchmark measures reading, not the services.
"""

import datetime
import os
import statistics
import time
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from measures.models import (
    CoreArea,
    FieldOfAction,
    Indicator,
    IndicatorValue,
    Measure,
    MeasureBundle,
    Milestone,
    ProgressUpdate,
    Status,
    code_sort_key,
)
from tests.factories import OrganisationalUnitFactory

from .conftest import BENCH_ROWS

pytestmark = [pytest.mark.bench, pytest.mark.django_db]

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "30"))
DAY = datetime.timedelta(days=1)


def build_strategy(measure_count: int) -> str:
    """5 core areas, 5 fields, 9 bundles and ``measure_count`` measures with their parts.

    Returns the slug of one measure for the detail page.
    """
    today = timezone.localdate()
    units = OrganisationalUnitFactory.create_batch(9)
    core_areas = [
        CoreArea.objects.create(number=n, title=f"Kernbereich {n}", slug=f"kernbereich-{n}")
        for n in range(1, 6)
    ]
    fields = [
        FieldOfAction.objects.create(
            number=n, code=f"HF{n}", title=f"Handlungsfeld {n}", slug=f"handlungsfeld-{n}"
        )
        for n in range(1, 6)
    ]
    bundles = []
    for n in range(1, 10):
        bundle = MeasureBundle.objects.create(
            number=n, title=f"Maßnahmenbündel {n}", slug=f"buendel-{n}",
            summary="Ein Bündel.", field_of_action=fields[(n - 1) % 5],
        )
        bundle.core_areas.set(core_areas[(n - 1) % 5: (n - 1) % 5 + 2])
        bundles.append(bundle)

    measures = []
    for i in range(measure_count):
        bundle = bundles[i % 9]
        code = f"{bundle.number}.{i // 9 + 1}"
        if i % 17 == 0:
            status, progress = Status.DISCONTINUED, 10
        elif i % 10 == 0:
            status, progress = Status.COMPLETED, 100
        else:
            status, progress = Status.IN_PROGRESS, 20 + i % 70
        measures.append(
            Measure(
                bundle=bundle, code=code, sort_key=code_sort_key(code), slug=f"massnahme-{i}",
                title=f"Maßnahme {code}", summary="Eine Maßnahme der Strategie.",
                description="Eine Maßnahme der Smart-City-Strategie mit Verlauf.",
                status=status, progress=progress,
                last_update_on=today - (30 if i % 6 else 400) * DAY,
                planned_start=datetime.date(2023, 1, 1),
                planned_end=today + (365 if i % 8 else -30) * DAY,
                responsible_unit=units[i % 9], partners="Partner A; Partner B",
                budget_planned=Decimal("250000"), budget_spent=Decimal("100000"),
                funding="Modellprojekte Smart Cities",
                location={"type": "Point", "coordinates": [11.58 + i % 10 / 1000, 50.92]}
                if i % 5 == 0 else None,
            )
        )
    Measure.objects.bulk_create(measures)
    measures = list(Measure.objects.order_by("pk"))

    updates, milestones, indicators = [], [], []
    for m in measures:
        for k, days_ago in enumerate((700, 500, 300, 30 if m.last_update_on > today - 60 * DAY
                                      else 400)):
            last = k == 3
            updates.append(
                ProgressUpdate(
                    measure=m, date=today - days_ago * DAY,
                    status=m.status if last else Status.IN_PROGRESS,
                    progress=m.progress if last else min(m.progress, 10 * (k + 1)),
                    text="Sachstand: Die Arbeiten laufen.",
                    reason="Nicht bewilligt." if last and m.status == Status.DISCONTINUED else "",
                )
            )
        milestones.append(Milestone(measure=m, title="Konzept", due_on=today - 200 * DAY,
                                    completed_on=today - 210 * DAY))
        milestones.append(Milestone(measure=m, title="Umsetzung", due_on=today + 200 * DAY))
        indicators.append(
            Indicator(measure=m, name="Nutzende", unit="Personen", baseline_value=0,
                      baseline_date=today - 800 * DAY, target_value=1000,
                      target_date=today + 300 * DAY)
        )
    ProgressUpdate.objects.bulk_create(updates)
    Milestone.objects.bulk_create(milestones)
    Indicator.objects.bulk_create(indicators)
    indicators = list(Indicator.objects.order_by("pk"))
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=ind, date=today - (100 * k + 1) * DAY, value=100 * (5 - k))
        for ind in indicators
        for k in range(5)
    )
    return measures[1].slug


def bench(client: Client, url: str, *, cold: bool) -> dict:
    """REQUESTS timed requests (after one untimed warm-up) and one counted request."""
    client.get(url)
    times = []
    for _ in range(REQUESTS):
        if cold:
            cache.clear()
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return {
        "n": REQUESTS,
        "median_ms": statistics.median(times),
        "p90_ms": statistics.quantiles(times, n=10)[-1] if len(times) > 1 else times[0],
        "queries": len(queries),
        "status": response.status_code,
    }


@pytest.mark.parametrize("measure_count", [50, 500])
def test_bench_strategy_pages_and_api(measure_count):
    cache.clear()
    detail_slug = build_strategy(measure_count)
    as_of = (timezone.localdate() - 250 * DAY).isoformat()
    pages = [
        ("home page", "/"),
        ("strategy overview", "/strategie/"),
        ("strategy overview as of", f"/strategie/?stand={as_of}"),
        ("measure list", "/strategie/massnahmen/"),
        ("measure detail", f"/strategie/massnahmen/{detail_slug}/"),
        ("api measures", "/api/v1/measures/"),
    ]
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="de")

    rows = []
    for page, url in pages:
        for cold in (True, False):
            row = {"page": page, "measures": measure_count, "cache": "cold" if cold else "warm"}
            row.update(bench(client, url, cold=cold))
            rows.append(row)
            print(
                f"{page:<28} {measure_count:>4} {row['cache']:<5} median "
                f"{row['median_ms']:7.1f} ms  p90 {row['p90_ms']:7.1f} ms  "
                f"{row['queries']:3} queries  HTTP {row['status']}"
            )
    BENCH_ROWS.extend(rows)
    cache.clear()

    broken = [f"{row['page']}: HTTP {row['status']}" for row in rows if row["status"] != 200]
    assert not broken, "pages not ready: " + ", ".join(broken)
