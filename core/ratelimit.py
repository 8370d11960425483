"""Rate limits for posting: ideas, comments, reports (flags) and votes per person.

Sign-in, sign-up and password reset are limited by allauth (``ACCOUNT_RATE_LIMITS``);
this module covers what residents post. The services call ``enforce`` before they write,
so the site, the admin and the API share one limit. Counting uses fixed windows in the
cache (Redis in production, shared by all processes; ``cache.add`` + ``cache.incr`` are
atomic there). While the cache cannot be reached the same windows are counted in the
database (``core.models.RateCount``, a row per person, action and window, locked while
counted): a Redis outage neither stops participation nor lifts the limits.

A refusal is ``RateLimited``: the middleware answers the site's requests with the 429
page, the API's exception handler with 429 and ``Retry-After``.
"""

from __future__ import annotations

import datetime
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from core.cache import CACHE_ERRORS
from core.models import RateCount

logger = logging.getLogger(__name__)

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Rate:
        """"10/h", "30/10m", "5/m" → Rate."""
        count, _slash, period = text.partition("/")
        unit = period[-1]
        amount = int(period[:-1] or 1)
        return cls(int(count), amount * PERIODS[unit])


class RateLimited(Exception):
    """Too many actions of one kind in a short time; ``retry_after`` in seconds. Not a
    PermissionDenied on purpose: no view may swallow it as an ordinary refusal."""

    def __init__(self, message: str, *, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


MESSAGES = {
    "idea": lambda: _("Sie haben in kurzer Zeit sehr viele Ideen eingereicht."),
    "comment": lambda: _("Sie haben in kurzer Zeit sehr viele Kommentare geschrieben."),
    "report": lambda: _("Sie haben in kurzer Zeit sehr viele Beiträge gemeldet."),
    "vote": lambda: _("Sie haben in kurzer Zeit sehr oft unterstützt oder zurückgenommen."),
    "register_check": lambda: _("Sie haben Ihren Wohnsitz in kurzer Zeit sehr oft geprüft."),
    "register_check_address": lambda: _(
        "Von Ihrem Anschluss wurde in kurzer Zeit sehr oft ein Wohnsitz geprüft."
    ),
    "letter_request": lambda: _("Sie haben heute schon mehrere Briefe mit Code angefordert."),
    "letter_request_address": lambda: _(
        "Von Ihrem Anschluss wurden heute schon viele Briefe mit Code angefordert."
    ),
    "barrier_report": lambda: _("Sie haben in kurzer Zeit sehr viele Barrieren gemeldet."),
}


def enforce(action: str, user) -> None:
    """Count one ``action`` for ``user``; raise RateLimited when over the limit. Staff
    (moderators at work) are not limited."""
    if user is None or not user.is_authenticated or user.is_staff:
        return
    enforce_for(action, str(user.pk))


def enforce_for(action: str, subject: str) -> None:
    """Count one ``action`` for ``subject`` (a person's id, or ``"ip:…"`` for an
    address); raise RateLimited when over ``POSTING_RATE_LIMITS[action]``."""
    rate_text = settings.POSTING_RATE_LIMITS.get(action)
    if not rate_text:
        return
    rate = Rate.parse(rate_text)
    now = int(time.time())
    window = now - now % rate.seconds
    key = f"ratelimit:{action}:{subject}:{window}"
    try:
        count = _count_in_cache(key, rate)
    except CACHE_ERRORS:
        logger.warning("rate limit for %s counted in the database: cache unavailable", action)
        count = _count_in_database(key, expires=window + rate.seconds + 5)
    if count > rate.count:
        retry_after = window + rate.seconds - now
        logger.info("rate limit %s reached by %s", action, subject)
        reason = MESSAGES.get(action, lambda: _("Das waren sehr viele Aktionen."))()
        wait = _("Bitte warten Sie etwas und versuchen Sie es dann noch einmal.")
        raise RateLimited(f"{reason} {wait}", retry_after=max(retry_after, 1))


def _count_in_cache(key: str, rate: Rate) -> int:
    if cache.add(key, 1, timeout=rate.seconds + 5):
        return 1
    return cache.incr(key)


@transaction.atomic
def _count_in_database(key: str, *, expires: int) -> int:
    now = timezone.now()
    RateCount.objects.filter(expires_at__lt=now).delete()
    counter, created = RateCount.objects.select_for_update().get_or_create(
        key=key,
        defaults={
            "count": 1,
            "expires_at": datetime.datetime.fromtimestamp(expires, tz=datetime.UTC),
        },
    )
    if created:
        return 1
    RateCount.objects.filter(pk=counter.pk).update(count=F("count") + 1)
    counter.refresh_from_db(fields=["count"])
    return counter.count


def too_many_requests(request, message: str, retry_after: int) -> HttpResponse:
    """The site's 429 page."""
    response = HttpResponse(
        render_to_string(
            "429.html",
            {"message": message, "retry_minutes": max(1, round(retry_after / 60))},
            request=request,
        ),
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


class RateLimitMiddleware:
    """Turns a RateLimited raised by a view (through a service) into the 429 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RateLimited):
            return too_many_requests(request, str(exception), exception.retry_after)
        return None
