"""Sign-in with the state's account over SAML (BundID), through django-allauth's SAML
provider (configured in settings from ``VERIFICATION_SAML_*``, jena_smart/saml_settings.py).

After each SAML sign-in, sign-up or linking, the identity provider's attributes become
``StateAccountClaims`` and :func:`verification.state_account.state_account_confirm`
decides: a Jena address and a date of birth at a sufficient trust level confirm the
residence. What is kept:

- ``SocialAccount.extra_data`` holds only the NameID (the account's key at the identity
  provider): :class:`StateAccountSAMLProvider` never puts the attributes there.
- the outcome (a ``Verification``: method ``saml``, trust level, district, birth year).

The attributes live in memory for the request; only when allauth must ask the person
for an e-mail address first (the identity provider sent none, or one already in use)
do they wait in the session, in allauth's pending sign-in, until that form is sent.
"""

from __future__ import annotations

import datetime
import logging
import re
from dataclasses import asdict

from allauth.account.signals import user_signed_up
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialAccount
from allauth.socialaccount.providers.saml.provider import SAMLProvider
from allauth.socialaccount.providers.saml.utils import build_saml_config, prepare_django_request
from allauth.socialaccount.signals import (
    pre_social_login,
    social_account_added,
    social_account_updated,
)
from django.conf import settings
from django.contrib import messages
from django.dispatch import receiver
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from onelogin.saml2.auth import OneLogin_Saml2_Auth

from verification.models import Method
from verification.state_account import StateAccountClaims, state_account_confirm
from verification.views import page_sections

logger = logging.getLogger(__name__)

# Which SAML attribute carries which part of the claims: the first name present wins.
# BundID names them by OID (X.500/LDAP and RFC 3739 for the date of birth). The trust
# level is the assertion's AuthnContextClassRef unless an attribute listed here names it.
# A deployment with another identity provider sets VERIFICATION_SAML_ATTRIBUTES in settings.
ATTRIBUTES = {
    "given_names": ["urn:oid:2.5.4.42", "givenName"],
    "family_name": ["urn:oid:2.5.4.4", "sn", "surname"],
    "date_of_birth": ["urn:oid:1.3.6.1.5.5.7.9.1", "dateOfBirth"],
    "street": ["urn:oid:2.5.4.9", "street"],  # may include the house number
    "postcode": ["urn:oid:2.5.4.17", "postalCode"],
    "city": ["urn:oid:2.5.4.7", "l", "locality"],
    # the whole address in one ("Löbdergraben 12a$07743 Jena"), when the parts are missing
    "postal_address": ["urn:oid:2.5.4.16", "postalAddress"],
    "trust_level": [],
}

# Where the claims wait on allauth's SocialLogin: in memory, and in its state (which
# allauth keeps in the session while it asks for an e-mail address).
CLAIMS_ATTRIBUTE = "state_account_claims"
STATE_KEY = "state_account_claims"


def attribute_names() -> dict[str, list[str]]:
    return getattr(settings, "VERIFICATION_SAML_ATTRIBUTES", ATTRIBUTES)


def _first(attributes: dict, names: list[str]) -> str:
    for name in names:
        for value in attributes.get(name) or []:
            if isinstance(value, str) and value.strip():
                return value.strip()
    return ""


def _date(value: str) -> datetime.date | None:
    """The date of birth as identity providers write it: 1990-05-24, 19900524,
    19900524000000Z (GeneralizedTime) or 24.05.1990."""
    text = value.strip()
    for pattern, order in (
        (r"(\d{4})-(\d{2})-(\d{2})", "ymd"),
        (r"(\d{4})(\d{2})(\d{2})(?:\d{6})?Z?", "ymd"),
        (r"(\d{2})\.(\d{2})\.(\d{4})", "dmy"),
    ):
        match = re.fullmatch(pattern + r"(?:T.*)?", text)
        if match:
            parts = [int(part) for part in match.groups()]
            year, month, day = parts if order == "ymd" else parts[::-1]
            try:
                return datetime.date(year, month, day)
            except ValueError:
                return None
    return None


def _postal_address(value: str) -> tuple[str, str, str]:
    """(street with number, postcode, city) of an LDAP postalAddress: lines separated by
    "$" (or line breaks), the street first, "postcode city" last."""
    lines = [line.strip() for line in re.split(r"\$|\n", value) if line.strip()]
    if not lines:
        return "", "", ""
    postcode, city = "", ""
    match = re.fullmatch(r"(?:D-)?(\d{5})\s+(.+)", lines[-1])
    if match:
        postcode, city = match.groups()
        lines = lines[:-1]
    return (lines[0] if lines else ""), postcode, city


def claims_from(attributes: dict, authn_contexts: list[str]) -> StateAccountClaims:
    """The claims in a SAML assertion's attributes (name -> list of values) and its
    AuthnContextClassRefs."""
    names = attribute_names()

    def get(key: str) -> str:
        return _first(attributes, names.get(key, []))

    street, postcode, city = get("street"), get("postcode"), get("city")
    if not (street and city):
        whole_street, whole_postcode, whole_city = _postal_address(get("postal_address"))
        street = street or whole_street
        postcode = postcode or whole_postcode
        city = city or whole_city
    date_text = get("date_of_birth")
    return StateAccountClaims(
        trust_level=get("trust_level") or next((c for c in authn_contexts if c), ""),
        given_names=get("given_names"),
        family_name=get("family_name"),
        date_of_birth=_date(date_text) if date_text else None,
        street=street,
        postcode=postcode,
        city=city,
    )


def _claims_to_state(claims: StateAccountClaims) -> dict:
    data = asdict(claims)
    if claims.date_of_birth:
        data["date_of_birth"] = claims.date_of_birth.isoformat()
    return data


def _claims_from_state(data) -> StateAccountClaims | None:
    if not isinstance(data, dict):
        return None
    data = dict(data)
    if data.get("date_of_birth"):
        data["date_of_birth"] = datetime.date.fromisoformat(data["date_of_birth"])
    try:
        return StateAccountClaims(**data)
    except TypeError:
        return None


class StateAccountSAMLProvider(SAMLProvider):
    """allauth's SAML provider, as BundID needs it:

    - asks for the least trust level (``advanced.requested_authn_context``, with
      Comparison="minimum", as BundID expects) — allauth itself never asks for one;
    - builds its URLs in the site's default language, so the identity provider sees the
      same assertion consumer URL as in our metadata whatever the page's language;
    - keeps only the NameID in ``SocialAccount.extra_data`` and hands the attributes to
      :func:`state_account_confirm` (through the SocialLogin, never the database).
    """

    # allauth finds the provider's URLs (acs/, login/, metadata/) in its package
    package = "allauth.socialaccount.providers.saml"

    def _advanced(self) -> dict:
        return self.app.settings.get("advanced", {})

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            config = build_saml_config(request, self.app.settings, self.app.client_id)
        context = self._advanced().get("requested_authn_context")
        if context:
            config["security"]["requestedAuthnContext"] = (
                [context] if isinstance(context, str) else list(context)
            )
            config["security"]["requestedAuthnContextComparison"] = "minimum"
        auth = OneLogin_Saml2_Auth(prepare_django_request(request), config)
        location = auth.login(return_to="")
        self.stash_redirect_state(
            request, process, next_url, data, state_id=auth.get_last_request_id(), **kwargs
        )
        return HttpResponseRedirect(location)

    def extract_extra_data(self, data):
        """Only the NameID: names, address and date of birth are not stored."""
        return {"name_id": data.get_nameid()}

    def extract_common_fields(self, data):
        fields = super().extract_common_fields(data)
        if fields.get("email") and self._advanced().get("email_verified"):
            fields["email_verified"] = True
        return fields

    def sociallogin_from_response(self, request, response):
        sociallogin = super().sociallogin_from_response(request, response)
        setattr(
            sociallogin,
            CLAIMS_ATTRIBUTE,
            claims_from(response.get_attributes(), response.get_last_authn_contexts()),
        )
        return sociallogin


def _is_saml(sociallogin) -> bool:
    return getattr(sociallogin.account, "provider", "") == SAMLProvider.id


@receiver(pre_social_login, dispatch_uid="verification.saml.keep_claims")
def _keep_claims_for_pending_signup(sender, request, sociallogin, **kwargs):
    """allauth may still ask for an e-mail address before the account exists: the claims
    travel with its pending sign-in (in the session) until the form is sent."""
    claims = getattr(sociallogin, CLAIMS_ATTRIBUTE, None)
    if _is_saml(sociallogin) and claims is not None and not sociallogin.is_existing:
        sociallogin.state[STATE_KEY] = _claims_to_state(claims)


def _take_claims(sociallogin) -> StateAccountClaims | None:
    claims = getattr(sociallogin, CLAIMS_ATTRIBUTE, None)
    stored = sociallogin.state.pop(STATE_KEY, None)
    if claims is None:
        claims = _claims_from_state(stored)
    setattr(sociallogin, CLAIMS_ATTRIBUTE, None)  # once per sign-in
    return claims


def _confirm(request, sociallogin) -> None:
    if not _is_saml(sociallogin) or sociallogin.user is None or sociallogin.user.pk is None:
        return
    claims = _take_claims(sociallogin)
    if claims is None:
        return
    verification = state_account_confirm(user=sociallogin.user, method=Method.SAML, claims=claims)
    if request is None or not hasattr(request, "_messages"):
        return
    if verification is not None:
        messages.success(request, _("Ihr Wohnsitz in Jena ist bestätigt."))
    else:
        messages.info(
            request,
            _(
                "Die Anmeldung mit %(name)s hat Ihren Wohnsitz in Jena nicht bestätigt. "
                "Andere Wege finden Sie unter „Mein Konto“ › „Wohnsitz“."
            )
            % {"name": sociallogin.account.get_provider(request).name},
        )


@receiver(social_account_updated, dispatch_uid="verification.saml.updated")
def _on_sign_in(sender, request, sociallogin, **kwargs):
    """A known SAML account signed in (or was linked again): confirm anew. When someone
    signed in as another person tries to link it, allauth refuses; nothing is confirmed."""
    user = getattr(request, "user", None)
    if (
        sociallogin.state.get("process") == "connect"
        and user is not None
        and user.is_authenticated
        and user.pk != sociallogin.user.pk
    ):
        return
    _confirm(request, sociallogin)


@receiver(social_account_added, dispatch_uid="verification.saml.added")
def _on_link(sender, request, sociallogin, **kwargs):
    """A signed-in person linked their state account (``/konto/wohnsitz/``)."""
    _confirm(request, sociallogin)


@receiver(user_signed_up, dispatch_uid="verification.saml.signed_up")
def _on_sign_up(sender, request, user, sociallogin=None, **kwargs):
    """A new account made with the state account."""
    if sociallogin is not None:
        _confirm(request, sociallogin)


# --- /konto/wohnsitz/ ----------------------------------------------------------------------


def saml_provider(request):
    """The configured SAML provider, or None (then nothing about SAML shows)."""
    apps = get_adapter().list_apps(request, provider=SAMLProvider.id)
    return apps[0].get_provider(request) if apps else None


def page_section(request) -> dict | None:
    """The section of the verification page: link the state account (or see that it is
    linked) and confirm the residence with it."""
    provider = saml_provider(request)
    if provider is None:
        return None
    linked = SocialAccount.objects.filter(
        user=request.user, provider=SAMLProvider.id
    ).exists()
    return {
        "template": "verification/includes/saml_section.html",
        "provider_name": provider.name,
        "login_url": provider.get_login_url(request),
        "next": reverse("verification:status"),
        "linked": linked,
    }


if page_section not in page_sections:
    page_sections.append(page_section)
# allauth's admin pages of its models are left out by verification.oidc.ready().
