import logging

from django.conf import settings
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.i18n import JavaScriptCatalog

logger = logging.getLogger(__name__)


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _check_redis() -> str:
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
    client.ping()
    return "ok"


@never_cache
@require_GET
def healthz(request):
    """For load balancers and orchestrators: 200 when the database (and Redis, when
    configured) answer, 503 with the failing part named otherwise."""
    checks = {"database": _check_database}
    if settings.REDIS_URL:
        checks["redis"] = _check_redis
    results, healthy = {}, True
    for name, check in checks.items():
        try:
            results[name] = check()
        except Exception as exc:  # any failure of a dependency means "unhealthy"
            logger.warning("healthz: %s failed: %s", name, exc)
            results[name] = "error"
            healthy = False
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": results},
        status=200 if healthy else 503,
    )


@require_GET
def robots_txt(request):
    """Crawlers may read the public pages, the open data and the API documentation; the
    admin and the account pages (in every language) are not for them."""
    from core.security import NOINDEX_PREFIXES

    lines = ["User-agent: *"]
    for code, _name in [("", None), *settings.LANGUAGES]:
        if code == settings.LANGUAGE_CODE:
            continue  # the default language has no prefix
        lines += [f"Disallow: {'/' + code if code else ''}{prefix}" for prefix in NOINDEX_PREFIXES]
    lines.append("Allow: /")
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response


# The admin's JavaScript catalogue with our supplement (core/locale/*/djangojs.po) for the
# texts Django's German catalogue lacks; served under the admin's own URL (jsi18n/) and
# behind its staff check, like the admin's view it replaces.
admin_javascript_catalog = JavaScriptCatalog.as_view(packages=["django.contrib.admin", "core"])
