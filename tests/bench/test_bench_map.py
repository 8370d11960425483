"""Benchmark: the idea map under load (list page + its GeoJSON, maps per second through
gunicorn) and the GeoJSON of 10,000 ideas against ``json.dumps`` of the same features.

Not part of the unit suite (pyproject's addopts ignore tests/bench). Run it from the
repository root with:

    .venv/bin/pytest tests/bench/test_bench_map.py -m bench -p no:cacheprovider \\
        --override-ini addopts="" -q -s

**(a) maps per second** (``test_bench_map_throughput``): the site in its production
shape on SQLite — ``loadtest.settings`` (the production settings, ``DEBUG`` off, cookies
over plain HTTP, static files through WhiteNoise's finders), gunicorn with 2 sync
workers on 127.0.0.1:BENCH_MAP_PORT (default 18450), a SQLite file in a temporary folder
with the migrations and one published project of 1,000 ideas (``build_project`` of
test_bench_ideas.py). One "map" is what a visitor's first look at
``/beteiligung/<slug>/ideen/`` costs the server: the HTML list page and the GeoJSON it
loads (``?project=<slug>&format=geojson``), both answered 200 in full (no conditional
request, no compression: a reverse proxy compresses). BENCH_MAP_CLIENTS (default 4)
Python threads ask for maps one after the other for BENCH_MAP_SECONDS (default 20)
after 3 s of warm-up; the result is maps/s and the median/p90 time of one map as a
client sees it. The load client runs on the same machine and takes some of its CPU.

An anonymous page cache answers with an ``X-Page-Cache`` header; the bench counts the
values it sees per endpoint. BENCH_MAP_VARIANTS runs the whole measurement once per
variant with extra environment variables for gunicorn, e.g.
``BENCH_MAP_VARIANTS="cache off:PAGE_CACHE=false;cache on:PAGE_CACHE=true"``
(default: one run, ``as configured``). The API's anonymous read throttle is raised for
the run (``API_THROTTLE_ANON``), since every request comes from 127.0.0.1.

**(b) GeoJSON vs json.dumps** (``test_bench_geojson_close_to_json_dumps``): in process,
10,000 ideas in the test database, the GeoJSON through the Django test client
(middleware, view, rendering) against ``json.dumps`` of the FeatureCollection it
returned; best of BENCH_GEOJSON_RUNS (default 7) each. Asserted generously: the
response takes at most 3× ``json.dumps``.
"""

import json
import os
import secrets
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from http.client import HTTPConnection
from pathlib import Path

import pytest
from django.test import Client

from .test_bench_ideas import build_project

pytestmark = [pytest.mark.bench]

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
PORT = int(os.environ.get("BENCH_MAP_PORT", "18450"))
CLIENTS = int(os.environ.get("BENCH_MAP_CLIENTS", "4"))
SECONDS = float(os.environ.get("BENCH_MAP_SECONDS", "20"))
WARMUP_SECONDS = 3.0
GEOJSON_RUNS = int(os.environ.get("BENCH_GEOJSON_RUNS", "7"))
MAP_IDEAS = 1_000
SLUG = "bench-karte-last"

# What the issue measured before (maps/s, same shape of run); printed beside the result.
ISSUE_BASELINE_MAPS_PER_S = 27.6
# Asserted: only that the site serves maps at all on a busy 2-core machine (the numbers
# are for reading; a load average of 9 took the unchanged code down to 5 maps/s).
MIN_MAPS_PER_S = 2.0


def _variants() -> list[tuple[str, dict[str, str]]]:
    spec = os.environ.get("BENCH_MAP_VARIANTS", "").strip()
    if not spec:
        return [("as configured", {})]
    variants = []
    for part in spec.split(";"):
        name, _sep, assignments = part.partition(":")
        extra = dict(item.split("=", 1) for item in assignments.split(",") if "=" in item)
        variants.append((name.strip(), extra))
    return variants


def _site_env(database: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "DEBUG")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="loadtest.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=f"sqlite:///{database}",
        API_THROTTLE_ANON="100000000/hour",
        PYTHONPATH=str(ROOT),
    )
    return env


FILL = f"""
import django
django.setup()
from tests.bench.test_bench_ideas import build_project
build_project({MAP_IDEAS}, slug={SLUG!r})
"""


def _prepare_site(folder: Path) -> dict[str, str]:
    env = _site_env(folder / "bench.sqlite3")
    started = time.perf_counter()
    for command in (
        [PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"],
        [PYTHON, "-c", FILL],
    ):
        subprocess.run(command, cwd=ROOT, env=env, check=True, timeout=600)
    print(f"\nsite prepared in {time.perf_counter() - started:.1f} s ({MAP_IDEAS} ideas)")
    return env


def _get(path: str) -> tuple[int, int, str | None, float]:
    """(status, body bytes, X-Page-Cache, seconds) of one GET. gunicorn's sync workers
    close the connection after each response: one connection per request."""
    start = time.monotonic()
    connection = HTTPConnection("127.0.0.1", PORT, timeout=60)
    try:
        connection.request("GET", path, headers={"Accept-Language": "de"})
        response = connection.getresponse()
        body = response.read()
        seconds = time.monotonic() - start
        return response.status, len(body), response.getheader("X-Page-Cache"), seconds
    finally:
        connection.close()


def _wait_until_up(process: subprocess.Popen, deadline: float = 60.0) -> None:
    start = time.monotonic()
    while time.monotonic() - start < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn ended with {process.returncode}")
        try:
            if _get("/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer /healthz in time")


def _load(paths: tuple[str, str]) -> dict:
    """CLIENTS threads fetch maps (the two paths in turn) until the time is up."""
    stop_warmup = time.monotonic() + WARMUP_SECONDS
    stop = stop_warmup + SECONDS
    lock = threading.Lock()
    durations: list[float] = []
    failures: list[str] = []
    cache_headers = {path: Counter() for path in paths}
    per_path: dict[str, list[float]] = {path: [] for path in paths}
    sizes: dict[str, int] = {}

    def client() -> None:
        while True:
            begin = time.monotonic()
            if begin >= stop:
                return
            results = [(path, *_get(path)) for path in paths]
            end = time.monotonic()
            with lock:
                for path, status, size, cache, seconds in results:
                    if status != 200:
                        failures.append(f"{path}: HTTP {status}")
                    sizes[path] = size
                    if begin >= stop_warmup:
                        cache_headers[path][cache or "-"] += 1
                        per_path[path].append(seconds * 1000)
                if begin >= stop_warmup and end <= stop:
                    durations.append(end - begin)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "maps": len(durations),
        "maps_per_s": len(durations) / SECONDS,
        "median_ms": statistics.median(durations) * 1000 if durations else 0.0,
        "p90_ms": statistics.quantiles(durations, n=10)[-1] * 1000 if len(durations) > 1 else 0.0,
        "failures": failures,
        "cache_headers": cache_headers,
        "sizes": sizes,
        "path_median_ms": {
            path: statistics.median(times) if times else 0.0 for path, times in per_path.items()
        },
    }


def test_bench_map_throughput(tmp_path):
    env = _prepare_site(tmp_path)
    paths = (f"/beteiligung/{SLUG}/ideen/", f"/api/v1/ideas/?project={SLUG}&format=geojson")
    results = []
    for name, extra in _variants():
        log = (tmp_path / f"gunicorn-{len(results)}.log").open("w")
        process = subprocess.Popen(
            [
                GUNICORN,
                "jena_smart.wsgi",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{PORT}",
                "--access-logfile",
                "-",
                "--error-logfile",
                "-",
            ],
            cwd=ROOT,
            env={**env, **extra},
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        try:
            _wait_until_up(process)
            result = _load(paths)
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            log.close()
        results.append((name, result))
        headers = "; ".join(
            f"{'page' if path == paths[0] else 'geojson'} "
            + ", ".join(f"{value}×{count}" for value, count in counter.most_common())
            for path, counter in result["cache_headers"].items()
        )
        print(
            f"{name:<14} {result['maps_per_s']:6.1f} maps/s ({result['maps']} maps in "
            f"{SECONDS:.0f} s, {CLIENTS} clients, gunicorn 2 workers) — one map: median "
            f"{result['median_ms']:6.1f} ms, p90 {result['p90_ms']:6.1f} ms; page "
            f"{result['sizes'].get(paths[0], 0) / 1024:.0f} KiB in "
            f"{result['path_median_ms'][paths[0]]:.1f} ms, GeoJSON "
            f"{result['sizes'].get(paths[1], 0) / 1024:.0f} KiB in "
            f"{result['path_median_ms'][paths[1]]:.1f} ms (medians); X-Page-Cache: {headers}; "
            f"issue's baseline {ISSUE_BASELINE_MAPS_PER_S} maps/s"
        )
    for name, result in results:
        assert not result["failures"], f"{name}: {result['failures'][:5]}"
        assert result["maps_per_s"] >= MIN_MAPS_PER_S, name


def _best_of(runs: int, action) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.django_db
def test_bench_geojson_close_to_json_dumps(settings):
    # What building the GeoJSON costs: the anonymous page cache would answer every run
    # after the first from Redis (or locmem) and measure only that.
    settings.PAGE_CACHE_TIMEOUT = 0
    idea_count = 10_000
    project = build_project(idea_count, slug="bench-geojson-10000")
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="de")
    url = f"/api/v1/ideas/?project={project.slug}&format=geojson"
    response = client.get(url)
    assert response.status_code == 200
    collection = json.loads(response.content)
    assert len(collection["features"]) == idea_count

    assert response.get("X-Page-Cache") in (None, "skip")
    served = _best_of(GEOJSON_RUNS, lambda: client.get(url))
    dumped = _best_of(GEOJSON_RUNS, lambda: json.dumps(collection))
    ratio = served / dumped
    print(
        f"\nGeoJSON of {idea_count} ideas ({len(response.content) / 1024:.0f} KiB): served "
        f"in {served * 1000:.1f} ms, json.dumps of the same features {dumped * 1000:.1f} ms "
        f"— ratio {ratio:.2f} (best of {GEOJSON_RUNS} each)"
    )
    assert ratio <= 3.0
