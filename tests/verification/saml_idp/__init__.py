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

from .server import PEOPLE, IdentityProviderUnavailable, TestIdentityProvider, TestPerson

__all__ = ["PEOPLE", "IdentityProviderUnavailable", "TestIdentityProvider", "TestPerson"]
