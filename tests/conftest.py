"""Fixtures shared by the whole suite: access to the real services.

A test that needs PostgreSQL or Redis asks for ``requires_postgres`` or ``redis_url`` /
``requires_redis``. In CI (env CI=true) a missing service fails the test, because CI
promises to run against both; on a laptop without them the test is skipped with the
reason, and the rest of the suite still runs on SQLite with eager Celery.

``make test`` runs the suite with pytest-xdist on every core (``-n auto``, xdist's
default ``--dist load``: tests handed out one by one in collection order, so each worker
still runs pytest-django's "db" tests before its transactional ones). Every test is safe
beside any other: each worker process has its own test database (pytest-django's
``_gw<N>`` suffix) and Redis database (``jena_smart/settings_test.py``); live servers,
private redis-servers and SMTP sinks take free ports; real Celery workers consume queues
of their own. Module-scoped fixtures then run once per worker process that runs the
module's tests.

Factories live in tests/factories.py, not here.
"""

import os

import pytest
from django.conf import settings
from django.utils import translation

DEFAULT_TEST_REDIS_URL = "redis://127.0.0.1:6379/15"


def pytest_configure(config):
    # Transactional tests and browser journeys empty only the tables they wrote to
    # (tests/fast_flush.py) instead of Django's flush of every table.
    from tests import fast_flush

    fast_flush.install()

# Tests that take from half a minute to over a minute each (services started, databases
# dumped and restored, collectstatic): handed out first among the tests that may run
# after the transactional ones, so that no worker starts one while the other runs out of
# work (see pytest_collection_modifyitems).
LONG_RUNNING = (
    "tests/production/test_two_nodes.py",
    "tests/backup/",
    "tests/migrations/test_participation_move.py",
    "tests/test_foundation.py::test_collectstatic_succeeds_with_the_production_storage",
    "tests/reliability/",
)
# The longest browser journeys (the demo site page by page, long keyboard walks).
LONG_BROWSER_JOURNEYS = (
    "tests/e2e/test_all_main_pages.py",
    "tests/e2e/test_keyboard_journeys.py::test_every_focused_element_is_visible",
    "tests/e2e/test_comments_votes_journey.py",
    "tests/e2e/test_budget_ballot_journey.py",
    "tests/e2e/test_participation_journey.py",
    "tests/e2e/test_budget_review_journey.py",
    "tests/e2e/test_xss_browser.py",
)


def _uses_db_without_transactions(item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", [])
    if "transactional_db" in fixtures or "live_server" in fixtures:
        return False
    if marker is not None and (
        marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
    ):
        return False
    return marker is not None or "db" in fixtures


def _weight(item) -> int:
    node = item.nodeid
    if any(node.startswith(prefix) for prefix in LONG_RUNNING):
        return 3
    if any(node.startswith(prefix) for prefix in LONG_BROWSER_JOURNEYS):
        return 2
    if item.get_closest_marker("e2e"):
        return 1  # a browser journey: 2-15 s
    return 0


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """After pytest-django's order (tests in a rolled-back transaction, then transactional
    ones, then those without a database): the tests after the first group, which may run
    in any order, go longest first — pytest-xdist hands tests out in this order, so the
    last ones handed out are short and both workers finish at about the same time."""
    first = [item for item in items if _uses_db_without_transactions(item)]
    rest = [item for item in items if not _uses_db_without_transactions(item)]
    rest.sort(key=lambda item: -_weight(item))
    # One test that needs the demo's copy (tests/demo_snapshot.py) goes first, so that
    # one worker makes the copy while the other runs other tests; the rest of them, met
    # minutes later, find it made.
    for index, item in enumerate(first):
        if "demo_snapshot_dir" in getattr(item, "fixturenames", ()):
            first.insert(0, first.pop(index))
            break
    items[:] = first + rest


def running_in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def service_missing(reason: str) -> None:
    """Fail in CI, skip elsewhere: CI must never go green by skipping a service test."""
    if running_in_ci():
        pytest.fail(f"CI=true, but {reason}", pytrace=False)
    pytest.skip(reason)


def redis_answers(url: str) -> str | None:
    """None when Redis at ``url`` answers PING, else why not."""
    import redis

    try:
        # Generous: a busy machine must not make a running Redis look missing (in CI that
        # fails every Redis test); a Redis that is not there refuses at once anyway.
        client = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=5)
        client.ping()
        client.close()
    except Exception as exc:  # any failure means "not available"
        return f"{type(exc).__name__}: {exc}"
    return None


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The URL of a Redis that answers: settings.REDIS_URL (from the environment), or
    redis://127.0.0.1:6379/15 when that one answers."""
    url = settings.REDIS_URL or DEFAULT_TEST_REDIS_URL
    problem = redis_answers(url)
    if problem:
        service_missing(f"Redis is not reachable at {url} ({problem}); set REDIS_URL")
    return url


@pytest.fixture
def requires_redis(redis_url: str) -> str:
    """For tests that need a real Redis; gives its URL."""
    return redis_url


@pytest.fixture
def requires_postgres() -> None:
    """For tests that need PostgreSQL behaviour (row locks, constraints under concurrency)."""
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        service_missing(
            f"the test database is {engine.rsplit('.', 1)[-1]}, not PostgreSQL; "
            "set DATABASE_URL=postgres://..."
        )


@pytest.fixture(autouse=True)
def _default_language_for_each_test():
    """Every test starts in German. A request to /en/ leaves English active in the test
    thread (LocaleMiddleware does not reset it), which would leak into later tests."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_page_cache_for_each_test(settings):
    """Every test starts with an empty page cache (core/pagecache.py): a release of its
    own makes every key new, so a page one test cached (the same URL, other data) is never
    served to the next. Not ``cache.clear()``: with Redis that is FLUSHDB, which would
    also empty a real worker's queue."""
    import uuid

    settings.PAGE_CACHE_RELEASE = f"test-{uuid.uuid4().hex}"


@pytest.fixture
def legal_pages(db):
    """The Impressum/Datenschutz/Barrierefreiheit pages as shipped (pages/content/), by slug:
    each page's admin entry, with no editor's version.

    The texts are files, so the pages show them even in a flushed database (transactional
    and browser tests); ``flush`` also puts the admin entries back (pages.apps). This makes
    sure of both, and drops any version an earlier step of the test saved."""
    from pages.models import OVERRIDE_FIELDS, Page
    from pages.services import pages_ensure_entries

    pages_ensure_entries()
    Page.objects.update(**dict.fromkeys(OVERRIDE_FIELDS, ""))
    return {page.slug: page for page in Page.objects.all()}


@pytest.fixture(autouse=True)
def _celery_join_flag_reset():
    """Eager Celery tasks run in several threads at once (the concurrency tests) race on
    Celery's process-global "join would block" flag and can leave it set, which makes
    any later ``result.get()`` in this process fail. Reset it after each test."""
    yield
    from celery._state import _set_task_join_will_block

    _set_task_join_will_block(False)


@pytest.fixture(scope="session")
def demo_snapshot_dir(tmp_path_factory, worker_id) -> "os.PathLike":
    """A folder all test processes of this run share (pytest-xdist's workers have
    sibling base folders): tests/demo_snapshot.py keeps the demo's copy there."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if worker_id != "master" else base
