"""A real SAML identity provider for the tests, standing in for BundID: pysaml2's
``saml2.server.Server`` behind a small WSGI app on a free local port.

- ``GET /metadata``: its metadata (entity ID, sign-in URL, signing certificate);
- ``GET /sso/redirect``: takes the site's AuthnRequest (HTTP-Redirect binding) and shows a
  sign-in form with the test people;
- ``POST /sso/login``: answers with a signed assertion through the HTTP-POST binding (an
  HTML form that the browser sends to the site's assertion consumer URL).

The key and certificate are made when it starts. pysaml2 signs with the ``xmlsec1``
command (Debian: xmlsec1; scripts/check_system.sh --tests installs it).
"""

import pytest

from jena_smart.saml_settings import SamlIdentityProvider, form_action_origins, saml_providers

from .server import PEOPLE, IdentityProviderUnavailable, TestIdentityProvider, TestPerson

__all__ = [
    "PEOPLE",
    "IdentityProviderUnavailable",
    "TestIdentityProvider",
    "TestPerson",
    "configure_site",
]


def configure_site(settings, idp: TestIdentityProvider, *, site_url: str) -> None:
    """Point the site (pytest-django's ``settings``) at ``idp`` as settings.py does from
    VERIFICATION_SAML_* in production: BundID asked for STORK-QAA-Level-3, e-mail
    addresses from it taken as confirmed."""
    configuration = SamlIdentityProvider(
        metadata_url=idp.metadata_url,
        entity_id=idp.entity_id,
        authn_context="STORK-QAA-Level-3",
        email_verified=True,
    )
    settings.SOCIALACCOUNT_PROVIDERS = saml_providers(configuration, site_url=site_url)
    settings.CSP_FORM_ACTION_ORIGINS = form_action_origins(configuration)


@pytest.fixture(scope="module")
def idp():
    """The pysaml2 identity provider, started once per test module (fails in CI, is
    skipped elsewhere, when it cannot start)."""
    from tests.conftest import service_missing

    provider = TestIdentityProvider()
    try:
        provider.start()
    except IdentityProviderUnavailable as error:
        service_missing(f"the SAML test identity provider did not start: {error}")
    yield provider
    provider.stop()
