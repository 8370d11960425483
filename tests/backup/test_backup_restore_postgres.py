"""The backup and restore drill of the production shape (README "Backup and restore"):
the demo data in a PostgreSQL database of the test's own, idea photos and a report PDF
in two buckets of a real S3 server; ``backup``; the database and both buckets dropped;
``restore`` — and every table holds the same rows and every object the same bytes as
before. Restoring a second time is harmless.

Needs PostgreSQL (DATABASE_URL's server, else 127.0.0.1:5432 as user postgres) and
SeaweedFS (tests/storage_infra.py): skipped with the reason on a laptop without them,
failed with CI=true.
"""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from demo.participation import DEMO_PHOTOS
from tests.backup.drill import ADD_FILES, Site, backup_folder, sha256, site_environment
from tests.storage_infra import anonymous_get, seaweedfs

pytestmark = [pytest.mark.s3]

# make run's data, as make run loads it (not the council report: its PDF rendering takes
# seconds and adds nothing here; ADD_FILES puts a report PDF into the private bucket).
DEMO_COMMANDS = """
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
call_command("load_jena_demo")
call_command("load_participation_demo")
"""


def _server_params() -> dict:
    """Where PostgreSQL is: the server of the suite's DATABASE_URL, else the local one."""
    params = settings.DATABASES["default"]
    if "postgresql" in params["ENGINE"]:
        return {
            "host": params.get("HOST") or "127.0.0.1",
            "port": int(params.get("PORT") or 5432),
            "user": params.get("USER") or "postgres",
            "password": params.get("PASSWORD") or "",
        }
    return {"host": "127.0.0.1", "port": 5432, "user": "postgres", "password": ""}


def _connect(dbname: str):
    import psycopg

    return psycopg.connect(dbname=dbname, autocommit=True, connect_timeout=5, **_server_params())


def _url(dbname: str) -> str:
    p = _server_params()
    auth = p["user"] + (f":{p['password']}" if p["password"] else "")
    return f"postgres://{auth}@{p['host']}:{p['port']}/{dbname}"


def _tables(dbname: str) -> dict[str, tuple[int, str]]:
    """Every table of the database: (row count, digest of its rows' contents)."""
    with _connect(dbname) as conn:
        names = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        state = {}
        for name in names:
            count, digest = conn.execute(
                f"SELECT COUNT(*), md5(COALESCE(string_agg(t::text, '|' ORDER BY t::text), '')) "  # noqa: S608,E501
                f'FROM "{name}" t'
            ).fetchone()
            state[name] = (count, digest)
    return state


def _objects(s3, bucket: str) -> dict[str, str]:
    client = s3.client()
    try:
        keys = s3.keys(bucket)
    except client.exceptions.NoSuchBucket:
        return {}
    return {key: sha256(s3.body(bucket, key)) for key in sorted(keys)}


def _drop_bucket(s3, bucket: str) -> None:
    client = s3.client()
    for key in s3.keys(bucket):
        client.delete_object(Bucket=bucket, Key=key)
    client.delete_bucket(Bucket=bucket)


@pytest.fixture(scope="module")
def postgres_server():
    from tests.conftest import service_missing

    try:
        with _connect("postgres") as conn:
            version = conn.info.server_version
    except Exception as exc:  # noqa: BLE001 - any failure means "not available"
        service_missing(f"PostgreSQL is not reachable at {_server_params()['host']} ({exc})")
    return version


@pytest.fixture(scope="module")
def demo_site(postgres_server, s3_server, tmp_path_factory):
    """The demo data of make run (strategy and participation, with its photos) plus four
    idea photos in the public bucket and a report PDF in the private one, in a database
    and buckets of this module's own; all dropped at the end."""
    token = uuid.uuid4().hex[:8]
    dbname = f"jena_backup_{token}"
    buckets = {"public": f"jena-public-backup-{token}", "private": f"jena-private-backup-{token}"}
    with _connect("postgres") as conn:
        conn.execute(f'CREATE DATABASE "{dbname}"')
        # Only to load the demo data faster; backup and restore do not depend on it.
        conn.execute(f'ALTER DATABASE "{dbname}" SET synchronous_commit = off')
    client = s3_server.client()
    for bucket in buckets.values():
        client.create_bucket(Bucket=bucket)
    work = tmp_path_factory.mktemp("backup-drill")
    site = Site(
        site_environment(
            DATABASE_URL=_url(dbname),
            S3_BUCKET=buckets["public"],
            S3_PRIVATE_BUCKET=buckets["private"],
            S3_ENDPOINT_URL=s3_server.endpoint_url,
            S3_ACCESS_KEY_ID=seaweedfs.TEST_ACCESS_KEY,
            S3_SECRET_ACCESS_KEY=seaweedfs.TEST_SECRET_KEY,
            BACKUP_ROOT=str(work / "backups"),
            MEDIA_ROOT=str(work / "media"),
            PRIVATE_ROOT=str(work / "private"),
        )
    )
    site.dbname, site.buckets, site.s3 = dbname, buckets, s3_server
    try:
        started = time.monotonic()
        # One process for all of it: each manage.py start costs seconds on a busy machine.
        site.manage("shell", "-c", DEMO_COMMANDS + ADD_FILES)
        site.setup_seconds = time.monotonic() - started
        yield site
    finally:
        with _connect("postgres") as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        for bucket in buckets.values():
            try:
                _drop_bucket(s3_server, bucket)
            except client.exceptions.NoSuchBucket:
                pass


def _state(site) -> dict:
    return {
        "tables": _tables(site.dbname),
        "public": _objects(site.s3, site.buckets["public"]),
        "private": _objects(site.s3, site.buckets["private"]),
    }


def test_demo_site_comes_back_identical_after_dropping_database_and_buckets(demo_site):
    before = _state(demo_site)
    assert len(before["public"]) == 4 + len(DEMO_PHOTOS)  # the drill's and the demo's
    assert len(before["private"]) == 1
    assert before["tables"]["ideas_idea"][0] > 100  # the participation demo is there

    started = time.monotonic()
    made = demo_site.manage("backup")
    backup_seconds = time.monotonic() - started
    folder = backup_folder(made.stdout)
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["database"]["vendor"] == "postgresql"
    assert manifest["database"]["pg_dump_major"] >= manifest["database"]["server_version"] // 10000
    assert manifest["tables"] == {name: count for name, (count, _) in before["tables"].items()}
    assert manifest["migrations"]["ideas"]
    for alias, bucket in (("default", "public"), ("private", "private")):
        files = manifest["storages"][alias]["files"]
        assert {item["key"]: item["sha256"] for item in files} == before[bucket]
    assert manifest["missing_files"] == []

    # Everything gone: the database and both buckets.
    with _connect("postgres") as conn:
        conn.execute(f'DROP DATABASE "{demo_site.dbname}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{demo_site.dbname}"')
    for bucket in demo_site.buckets.values():
        _drop_bucket(demo_site.s3, bucket)

    started = time.monotonic()
    restored = demo_site.manage("restore", str(folder))
    restore_seconds = time.monotonic() - started
    assert "Geprüft: alles wie in der Sicherung." in restored.stdout
    assert f"Angelegt: {demo_site.buckets['public']}" in restored.stdout
    assert _state(demo_site) == before
    # The restored photos are served as before: typed by name, cacheable, readable by
    # anyone in the recreated public bucket.
    photo = next(iter(before["public"]))
    head = demo_site.s3.client().head_object(Bucket=demo_site.buckets["public"], Key=photo)
    assert head["ContentType"] == "image/jpeg"
    assert head["CacheControl"] == "public, max-age=86400"
    status, _headers, body = anonymous_get(
        f"{demo_site.s3.endpoint_url}/{demo_site.buckets['public']}/{photo}"
    )
    assert (status, sha256(body)) == (200, before["public"][photo])

    # Restoring again over the restored site (it is not empty now: --yes) is harmless.
    demo_site.manage("restore", str(folder), "--yes")
    assert _state(demo_site) == before

    size = sum(path.stat().st_size for path in Path(folder).rglob("*") if path.is_file())
    print(
        f"\nbackup drill: set-up {demo_site.setup_seconds:.1f} s, backup {backup_seconds:.1f} s,"
        f" restore {restore_seconds:.1f} s, backup size {size / 1024:.0f} KB,"
        f" {manifest['rows']} rows in {len(manifest['tables'])} tables"
    )
