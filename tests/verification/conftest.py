"""Fixtures of the verification tests."""

from tests.verification.saml_idp import idp  # noqa: F401 (the SAML tests' identity provider)
