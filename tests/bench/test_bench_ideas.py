"""Benchmark: the ideas of a project as GeoJSON (the map's data) at 1,000 and 10,000
ideas, and how long the idea map page takes to become usable in chromium with 5,000.

Not part of the unit suite (pyproject's addopts ignore tests/bench). Run it from the
repository root with:

    .venv/bin/pytest tests/bench/test_bench_ideas.py -m bench -p no:cacheprovider \\
        --override-ini addopts="" -q -s

Server side (first table): for each size, BENCH_IDEA_REQUESTS (default 15) timed requests
after one untimed warm-up, measured around the Django test client's request (middleware,
view, serialisation; no network), then one request with the SQL queries counted:

* ``geojson``: ``/api/v1/ideas/?project=<slug>&format=geojson``, the FeatureCollection the
  map loads (all matching ideas, not paginated);
* ``geojson 304``: the same with ``If-None-Match`` (what a browser sends on a revisit);
* ``api json page``: the paginated JSON list;
* ``idea list page``: the HTML page with the filters, the paginated list and the map frame.

Browser (second table): a live server with 5,000 ideas; BENCH_MAP_RUNS (default 5) fresh
chromium contexts (empty cache) open ``/beteiligung/<slug>/ideen/``. "Map usable" is the
time from navigation start until idea-map.js has put the ideas into the cluster layer
(it sets ``participation-map--ready`` on the map) and at least one ``.marker-cluster``
is drawn; it is read from ``performance.now()`` in the page. Beside it the navigation
timing of the HTML (response end), DOMContentLoaded, the GeoJSON request (resource
timing) and the wall-clock time seen from the test. Tiles are answered with a blank
PNG (no network here).

The ideas are written with bulk_create (the benchmark measures reading, not the
services), with points sampled inside Jena's demo districts, the district set, and
counters set. The database is the test database of jena_smart.settings_test (SQLite in
memory unless DATABASE_URL points elsewhere). Nothing about timing is asserted; that the
queries do not grow with the data is asserted by the unit tests.
"""

import datetime
import os
import random
import statistics
import time
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.gis.geos import Point
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from geo.models import District
from geo.services import districts_create_demo
from geo.validation import geometry_from_geojson
from participation.ideas.models import Idea, IdeaStatus
from projects.models import Category, Phase, Project
from tests.e2e.conftest import BLANK_TILE

from .conftest import IDEA_BENCH_ROWS, MAP_BENCH_ROWS

pytestmark = [pytest.mark.bench]

REQUESTS = int(os.environ.get("BENCH_IDEA_REQUESTS", "15"))
MAP_RUNS = int(os.environ.get("BENCH_MAP_RUNS", "5"))
MAP_TIMEOUT_MS = 120_000
STATUSES = [s for s, _label in IdeaStatus.choices]


def build_project(idea_count: int, *, slug: str) -> Project:
    """A published project (whole city) in its ideas phase with ``idea_count`` ideas."""
    if not District.objects.exists():
        districts_create_demo()
    now = timezone.now()
    project = Project.objects.create(
        title=f"Benchmark mit {idea_count} Ideen", slug=slug,
        summary="Wo soll die Stadt smarte Straßenbeleuchtung testen?",
        status=Project.Status.PUBLISHED,
    )
    Phase.objects.create(
        project=project, type=Phase.Type.IDEAS, start=now - datetime.timedelta(days=10),
        end=now + datetime.timedelta(days=30), allows_ideas=True, allows_comments=True,
    )
    categories = [
        Category.objects.create(project=project, name=name, slug=name.lower())
        for name in ("Beleuchtung", "Sicherheit", "Umwelt", "Sonstiges")
    ]
    user_model = get_user_model()
    authors = [
        user_model.objects.create_user(
            email=f"bench-{slug}-{n}@jena-smart.example", display_name=f"Person {n}"
        )
        for n in range(50)
    ]
    rng = random.Random(2026)
    districts = list(District.objects.order_by("name"))
    shapes = [geometry_from_geojson(d.boundary) for d in districts]
    prepared = [shape.prepared for shape in shapes]
    ideas = []
    for n in range(idea_count):
        k = rng.randrange(len(districts))
        xmin, ymin, xmax, ymax = shapes[k].extent
        while True:
            lon, lat = round(rng.uniform(xmin, xmax), 6), round(rng.uniform(ymin, ymax), 6)
            if prepared[k].covers(Point(lon, lat, srid=4326)):
                break
        ideas.append(
            Idea(
                project=project, author=authors[n % len(authors)],
                title=f"Smarte Laterne Nummer {n + 1} in {districts[k].name}",
                text="Abends ist es hier sehr dunkel. Eine smarte Laterne wäre gut.",
                category=categories[n % len(categories)],
                location={"type": "Point", "coordinates": [lon, lat]},
                district=districts[k], status=STATUSES[n % len(STATUSES)],
                vote_count=rng.randrange(40), comment_count=rng.randrange(12),
            )
        )
    Idea.objects.bulk_create(ideas, batch_size=1000)
    return project


def time_requests(client: Client, url: str, **headers) -> dict:
    client.get(url, **headers)
    times = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        response = client.get(url, **headers)
        times.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    return {
        "n": REQUESTS,
        "median_ms": statistics.median(times),
        "p90_ms": statistics.quantiles(times, n=10)[-1] if len(times) > 1 else times[0],
        "queries": len(queries),
        "status": response.status_code,
        "kib": len(response.content) / 1024,
        "etag": response.get("ETag", ""),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("idea_count", [1_000, 10_000])
def test_bench_ideas_geojson_endpoint(idea_count):
    project = build_project(idea_count, slug=f"bench-{idea_count}")
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="de")
    geojson = f"/api/v1/ideas/?project={project.slug}&format=geojson"
    rows = []
    first = time_requests(client, geojson)
    rows.append({"endpoint": "geojson", **first})
    rows.append(
        {"endpoint": "geojson 304", **time_requests(client, geojson,
                                                     HTTP_IF_NONE_MATCH=first["etag"])}
    )
    rows.append(
        {"endpoint": "api json page", **time_requests(client, f"/api/v1/ideas/?project="
                                                               f"{project.slug}")}
    )
    rows.append(
        {"endpoint": "idea list page",
         **time_requests(client, f"/beteiligung/{project.slug}/ideen/")}
    )
    for row in rows:
        row["ideas"] = idea_count
        print(
            f"{row['endpoint']:<16} {idea_count:>6} ideas: median {row['median_ms']:8.1f} ms"
            f"  p90 {row['p90_ms']:8.1f} ms  {row['queries']:2} queries  HTTP {row['status']}"
            f"  {row['kib']:8.1f} KiB"
        )
    IDEA_BENCH_ROWS.extend(rows)
    broken = [f"{row['endpoint']}: HTTP {row['status']}" for row in rows
              if row["status"] not in (200, 304)]
    assert not broken, "endpoints not ready: " + ", ".join(broken)
    features = client.get(geojson).json()["features"]
    assert len(features) == idea_count


USABLE_JS = """() => {
  const map = document.querySelector('.participation-map.participation-map--ready');
  if (!map || !map.querySelector('.marker-cluster')) { return null; }
  return performance.now();
}"""

TIMINGS_JS = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const geo = performance.getEntriesByType('resource')
    .filter((e) => e.name.includes('format=geojson'))[0];
  return {
    html: nav.responseEnd,
    domReady: nav.domContentLoadedEventEnd,
    geojson: geo ? geo.responseEnd - geo.startTime : null,
    geojsonBytes: geo ? (geo.encodedBodySize || geo.transferSize) : null,
    clusters: document.querySelectorAll('.marker-cluster').length,
    count: document.querySelector('.participation-map').getAttribute('data-idea-count'),
  };
}"""


def _route_offline(live_netloc: str):
    tile_netloc = urlsplit(settings.MAP_TILES_URL.replace("{s}", "a")).netloc

    def route(route_obj):
        netloc = urlsplit(route_obj.request.url).netloc
        if netloc == live_netloc:
            route_obj.continue_()
        elif netloc == tile_netloc:
            route_obj.fulfill(status=200, content_type="image/png", body=BLANK_TILE)
        else:
            route_obj.abort()

    return route


def test_bench_idea_map_becomes_usable_in_chromium(
    browser, live_server, transactional_db, legal_pages
):
    idea_count = 5_000
    project = build_project(idea_count, slug="bench-karte")
    url = f"{live_server.url}/beteiligung/{project.slug}/ideen/"
    route = _route_offline(urlsplit(live_server.url).netloc)
    runs = []
    for _run in range(MAP_RUNS):
        context = browser.new_context(locale="de-DE", service_workers="block")
        context.route("**/*", route)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc, errors=errors: errors.append(str(exc)))
        start = time.perf_counter()
        page.goto(url, wait_until="commit")
        usable = page.wait_for_function(USABLE_JS, timeout=MAP_TIMEOUT_MS).json_value()
        wall = (time.perf_counter() - start) * 1000
        timings = page.evaluate(TIMINGS_JS)
        context.close()
        assert not errors, errors
        assert timings["count"] == str(idea_count)
        runs.append(
            {
                "usable_ms": usable,
                "wall_ms": wall,
                "html_ms": timings["html"],
                "dom_ready_ms": timings["domReady"],
                "geojson_ms": timings["geojson"] or 0,
                "geojson_kib": (timings["geojsonBytes"] or 0) / 1024,
                "clusters": timings["clusters"],
            }
        )
        print(
            f"run {len(runs)}: usable {usable:7.0f} ms (wall {wall:7.0f} ms), HTML "
            f"{timings['html']:5.0f} ms, DOM ready {timings['domReady']:5.0f} ms, GeoJSON "
            f"{runs[-1]['geojson_ms']:5.0f} ms / {runs[-1]['geojson_kib']:5.0f} KiB, "
            f"{timings['clusters']} clusters drawn"
        )
    row = {"ideas": idea_count, "runs": len(runs)}
    for key in ("html_ms", "dom_ready_ms", "geojson_ms", "geojson_kib", "usable_ms", "wall_ms"):
        row[key] = statistics.median(run[key] for run in runs)
    MAP_BENCH_ROWS.append(row)
