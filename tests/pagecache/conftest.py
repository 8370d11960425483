"""Fixtures of the page-cache tests: a redis-server of the test's own (to stop it)."""

from tests.notifications_infra import (  # noqa: F401 - pytest fixtures
    cache_on_private_redis,
    private_redis,
)
