"""Settings for the test suite: the real settings, made fast and hermetic.

DATABASE_URL and REDIS_URL are honoured as in production, so CI runs the suite on
PostgreSQL and Redis; without them the suite runs on SQLite with eager Celery.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")

from .settings import *  # noqa: E402,F403
from .settings import REDIS_URL  # noqa: E402


def redis_url_for_this_process(url: str) -> str:
    """Under pytest-xdist each worker process (gw0, gw1, ...) gets a Redis database of its
    own, the given one plus the worker's number (modulo Redis's 16): tests that empty the
    cache (``cache.clear()`` is FLUSHDB) or count its hits must not meet another process's
    keys, nor flush the broker queue of another process's real worker."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not url or not worker.startswith("gw"):
        return url
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    database = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{(database + int(worker[2:])) % 16}"))


REDIS_URL = redis_url_for_this_process(REDIS_URL)

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Uploads in memory; tests/storage/ runs the site against a real S3 server instead.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "private": {"BACKEND": "core.storage.InMemoryPrivateStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Each test caches its pages under a release of its own (tests/conftest.py); they need
# not outlive the run.
PAGE_CACHE_TIMEOUT = 600
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
ALLOWED_HOSTS = ["*"]
ACCOUNT_RATE_LIMITS = False
POSTING_RATE_LIMITS: dict = {}  # tests that need them turn them on
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}  # noqa: F405
if REDIS_URL:
    CACHES["default"]["LOCATION"] = REDIS_URL  # noqa: F405
    CELERY_BROKER_URL = CELERY_RESULT_BACKEND = REDIS_URL
    # Keep tests apart from anything else using the same Redis.
    CACHES["default"]["KEY_PREFIX"] = f"test-{os.getpid()}"  # noqa: F405
    # Unit tests run tasks eagerly; the worker test starts a real worker explicitly.
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True

if "postgresql" in DATABASES["default"]["ENGINE"]:  # noqa: F405
    # The test databases are thrown away: a commit need not wait for the disk (a crash
    # could lose the last few; a server crash ends the run anyway).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"  # noqa: F405
