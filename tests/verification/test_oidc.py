"""Sign-in with the state's account over OpenID Connect, end to end: the site (pytest-
django's live_server) against a real identity provider started for this module
(tests/verification/oidc_idp/: django-oauth-toolkit in a process of its own). A
``requests.Session`` is the person's browser: it posts the site's button, signs in at
the identity provider and follows the redirects back; the site fetches the tokens and
the claims from the identity provider itself. Nothing is mocked."""

from __future__ import annotations

import html
import re
from importlib import import_module
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.conf import settings as django_settings

from jena_smart.settings import state_account_oidc_providers
from participation.ideas.models import Idea
from tests.factories import DEFAULT_PASSWORD, IdeaFactory, UserFactory
from tests.verification.factories import ANNA, JOERG, import_extract
from tests.verification.oidc_idp.fixtures import idp, state_account  # noqa: F401 - fixtures
from tests.verification.oidc_idp.people import PASSWORD, PEOPLE, SUBSTANTIAL
from users.models import User
from verification.models import Method, Verification
from verification.oidc import PROVIDER_ID, claims_from
from verification.rules import current_verification

# Every test runs against the site configured for the test identity provider (the tests
# without one override the configuration again).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("state_account")]

TIMEOUT = 30  # seconds for one request: a bound against a hang, not a measurement


class Person:
    """A browser of one person: cookies of the site and of the identity provider."""

    def __init__(self, site: str) -> None:
        self.site = site
        self.http = requests.Session()
        self.last: requests.Response | None = None

    def get(self, path: str) -> requests.Response:
        self.last = self.http.get(urljoin(self.site, path), timeout=TIMEOUT)
        return self.last

    def post(self, url: str, data: dict) -> requests.Response:
        """Post a form of the page just shown, with its CSRF token."""
        data = {"csrfmiddlewaretoken": csrf_token(self.last.text), **data}
        self.last = self.http.post(urljoin(self.last.url, url), data=data, timeout=TIMEOUT)
        return self.last

    def sign_in_with_password(self, user) -> None:
        self.get("/accounts/login/")
        self.post("/accounts/login/", {"login": user.email, "password": DEFAULT_PASSWORD})
        assert self.last.ok and "/accounts/login/" not in self.last.url

    def use_state_account(
        self, username: str, *, page: str = "/accounts/login/", process: str = "login",
        next_url: str = "",
    ) -> requests.Response:
        """Press the button on ``page``, sign in as ``username`` at the identity provider
        and follow the redirects back to the site; the page the site ends on."""
        self.get(page)
        assert self.last.status_code == 200
        data = {"process": process}
        if next_url:
            data["next"] = next_url
        button = re.search(rf'action="([^"]*/accounts/oidc/{PROVIDER_ID}/login/)"', self.last.text)
        assert button, f"no button of the state's account on {page}"
        self.post(button[1], data)
        assert urlsplit(self.last.url).path == "/login/", "the identity provider's sign-in"
        self.post(self.last.url, {
            "username": username, "password": PASSWORD,
            "next": html.unescape(re.search(r'name="next" value="([^"]*)"', self.last.text)[1]),
        })
        assert self.last.url.startswith(self.site), self.last.url
        return self.last


def csrf_token(page: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert match, "no CSRF token on the page"
    return match[1]


def session_of(person: Person) -> dict:
    """The site's session of the person's cookie."""
    key = person.http.cookies.get(django_settings.SESSION_COOKIE_NAME)
    if not key:
        return {}
    engine = import_module(django_settings.SESSION_ENGINE)
    return dict(engine.SessionStore(key).items())


def signed_in_as(person: Person) -> User | None:
    """Who the site thinks the person is."""
    user_id = session_of(person).get("_auth_user_id")
    return User.objects.filter(pk=user_id).first() if user_id else None


# --- sign-up and sign-in -------------------------------------------------------------------


def test_the_test_identity_providers_anna_is_the_registers_anna():
    anna = claims_from({"id_token": PEOPLE["anna"]})
    assert (anna.given_names, anna.family_name, anna.date_of_birth) == (
        ANNA.given_names, ANNA.family_name, ANNA.date_of_birth
    )
    assert anna.street_and_number() == (ANNA.street, ANNA.house_number)
    assert anna.postcode == ANNA.postcode


def test_claims_come_from_the_userinfo_and_the_trust_level_from_the_id_token():
    claims = claims_from({
        "id_token": {
            "sub": "7", "acr": SUBSTANTIAL, "given_name": "Alt", "birthdate": "1990-05-24",
        },
        "userinfo": {
            "sub": "7", "given_name": "Anna Maria", "family_name": "Müller",
            "address": {"street_address": "Löbdergraben 12a\nHinterhaus", "postal_code": "07743",
                        "locality": "Jena"},
        },
    })
    assert claims.trust_level == SUBSTANTIAL
    assert claims.given_names == "Anna Maria" and claims.date_of_birth == ANNA.date_of_birth
    assert claims.street_and_number() == ("Löbdergraben", "12a")
    assert claims.lives_in_jena()
    # A withheld year, no address: nothing to confirm with.
    bare = claims_from({"id_token": {"sub": "7", "birthdate": "0000-05-24"}})
    assert bare.date_of_birth is None and bare.city == "" and bare.trust_level == ""


def test_resident_who_signs_up_with_the_state_account_is_signed_in_and_confirmed(live_server):
    import_extract(ANNA)
    person = Person(live_server.url)

    page = person.use_state_account("anna", next_url="/konto/wohnsitz/")

    user = signed_in_as(person)
    assert user is not None and user.email == "anna.mueller@example.org"
    assert not user.has_usable_password()
    assert EmailAddress.objects.get(user=user).verified
    verification = current_verification(user)
    assert verification.method == Method.OIDC
    assert verification.trust_level == "substantial"
    assert verification.birth_year == 1990
    assert verification.district.name == "Zentrum"
    assert urlsplit(page.url).path == "/konto/wohnsitz/"
    assert "Ihr Wohnsitz in Jena ist bestätigt." in page.text


def test_the_link_keeps_the_subject_and_nothing_personal(live_server):
    person = Person(live_server.url)
    person.use_state_account("anna")
    account = SocialAccount.objects.get()
    assert account.provider == PROVIDER_ID
    assert account.extra_data == {"sub": account.uid}
    stored = repr(account.extra_data) + repr(vars(signed_in_as(person)))
    for value in ("Müller", "Anna", "1990-05-24", "Löbdergraben", "07743"):
        assert value not in stored

    # Signing in again updates the link with the same nothing.
    again = Person(live_server.url)
    again.use_state_account("anna")
    account.refresh_from_db()
    assert account.extra_data == {"sub": account.uid}
    assert signed_in_as(again) == account.user
    # ... and renews the confirmation (the earlier one is replaced, not doubled).
    assert Verification.objects.filter(user=account.user, ended_at__isnull=True).count() == 1


def test_person_from_weimar_is_signed_in_but_not_confirmed(live_server):
    person = Person(live_server.url)
    page = person.use_state_account("walter")
    user = signed_in_as(person)
    assert user is not None and user.email == "walter.schmidt@example.org"
    assert current_verification(user) is None
    assert not Verification.objects.exists()
    assert "bestätigt Ihren Wohnsitz in Jena nicht" in page.text


def test_resident_at_trust_level_low_is_signed_in_but_not_confirmed(live_server):
    person = Person(live_server.url)
    person.use_state_account("lena")
    user = signed_in_as(person)
    assert user is not None
    assert current_verification(user) is None


def test_an_unchecked_email_address_is_confirmed_by_the_site_before_signing_in(
    live_server, mailoutbox
):
    person = Person(live_server.url)

    page = person.use_state_account("paul")

    user = User.objects.get(email="paul.becker@example.org")
    assert not EmailAddress.objects.get(user=user).verified
    assert signed_in_as(person) is None
    assert urlsplit(page.url).path == "/accounts/confirm-email/"
    assert [mail.to for mail in mailoutbox] == [["paul.becker@example.org"]]
    # The residence is confirmed all the same: the identity provider vouched for it.
    assert current_verification(user).method == Method.OIDC


def test_identity_provider_without_an_email_address_asks_for_one_and_confirms(
    live_server, mailoutbox
):
    import_extract(JOERG)
    person = Person(live_server.url)

    page = person.use_state_account("joerg")

    assert urlsplit(page.url).path == "/accounts/3rdparty/signup/"
    assert page.status_code == 200
    assert 'name="email"' in page.text and "Registrieren" in page.text
    assert not User.objects.exists(), "no account before the form is sent"
    page = person.post("/accounts/3rdparty/signup/", {"email": "joerg@example.org"})

    user = User.objects.get(email="joerg@example.org")
    assert not EmailAddress.objects.get(user=user).verified  # the site confirms it by mail
    assert urlsplit(page.url).path == "/accounts/confirm-email/"
    assert len(mailoutbox) == 1
    verification = current_verification(user)
    assert verification.method == Method.OIDC and verification.trust_level == "high"
    assert verification.district.name == "Lobeda-Ost"
    assert SocialAccount.objects.get(user=user).extra_data == {
        "sub": SocialAccount.objects.get(user=user).uid
    }
    # Nothing of the claims waits in the session any longer.
    assert session_of(person) and "Weiß" not in repr(session_of(person))


# --- linking an e-mail account -------------------------------------------------------------


def test_resident_with_an_email_account_links_the_state_account_and_keeps_the_ideas(live_server):
    user = UserFactory(email="anna@example.org")
    idea = IdeaFactory(author=user)
    person = Person(live_server.url)
    person.sign_in_with_password(user)
    page = person.get("/konto/wohnsitz/")
    assert "Mit BundID / DeutschlandID bestätigen" in page.text

    page = person.use_state_account(
        "anna", page="/konto/wohnsitz/", process="connect", next_url="/konto/wohnsitz/"
    )

    assert urlsplit(page.url).path == "/konto/wohnsitz/"
    assert signed_in_as(person) == user
    assert User.objects.count() == 1
    assert SocialAccount.objects.get().user == user
    assert Idea.objects.get().author == user and Idea.objects.get().pk == idea.pk
    verification = current_verification(user)
    assert verification.method == Method.OIDC and verification.birth_year == 1990
    assert "Ihr Konto bei BundID / DeutschlandID ist mit diesem Konto verknüpft" in page.text

    # From now on the state's account signs this person in.
    other_browser = Person(live_server.url)
    other_browser.use_state_account("anna")
    assert signed_in_as(other_browser) == user


def test_unlinking_keeps_the_confirmation_until_it_expires(live_server):
    user = UserFactory(email="anna@example.org")
    person = Person(live_server.url)
    person.sign_in_with_password(user)
    person.use_state_account("anna", page="/konto/wohnsitz/", process="connect")
    verification = current_verification(user)
    account = SocialAccount.objects.get(user=user)

    page = person.get("/accounts/3rdparty/")
    assert "Verknüpfung lösen" in page.text
    page = person.post("/accounts/3rdparty/", {"account": account.pk})

    assert page.status_code == 200
    assert not SocialAccount.objects.exists()
    assert current_verification(user) == verification
    assert "noch kein anderes Konto verknüpft" in page.text


def test_a_state_account_linked_to_someone_else_is_not_linked_again(live_server):
    first = Person(live_server.url)
    first.use_state_account("walter")
    owner = signed_in_as(first)
    other = UserFactory()
    person = Person(live_server.url)
    person.sign_in_with_password(other)

    person.use_state_account("walter", page="/accounts/3rdparty/", process="connect")

    assert SocialAccount.objects.get().user == owner
    assert signed_in_as(person) == other


# --- without configuration --------------------------------------------------------------------


def test_without_a_configured_identity_provider_there_is_no_button(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {}
    user = UserFactory()
    assert "BundID" not in client.get("/accounts/login/").content.decode()
    client.force_login(user)
    assert "BundID" not in client.get("/konto/wohnsitz/").content.decode()
    response = client.post(f"/accounts/oidc/{PROVIDER_ID}/login/", {"process": "login"})
    assert response.status_code == 404


def test_sign_in_page_shows_the_button_when_configured(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = state_account_oidc_providers(
        server_url="http://127.0.0.1:9/o", client_id="x", secret="y",
        name="BundID / DeutschlandID", scopes=["openid"], acr_values="",
    )
    page = client.get("/accounts/login/").content.decode()
    assert "Mit BundID / DeutschlandID anmelden" in page
    assert f'action="/accounts/oidc/{PROVIDER_ID}/login/"' in page



def test_sign_in_with_the_address_of_an_existing_account_takes_nothing_over(
    live_server, mailoutbox
):
    """Not by e-mail address: the owner signs in with the password and links the state's
    account on the connections page. Whether the address has an account is not told."""
    owner = UserFactory(email="anna.mueller@example.org")
    person = Person(live_server.url)

    page = person.use_state_account("anna")

    assert urlsplit(page.url).path == "/accounts/confirm-email/"
    assert signed_in_as(person) is None
    assert User.objects.get() == owner
    assert not SocialAccount.objects.exists() and not Verification.objects.exists()
    assert [mail.to for mail in mailoutbox] == [["anna.mueller@example.org"]]
    assert "Müller" not in repr(session_of(person))


def test_sign_in_from_the_english_pages_comes_back_in_english(live_server):
    person = Person(live_server.url)
    page = person.use_state_account("walter", page="/en/accounts/login/")
    assert signed_in_as(person) is not None
    assert signed_in_as(person).preferred_language == "en"
    assert page.url.startswith(f"{live_server.url}/en/")
