"""What the site does when its cache (Redis in production) cannot be reached.

* Pages and the API keep answering: what the cache only speeds up is computed anew
  (``cached_or_computed``), and the API's throttles let requests through.
* The posting limits per person still hold: counted in the database while Redis is away
  (``core.ratelimit``).
* Sign-in, sign-up and password reset never go on without their limits (a brute force
  must not get through an outage): they answer 503 with a clear page until Redis is
  back (``core.middleware.CacheOutageMiddleware``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.cache import cache

logger = logging.getLogger(__name__)


def _cache_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [ConnectionError, TimeoutError, OSError]
    try:
        from redis.exceptions import RedisError

        errors.append(RedisError)
    except ImportError:  # pragma: no cover - redis is a dependency
        pass
    return tuple(errors)


CACHE_ERRORS = _cache_errors()


def cached_or_computed(key: str, compute: Callable[[], object], *, timeout: int):
    """The cached value of ``key``, else ``compute()`` (cached for ``timeout`` seconds);
    without a reachable cache, simply ``compute()``."""
    try:
        value = cache.get(key)
    except CACHE_ERRORS:
        logger.warning("cache unreachable: %s computed without it", key, exc_info=True)
        return compute()
    if value is not None:
        return value
    value = compute()
    try:
        cache.set(key, value, timeout=timeout)
    except CACHE_ERRORS:
        logger.warning("cache unreachable: %s not stored", key, exc_info=True)
    return value


def tolerant(operation: Callable[[], object], *, what: str, default=None):
    """Run a cache ``operation``; when the cache cannot be reached, log and return
    ``default``."""
    try:
        return operation()
    except CACHE_ERRORS:
        logger.warning("cache unreachable: %s", what, exc_info=True)
        return default
