"""Security headers on every response: a strict Content-Security-Policy (no
'unsafe-inline', no 'unsafe-eval'), Permissions-Policy; Django's SecurityMiddleware adds
HSTS (production), X-Content-Type-Options, Referrer-Policy and COOP.

Scripts and styles come from the site itself. The only inline scripts allowed are those
carrying this response's nonce (``request.csp_nonce`` — the name django-leaflet's admin
widget looks for); our own templates have none (tests/test_foundation.py checks). The
map tiles' host (``MAP_TILES_URL``) and, when uploaded files are served from object
storage or a CDN, the origin of ``MEDIA_URL`` are the only other origins, for images (and
for the sign-language videos, media-src).
Forms post to the site itself; a sign-in with the state's account continues (by redirect)
at its identity provider, whose origin settings.CSP_FORM_ACTION_ORIGINS adds.
"""

from __future__ import annotations

import secrets
import time
from urllib.parse import urlsplit

from django.conf import settings

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media",
        "geolocation", "gyroscope", "magnetometer", "microphone", "midi",
        "payment", "picture-in-picture", "publickey-credentials-get", "screen-wake-lock",
        "usb", "xr-spatial-tracking", "interest-cohort",
    )
)
# The sign-language videos (/gebaerdensprache/): the native player's full-screen button
# shows the signer large. Only the site itself may use it (it allows no frames anyway).
PERMISSIONS_POLICY += ", fullscreen=(self)"


def tile_origin(url: str) -> str | None:
    """The origin of a tile URL template; "{s}" subdomains become a wildcard."""
    parts = urlsplit(url.replace("{s}.", "*.").replace("{s}", "*"))
    if not parts.scheme or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def media_origin(url: str) -> str | None:
    """The origin of MEDIA_URL when uploaded images come from another host (object
    storage, a CDN); None for the site's own ``/media/``."""
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(nonce: str) -> str:
    images = ["'self'", "data:", "blob:"]
    tiles = tile_origin(getattr(settings, "MAP_TILES_URL", ""))
    if tiles:
        images.append(tiles)
    media = media_origin(settings.MEDIA_URL)
    if media and media not in images:
        images.append(media)
    # The sign-language videos play from the media storage; their captions come from the
    # site itself (pages.views.sign_language_captions), so no CORS is needed for them.
    videos = ["'self'", *([media] if media else [])]
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", f"'nonce-{nonce}'"],
        "style-src": ["'self'"],
        "img-src": images,
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": videos,
        "object-src": ["'none'"],
        "frame-src": ["'none'"],
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        "base-uri": ["'self'"],
        # The sign-in with the state's account posts to the site, which redirects to the
        # identity provider: browsers check that redirect against form-action too.
        "form-action": ["'self'", *getattr(settings, "CSP_FORM_ACTION_ORIGINS", [])],
        "frame-ancestors": ["'none'"],
    }
    policy = "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())
    if not settings.DEBUG:
        policy += "; upgrade-insecure-requests"
    return policy


# Pages for the people who run the site or their own account: search engines keep out
# (robots.txt asks them not to crawl; this header asks them not to index what they find).
NOINDEX_PREFIXES = ("/admin/", "/accounts/", "/konto/")


def strip_language(path: str) -> str:
    """``/en/konto/profil/`` → ``/konto/profil/`` (the default language has no prefix)."""
    for code, _name in settings.LANGUAGES:
        prefix = f"/{code}"
        if path.startswith(prefix + "/"):
            return path[len(prefix) :]
    return path


def is_private_page(path: str) -> bool:
    """The admin's and the account pages, in every language (``/en/konto/…``)."""
    return strip_language(path).startswith(NOINDEX_PREFIXES)


class SecurityHeadersMiddleware:
    """Gives each request a CSP nonce and each response the headers above (a view that
    set its own keeps it); the admin and the account pages say ``X-Robots-Tag: noindex``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(18)
        response = self.get_response(request)
        response.headers.setdefault(
            "Content-Security-Policy", content_security_policy(request.csp_nonce)
        )
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if is_private_page(request.path):
            response.headers["X-Robots-Tag"] = "noindex, nofollow"
        return response


SESSION_ACTIVE_KEY = "_active"


def mark_session_active(sender, request, user, **kwargs) -> None:
    """On sign-in (signal user_logged_in)."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_ACTIVE_KEY] = int(time.time())


class SessionActivityMiddleware:
    """Sign-ins end after SESSION_COOKIE_AGE seconds of inactivity: the session of a
    signed-in person is saved again (with a fresh expiry) when they are active, at most
    once a minute so that reading pages does not write the session table on every
    request. (Other sessions end on a password change: Django checks the password hash
    stored in each session.)"""

    REFRESH_AFTER_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            if now - request.session.get(SESSION_ACTIVE_KEY, 0) >= self.REFRESH_AFTER_SECONDS:
                request.session[SESSION_ACTIVE_KEY] = now
        return self.get_response(request)
