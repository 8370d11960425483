"""A database made before participation/ was split into the ideas, moderation and
notifications apps keeps everything: the demo data is loaded into the old
``participation_*`` tables (made by the old app's real migrations), then the site's
``migrate`` runs and every row is found in the new apps' tables, with the content types
and the permissions a group holds moved along (not made anew).

Runs on the database the suite uses: a file of its own on SQLite, a database of its own
on the PostgreSQL server of DATABASE_URL (created and dropped here)."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def _run(args: list[str], *, database_url: str, settings_module: str) -> str:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "DEBUG": "true",
    }
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=900, check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-5000:]
    return done.stdout


@pytest.fixture
def database_url(tmp_path):
    """A new, empty database of the suite's kind."""
    engine = settings.DATABASES["default"]["ENGINE"]
    if "sqlite" in engine:
        yield f"sqlite:///{tmp_path / 'legacy.sqlite3'}"
        return
    import psycopg

    server = settings.DATABASES["default"]
    name = f"jena_legacy_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(
        host=server["HOST"], port=server["PORT"] or 5432, user=server["USER"],
        password=server["PASSWORD"], dbname="postgres", autocommit=True,
    )
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        password = f":{server['PASSWORD']}" if server["PASSWORD"] else ""
        yield (
            f"postgres://{server['USER']}{password}@{server['HOST']}:"
            f"{server['PORT'] or 5432}/{name}"
        )
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_the_demo_data_survives_the_move_to_the_new_apps(database_url):
    before = json.loads(
        _run(
            ["-m", "tests.migrations.legacy_layout", "build"],
            database_url=database_url,
            settings_module="tests.migrations.settings_legacy",
        ).splitlines()[-1]
    )
    # The old layout really held the demo: ideas, comments, votes, a moderation case,
    # follows and notifications.
    for table in (
        "participation_idea",
        "participation_comment",
        "participation_vote",
        "participation_report",
        "participation_moderationdecision",
        "participation_follow",
        "participation_notification",
    ):
        assert before["tables"][table] > 0, table

    _run(
        ["manage.py", "migrate", "--noinput", "-v0"],
        database_url=database_url,
        settings_module="jena_smart.settings_test",
    )
    after = json.loads(
        _run(
            ["-m", "tests.migrations.legacy_layout", "count"],
            database_url=database_url,
            settings_module="jena_smart.settings_test",
        ).splitlines()[-1]
    )

    assert after["tables"] == before["tables"]
    assert after["legacy_tables_left"] == []
    assert after["reply_resolves"] is True
    assert after["ideas_with_comments"] > 0
    # The content types were moved (same ids), not made anew, so permissions, object
    # permissions and the admin's log keep pointing at the right models.
    moved = {
        "participation.idea": "ideas.idea",
        "participation.comment": "ideas.comment",
        "participation.vote": "ideas.vote",
        "participation.report": "moderation.flag",
        "participation.moderationdecision": "moderation.moderationdecision",
        "participation.reportalert": "moderation.flagalert",
        "participation.follow": "notifications.follow",
        "participation.notification": "notifications.notification",
        "participation.notificationpreference": "notifications.notificationpreference",
    }
    assert {moved[label]: pk for label, pk in before["content_types"].items()} == after[
        "content_types"
    ]
    assert before["group_permissions"] == ["participation.change_idea"]
    assert after["group_permissions"] == ["ideas.change_idea"]
