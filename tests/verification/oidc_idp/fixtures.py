"""Pytest fixtures of the tests that sign in with the state's account: the test identity
provider (once per test module) and the site configured for it (per test). Import them
into the test module (``from tests.verification.oidc_idp.fixtures import idp,
state_account  # noqa: F401``)."""

from __future__ import annotations

from contextlib import ExitStack

import pytest

from jena_smart.settings import state_account_oidc_providers
from tests.conftest import service_missing
from tests.verification.oidc_idp.people import SUBSTANTIAL
from tests.verification.oidc_idp.server import (
    IdentityProvider,
    IdentityProviderUnavailable,
    identity_provider,
)
from verification.oidc import PROVIDER_ID

CALLBACK = f"/accounts/oidc/{PROVIDER_ID}/login/callback/"


@pytest.fixture(scope="module")
def idp(live_server) -> IdentityProvider:
    """The identity provider, once per test module, knowing the live server's callback
    addresses in both languages. It not starting fails the test in CI, skips it elsewhere."""
    stack = ExitStack()
    try:
        provider = stack.enter_context(
            identity_provider(
                redirect_uris=[f"{live_server.url}{CALLBACK}", f"{live_server.url}/en{CALLBACK}"]
            )
        )
    except IdentityProviderUnavailable as exc:
        service_missing(f"the test identity provider did not start: {exc}")
    with stack:
        yield provider


def configure_state_account(settings, idp: IdentityProvider) -> None:
    """The site's settings as the environment would give them for this identity provider
    (VERIFICATION_OIDC_SERVER_URL and the rest, see jena_smart/settings.py)."""
    settings.SOCIALACCOUNT_PROVIDERS = state_account_oidc_providers(
        server_url=idp.issuer,
        client_id=idp.client_id,
        secret=idp.client_secret,
        name="BundID / DeutschlandID",
        scopes=["openid", "email", "profile", "address"],
        acr_values=SUBSTANTIAL,
    )
    settings.CSP_FORM_ACTION_ORIGINS = [idp.origin]
    # live_server speaks plain HTTP; the callback address must match the registered one.
    settings.ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"


@pytest.fixture
def state_account(settings, idp) -> IdentityProvider:
    """The site with the sign-in with the state's account at the test identity provider."""
    configure_state_account(settings, idp)
    return idp
