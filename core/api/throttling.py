"""The API's limits (settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]): reading and
writing are counted apart.

* Reading (GET, HEAD): ``anon`` per address for visitors (API_THROTTLE_ANON, default
  20000/hour), ``user`` per person (API_THROTTLE_USER, default 20000/hour). Sized for
  shared addresses: a school class, a library or the city hall reach the site through
  one address. A class of 30 browsing the idea map for an hour makes about 30 × 120 =
  3,600 requests (the map's data on every view, filter and page), far below the limit;
  what it keeps out is a script copying the site as fast as it can.
* Writing (POST, PATCH, PUT, DELETE): ``api-write`` per person (per address for
  visitors; API_THROTTLE_WRITE, default 120/hour): creating ideas, comments, votes, flags
  and follows is what a script would flood. The site's own posting limits per person
  (core.ratelimit) hold on top of it.
"""

import logging

from rest_framework.permissions import SAFE_METHODS
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

from core.cache import CACHE_ERRORS

logger = logging.getLogger(__name__)


class _RateAtRequestTime:
    def get_rate(self):
        # Read at request time (the class attribute of SimpleRateThrottle is read once,
        # at import), so the setting can change in tests; no rate means no limit.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        # The counts live in the cache; while it cannot be reached the API keeps
        # answering (the posting limits per person still hold, counted in the database).
        try:
            return super().allow_request(request, view)
        except CACHE_ERRORS:
            logger.warning("API throttle %s not checked: cache unavailable", self.scope)
            return True


class AnonReadThrottle(_RateAtRequestTime, AnonRateThrottle):
    """Reads of visitors, per address."""

    def allow_request(self, request, view):
        if request.method not in SAFE_METHODS:
            return True
        return super().allow_request(request, view)


class UserReadThrottle(_RateAtRequestTime, UserRateThrottle):
    """Reads of signed-in people, per person."""

    def allow_request(self, request, view):
        if request.method not in SAFE_METHODS or not request.user.is_authenticated:
            return True
        return super().allow_request(request, view)


class WriteRateThrottle(_RateAtRequestTime, SimpleRateThrottle):
    """Counts POST, PATCH, PUT and DELETE per signed-in person (per address for visitors)."""

    scope = "api-write"

    def allow_request(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        if request.user is not None and request.user.is_authenticated:
            ident = request.user.pk
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
