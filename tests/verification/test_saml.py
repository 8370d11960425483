"""Sign-in with BundID over SAML, end to end against a real identity provider started in
the test (pysaml2, tests/verification/saml_idp/): the site sends its AuthnRequest, the
identity provider signs an assertion, the site checks it and confirms the residence from
it — or refuses a tampered or unsigned answer. Nothing is mocked; Django's test client
plays the browser towards the site, ``requests`` towards the identity provider."""

from __future__ import annotations

import base64
import datetime
import re
import zlib
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.test import Client
from saml2.xmldsig import DIGEST_SHA1, DIGEST_SHA256, SIG_RSA_SHA1, SIG_RSA_SHA256

from tests.factories import UserFactory
from tests.verification.factories import ANNA, import_extract
from tests.verification.saml_idp import configure_site
from users.models import User
from verification.models import Method, Verification
from verification.saml import claims_from

pytestmark = pytest.mark.django_db

HOST = "jena.example"  # python3-saml refuses single-label hosts such as "testserver"
LOGIN = "/accounts/saml/bundid/login/"


# --- the identity provider and the site configured for it --------------------------------


@pytest.fixture
def site(settings, idp):
    """The site with BundID over SAML configured (as from VERIFICATION_SAML_* in
    production), its metadata known to the identity provider; a client on it."""
    configure_site(settings, idp, site_url=f"http://{HOST}")
    idp.sign_assertion = True
    idp.sign_alg, idp.digest_alg = SIG_RSA_SHA256, DIGEST_SHA256
    client = Client(HTTP_HOST=HOST)
    metadata = client.get("/accounts/saml/bundid/metadata/")
    assert metadata.status_code == 200, metadata.content
    idp.trust(metadata.content)
    return client


class _Forms(HTMLParser):
    """The forms of a page: action and the values of their inputs."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action", ""), "fields": {}})
        elif tag == "input" and self.forms and attrs.get("name"):
            if attrs.get("type") != "radio" or "checked" in attrs:
                self.forms[-1]["fields"][attrs["name"]] = attrs.get("value", "")


def _form(page: str) -> dict:
    parser = _Forms()
    parser.feed(page)
    assert parser.forms, page[:2000]
    return parser.forms[0]


def start_sign_in(client, *, process: str = "login", next_url: str = "", path: str = LOGIN):
    """Press the site's button: the site answers with a redirect to the identity provider."""
    data = {"process": process}
    if next_url:
        data["next"] = next_url
    response = client.post(path, data)
    assert response.status_code == 302, response.content[:2000]
    return response["Location"]


def answer_of_idp(idp, location: str, person: str) -> dict:
    """The person signs in at the identity provider; its answer, as the form the browser
    would send to the site (action, SAMLResponse, RelayState)."""
    assert location.startswith(idp.base_url + "/sso/redirect?")
    page = requests.get(location, timeout=30)
    assert page.status_code == 200, page.text
    form = _form(page.text)
    answer = requests.post(
        idp.base_url + form["action"], data={**form["fields"], "person": person}, timeout=30
    )
    assert answer.status_code == 200, answer.text
    return _form(answer.text)


def deliver(client, answer: dict):
    """The browser sends the identity provider's answer to the site (and follows on)."""
    action = urlsplit(answer["action"])
    assert action.netloc == HOST
    return client.post(action.path, answer["fields"], follow=True)


def sign_in(client, idp, person: str, **kwargs):
    return deliver(client, answer_of_idp(idp, start_sign_in(client, **kwargs), person))


def signed_in_user(client):
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def _xml_of(saml_response: str) -> str:
    return base64.b64decode(saml_response).decode()


# --- sign-in ---------------------------------------------------------------------------------


def test_a_resident_signs_in_with_bundid_and_is_confirmed_with_the_registers_district(site, idp):
    import_extract(ANNA)
    response = sign_in(site, idp, "anna")

    user = signed_in_user(site)
    assert user is not None and user.email == "anna.bundid@example.org"
    verification = Verification.objects.current().get(user=user)
    assert verification.method == Method.SAML
    assert verification.trust_level == "substantial"
    assert verification.birth_year == 1990
    assert verification.district.name == "Zentrum"
    assert len(verification.entry_digest) == 64
    assert "Ihr Wohnsitz in Jena ist bestätigt." in response.content.decode()


def test_the_state_account_keeps_only_the_name_id_and_no_personal_attribute(site, idp):
    sign_in(site, idp, "anna")

    account = SocialAccount.objects.get(provider="saml")
    assert account.uid == "bundid-anna-4711"
    assert account.extra_data == {"name_id": "bundid-anna-4711"}
    stored = str(account.extra_data) + str(dict(site.session.items()))
    for personal in ("Müller", "Anna Maria", "1990-05-24", "Löbdergraben", "07743"):
        assert personal not in stored


def test_a_person_from_weimar_signs_in_but_is_not_confirmed(site, idp):
    response = sign_in(site, idp, "weimar")

    user = signed_in_user(site)
    assert user is not None and user.email == "paul.bundid@example.org"
    assert not Verification.objects.filter(user=user).exists()
    assert "hat Ihren Wohnsitz in Jena nicht bestätigt" in response.content.decode()


def test_a_sign_in_with_user_name_and_password_only_does_not_confirm(site, idp):
    sign_in(site, idp, "low")  # STORK-QAA-Level-1

    user = signed_in_user(site)
    assert user is not None
    assert not Verification.objects.filter(user=user).exists()


def test_the_site_asks_bundid_for_at_least_the_configured_trust_level(site, idp):
    location = start_sign_in(site)
    request = parse_qs(urlsplit(location).query)["SAMLRequest"][0]
    xml = zlib.decompress(base64.b64decode(request), -15).decode()
    assert 'Comparison="minimum"' in xml
    assert "STORK-QAA-Level-3</saml:AuthnContextClassRef>" in xml
    # in our metadata's language, whatever the page's: the IdP knows only that address
    assert f"AssertionConsumerServiceURL=\"http://{HOST}/accounts/saml/bundid/acs/\"" in xml


def test_a_sign_in_started_on_an_english_page_works_as_well(site, idp):
    sign_in(site, idp, "anna", path="/en" + LOGIN)
    user = signed_in_user(site)
    assert Verification.objects.current().filter(user=user, method=Method.SAML).exists()


def test_signing_in_again_renews_the_confirmation_of_the_same_account(site, idp):
    sign_in(site, idp, "anna")
    first = Verification.objects.current().get()
    site.logout()

    sign_in(site, idp, "anna")

    assert User.objects.count() == 1 and SocialAccount.objects.count() == 1
    current = Verification.objects.current().get()
    assert current.pk != first.pk and current.user_id == first.user_id
    assert SocialAccount.objects.get().extra_data == {"name_id": "bundid-anna-4711"}


def test_a_person_without_an_email_address_at_bundid_gives_one_and_is_confirmed(site, idp):
    response = sign_in(site, idp, "ida")
    assert response.redirect_chain[-1][0].endswith("/accounts/3rdparty/signup/")
    assert "state_account_claims" in str(site.session["socialaccount_sociallogin"])

    response = site.post(
        "/accounts/3rdparty/signup/", {"email": "ida@example.org"}, follow=True
    )

    assert response.status_code == 200
    user = User.objects.get(email="ida@example.org")
    verification = Verification.objects.current().get(user=user)
    assert verification.trust_level == "high" and verification.birth_year == 2001
    assert "socialaccount_sociallogin" not in site.session
    assert SocialAccount.objects.get(user=user).extra_data == {"name_id": "bundid-ida-4711"}


# --- linking to an e-mail account ------------------------------------------------------------


def test_a_resident_with_an_email_account_links_bundid_and_is_confirmed(site, idp):
    resident = UserFactory()
    site.force_login(resident)
    page = site.get("/konto/wohnsitz/")
    assert "Mit BundID (SAML) bestätigen" in page.content.decode()

    response = sign_in(site, idp, "anna", process="connect", next_url="/konto/wohnsitz/")

    assert signed_in_user(site) == resident
    assert SocialAccount.objects.get(provider="saml").user == resident
    verification = Verification.objects.current().get(user=resident)
    assert verification.method == Method.SAML
    page = response.content.decode()
    assert "Ihr Wohnsitz in Jena ist bestätigt." in page
    assert "Ihr BundID (SAML)-Konto ist verknüpft." in page


def test_a_state_account_of_another_person_cannot_be_linked(site, idp):
    sign_in(site, idp, "anna")
    owner = signed_in_user(site)
    site.logout()
    other = UserFactory()
    site.force_login(other)

    sign_in(site, idp, "anna", process="connect", next_url="/konto/wohnsitz/")

    assert SocialAccount.objects.get().user == owner
    assert not Verification.objects.filter(user=other).exists()


# --- refused answers -------------------------------------------------------------------------


def test_a_tampered_answer_is_refused(site, idp):
    answer = answer_of_idp(idp, start_sign_in(site), "weimar")
    xml = _xml_of(answer["fields"]["SAMLResponse"])
    assert ">Weimar<" in xml
    answer["fields"]["SAMLResponse"] = base64.b64encode(
        xml.replace(">Weimar<", ">Jena<").encode()
    ).decode()

    response = deliver(site, answer)

    assert signed_in_user(site) is None
    assert not User.objects.exists() and not Verification.objects.exists()
    assert response.status_code == 401  # allauth's "sign-in failed" page, not a 500


def test_an_unsigned_answer_is_refused(site, idp):
    idp.sign_assertion = False
    answer = answer_of_idp(idp, start_sign_in(site), "anna")
    assert "Signature" not in _xml_of(answer["fields"]["SAMLResponse"])

    deliver(site, answer)

    assert signed_in_user(site) is None
    assert not User.objects.exists() and not Verification.objects.exists()


def test_an_answer_signed_with_the_deprecated_sha1_is_refused(site, idp):
    idp.sign_alg, idp.digest_alg = SIG_RSA_SHA1, DIGEST_SHA1
    answer = answer_of_idp(idp, start_sign_in(site), "anna")
    assert SIG_RSA_SHA1 in _xml_of(answer["fields"]["SAMLResponse"])

    deliver(site, answer)

    assert signed_in_user(site) is None and not Verification.objects.exists()


def test_an_answer_with_its_signature_cut_out_is_refused(site, idp):
    answer = answer_of_idp(idp, start_sign_in(site), "anna")
    xml = _xml_of(answer["fields"]["SAMLResponse"])
    unsigned, cut = re.subn(r"<(\w+:)?Signature[ >].*?</(\w+:)?Signature>", "", xml, flags=re.S)
    assert cut == 1
    answer["fields"]["SAMLResponse"] = base64.b64encode(unsigned.encode()).decode()

    deliver(site, answer)

    assert signed_in_user(site) is None and not Verification.objects.exists()


def test_an_answer_nobody_asked_for_is_refused(site, idp):
    """An answer the site did not request (IdP-initiated, or replayed in another browser)."""
    answer = answer_of_idp(idp, start_sign_in(site), "anna")
    stranger = Client(HTTP_HOST=HOST)

    deliver(stranger, answer)

    assert signed_in_user(stranger) is None and not Verification.objects.exists()


# --- not configured --------------------------------------------------------------------------


def test_without_an_identity_provider_nothing_about_saml_shows(client):
    assert "BundID" not in client.get("/accounts/login/").content.decode()
    assert client.post(LOGIN, {"process": "login"}).status_code == 404
    client.force_login(UserFactory())
    assert "BundID" not in client.get("/konto/wohnsitz/").content.decode()


def test_the_sign_in_page_offers_bundid_when_configured(site, idp):
    response = site.get("/accounts/login/")
    page = response.content.decode()
    assert "Mit BundID (SAML) anmelden" in page
    assert f'action="{LOGIN}"' in page
    # the button's form continues at the identity provider: the CSP lets it, and only it
    policy = {
        name: value
        for name, _space, value in (
            directive.strip().partition(" ")
            for directive in response["Content-Security-Policy"].split(";")
        )
    }
    assert policy["form-action"] == f"'self' {idp.base_url}"


# --- what the attributes mean ----------------------------------------------------------------


@pytest.mark.parametrize(
    "attributes, expected",
    [
        (
            {"urn:oid:2.5.4.16": ["Am Anger 5$07743 Jena"],
             "urn:oid:1.3.6.1.5.5.7.9.1": ["20010203"]},
            {"street": "Am Anger 5", "postcode": "07743", "city": "Jena",
             "date_of_birth": datetime.date(2001, 2, 3)},
        ),
        (
            {"urn:oid:2.5.4.9": ["Löbdergraben 12a"], "urn:oid:2.5.4.7": ["Jena"],
             "urn:oid:2.5.4.17": ["07743"], "urn:oid:1.3.6.1.5.5.7.9.1": ["19900524000000Z"]},
            {"street": "Löbdergraben 12a", "postcode": "07743", "city": "Jena",
             "date_of_birth": datetime.date(1990, 5, 24)},
        ),
        (
            {"urn:oid:1.3.6.1.5.5.7.9.1": ["24.05.1990"]},
            {"date_of_birth": datetime.date(1990, 5, 24), "city": ""},
        ),
        ({"urn:oid:1.3.6.1.5.5.7.9.1": ["1990-02-30"]}, {"date_of_birth": None}),
    ],
    ids=["postal-address", "parts", "german-date", "impossible-date"],
)
def test_bundid_attributes_become_claims(attributes, expected):
    claims = claims_from(attributes, ["STORK-QAA-Level-3"])
    assert claims.trust_level == "STORK-QAA-Level-3"
    for name, value in expected.items():
        assert getattr(claims, name) == value


def test_lxml_and_xmlsec_share_one_libxml2():
    """python3-saml breaks ("lxml & xmlsec libxml2 library version mismatch") when the
    two wheels bring different libxml2 versions: requirements.txt pins a matching pair."""
    import xmlsec
    from lxml import etree

    assert etree.LIBXML_VERSION == xmlsec.get_libxml_version()


# --- configuration ---------------------------------------------------------------------------


def test_an_identity_provider_named_without_its_sign_in_url_and_certificate_is_refused():
    from jena_smart.saml_settings import SamlIdentityProvider, saml_providers

    with pytest.raises(ValueError, match="VERIFICATION_SAML_IDP_SSO_URL"):
        saml_providers(SamlIdentityProvider(entity_id="https://id.example/idp"), site_url="x")
    assert "APPS" not in saml_providers(SamlIdentityProvider(), site_url="x")["saml"]
