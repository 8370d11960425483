"""The address the limits per visitor count is the one the trusted proxies saw, never
one a visitor writes into X-Forwarded-For (TRUSTED_PROXY_COUNT, README)."""

import pytest
from allauth.core.internal.httpkit import get_client_ip
from django.test import RequestFactory
from rest_framework.request import Request

from core.api.throttling import AnonReadThrottle


def addresses(settings, count: int, forwarded: str | None) -> tuple[str, str]:
    """(what the API's limit counts, what allauth's limits count) for one request from
    10.0.0.9 that carries ``forwarded`` as X-Forwarded-For."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = count
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": count}
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    django_request = RequestFactory().get("/api/v1/ideas/", REMOTE_ADDR="10.0.0.9", **headers)
    return AnonReadThrottle().get_ident(Request(django_request)), get_client_ip(django_request)


def test_without_a_proxy_a_forged_header_changes_nothing(settings):
    assert addresses(settings, 0, "203.0.113.7") == ("10.0.0.9", "10.0.0.9")


@pytest.mark.parametrize(
    "forwarded", ["198.51.100.4", "203.0.113.7, 198.51.100.4", "1.1.1.1, 2.2.2.2, 198.51.100.4"]
)
def test_behind_the_proxy_the_address_it_saw_counts(settings, forwarded):
    # nginx (deploy/nginx/) passes on the one address it saw; whatever a visitor put in
    # front of it is not believed.
    assert addresses(settings, 1, forwarded) == ("198.51.100.4", "198.51.100.4")


def test_the_setting_reaches_both_limits():
    from django.conf import settings

    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == settings.TRUSTED_PROXY_COUNT
    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == settings.TRUSTED_PROXY_COUNT
