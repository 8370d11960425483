"""The page cache: public pages and API lists that cost almost nothing for anonymous
readers, and that nobody ever sees outdated after a change.

**What is cached.** Only the routes an app registered with ``cache_for_anonymous()``
(by URL name, in its ``AppConfig.ready()``), only for GET and HEAD, only for visitors
who are not signed in (no session of a signed-in person, no ``Authorization`` header) and
have no message waiting, and only answers that are the same for every such visitor: status
200, not streamed, no cookie set, nothing put into the session or the messages, no
CSRF token used (a form's token belongs to one visitor: served to another, their post
would be refused) and no CSP nonce in the body. A page one visitor cannot share is
simply not stored — so anonymous pages with forms keep working, they are just not cached.

**Key.** One entry per absolute URL (scheme, host, path with language prefix, query
string), language, the ``Accept`` header where the route negotiates its format (the API),
today's date (pages show "stale", "delayed", "ends in 3 days") and the release
(``PAGE_CACHE_RELEASE``, or a fingerprint of the code, templates and translations: new
templates never meet old pages) — and the current
*versions of the route's tags*. A tag names what a page shows: ``strategy``,
``measure:<slug>``, ``projects``, ``project:<slug>``, ``ideas:project:<slug>``,
``idea:<pk>``, ``ideas``, ``people``, ... Each app's ``pagecache`` module says which tags
its pages depend on (from the URL's arguments, without a query) and which tags its
writes touch.

**Invalidation** bumps the touched tags' versions (``invalidate()``): every page that
depends on one of them has a new key at once, and the old entries are never read again
(they expire with the safety TTL). Triggers are the domain events (a published progress
update, a new idea, a vote, a comment, a hidden item, a project or phase saved, ...) and,
as a safety net for the admin, data loaders and fixtures, ``post_save``/``post_delete``
of the models the pages show. A bump happens at once *and* again after the commit: the
first one makes the writer's own process (and tests, which run inside a transaction) see
the change; the second closes the window in which a concurrent reader could have
rendered the data before the commit and stored it under the new version. Time alone never
invalidates except where time itself changes a page: pages whose content changes at a
known moment (a phase starts or ends) are stored only until then (``expires``), and the
date is part of every key.

A hit costs two cache round trips (the tags' versions in one ``get_many``, then the
page; an API hit also counts against the API's read limit) and no SQL query for a
visitor without a session; a visitor with a session costs one query to see that nobody
is signed in. Each answer of a registered route carries
``X-Page-Cache: hit`` (from the cache), ``miss`` (rendered and stored) or ``skip``
(rendered, not stored: signed in, a per-visitor answer, or the cache unreachable).

**Redis away** (``core.cache``): the page is rendered as if there were no cache and the
outage is logged; invalidations that cannot reach Redis are lost, like the roll-up's,
and a Redis that restarts comes back empty.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

from core.cache import CACHE_ERRORS

logger = logging.getLogger(__name__)

HEADER = "X-Page-Cache"
HIT, MISS, SKIP = "hit", "miss", "skip"
TAG_KEY = "pagecache:tag:"
PAGE_KEY = "pagecache:page:"
# Headers a cached answer never keeps: set per request by the outer middleware.
NOT_STORED_HEADERS = frozenset(
    {"set-cookie", "content-security-policy", HEADER.lower(), "content-length"}
)

TagFunction = Callable[..., Iterable[str]]
ExpiresFunction = Callable[..., float | None]


@dataclass(frozen=True)
class Route:
    tags: TagFunction
    expires: ExpiresFunction | None = None
    vary_on_accept: bool = False


_routes: dict[str, Route] = {}


def cache_for_anonymous(
    view_name: str,
    *,
    tags: TagFunction | Iterable[str] = (),
    expires: ExpiresFunction | None = None,
    vary_on_accept: bool = False,
) -> None:
    """Cache the route ``view_name`` (``"measures:overview"``) for anonymous readers.

    ``tags(request, **url_kwargs)`` names what the page shows (it must not query the
    database: it runs on every hit); a fixed list will do. ``expires(request,
    **url_kwargs)`` may give the seconds until the page changes by time alone (None:
    not before the safety TTL); it runs only when a page is stored. ``vary_on_accept``
    for routes that negotiate their format by the ``Accept`` header (the API)."""
    if not callable(tags):
        fixed = tuple(tags)

        def tags(request, **kwargs):
            return fixed

    _routes[view_name] = Route(tags=tags, expires=expires, vary_on_accept=vary_on_accept)


def registered_routes() -> dict[str, Route]:
    return dict(_routes)


# --- tags and their versions ---------------------------------------------------------------


def _new_version() -> int:
    # Never reused: a tag whose key was evicted starts at a new value, so an old page
    # stored under an earlier version can never match again.
    return time.time_ns()


_bump_hooks: dict[str, list[Callable[[], None]]] = {}


def when_bumped(tag: str, hook: Callable[[], None]) -> None:
    """Run ``hook()`` whenever ``tag`` is bumped (now and after the commit), e.g. to
    work out again something the tagged pages need when they are stored."""
    _bump_hooks.setdefault(tag, []).append(hook)


def _bump(tags: Iterable[str]) -> None:
    tags = set(tags)
    keys = {f"{TAG_KEY}{tag}": _new_version() for tag in tags}
    if not keys:
        return
    try:
        cache.set_many(keys, timeout=None)
    except CACHE_ERRORS:
        logger.warning(
            "cache unreachable: pages of %s not invalidated", sorted(keys), exc_info=True
        )
    for tag in tags:
        for hook in _bump_hooks.get(tag, ()):
            hook()


def invalidate(*tags: str) -> None:
    """The pages depending on any of ``tags`` change: bump them now and after the commit
    of the running transaction (see the module's docstring). The tags of one
    transaction are bumped together, by one callback after the commit."""
    tags = tuple(tag for tag in tags if tag)
    if not tags:
        return
    _bump(tags)
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return
    # One callback per transaction, as long as it is still waiting for the commit (a
    # savepoint rolled back drops it, a commit runs and removes it).
    pending = getattr(connection, "_pagecache_pending", None)
    if pending is None or not any(entry[1] is pending[0] for entry in connection.run_on_commit):
        waiting: set[str] = set()

        def bump_after_commit() -> None:
            _bump(waiting)

        transaction.on_commit(bump_after_commit)
        pending = connection._pagecache_pending = (bump_after_commit, waiting)
    pending[1].update(tags)


def tag_versions(tags: Iterable[str]) -> dict[str, int]:
    """The current version of each tag (one round trip; missing ones are created)."""
    keys = [f"{TAG_KEY}{tag}" for tag in sorted(set(tags))]
    found = cache.get_many(keys) if keys else {}
    missing = [key for key in keys if key not in found]
    for key in missing:
        version = _new_version()
        if cache.add(key, version, timeout=None):
            found[key] = version
        else:  # another process created it meanwhile
            found[key] = cache.get(key, version)
    return {key.removeprefix(TAG_KEY): found[key] for key in keys}


# --- the middleware ---------------------------------------------------------------------------


@dataclass
class _Plan:
    route: Route | None = None
    key: str | None = None
    served: bool = False


def _timeout() -> int:
    return int(getattr(settings, "PAGE_CACHE_TIMEOUT", 60 * 60 * 24))


# Settings change only with a new release in production (PAGE_CACHE_RELEASE); tests
# change them on the fly (override_settings, pytest-django's ``settings``), and a page
# rendered with the old ones must not be served after: each change makes new keys.
_settings_generation = 0


def _settings_changed(**kwargs) -> None:
    global _settings_generation
    _settings_generation += 1


setting_changed.connect(_settings_changed, dispatch_uid="core.pagecache.settings_changed")


# What a page is rendered from, besides the data: the code, templates, translations, the
# site's own CSS/JS (pages link them by content hash) and the pinned packages. Hashed once
# per process; every node of one release gets the same.
RELEASE_SUFFIXES = (".py", ".html", ".txt", ".mo", ".css", ".js", ".svg")
RELEASE_PINS = {"requirements.txt", "package-lock.json"}
RELEASE_SKIPPED = {".venv", "node_modules", "var", "tests", "staticfiles", "loadtest"}


@functools.cache
def code_fingerprint(base: Path) -> str:
    digest = hashlib.sha256()
    for folder, subfolders, files in os.walk(base):
        top = Path(folder) == base
        subfolders[:] = sorted(
            name
            for name in subfolders
            if not name.startswith((".", "__")) and not (top and name in RELEASE_SKIPPED)
        )
        for name in sorted(files):
            if name.endswith(RELEASE_SUFFIXES) or (top and name in RELEASE_PINS):
                path = Path(folder, name)
                digest.update(str(path.relative_to(base)).encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def release() -> str:
    """PAGE_CACHE_RELEASE when set (e.g. the commit deployed), else a fingerprint of the
    code: a new release never meets pages rendered by the old one, set or not."""
    return settings.PAGE_CACHE_RELEASE or code_fingerprint(Path(settings.BASE_DIR))


def _page_key(request, route: Route, kwargs: dict) -> str:
    versions = tag_versions(route.tags(request, **kwargs))
    parts = [
        release(),
        str(_settings_generation),
        getattr(request, "LANGUAGE_CODE", "") or settings.LANGUAGE_CODE,
        timezone.localdate().isoformat(),
        request.build_absolute_uri(),
        request.headers.get("Accept", "") if route.vary_on_accept else "",
        *(f"{tag}={version}" for tag, version in sorted(versions.items())),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"{PAGE_KEY}{digest}"


def _reader_may_share(request) -> bool:
    """A visitor who is not signed in and has no message waiting."""
    if request.META.get("HTTP_AUTHORIZATION"):
        return False
    user = getattr(request, "user", None)
    if user is None or user.is_authenticated:
        return False
    messages = getattr(request, "_messages", None)
    return not (messages is not None and len(messages))


def _answer_is_shareable(request, response) -> bool:
    """The answer is the same for every anonymous visitor (see the module's docstring)."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and (messages.used or messages.added_new or len(messages)):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    # "no-cache" (browsers revalidate with the ETag) and "Vary: Cookie" (signed-in people
    # see more) do not concern a cache whose readers are all anonymous.
    cache_control = response.get("Cache-Control", "").lower()
    if "private" in cache_control or "no-store" in cache_control:
        return False
    content = response.content
    if b"csrfmiddlewaretoken" in content:
        return False
    nonce = getattr(request, "csp_nonce", None)
    return not (nonce and nonce.encode() in content)


def _from_cache(request, stored: dict) -> HttpResponse:
    response = HttpResponse(stored["content"], status=stored["status"])
    for name, value in stored["headers"]:
        response.headers[name] = value
    response.headers[HEADER] = HIT
    etag = response.headers.get("ETag")
    last_modified = parse_http_date_safe(response.headers.get("Last-Modified", ""))
    if etag or last_modified:
        response = get_conditional_response(
            request, etag=etag, last_modified=last_modified, response=response
        )
        response.headers[HEADER] = HIT
    return response


def _throttled(request, view_func, args, kwargs) -> bool:
    """The API's read limits hold for answers from the cache too (they keep out scripts
    copying the site, core.api.throttling): a hit is counted like a rendered answer, and
    one beyond the limit is left to the view, which refuses it."""
    view_class = getattr(view_func, "cls", None)
    if view_class is None or not hasattr(view_class, "get_throttles"):
        return False
    view = view_class(**getattr(view_func, "initkwargs", {}))
    actions = getattr(view_func, "actions", None)
    if actions is not None:
        view.action_map = actions
        view.action = actions.get(request.method.lower())
    view.args, view.kwargs, view.headers, view.format_kwarg = args, kwargs, {}, None
    view.request = view.initialize_request(request, *args, **kwargs)
    return any(not throttle.allow_request(view.request, view) for throttle in view.get_throttles())


class PageCacheMiddleware:
    """Serves and stores the registered routes (the last middleware: the session, the
    user, the language and the messages are known; what the outer middleware adds —
    cookies, CSP with its nonce, security headers — is added to a hit as to any page)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        plan: _Plan | None = getattr(request, "_page_cache_plan", None)
        if plan is None or plan.served:
            return response
        if plan.key and request.method == "GET" and _answer_is_shareable(request, response):
            if self._store(request, plan, response):
                response.headers[HEADER] = MISS
                return response
        response.headers[HEADER] = SKIP
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = getattr(request, "resolver_match", None)
        route = _routes.get(match.view_name) if match is not None else None
        if route is None or request.method not in ("GET", "HEAD"):
            return None
        plan = _Plan(route=route)
        request._page_cache_plan = plan
        if not _reader_may_share(request):
            return None
        try:
            plan.key = _page_key(request, route, view_kwargs)
            stored = cache.get(plan.key)
        except CACHE_ERRORS:
            logger.warning("cache unreachable: %s rendered without it", request.path, exc_info=True)
            plan.key = None
            return None
        if stored is None or _throttled(request, view_func, view_args, view_kwargs):
            return None  # a throttled reader gets the view's own answer (429)
        plan.served = True
        return _from_cache(request, stored)

    @staticmethod
    def _store(request, plan: _Plan, response) -> bool:
        timeout = _timeout()
        if plan.route.expires is not None:
            kwargs = request.resolver_match.kwargs if request.resolver_match else {}
            seconds = plan.route.expires(request, **kwargs)
            if seconds is not None:
                timeout = min(timeout, int(seconds))
        if timeout <= 0:
            return False
        stored = {
            "content": response.content,
            "status": response.status_code,
            "headers": [
                (name, value)
                for name, value in response.headers.items()
                if name.lower() not in NOT_STORED_HEADERS
            ],
        }
        try:
            cache.set(plan.key, stored, timeout=timeout)
        except CACHE_ERRORS:
            logger.warning("cache unreachable: %s not stored", request.path, exc_info=True)
            return False
        return True


# --- wiring -----------------------------------------------------------------------------------


def invalidate_on_change(
    models: Iterable[type], tags: Callable[[object], Iterable[str]], *, uid: str
) -> None:
    """The safety net: any save or delete of ``models`` (the admin, data loaders,
    fixtures) and any change of their many-to-many links invalidates ``tags(instance)``.
    Writes by ``QuerySet.update()`` send no signal: their services send a domain event."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    def on_change(sender, instance, **kwargs) -> None:
        if kwargs.get("raw"):  # loaddata: the rows may not be complete yet
            return
        invalidate(*tags(instance))

    def on_links(sender, instance, action, **kwargs) -> None:
        if action.startswith("post_"):
            invalidate(*tags(instance))

    for model in models:
        name = f"{uid}.{model._meta.label_lower}"
        post_save.connect(on_change, sender=model, weak=False, dispatch_uid=f"{name}.save")
        post_delete.connect(on_change, sender=model, weak=False, dispatch_uid=f"{name}.delete")
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                on_links,
                sender=field.remote_field.through,
                weak=False,
                dispatch_uid=f"{name}.{field.name}",
            )


def app_models(app_label: str) -> list[type]:
    """The models of an app, without django-simple-history's shadow tables."""
    from django.apps import apps

    return [
        model
        for model in apps.get_app_config(app_label).get_models()
        if not model.__name__.startswith("Historical")
    ]
