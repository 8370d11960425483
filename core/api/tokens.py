"""Personal API tokens (``Authorization: Token <key>``), one per person, issued and
revoked by the person themself on their profile page.

A token acts exactly as its owner signed in on the site: the same services decide, so
it can do nothing the person could not do in the browser (an unverified e-mail address
is refused the same way). The key is shown once, right after it is made; afterwards the
page only says since when a token exists.

The database keeps only a digest of the key (in DRF's ``Token.key`` column): SHA-256 of
the key, its first 40 hex digits. The key is 160 random bits, so the digest is as hard
to guess as the key itself, and a copy of the database (a backup, a leaked dump) holds no
key that works. ``HashedTokenAuthentication`` digests what a program sends before DRF
looks it up.
"""

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

KEY_BYTES = 20  # 160 bits, shown as 40 hex digits like DRF's own keys


def token_digest(key: str) -> str:
    """What is stored for ``key`` (see the module docstring)."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:40]


@dataclass(frozen=True)
class IssuedToken:
    """A token just made: ``key`` is shown to its owner this once and stored nowhere."""

    key: str
    created: datetime.datetime


class HashedTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>``, looked up by the key's digest."""

    def authenticate_credentials(self, key):
        return super().authenticate_credentials(token_digest(key))


def _require_signed_in(user) -> None:
    if user is None or not user.is_authenticated or not user.is_active:
        raise PermissionDenied(_("Bitte melden Sie sich an, um einen API-Schlüssel zu verwalten."))


def api_token_of(user) -> Token | None:
    """The person's token, or None."""
    if user is None or not user.is_authenticated:
        return None
    return Token.objects.filter(user=user).first()


@transaction.atomic
def api_token_issue(*, user) -> IssuedToken:
    """Make a new token for ``user``; an existing one stops working at once (regenerate).
    Returns the key, which is not kept (only its digest is).

    Who: the signed-in, active person, for themself. Notifies nobody."""
    _require_signed_in(user)
    Token.objects.filter(user=user).delete()
    key = secrets.token_hex(KEY_BYTES)
    token = Token.objects.create(user=user, key=token_digest(key))
    return IssuedToken(key=key, created=token.created)


@transaction.atomic
def api_token_revoke(*, user) -> bool:
    """Delete the person's token; returns whether there was one. Who: the signed-in
    person, for themself. Notifies nobody."""
    _require_signed_in(user)
    deleted, _rows = Token.objects.filter(user=user).delete()
    return deleted > 0


def revoke_on_password_change(sender, request=None, user=None, **kwargs) -> None:
    """allauth's password_changed / password_reset / password_set: a new password ends
    every way in that came with the old one — other sessions (Django) and the API token."""
    if user is not None and user.pk:
        Token.objects.filter(user=user).delete()
