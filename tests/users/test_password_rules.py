"""Password rules on sign-up (AUTH_PASSWORD_VALIDATORS): at least 12 characters, not a
common password, not all digits, not like the e-mail address or the display name — each
refused with a clear German message and no account."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD, UserFactory
from users.models import User

from .helpers import parse_html, signup_data

pytestmark = pytest.mark.django_db

SIGNUP_URL = reverse("account_signup")


def password_errors(client, password: str, **overrides) -> str:
    response = client.post(
        SIGNUP_URL, signup_data(password1=password, password2=password, **overrides)
    )
    assert response.status_code == 200, "a refused sign-up shows the form again"
    assert not User.objects.exists()
    page = parse_html(response.content)
    error = page.find(id="id_password1_error")
    assert error is not None, "the error is shown at the password field"
    field = page.find("input", name="password1")
    assert field["aria-invalid"] == "true"
    assert "id_password1_error" in field["aria-describedby"]
    return error.text()


@pytest.mark.parametrize(
    ("password", "overrides", "message"),
    [
        pytest.param("Kurz-123", {}, "mindestens 12 Zeichen", id="shorter-than-12"),
        pytest.param("qwerty123456", {}, "zu üblich", id="common"),
        pytest.param("73950284619274", {}, "komplett numerisch", id="all-digits"),
        pytest.param(
            "saalefuchs.wohnt",
            {"email": "saalefuchs.wohnt@example.org", "display_name": "Anna"},
            "zu ähnlich zu E-Mail-Adresse",
            id="like-the-email-address",
        ),
        pytest.param(
            "Jenaer-Saalefuchs",
            {"display_name": "Jenaer Saalefuchs"},
            "zu ähnlich zu Anzeigename",
            id="like-the-display-name",
        ),
    ],
)
def test_weak_password_is_refused_with_a_clear_message(client, password, overrides, message):
    assert message in password_errors(client, password, **overrides)


def test_a_long_uncommon_password_unlike_name_and_address_is_accepted(client):
    response = client.post(
        SIGNUP_URL,
        signup_data(password1="Lichtstadt-Saale-Nebel-9", password2="Lichtstadt-Saale-Nebel-9"),
    )

    assert response.status_code == 302
    assert User.objects.filter(email="neu@example.org").exists()


def test_passwords_that_differ_are_refused(client):
    response = client.post(SIGNUP_URL, signup_data(password2="Etwas-ganz-Anderes-2024"))

    page = parse_html(response.content)
    assert "dasselbe Passwort" in page.find(id="id_password2_error").text() or (
        "selbe Passwort" in page.find(id="id_password2_error").text()
    )
    assert not User.objects.exists()


def test_the_rules_are_listed_beside_the_password_field(client):
    hint = parse_html(client.get(SIGNUP_URL).content).find(id="id_password1_hint").text()

    assert "mindestens 12 Zeichen" in hint
    assert "nicht zu ähnlich" in hint


def test_changing_the_password_applies_the_same_rules_and_tells_the_person(client):
    user = UserFactory(email="anna@example.org")
    client.force_login(user)
    url = reverse("account_change_password")

    refused = client.post(
        url, {"oldpassword": DEFAULT_PASSWORD, "password1": "Kurz-123", "password2": "Kurz-123"}
    )
    assert "mindestens 12 Zeichen" in refused.content.decode()
    new_password = "Lichtstadt-Saale-Nebel-9"
    accepted = client.post(
        url,
        {"oldpassword": DEFAULT_PASSWORD, "password1": new_password, "password2": new_password},
    )

    assert accepted.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)
    # ACCOUNT_EMAIL_NOTIFICATIONS: a changed password is reported to the owner.
    [notice] = mail.outbox
    assert notice.to == ["anna@example.org"]
    assert notice.subject.startswith("[Jena Smart] ")
