"""Personal API tokens (``Authorization: Token <key>``), one per person, issued and
revoked by the person themself on their profile page.

A token acts exactly as its owner signed in on the site: the same services decide, so
it can do nothing the person could not do in the browser (an unverified e-mail address
is refused the same way). The key is shown once, right after it is made; afterwards the
page only says since when a token exists.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token


def _require_signed_in(user) -> None:
    if user is None or not user.is_authenticated or not user.is_active:
        raise PermissionDenied(_("Bitte melden Sie sich an, um einen API-Schlüssel zu verwalten."))


def api_token_of(user) -> Token | None:
    """The person's token, or None."""
    if user is None or not user.is_authenticated:
        return None
    return Token.objects.filter(user=user).first()


@transaction.atomic
def api_token_issue(*, user) -> Token:
    """Make a new token for ``user``; an existing one stops working at once (regenerate).

    Who: the signed-in, active person, for themself. Notifies nobody."""
    _require_signed_in(user)
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


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
