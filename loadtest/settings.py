"""Settings of the load test (``scripts/loadtest.sh``): the production settings — DEBUG
off, PostgreSQL, Redis as cache and broker, a real Celery worker, SMTP — with only what a
local run over plain HTTP on 127.0.0.1 needs changed.

Everything that is part of what the load test measures stays as in production: the
posting limits per person (``RATE_LIMIT_*``), the API throttles, allauth's sign-in limits
(``ACCOUNT_RATE_LIMITS`` unset: 30 sign-ins a minute per address), the password hasher,
the session and CSRF checks.
"""

from jena_smart.settings import *  # noqa: F403

# No TLS proxy in front of gunicorn here: cookies over plain HTTP, no redirect to HTTPS.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0

# Static files from their source folders through WhiteNoise's finders, so a run needs no
# collectstatic (with compression that takes over a minute on a 2-core machine). Only
# static files are served differently from production, and the load test asks for few.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
