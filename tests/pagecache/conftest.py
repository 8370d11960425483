"""Fixtures of the page-cache tests: a redis-server of the test's own (to stop it)."""

from tests.notifications_infra import private_redis  # noqa: F401 - pytest fixture
