"""What the test identity provider says about a person: the claims of people.py, by
scope as the OIDC standard says (name and birth date with "profile", address with
"address", e-mail with "email"), and the trust level as ``acr`` in the ID token only
(as BundID's gateways do; the userinfo does not repeat it)."""

from oauth2_provider.oauth2_validators import OAuth2Validator

from tests.verification.oidc_idp.people import PEOPLE


class StateAccountValidator(OAuth2Validator):
    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "acr": "openid"}

    def get_additional_claims(self, request):
        return dict(PEOPLE.get(request.user.get_username(), {}))

    def get_userinfo_claims(self, request):
        claims = super().get_userinfo_claims(request)
        claims.pop("acr", None)
        return claims
