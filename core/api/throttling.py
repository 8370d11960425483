"""A stricter limit for writes (settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
["api-write"], env API_THROTTLE_WRITE, default 120/hour), on top of the general
``anon``/``user`` limits: creating ideas, comments, votes, reports and follows is what a
script would flood. Reads are not counted here."""

from rest_framework.permissions import SAFE_METHODS
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


class WriteRateThrottle(SimpleRateThrottle):
    """Counts POST, PATCH, PUT and DELETE per signed-in person (per address for visitors)."""

    scope = "api-write"

    def get_rate(self):
        # Read at request time (the class attribute of SimpleRateThrottle is read once,
        # at import), so the setting can change in tests; no rate means no limit.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

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
