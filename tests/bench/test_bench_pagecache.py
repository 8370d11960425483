"""Benchmark: what an anonymous ``/strategie/`` costs with the page cache, compared with
``/healthz`` (one database query, one Redis PING), on gunicorn as in production.

One run, one server: a fresh SQLite database in a temporary folder with the demo
strategy (``load_jena_demo``), gunicorn with 2 sync workers and ``DEBUG`` off
(``loadtest.settings``: the production settings over plain HTTP), Redis database 7 as
the cache when Redis answers at 127.0.0.1:6379 (``BENCH_REDIS_URL`` chooses another;
without Redis each worker has its own local-memory cache). For each URL, after a
warm-up, ``BENCH_CLIENTS`` threads (default 4) send requests over new connections for
``BENCH_SECONDS`` (default 10) seconds; the table gives requests per second, the median
and 90th percentile latency seen by the client, and the X-Page-Cache header of the
answers. The ratio ``/strategie/`` ÷ ``/healthz`` should be at least 0.5 (the page
costs no more than two health checks); it is printed, not asserted — timing depends on
the machine and its load (README "Time limits"). The same run is repeated with the
page cache off (``PAGE_CACHE_TIMEOUT=0``: every page rendered) for comparison.

Not part of the unit suite. Run from the repository root:

    .venv/bin/pytest tests/bench/test_bench_pagecache.py -m bench -p no:cacheprovider \\
        --override-ini addopts="" -q -s
"""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import redis_answers

pytestmark = pytest.mark.bench

ROOT = Path(__file__).resolve().parents[2]
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "4"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
URLS = ("/healthz", "/strategie/", "/en/strategie/", "/api/v1/measures/")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port: int, path: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("X-Page-Cache") or "-"
    finally:
        connection.close()


def hammer(port: int, path: str) -> dict:
    """CLIENTS threads, SECONDS seconds, new connection per request (sync workers)."""
    latencies: list[float] = []
    statuses: Counter = Counter()
    headers: Counter = Counter()
    lock = threading.Lock()
    deadline = time.perf_counter() + SECONDS

    def run() -> None:
        mine, my_statuses, my_headers = [], Counter(), Counter()
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            status, header = get(port, path)
            mine.append((time.perf_counter() - start) * 1000)
            my_statuses[status] += 1
            my_headers[header] += 1
        with lock:
            latencies.extend(mine)
            statuses.update(my_statuses)
            headers.update(my_headers)

    threads = [threading.Thread(target=run) for _ in range(CLIENTS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {
        "path": path,
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "median_ms": statistics.median(latencies),
        "p90_ms": statistics.quantiles(latencies, n=10)[-1],
        "statuses": dict(statuses),
        "cache": dict(headers),
    }


@pytest.fixture(params=["cache", "no cache"])
def server(request, tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "loadtest.settings",
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'bench.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PRIVATE_ROOT": str(tmp_path / "private"),
        "LOG_LEVEL": "WARNING",
        "PAGE_CACHE_RELEASE": f"bench-{os.getpid()}-{time.time_ns()}",
        # Counters of earlier runs in the same Redis database stay apart; every request
        # comes from 127.0.0.1, so the API's read limit per address is raised.
        "CACHE_KEY_PREFIX": f"bench-{os.getpid()}-{time.time_ns()}",
        "API_THROTTLE_ANON": "100000000/hour",
        # "no cache": nothing is stored (a timeout of 0), for comparison.
        "PAGE_CACHE_TIMEOUT": "86400" if request.param == "cache" else "0",
    }
    env.pop("PYTEST_XDIST_WORKER", None)
    env["REDIS_URL"] = REDIS_URL if redis_answers(REDIS_URL) is None else ""
    python = sys.executable
    for command in (["migrate", "--noinput"], ["load_jena_demo"]):
        subprocess.run(
            [python, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    port = free_port()
    gunicorn = Path(python).with_name("gunicorn")
    process = subprocess.Popen(
        [
            str(gunicorn),
            "jena_smart.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if get(port, "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                pytest.fail("gunicorn did not answer /healthz within 60 s")
            time.sleep(0.2)
        yield port, env["REDIS_URL"] or "local memory (per worker)", request.param
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def test_bench_strategy_page_against_healthz(server):
    port, cache_name, mode = server
    for path in URLS:  # warm-up: every worker renders and stores once
        for _ in range(6):
            assert get(port, path)[0] == 200, path
    rows = [hammer(port, path) for path in URLS]

    print(
        f"\n[{mode}] gunicorn 2 workers, DEBUG off, SQLite, cache: {cache_name}, "
        f"{CLIENTS} clients x {SECONDS:.0f} s per URL"
    )
    print(
        f"{'URL':<20} {'requests':>8} {'req/s':>8} {'median ms':>10} {'p90 ms':>8}  "
        "statuses / X-Page-Cache"
    )
    for row in rows:
        print(
            f"{row['path']:<20} {row['requests']:>8} {row['rps']:>8.1f} "
            f"{row['median_ms']:>10.1f} {row['p90_ms']:>8.1f}  "
            f"{row['statuses']} {row['cache']}"
        )
    by_path = {row["path"]: row for row in rows}
    ratio = by_path["/strategie/"]["rps"] / by_path["/healthz"]["rps"]
    print(f"ratio /strategie/ ÷ /healthz: {ratio:.2f} (target ≥ 0.5)")

    assert all(set(row["statuses"]) == {200} for row in rows), rows
    expected = "hit" if mode == "cache" else "skip"
    strategy = by_path["/strategie/"]
    assert strategy["cache"].get(expected, 0) >= 0.99 * strategy["requests"], strategy
