"""Security headers on every response (core/security.py + Django's
SecurityMiddleware): a strict Content-Security-Policy without 'unsafe-inline' or
'unsafe-eval', a fresh nonce per response, Permissions-Policy, nosniff, Referrer-Policy,
X-Frame-Options, and HSTS in production."""

import re

import pytest
from django.test import override_settings
from django.urls import reverse

from core.security import content_security_policy, tile_origin

pytestmark = pytest.mark.django_db

PATHS = [
    "/",
    "/strategie/",
    "/beteiligung/",
    "/offene-daten/",
    "/api/v1/measures/",
    "/api/schema/",
    "/api/docs/",
    "/admin/login/",
    "/accounts/login/",
    "/healthz",
    "/gibt-es-nicht/",
]


def directives(header: str) -> dict[str, list[str]]:
    return {
        part.split()[0]: part.split()[1:]
        for part in (p.strip() for p in header.split(";"))
        if part
    }


@pytest.mark.parametrize("path", PATHS)
def test_every_response_carries_a_strict_policy(client, path):
    response = client.get(path)
    header = response["Content-Security-Policy"]
    assert "unsafe-inline" not in header and "unsafe-eval" not in header
    policy = directives(header)
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["script-src"][0] == "'self'" and len(policy["script-src"]) == 2
    assert policy["script-src"][1].startswith("'nonce-")
    assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "geolocation=()" in response["Permissions-Policy"]
    assert "camera=()" in response["Permissions-Policy"]


def test_the_nonce_is_new_for_every_response(client):
    nonces = {
        re.search(r"'nonce-([^']+)'", client.get("/")["Content-Security-Policy"]).group(1)
        for _ in range(5)
    }
    assert len(nonces) == 5 and all(len(nonce) >= 22 for nonce in nonces)


def test_the_map_tiles_are_the_only_other_origin(settings):
    settings.MAP_TILES_URL = "https://tiles.jena.example/{z}/{x}/{y}.png"
    policy = directives(content_security_policy("n"))
    assert policy["img-src"] == ["'self'", "data:", "blob:", "https://tiles.jena.example"]
    others = {v for name, values in policy.items() if name != "img-src" for v in values}
    assert not [v for v in others if v.startswith("http")]
    assert tile_origin("https://{s}.tile.example.org/{z}/{x}/{y}.png") == (
        "https://*.tile.example.org"
    )


def test_no_page_of_ours_has_inline_script_without_the_nonce(client):
    """Belt and braces beside the template check: rendered pages have no <script> without
    src (except JSON data, which is not executed)."""
    for path in ("/", "/strategie/", "/beteiligung/", "/offene-daten/", "/api/docs/"):
        html = client.get(path).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag, (path, tag)
        assert " style=" not in html, path


@override_settings(
    SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SECURE_HSTS_PRELOAD=True
)
def test_production_adds_hsts_on_https(client):
    response = client.get(reverse("pages:home"), secure=True)
    assert response["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
