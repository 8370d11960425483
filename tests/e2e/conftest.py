"""Browser journeys: Playwright drives Debian's chromium against pytest-django's live_server.

Playwright's own browser download is not used; the tests launch the system chromium
(/usr/bin/chromium, or env CHROMIUM). In CI a browser that does not start fails the run;
on a laptop without chromium the browser tests are skipped with the reason.
"""

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles.handlers import StaticFilesHandler

from tests.conftest import running_in_ci


def _serve_static_for_an_hour(serve):
    """The live server's static files (Django's StaticFilesHandler) say how long they stay
    fresh, so a browser context loads each style, script and font once, not on every page
    of a journey (without it, Chromium guesses from the file's age: a fresh clone's files
    would be fetched again and again)."""

    def serve_cached(self, request):
        response = serve(self, request)
        response.headers["Cache-Control"] = "max-age=3600"
        return response

    return serve_cached


StaticFilesHandler.serve = _serve_static_for_an_hour(StaticFilesHandler.serve)


# Playwright's sync API runs an event loop in the test thread; Django would then refuse
# ORM calls from that thread. The test thread only sets up data, so this is safe here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
    # No host but this machine's resolves: a request to a third-party host fails at once
    # instead of waiting for a network this machine does not have. The page fixture does
    # not intercept requests (Playwright switches the browser's cache off for a context
    # with a route, and every page would fetch all its styles and fonts again); it records
    # them instead.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]
# How long an action or an expect() waits before it gives up (both return as soon as the
# page is there): generous, because the suite runs on every core and a busy machine may
# slow a page down, which must not fail a test. Playwright's expect() waits 5 s by default.
DEFAULT_TIMEOUT_MS = 20_000
# A 1×1 transparent PNG served in place of map tiles (this machine has no network).
BLANK_TILE = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)


def pytest_collection_modifyitems(items):
    """Everything under tests/e2e/ is a browser test: mark it so `-m "not e2e"` works."""
    for item in items:
        if "/e2e/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


def _unavailable(reason: str) -> None:
    if running_in_ci():
        pytest.fail(f"CI=true, but the browser is not available: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser(django_db_setup) -> Iterator:
    """One chromium for the whole session of this process (with pytest-xdist: one per
    worker process); each test gets a fresh context of its own (``page``)."""
    from django.db import connections

    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError as exc:
        _unavailable(f"playwright is not installed ({exc}); run `make test`")
    expect.set_options(timeout=DEFAULT_TIMEOUT_MS)
    if not os.access(CHROMIUM, os.X_OK):
        _unavailable(f"no chromium at {CHROMIUM} (Debian: apt-get install chromium)")
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
        except Exception as exc:  # launch errors come in several types
            _unavailable(f"chromium at {CHROMIUM} did not start: {exc}")
        yield browser
        browser.close()
        # The sync API of Playwright keeps an event loop running in this thread, and from
        # then on Django hands out other connection objects (asgiref keys them by context).
        # Close those before the test database is dropped (PostgreSQL refuses to drop a
        # database that is still in use).
        connections.close_all()


@dataclass
class BrowserLog:
    """What the page did besides rendering: console errors, uncaught exceptions, and
    every request (with those to other hosts than the live server kept apart)."""

    origin: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    # Map tiles are the one third-party request allowed (host from settings.MAP_TILES_URL);
    # they fail here too (no network), but are not counted as a fault.
    tile_requests: list[str] = field(default_factory=list)
    # Hosts the page may load from: the live server's, and those a journey adds (the
    # identity providers of the sign-in journeys).
    allowed_netlocs: set[str] = field(default_factory=set)

    def assert_clean(self) -> None:
        assert self.foreign_requests == [], "requests to third-party hosts"
        assert self.page_errors == [], "uncaught JavaScript errors"
        assert self.console_errors == [], "console errors"
        assert self.failed_requests == [], "failed requests"


@pytest.fixture
def page(browser, live_server, transactional_db, legal_pages) -> Iterator:
    """A fresh browser context and page on the live server (relative URLs work), with
    the legal pages in place (live_server tests are transactional and flush the data)."""
    origin = live_server.url
    context = browser.new_context(base_url=origin, locale="de-DE", service_workers="block")
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    log = BrowserLog(origin=origin)
    log.allowed_netlocs.add(urlsplit(origin).netloc)
    tile_netloc = urlsplit(settings.MAP_TILES_URL.replace("{s}", "a")).netloc

    def on_request(request):
        url = request.url
        log.requests.append(url)
        if urlsplit(url).scheme in {"http", "https", "ws", "wss"}:
            netloc = urlsplit(url).netloc
            if netloc == tile_netloc:
                log.tile_requests.append(url)
            elif netloc not in log.allowed_netlocs:
                # The site must load nothing from third-party hosts (none resolves here).
                log.foreign_requests.append(url)

    # Every page runs under the site's strict Content-Security-Policy; a violation is
    # reported as a console error, which assert_clean() fails on.
    context.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'CSP violation: ' + e.violatedDirective + ' blocked ' + e.blockedURI));"
    )
    page = context.new_page()

    def on_console(message):
        if message.type == "error":
            source = (message.location or {}).get("url", "")
            if source in log.tile_requests or source in log.foreign_requests:
                return  # the failed load of a map tile or a recorded foreign request
            if urlsplit(source).path == "/favicon.ico":
                # The browser asks for it by itself on pages that name no icon (the test
                # identity providers, a file download); the site's pages name theirs.
                return
            log.console_errors.append(f"{message.text} ({message.location})")

    def on_request_failed(request):
        # ERR_ABORTED: the page navigated on before a subresource finished; not a fault.
        if request.failure and "ERR_ABORTED" in request.failure:
            return
        if request.url not in log.foreign_requests + log.tile_requests:  # recorded apart
            log.failed_requests.append(f"{request.url}: {request.failure}")

    page.on("request", on_request)
    page.on("console", on_console)
    page.on("pageerror", lambda exc: log.page_errors.append(str(exc)))
    page.on("requestfailed", on_request_failed)
    page.browser_log = log
    yield page
    context.close()


@pytest.fixture
def browser_log(page) -> BrowserLog:
    """The BrowserLog of ``page``."""
    return page.browser_log


# The SAML test identity provider of the BundID journey (tests/verification/saml_idp/).
from tests.verification.saml_idp import idp  # noqa: E402, F401
