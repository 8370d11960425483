"""Emptying the database after a transactional test (and a browser journey) in a few
milliseconds instead of over half a second.

Django's ``TransactionTestCase`` (which pytest-django's ``transactional_db`` and
``live_server`` use) runs ``manage.py flush`` after each test: a TRUNCATE of all ~220
tables (PostgreSQL creates new files for each, ~0.4 s here) and then the post_migrate
signal, which creates all content types and permissions again (~0.13 s). A journey
writes to a dozen tables at most.

This empties only the tables that hold rows, with DELETE (its foreign keys checked at
the end of the transaction: Django creates them deferrable on PostgreSQL; SQLite's are
switched off meanwhile, as flush does) or, for a table with many rows on PostgreSQL,
TRUNCATE, and keeps the content types and permissions,
which no test changes, so post_migrate only finds them complete. The other post_migrate
receivers (the legal pages' admin entries, pages.apps) run as after a flush. What the
next test sees is what Django's flush leaves: the same empty tables and the same rows
that post_migrate makes.
"""

from __future__ import annotations

from django.core.management.sql import emit_post_migrate_signal
from django.db import connections, transaction
from django.test import TransactionTestCase

# Filled once by migrate and post_migrate, never by a test: kept, so post_migrate need not
# make them again (their ids stay the same, as do the caches that hold them).
KEPT_TABLES = frozenset({"django_content_type", "auth_permission"})


# Above this many rows a table is truncated rather than deleted from (PostgreSQL): the
# demo site's tables after a journey over it (DELETE of all its rows took ~7 s).
MANY_ROWS = 500


def tables_with_rows(connection) -> dict[str, int]:
    """The model tables of ``connection`` that hold rows, with their number of rows up to
    ``MANY_ROWS + 1``, in one query."""
    tables = [
        table
        for table in connection.introspection.django_table_names(
            only_existing=True, include_views=False
        )
        if table not in KEPT_TABLES
    ]
    if not tables:
        return {}
    quote = connection.ops.quote_name
    # The names come from the models (introspection), quoted: no outside input.
    query = " UNION ALL ".join(
        f"SELECT '{table}', (SELECT COUNT(*) FROM "  # noqa: S608
        f"(SELECT 1 FROM {quote(table)} LIMIT {MANY_ROWS + 1}) AS rows_of_{index})"
        for index, table in enumerate(tables)
    )
    with connection.cursor() as cursor:
        cursor.execute(query)
        return {table: rows for table, rows in cursor.fetchall() if rows}


def empty_database(db_name: str, *, inhibit_post_migrate: bool = False) -> None:
    connection = connections[db_name]
    tables = tables_with_rows(connection)
    if tables:
        quote = connection.ops.quote_name
        many = [table for table, rows in tables.items() if rows > MANY_ROWS]
        with transaction.atomic(using=db_name):
            with connection.constraint_checks_disabled(), connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                    if many:
                        # CASCADE: also the tables that point at these (empty, or
                        # emptied below anyway).
                        names = ", ".join(quote(table) for table in many)
                        cursor.execute(f"TRUNCATE {names} CASCADE")
                else:
                    many = []
                for table in tables:
                    if table not in many:
                        cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608
    if not inhibit_post_migrate:
        emit_post_migrate_signal(verbosity=0, interactive=False, db=db_name)


def _fixture_teardown(self) -> None:
    """``TransactionTestCase._fixture_teardown`` with ``empty_database`` for the flush
    (the same conditions for post_migrate as Django's)."""
    for db_name in self._databases_names(include_mirrors=False):
        inhibit_post_migrate = self.available_apps is not None or (
            self.serialized_rollback and hasattr(connections[db_name], "_test_serialized_contents")
        )
        empty_database(db_name, inhibit_post_migrate=inhibit_post_migrate)


def install() -> None:
    TransactionTestCase._fixture_teardown = _fixture_teardown
