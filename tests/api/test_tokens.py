"""Personal API tokens: made, replaced and deleted by their owner on the profile page
(POST with CSRF), shown once; ``Authorization: Token <key>`` then acts as that person,
with the same refusals as on the site."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from core.api.tokens import api_token_issue, token_digest
from participation.ideas.models import Idea
from tests.factories import UserFactory, point
from tests.ideas.factories_ideas import ideas_project

pytestmark = pytest.mark.django_db

PROFILE = reverse("users:profile")
TOKEN_URL = reverse("users:api-token")


def key_on(html: str) -> str | None:
    match = re.search(r'<code id="api-token-key">([0-9a-f]{40})</code>', html)
    return match.group(1) if match else None


# --- the profile page ------------------------------------------------------------------------


def test_the_profile_offers_to_make_a_token(client):
    client.force_login(UserFactory())

    html = client.get(PROFILE).content.decode()

    assert 'id="api-token-none"' in html
    assert f'action="{TOKEN_URL}"' in html
    assert "API-Schlüssel erzeugen" in html


def test_a_new_token_is_shown_once(client):
    user = UserFactory()
    client.force_login(user)

    made = client.post(TOKEN_URL, {"action": "create"})
    later = client.get(PROFILE).content.decode()

    assert made.status_code == 200
    assert made["Cache-Control"].startswith("max-age=0")
    key = key_on(made.content.decode())
    # Only the key's digest is stored: a copy of the database holds no working key.
    assert Token.objects.get(user=user).key == token_digest(key) != key
    assert key not in later and key_on(later) is None
    assert 'id="api-token-exists"' in later
    assert "Neuen API-Schlüssel erzeugen" in later and "API-Schlüssel löschen" in later


def test_a_new_token_replaces_the_old_one(client, api):
    user = UserFactory()
    client.force_login(user)
    first = key_on(client.post(TOKEN_URL, {"action": "create"}).content.decode())

    second = key_on(client.post(TOKEN_URL, {"action": "create"}).content.decode())

    assert first != second
    stored = Token.objects.filter(user=user).values_list("key", flat=True)
    assert list(stored) == [token_digest(second)]
    old = Client().get("/api/v1/votes/", HTTP_AUTHORIZATION=f"Token {first}")
    new = Client().get("/api/v1/votes/", HTTP_AUTHORIZATION=f"Token {second}")
    assert old.status_code == 403 and new.status_code == 200


def test_deleting_the_token_ends_its_access(client):
    user = UserFactory()
    client.force_login(user)
    key = key_on(client.post(TOKEN_URL, {"action": "create"}).content.decode())

    response = client.post(TOKEN_URL, {"action": "delete"}, follow=True)

    assert response.redirect_chain[-1][0].startswith(PROFILE)
    assert "Ihr API-Schlüssel ist gelöscht." in response.content.decode()
    assert not Token.objects.filter(user=user).exists()
    assert Client().get("/api/v1/votes/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 403


def test_the_token_page_needs_a_signed_in_post_with_csrf():
    user = UserFactory()
    checked = Client(enforce_csrf_checks=True)
    checked.force_login(user)

    assert Client().post(TOKEN_URL, {"action": "create"}).status_code == 302  # to sign-in
    assert checked.get(TOKEN_URL).status_code == 405
    assert checked.post(TOKEN_URL, {"action": "create"}).status_code == 403  # no CSRF token
    assert not Token.objects.exists()


# --- the header ---------------------------------------------------------------------------------


def test_the_token_authenticates_without_session_or_csrf(client):
    project = ideas_project()
    user = UserFactory()
    key = api_token_issue(user=user).key
    strict = Client(enforce_csrf_checks=True)

    response = strict.post(
        "/api/v1/ideas/",
        {"project": project.slug, "title": "Per Token", "text": "Geht.", "location": point()},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )

    assert response.status_code == 201, response.json()
    assert Idea.objects.get().author == user


def test_a_wrong_or_malformed_token_is_refused(client):
    for header in ("Token 0123456789abcdef0123456789abcdef01234567", "Token", "Token a b"):
        response = client.get("/api/v1/votes/", HTTP_AUTHORIZATION=header)
        assert response.status_code == 403, header
        assert response.json()["detail"]


def test_a_deactivated_persons_token_stops_working(client):
    user = UserFactory()
    key = api_token_issue(user=user).key
    user.is_active = False
    user.save()

    assert client.get("/api/v1/votes/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 403


def test_an_unverified_person_with_a_token_gets_the_sites_refusal(client):
    project = ideas_project()
    key = api_token_issue(user=UserFactory(verified=False)).key

    response = client.post(
        "/api/v1/ideas/",
        {"project": project.slug, "title": "T", "text": "X", "location": point()},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )

    assert response.status_code == 403
    assert response.json() == {
        "detail": "Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse; danach können Sie Ideen "
        "einreichen."
    }


def test_the_stored_digest_is_no_key(client):
    user = UserFactory()
    key = api_token_issue(user=user).key
    stored = Token.objects.get(user=user).key

    with_key = client.get("/api/v1/votes/", HTTP_AUTHORIZATION=f"Token {key}")
    with_digest = client.get("/api/v1/votes/", HTTP_AUTHORIZATION=f"Token {stored}")

    assert with_key.status_code == 200
    assert with_digest.status_code in (401, 403)


def test_tokens_made_before_hashing_keep_working_after_the_migration(client):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("users.migrations.0003_hash_api_tokens")
    user = UserFactory()
    old_key = Token.generate_key()
    Token.objects.create(user=user, key=old_key)  # as DRF stored it before

    migration.hash_keys(apps, None)

    assert Token.objects.get(user=user).key == token_digest(old_key)
    answer = client.get("/api/v1/votes/", HTTP_AUTHORIZATION=f"Token {old_key}")
    assert answer.status_code == 200
