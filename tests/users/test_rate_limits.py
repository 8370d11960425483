"""allauth's rate limits are on in production (its defaults); the test settings switch them
off (ACCOUNT_RATE_LIMITS = False) so that tests do not limit each other. This test turns
the defaults back on and proves that guessing passwords is limited."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("account_login")


@pytest.fixture
def clean_cache():
    """The counters live in the cache; no other test may see them."""
    cache.clear()
    yield
    cache.clear()


@override_settings(ACCOUNT_RATE_LIMITS={})  # {} = allauth's defaults, nothing switched off
def test_login_is_blocked_after_repeated_failed_attempts_even_with_the_right_password(
    client, clean_cache
):
    UserFactory(email="ziel@example.org")

    for _attempt in range(5):  # default "login_failed": 5 per 5 minutes per address
        response = client.post(
            LOGIN_URL, {"login": "ziel@example.org", "password": "geraten-123456"}
        )
        assert "zu viele" not in response.content.decode().lower()
    blocked = client.post(LOGIN_URL, {"login": "ziel@example.org", "password": DEFAULT_PASSWORD})

    assert blocked.status_code == 200
    assert "Zu viele gescheiterte Anmeldeversuche" in blocked.content.decode()
    assert "_auth_user_id" not in client.session


def test_without_rate_limits_the_right_password_still_works_after_failures(client):
    """The control for the test above: in the test settings nothing is limited."""
    UserFactory(email="ziel@example.org")

    for _attempt in range(6):
        client.post(LOGIN_URL, {"login": "ziel@example.org", "password": "geraten-123456"})
    client.post(LOGIN_URL, {"login": "ziel@example.org", "password": DEFAULT_PASSWORD})

    assert "_auth_user_id" in client.session
