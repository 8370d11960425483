"""Fixtures of the reliability tests: a private Redis, an SMTP sink, a real worker."""

from tests.notifications_infra import (  # noqa: F401 - pytest fixtures
    cache_on_private_redis,
    celery_worker_process,
    private_redis,
    smtp_sink,
)
