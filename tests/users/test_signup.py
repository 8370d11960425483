"""Sign-up from the outside: the form, the verification mail and its link, sign-in only
after verification, the honeypot."""

from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD, UserFactory
from users.models import User

from .factories_accounts import DistrictFactory
from .helpers import GOOD_PASSWORD, confirmation_link, mails_to, parse_html, signup_data

pytestmark = pytest.mark.django_db

SIGNUP_URL = reverse("account_signup")
LOGIN_URL = reverse("account_login")
SENT_URL = reverse("account_email_verification_sent")


def test_signup_page_asks_for_public_display_name_district_and_language(client):
    DistrictFactory(name="Lobeda-West")

    page = parse_html(client.get(SIGNUP_URL).content)

    form = page.find("form", action=SIGNUP_URL)
    names = [
        tag["name"]
        for tag in form.find_all()
        if tag.tag in {"input", "select"} and tag.get("type") != "hidden"
    ]
    assert names == [
        "email",
        "display_name",
        "password1",
        "password2",
        "home_district",
        "preferred_language",
        "website",
    ]
    label = page.find("label", for_="id_display_name").text()
    assert "öffentlich" in label and "Pseudonym" in label
    hint = page.find(id="id_display_name_hint").text()
    assert "Pseudonym ist erlaubt" in hint
    assert "Lobeda-West" in page.find("select", name="home_district").text()
    assert page.find(id="id_home_district").find("option", selected=True)["value"] == ""


def test_honeypot_is_hidden_from_people_and_screen_readers_without_inline_style(client):
    page = parse_html(client.get(SIGNUP_URL).content)

    honeypot = page.find("input", name="website")
    wrapper = honeypot.ancestor("div")
    assert "site-sr-only" in wrapper["class"].split()
    assert wrapper["aria-hidden"] == "true"
    assert wrapper["tabindex"] == "-1"
    assert honeypot["tabindex"] == "-1"
    assert honeypot["autocomplete"] == "off"
    assert not page.find("main").find_all(style=True), "no style= attributes (CSP)"
    assert not page.find("main").find_all("script"), "no inline scripts"


def test_signup_creates_an_unverified_user_with_profile_and_sends_a_verification_mail(client):
    district = DistrictFactory(name="Wenigenjena")

    response = client.post(
        SIGNUP_URL, signup_data(home_district=district.pk, preferred_language="en")
    )

    assert response.status_code == 302
    assert response["Location"] == SENT_URL
    user = User.objects.get(email="neu@example.org")
    assert user.display_name == "Saalefuchs"
    assert user.home_district == district
    assert user.preferred_language == "en"
    assert user.check_password(GOOD_PASSWORD)
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified, address.primary) == ("neu@example.org", False, True)
    [message] = mail.outbox
    assert message.to == ["neu@example.org"]
    assert message.subject.startswith("[Jena Smart] ")
    assert message.from_email == "Jena Smart <noreply@jena-smart.example>"
    assert "/accounts/confirm-email/" in confirmation_link(message)
    # Not signed in: mandatory verification comes first.
    assert "_auth_user_id" not in client.session


def test_verification_mail_is_german_and_links_to_the_host_of_the_request(client):
    client.post(SIGNUP_URL, signup_data(), HTTP_HOST="beteiligung.jena.example")

    [message] = mail.outbox
    link = confirmation_link(message)
    assert urlsplit(link).netloc == "beteiligung.jena.example"
    assert "E-Mail" in message.body
    assert "Bestätig" in message.subject or "bestätig" in message.subject


def test_verification_sent_page_explains_the_next_step(client):
    response = client.post(SIGNUP_URL, signup_data(), follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == SENT_URL
    assert "E-Mail" in response.content.decode()


def test_signup_without_display_name_is_refused_with_a_clear_message(client):
    response = client.post(SIGNUP_URL, signup_data(display_name="   "))

    assert response.status_code == 200
    assert "Bitte geben Sie einen Anzeigenamen an" in response.content.decode()
    assert not User.objects.exists()
    assert mail.outbox == []


def test_an_email_address_as_display_name_is_refused(client):
    response = client.post(SIGNUP_URL, signup_data(display_name="neu@example.org"))

    assert "keine E-Mail-Adresse als Anzeigenamen" in response.content.decode()
    assert not User.objects.exists()


def test_unknown_district_is_refused(client):
    response = client.post(SIGNUP_URL, signup_data(home_district=999999))

    assert "Bitte wählen Sie einen Ortsteil aus der Liste." in response.content.decode()
    assert not User.objects.exists()


def test_filled_honeypot_creates_no_account_but_answers_like_a_successful_signup(client):
    response = client.post(SIGNUP_URL, signup_data(website="https://spam.example"))

    assert response.status_code == 302
    assert response["Location"] == SENT_URL
    assert not User.objects.exists()
    assert mail.outbox == []


def test_confirmation_link_verifies_the_address(client):
    client.post(SIGNUP_URL, signup_data())
    link = urlsplit(confirmation_link(mail.outbox[0])).path

    page = client.get(link)
    assert page.status_code == 200
    assert not EmailAddress.objects.get(email="neu@example.org").verified, "GET must not confirm"
    response = client.post(link)

    assert response.status_code == 302
    assert EmailAddress.objects.get(email="neu@example.org").verified


def test_login_before_verification_sends_the_link_again_and_does_not_sign_in(client):
    client.post(SIGNUP_URL, signup_data())
    mail.outbox.clear()

    response = client.post(LOGIN_URL, {"login": "neu@example.org", "password": GOOD_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == SENT_URL
    assert "_auth_user_id" not in client.session
    assert len(mails_to("neu@example.org")) <= 1  # allauth resends, with a cooldown


def test_login_by_email_works_after_verification(client):
    client.post(SIGNUP_URL, signup_data())
    link = urlsplit(confirmation_link(mail.outbox[0])).path
    client.post(link)

    response = client.post(LOGIN_URL, {"login": "NEU@example.org", "password": GOOD_PASSWORD})

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == User.objects.get().pk


def test_login_asks_for_the_email_address_not_a_username(client):
    page = parse_html(client.get(LOGIN_URL).content)

    assert page.find("input", name="login")["type"] == "email"


def test_logout_needs_a_post(client):
    user = UserFactory()
    client.force_login(user)

    assert client.get(reverse("account_logout")).status_code == 200
    assert "_auth_user_id" in client.session
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_after_login_without_next_the_start_page_is_in_the_preferred_language(client):
    UserFactory(email="anna@example.org", preferred_language="en")

    response = client.post(LOGIN_URL, {"login": "anna@example.org", "password": DEFAULT_PASSWORD})

    assert response["Location"] == "/en/"


def test_after_login_with_next_the_person_returns_where_they_were(client):
    UserFactory(email="anna@example.org", preferred_language="en")

    response = client.post(
        f"{LOGIN_URL}?next=/strategie/",
        {"login": "anna@example.org", "password": DEFAULT_PASSWORD},
    )

    assert response["Location"] == "/strategie/"
