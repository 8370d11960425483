"""Helpers for the tests of /api/v1/ as a whole: a client that speaks JSON with a token,
and the people of the permission matrix."""

import json

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from core.api.tokens import api_token_issue, token_digest
from geo.selectors import district_cache_clear
from tests.ideas.factories_ideas import person as participation_person

ROLES = (
    "anonymous",
    "unverified",
    "resident",
    "author",
    "moderator",
    "other_moderator",
    "staff",
)


class Api:
    """``Client`` with ``Authorization: Token …`` (when given a user) and JSON bodies."""

    def __init__(self, user=None):
        self.client = Client()
        self.user = user
        self.headers = {}
        if user is not None:
            self.headers["HTTP_AUTHORIZATION"] = f"Token {api_key(user)}"

    def get(self, path, params=None, **extra):
        return self.client.get(path, params or {}, **self.headers, **extra)

    def _send(self, method, path, data=None, **extra):
        body = json.dumps(data) if data is not None else ""
        return getattr(self.client, method)(
            path, body, content_type="application/json", **self.headers, **extra
        )

    def post(self, path, data=None, **extra):
        return self._send("post", path, data, **extra)

    def patch(self, path, data=None, **extra):
        return self._send("patch", path, data, **extra)

    def delete(self, path, **extra):
        return self.client.delete(path, **self.headers, **extra)

    def multipart(self, path, data):
        return self.client.post(path, data, **self.headers)


def api_key(user) -> str:
    """A working key for ``user``: the one issued to this user object before, while it
    is still the person's token, else a new one (only digests are stored)."""
    key = getattr(user, "_test_api_key", None)
    if key is None or not Token.objects.filter(user=user, key=token_digest(key)).exists():
        key = api_token_issue(user=user).key
        user._test_api_key = key
    return key


def person(role: str, *, project, author=None):
    """Someone in ``role`` relative to ``project`` (None for anonymous: no credentials)."""
    if role == "anonymous":
        return None
    return participation_person(role, project=project, author=author)


@pytest.fixture(autouse=True)
def _fresh_district_cache():
    # Test transactions roll back without the signals that clear the district lookup's
    # cache; no test may see another's boundaries.
    district_cache_clear()
    yield
    district_cache_clear()


@pytest.fixture
def api():
    """``api(user)``: a JSON client acting as ``user`` (None: anonymous)."""
    return Api
