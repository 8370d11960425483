"""Abuse limits and sign-in lifetime: posting limits per person (service, site, API),
allauth's lockout released by a password reset, sessions that end after inactivity and
when the password changes elsewhere."""

import time

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from core import ratelimit
from participation.ideas.models import Comment
from participation.ideas.services.comments import comment_create
from tests.factories import DEFAULT_PASSWORD, StaffFactory, UserFactory
from tests.ideas.factories_comments_votes import idea_in_open_phase

pytestmark = pytest.mark.django_db

LIMITS = {"idea": "2/h", "comment": "3/h", "report": "2/h", "vote": "5/h"}


@pytest.fixture
def limits(settings):
    cache.clear()
    settings.POSTING_RATE_LIMITS = LIMITS
    yield
    cache.clear()


def test_rates_are_parsed():
    assert ratelimit.Rate.parse("10/h") == ratelimit.Rate(10, 3600)
    assert ratelimit.Rate.parse("30/10m") == ratelimit.Rate(30, 600)
    assert ratelimit.Rate.parse("5/s") == ratelimit.Rate(5, 1)


def test_the_fourth_comment_within_the_hour_is_refused_and_nothing_is_saved(limits):
    idea = idea_in_open_phase()
    author = UserFactory()
    for n in range(3):
        comment_create(author=author, idea=idea, text=f"Kommentar {n}")
    with pytest.raises(ratelimit.RateLimited) as refused:
        comment_create(author=author, idea=idea, text="Noch einer")
    assert 1 <= refused.value.retry_after <= 3600
    assert Comment.objects.filter(author=author).count() == 3
    comment_create(author=UserFactory(), idea=idea, text="Jemand anderes darf")  # per person
    comment_create(author=StaffFactory(), idea=idea, text="Moderation ist nicht begrenzt")


def test_the_site_answers_with_the_429_page(client, limits):
    idea = idea_in_open_phase()
    client.force_login(UserFactory())
    url = reverse("ideas:comment-create-idea", kwargs={"idea_pk": idea.pk})
    for n in range(3):
        assert client.post(url, {"text": f"Kommentar {n}"}).status_code == 302
    response = client.post(url, {"text": "Zu viel"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert "sehr viele Kommentare" in html and "Bitte kurz warten" in html
    assert "Gehen Sie im Browser zurück" in html  # what was typed is not lost


def test_the_api_answers_429_with_retry_after(client, limits):
    idea = idea_in_open_phase()
    client.force_login(UserFactory())
    for n in range(3):
        response = client.post(
            "/api/v1/comments/", {"idea": idea.pk, "text": f"K{n}"}, content_type="application/json"
        )
        assert response.status_code == 201, response.content
    response = client.post(
        "/api/v1/comments/", {"idea": idea.pk, "text": "Zu viel"}, content_type="application/json"
    )
    assert response.status_code == 429
    assert "sehr viele Kommentare" in response.json()["detail"]
    assert int(response["Retry-After"]) > 0


def test_a_cache_outage_neither_stops_participation_nor_lifts_the_limit(limits, monkeypatch):
    """The limit is counted in the database while the cache is away (a private
    redis-server stopped during a request: tests/reliability/test_cache_outage.py)."""

    def broken(*args, **kwargs):
        raise ConnectionError("redis down")

    monkeypatch.setattr(ratelimit.cache, "add", broken)
    idea = idea_in_open_phase()
    author = UserFactory()
    for n in range(3):  # the limit: 3 comments an hour
        comment_create(author=author, idea=idea, text=f"Kommentar {n}")
    with pytest.raises(ratelimit.RateLimited):
        comment_create(author=author, idea=idea, text="Kommentar 4")
    assert Comment.objects.filter(author=author).count() == 3


# --- sign-in lockout (allauth) ----------------------------------------------------------------


@override_settings(ACCOUNT_RATE_LIMITS={})  # allauth's defaults, as in production
def test_a_locked_account_is_released_by_a_password_reset(client, mailoutbox):
    cache.clear()
    user = UserFactory(email="ziel@example.org")
    for _attempt in range(5):
        client.post("/accounts/login/", {"login": user.email, "password": "falsch-123456"})
    locked = client.post("/accounts/login/", {"login": user.email, "password": DEFAULT_PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "Zu viele gescheiterte Anmeldeversuche" in locked.content.decode()

    client.post("/accounts/password/reset/", {"email": user.email})
    link = next(
        line for line in mailoutbox[-1].body.splitlines() if "/accounts/password/reset/key/" in line
    ).strip()
    path = link[link.index("/accounts/"):]
    form = client.get(path, follow=True)
    client.post(form.redirect_chain[-1][0] if form.redirect_chain else path,
                {"password1": "Ein-neues-Passwort-2026", "password2": "Ein-neues-Passwort-2026"})
    client.logout()
    client.post("/accounts/login/", {"login": user.email, "password": "Ein-neues-Passwort-2026"})
    assert client.session.get("_auth_user_id") == str(user.pk)
    cache.clear()


@override_settings(ACCOUNT_RATE_LIMITS={"reset_password": "2/m/ip"})
def test_too_many_password_resets_get_the_429_page(client):
    cache.clear()
    for _attempt in range(2):
        client.post("/accounts/password/reset/", {"email": "x@example.org"})
    response = client.post("/accounts/password/reset/", {"email": "x@example.org"})
    assert response.status_code == 429
    assert "Bitte kurz warten" in response.content.decode()
    cache.clear()


# --- sessions ---------------------------------------------------------------------------------


def test_activity_renews_the_session_at_most_once_a_minute(client, settings):
    user = UserFactory()
    client.force_login(user)  # signing in saves the session and notes the activity
    again = client.get("/")
    assert "sessionid" not in again.cookies  # not saved again within the minute
    session = client.session
    session["_active"] = int(time.time()) - 120
    session.save()
    later = client.get("/")
    assert later.cookies["sessionid"]["max-age"] == settings.SESSION_COOKIE_AGE


def test_changing_the_password_ends_the_other_sessions(client):
    user = UserFactory()
    elsewhere = Client()
    elsewhere.force_login(user)
    assert elsewhere.get(reverse("users:profile")).status_code == 200

    client.force_login(user)
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": DEFAULT_PASSWORD, "password1": "Ganz-neu-2026-Jena",
         "password2": "Ganz-neu-2026-Jena"},
    )
    assert response.status_code == 302
    assert client.get(reverse("users:profile")).status_code == 200  # this one stays
    stale = elsewhere.get(reverse("users:profile"))
    assert stale.status_code == 302 and "/accounts/login/" in stale["Location"]


def test_changing_the_password_also_revokes_the_api_token(client):
    from rest_framework.authtoken.models import Token

    user = UserFactory()
    Token.objects.create(user=user)
    client.force_login(user)
    client.post(
        "/accounts/password/change/",
        {"oldpassword": DEFAULT_PASSWORD, "password1": "Ganz-neu-2026-Jena",
         "password2": "Ganz-neu-2026-Jena"},
    )
    assert not Token.objects.filter(user=user).exists()
