"""Sign-in with the state's account over OpenID Connect: BundID/DeutschlandID (through a
gateway) or the city's own identity provider, through django-allauth's
``openid_connect`` provider (app ``bundid``, configured only from the environment:
``VERIFICATION_OIDC_*`` in settings.py; without a server URL there is no provider, no
button and no section).

At every sign-in and whenever a signed-in person links the state's account:

1. allauth fetches the ID token and the userinfo. :class:`StateAccountAdapter` reads the
   claims (``acr``, ``given_name``, ``family_name``, ``birthdate``, ``address``) into
   :class:`~verification.state_account.StateAccountClaims` and cuts
   ``SocialAccount.extra_data`` down to ``{"sub": …}`` *before* allauth stores or updates
   the account, so no claim reaches the database.
2. As soon as the person's account is known (an account linked before, a new account, or
   a link made on the connections page), :func:`state_account_confirm` decides with those
   claims and stores only its outcome (a ``Verification``).

What is kept: the link (provider, ``sub``, dates) and the outcome. The claims live in
memory for the request; only while a person fills in allauth's sign-up form (when the
identity provider sent no e-mail address) they wait in the server-side session, and they
are dropped when the account is created. Unlinking keeps the confirmation until it
expires: it was true when it was made.
"""

from __future__ import annotations

import datetime

from allauth.account.utils import user_email
from allauth.socialaccount import app_settings as socialaccount_settings
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialAccount, SocialLogin
from allauth.socialaccount.providers.base import AuthProcess
from django.conf import settings
from django.contrib import messages
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from verification.models import Method
from verification.rules import current_verification
from verification.state_account import StateAccountClaims, state_account_confirm

PROVIDER = "openid_connect"
PROVIDER_ID = "bundid"
# Where the claims wait in SocialLogin.state while allauth's sign-up form is open.
STATE_KEY = "jena_state_account_claims"


def provider_app() -> dict | None:
    """The configured app of the state's account (SOCIALACCOUNT_PROVIDERS), or None."""
    for app in socialaccount_settings.PROVIDERS.get(PROVIDER, {}).get("APPS", []):
        if app.get("provider_id") == PROVIDER_ID:
            return app
    return None


def provider_name() -> str:
    app = provider_app()
    return (app or {}).get("name") or "BundID / DeutschlandID"


def login_url() -> str:
    """Where the buttons post to (with ``process`` login or connect); allauth answers
    with a redirect to the identity provider."""
    return reverse("openid_connect_login", kwargs={"provider_id": PROVIDER_ID})


def is_ours(sociallogin: SocialLogin) -> bool:
    return sociallogin.account.provider == PROVIDER_ID


# --- claims ----------------------------------------------------------------------------------


def _date_of(value) -> datetime.date | None:
    """OIDC's ``birthdate`` ("YYYY-MM-DD"; "0000-MM-DD" or "YYYY" when a part is withheld:
    then no date)."""
    if not isinstance(value, str):
        return None
    try:
        date = datetime.date.fromisoformat(value.strip())
    except ValueError:
        return None
    return date if date.year > 1 else None


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def claims_from(extra_data: dict) -> StateAccountClaims:
    """The claims of allauth's ``extra_data`` (``{"id_token": …, "userinfo": …}``): the
    userinfo where it says something, the ID token else (``acr`` is the ID token's)."""
    id_token = extra_data.get("id_token") or {}
    userinfo = extra_data.get("userinfo") or {}
    if not id_token and not userinfo:  # allauth before 65.11 stored the claims flat
        userinfo = extra_data

    def claim(name):
        value = userinfo.get(name)
        return id_token.get(name) if value in (None, "", {}) else value

    address = claim("address")
    address = address if isinstance(address, dict) else {}
    street = _text(address.get("street_address")).splitlines()
    return StateAccountClaims(
        trust_level=_text(id_token.get("acr") or userinfo.get("acr")),
        given_names=_text(claim("given_name")),
        family_name=_text(claim("family_name")),
        date_of_birth=_date_of(claim("birthdate")),
        street=street[0].strip() if street else "",
        postcode=_text(address.get("postal_code")),
        city=_text(address.get("locality")),
    )


def _claims_as_state(claims: StateAccountClaims) -> dict:
    data = dict(claims.__dict__)
    data["date_of_birth"] = claims.date_of_birth.isoformat() if claims.date_of_birth else None
    return data


def _claims_from_state(data: dict) -> StateAccountClaims | None:
    try:
        return StateAccountClaims(
            **{**data, "date_of_birth": _date_of(data.get("date_of_birth"))}
        )
    except TypeError:
        return None


def _take_claims(sociallogin: SocialLogin) -> StateAccountClaims | None:
    """The claims of this sign-in, once: from memory, or from the sign-up's session."""
    claims = getattr(sociallogin, "_state_account_claims", None)
    stored = sociallogin.state.pop(STATE_KEY, None)
    if claims is None and isinstance(stored, dict):
        claims = _claims_from_state(stored)
    sociallogin._state_account_claims = None
    return claims


def _confirm(request, user, claims: StateAccountClaims | None) -> None:
    if claims is None or user is None or user.pk is None:
        return
    verification = state_account_confirm(user=user, method=Method.OIDC, claims=claims)
    if request is None:
        return
    if verification is not None:
        messages.success(
            request,
            _("Ihr Wohnsitz in Jena ist mit Ihrem Konto bei %(name)s bestätigt.")
            % {"name": provider_name()},
        )
    elif current_verification(user) is None:
        messages.info(
            request,
            _(
                "Diese Anmeldung bestätigt Ihren Wohnsitz in Jena nicht. Andere Wege "
                "finden Sie unter „Wohnsitz bestätigen“ in Ihrem Konto."
            ),
        )


# --- allauth ---------------------------------------------------------------------------------


class StateAccountAdapter(DefaultSocialAccountAdapter):
    """allauth's social account adapter of the site (SOCIALACCOUNT_ADAPTER). For the
    state's account: claims read and dropped from ``extra_data``, the user gets only the
    e-mail address (no names), and the confirmation is decided once the user is known."""

    def populate_user(self, request, sociallogin: SocialLogin, data):
        if not is_ours(sociallogin):
            return super().populate_user(request, sociallogin, data)
        account = sociallogin.account
        sociallogin._state_account_claims = claims_from(account.extra_data or {})
        account.extra_data = {"sub": account.uid}
        user = sociallogin.user
        user_email(user, data.get("email") or "")  # checked by allauth already
        # A new account speaks the language of the pages it was made from.
        language = translation.get_language() or ""
        if language in dict(settings.LANGUAGES) and hasattr(user, "preferred_language"):
            user.preferred_language = language
        return user

    def pre_social_login(self, request, sociallogin: SocialLogin) -> None:
        """After allauth looked the account up, before it signs in, signs up or links."""
        super().pre_social_login(request, sociallogin)
        if not is_ours(sociallogin):
            return
        process = sociallogin.state.get("process")
        if sociallogin.account.pk:
            # Linked before: the person is known. Connecting it to another account fails
            # in allauth ("connected to a different account"), so nothing is done then.
            if process != AuthProcess.CONNECT or sociallogin.user == request.user:
                _confirm(request, sociallogin.user, _take_claims(sociallogin))
        elif process != AuthProcess.CONNECT:
            # A new account: allauth may first ask for an e-mail address on its sign-up
            # form, with the SocialLogin kept in the session; the claims go along.
            claims = getattr(sociallogin, "_state_account_claims", None)
            if claims is not None:
                sociallogin.state[STATE_KEY] = _claims_as_state(claims)

    def save_user(self, request, sociallogin: SocialLogin, form=None):
        user = super().save_user(request, sociallogin, form=form)
        if is_ours(sociallogin):
            _confirm(request, user, _take_claims(sociallogin))
        return user


def on_social_account_added(sender, request, sociallogin: SocialLogin, **kwargs) -> None:
    """A signed-in person linked the state's account (connections page)."""
    if is_ours(sociallogin):
        _confirm(request, sociallogin.user, _take_claims(sociallogin))


# --- the section on /konto/wohnsitz/ -------------------------------------------------------


def state_account_section(request) -> dict | None:
    """The way "state's account" on the verification page: the button that links it (and
    confirms), or the note that it is linked."""
    if provider_app() is None or not request.user.is_authenticated:
        return None
    linked = SocialAccount.objects.filter(user=request.user, provider=PROVIDER_ID).exists()
    return {
        "template": "verification/includes/oidc.html",
        "name": provider_name(),
        "action": login_url(),
        "next": reverse("verification:status"),
        "linked": linked,
        "connections_url": reverse("socialaccount_connections"),
    }


def ready() -> None:
    """Wire the state's account in (VerificationConfig.ready)."""
    from allauth.socialaccount.models import SocialApp, SocialToken
    from allauth.socialaccount.signals import social_account_added
    from django.contrib import admin

    from verification import views

    social_account_added.connect(on_social_account_added, dispatch_uid="verification.oidc")
    if state_account_section not in views.page_sections:
        views.page_sections.append(state_account_section)
    # The providers come from the environment only: a SocialApp row in the admin would
    # add one behind the operators' back; tokens are not stored, and the links (one
    # identifier each) are the people's own business (they unlink on the connections page).
    for model in (SocialApp, SocialToken, SocialAccount):
        if admin.site.is_registered(model):
            admin.site.unregister(model)
