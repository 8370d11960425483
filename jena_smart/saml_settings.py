"""``SOCIALACCOUNT_PROVIDERS["saml"]`` for settings.py: sign-in with the state's account
(BundID) over SAML through django-allauth's SAML provider, from values settings.py reads
from the environment (``VERIFICATION_SAML_*``, README).

Plain data, no Django imports: settings.py calls it, and so do the tests that start a
real identity provider (tests/verification/saml_idp/), so both build the same thing.
What the site makes of a sign-in is in verification/saml.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

# The organisation slug in allauth's SAML URLs: /accounts/saml/bundid/login/ (acs/, metadata/).
SLUG = "bundid"
# Our subclass of allauth's provider: it asks for the trust level, keeps nothing personal
# in SocialAccount.extra_data and hands the attributes to verification/saml.py.
PROVIDER_CLASS = "verification.saml.StateAccountSAMLProvider"
# Where the identity provider's e-mail address is (BundID: the mail attribute).
EMAIL_ATTRIBUTES = ["urn:oid:0.9.2342.19200300.100.1.3", "mail", "email"]


@dataclass(frozen=True)
class SamlIdentityProvider:
    """Where the identity provider is and what we ask of it (README: "BundID over SAML")."""

    metadata_url: str = ""  # or the three below
    entity_id: str = ""
    sso_url: str = ""  # with a metadata URL: only when on another origin (for the CSP)
    x509cert: str = ""  # the IdP's signing certificate (PEM, or its base64 body)
    sp_entity_id: str = ""  # ours; empty: <site_url>/accounts/saml/bundid/metadata/
    name: str = "BundID (SAML)"  # the button: "Mit BundID (SAML) anmelden"
    authn_context: str = ""  # the least trust level asked for, e.g. STORK-QAA-Level-3
    sp_private_key: str = ""  # PEM: sign our requests (when the IdP wants that)
    sp_x509cert: str = ""
    email_verified: bool = False  # the IdP sends only e-mail addresses it has confirmed

    @property
    def configured(self) -> bool:
        return bool(self.metadata_url or self.entity_id)


def saml_providers(idp: SamlIdentityProvider, *, site_url: str) -> dict:
    """``{"saml": {...}}`` to merge into ``SOCIALACCOUNT_PROVIDERS``; without an identity
    provider no app is configured, so no button shows and no SAML sign-in works."""
    provider: dict = {"provider_class": PROVIDER_CLASS}
    if not idp.configured:
        return {"saml": provider}
    if idp.metadata_url:
        idp_settings = {"metadata_url": idp.metadata_url, "entity_id": idp.entity_id or None}
    else:
        missing = [name for name in ("sso_url", "x509cert") if not getattr(idp, name)]
        if missing:
            raise ValueError(
                "VERIFICATION_SAML_IDP_ENTITY_ID needs VERIFICATION_SAML_IDP_SSO_URL and "
                "VERIFICATION_SAML_IDP_X509CERT (or give VERIFICATION_SAML_IDP_METADATA_URL)"
            )
        idp_settings = {
            "entity_id": idp.entity_id,
            "sso_url": idp.sso_url,
            "x509cert": idp.x509cert,
        }
    # One entity ID whatever the language of the page the sign-in started on (allauth's
    # default, the metadata URL, has the /en/ prefix in English).
    sp_entity_id = idp.sp_entity_id or f"{site_url.rstrip('/')}/accounts/saml/{SLUG}/metadata/"
    advanced = {
        "strict": True,
        "want_assertion_signed": True,
        "reject_idp_initiated_sso": True,
        "want_attribute_statement": True,
        "reject_deprecated_algorithm": True,
        # read by verification.saml.StateAccountSAMLProvider (allauth has no such option)
        "requested_authn_context": idp.authn_context,
        "email_verified": idp.email_verified,
    }
    if idp.sp_private_key and idp.sp_x509cert:
        advanced.update(
            authn_request_signed=True,
            private_key=idp.sp_private_key,
            x509cert=idp.sp_x509cert,
        )
    provider["APPS"] = [
        {
            "client_id": SLUG,
            "name": idp.name,
            "settings": {
                "idp": idp_settings,
                "sp": {"entity_id": sp_entity_id},
                # allauth's own mapping: only the e-mail address (the account's user name
                # is the NameID); names and address go to verification/saml.py only.
                "attribute_mapping": {"email": EMAIL_ATTRIBUTES},
                "advanced": advanced,
            },
        }
    ]
    return {"saml": provider}


def form_action_origins(idp: SamlIdentityProvider) -> list[str]:
    """The origins the sign-in button's form may lead to (the CSP's form-action: the
    site answers the button with a redirect to the identity provider's sign-in URL). With
    only a metadata URL, its origin: VERIFICATION_SAML_IDP_SSO_URL names another one."""
    origins = []
    for url in (idp.sso_url, idp.metadata_url):
        parts = urlsplit(url)
        if parts.scheme and parts.netloc:
            origin = f"{parts.scheme}://{parts.netloc}"
            if origin not in origins:
                origins.append(origin)
    return origins if idp.configured else []
