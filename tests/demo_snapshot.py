"""The whole Jena demo, as ``make run`` loads it, for tests that read it: loaded through
its commands once per test run, then put back as a copy.

Loading the demo through the services takes about 35 s (the participation demo alone
writes hundreds of ideas, comments, votes and notifications through the real services).
The tests of the loaders themselves (``tests/demo/test_demo_participation.py``,
``test_demo_strategy.py``) run them for real. The others — the browser journeys over the
demo site, the checks of the demo's English texts and budgets — need only the state the
loaders leave behind: :func:`demo_site` gives them that state.

How: the first test that asks runs the four commands, then copies every table of the
database (PostgreSQL: ``COPY … TO STDOUT``, SQLite: ``SELECT *``) and every file of the
in-memory storages into a file shared by all test processes of this run (pytest-xdist
workers too). Later tests, in any worker, replace the database's rows and add the files
from that copy: about a second. The copy is of the whole database, content types and
permissions included, so its foreign keys (guardian's object permissions, history
rows, …) stay right whatever ids the worker's own flushes gave those tables.

A worker that finds the copy being made by another one loads the demo itself instead of
waiting. Pages cached by an earlier test are never served (each test has its own
page-cache release, tests/conftest.py).
"""

from __future__ import annotations

import fcntl
import os
import pickle
from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test.utils import override_settings

COMMANDS = (
    "load_jena_demo",
    "load_participation_demo",
    "load_verification_demo",
    "load_budget_demo",
)
STORAGE_ALIASES = ("default", "private")
SKIPPED_TABLES = {"django_migrations", "sqlite_sequence"}
VERSION = 1


def demo_site(shared_dir: Path) -> dict[str, str]:
    """Put the whole demo into the test database (and its files into the storages);
    returns each command's output. Needs database access; works inside a transaction
    (module fixtures that roll back) and in transactional tests."""
    path = shared_dir / f"jena-demo-snapshot-v{VERSION}-{connection.vendor}.pickle"
    if path.exists():
        snapshot = pickle.loads(path.read_bytes())  # noqa: S301 - written by this run
        restore(snapshot)
        return snapshot["outputs"]
    with open(shared_dir / f"{path.name}.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # another worker is making it: do not wait for it
            return load()
        if path.exists():  # made while this one looked
            fcntl.flock(lock, fcntl.LOCK_UN)
            return demo_site(shared_dir)
        outputs = load()
        snapshot = take(outputs)
        partial = path.with_suffix(".partial")
        partial.write_bytes(pickle.dumps(snapshot, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(partial, path)
        return outputs


@contextmanager
def demo_site_rolled_back(shared_dir: Path) -> Iterator[dict[str, str]]:
    """The demo inside a transaction that is rolled back at the end (for module
    fixtures); afterwards nothing this process cached of the copy is kept."""
    with transaction.atomic():
        try:
            yield demo_site(shared_dir)
        finally:
            transaction.set_rollback(True)
    forget_derived_values()


def load() -> dict[str, str]:
    outputs = {}
    with override_settings(DEBUG=False):  # as served: no printed demo passwords
        for command in COMMANDS:
            out = StringIO()
            call_command(command, stdout=out)
            outputs[command] = out.getvalue()
    return outputs


def tables() -> list[str]:
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
    return sorted(name for name in names if name not in SKIPPED_TABLES)


def take(outputs: dict[str, str]) -> dict:
    data: dict = {}
    with connection.cursor() as cursor:
        for table in tables():
            quoted = connection.ops.quote_name(table)
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {quoted} TO STDOUT") as copy:
                    data[table] = b"".join(bytes(chunk) for chunk in copy)
            else:
                cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 - a table name
                data[table] = cursor.fetchall()
    files = {}
    for alias in STORAGE_ALIASES:
        storage = storages[alias]
        files[alias] = {name: storage.open(name).read() for name in walk(storage)}
    return {"tables": data, "files": files, "outputs": outputs}


def walk(storage, folder: str = "") -> list[str]:
    folders, names = storage.listdir(folder)
    found = [f"{folder}{name}" for name in names]
    for sub in folders:
        found += walk(storage, f"{folder}{sub}/")
    return found


def restore(snapshot: dict) -> None:
    data = snapshot["tables"]
    with transaction.atomic(), connection.cursor() as cursor:
        names = [name for name in tables() if name in data]
        quoted = [connection.ops.quote_name(name) for name in names]
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(quoted)}")
            for name, table in zip(names, quoted, strict=True):
                if data[name]:
                    with cursor.cursor.copy(f"COPY {table} FROM STDIN") as copy:
                        copy.write(data[name])
            models = apps.get_models(include_auto_created=True)
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
        else:
            cursor.execute("PRAGMA defer_foreign_keys = ON")
            for table in quoted:
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - a table name
            for name, table in zip(names, quoted, strict=True):
                rows = data[name]
                if rows:
                    marks = ", ".join(["%s"] * len(rows[0]))
                    cursor.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)  # noqa: S608
    for alias, files in snapshot["files"].items():
        storage = storages[alias]
        for name, content in files.items():
            if not storage.exists(name):
                storage.save(name, ContentFile(content))
    forget_derived_values()


def forget_derived_values() -> None:
    """The rows changed without the events the loaders send: drop what the site keeps
    computed from them in this process and in the cache."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache

    from geo.selectors import district_cache_clear
    from measures.rollup import invalidate_strategy_progress
    from projects.pagecache import NEXT_PHASE_CHANGE_KEY

    # The copy's content types may have other ids than this process cached (each flush of
    # a transactional test creates them anew).
    ContentType.objects.clear_cache()
    district_cache_clear()
    invalidate_strategy_progress()
    cache.delete(NEXT_PHASE_CHANGE_KEY)
