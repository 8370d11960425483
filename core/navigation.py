"""Where a page sends a person back to after an action."""

from urllib.parse import urlsplit, urlunsplit

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, default: str, *, anchor: str | None = None) -> str:
    """The ``next`` the form or link carried (POST first, then GET), if it stays on this
    site; else ``default``. With ``anchor`` the address points at that place of the
    page (the button the person used)."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if not candidate or not url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        candidate = default
    if anchor is None:
        return candidate
    scheme, netloc, path, query, _fragment = urlsplit(candidate)
    return urlunsplit((scheme, netloc, path, query, anchor))
