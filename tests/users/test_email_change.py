"""Changing the e-mail address: the new address becomes the sign-in address only after it
is verified; until then the old one stays. Needs ACCOUNT_CHANGE_EMAIL."""

from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD, UserFactory

from .helpers import confirmation_link, mails_to, parse_html

pytestmark = pytest.mark.django_db

EMAIL_URL = reverse("account_email")


@pytest.fixture
def resident(client):
    user = UserFactory(email="alt@example.org")
    client.force_login(user)
    return user


def request_change(client, address: str):
    return client.post(EMAIL_URL, {"email": address, "action_add": ""})


def test_new_address_waits_for_verification_and_the_old_one_stays(client, resident):
    response = request_change(client, "neu@example.org")

    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.email == "alt@example.org"
    old = EmailAddress.objects.get(email="alt@example.org")
    new = EmailAddress.objects.get(email="neu@example.org")
    assert (old.primary, old.verified) == (True, True)
    assert (new.primary, new.verified) == (False, False)
    [message] = mails_to("neu@example.org")
    assert message.subject.startswith("[Jena Smart] ")
    page = parse_html(client.get(EMAIL_URL).content)
    assert "neu@example.org" in page.find(id="pending-email").text()
    assert page.find(id="current-email").text() == "alt@example.org"


def test_sign_in_keeps_working_with_the_old_address_until_the_new_one_is_verified(client, resident):
    request_change(client, "neu@example.org")
    client.logout()

    response = client.post(
        reverse("account_login"), {"login": "alt@example.org", "password": DEFAULT_PASSWORD}
    )

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == resident.pk


def test_verifying_the_new_address_replaces_the_old_one(client, resident):
    request_change(client, "neu@example.org")
    link = urlsplit(confirmation_link(mails_to("neu@example.org")[0])).path
    mail.outbox.clear()

    client.post(link)

    resident.refresh_from_db()
    assert resident.email == "neu@example.org"
    assert list(
        EmailAddress.objects.filter(user=resident).values_list("email", "primary", "verified")
    ) == [("neu@example.org", True, True)]
    # The old address is told that the address changed (ACCOUNT_EMAIL_NOTIFICATIONS).
    assert [m.to for m in mail.outbox] == [["alt@example.org"]]


def test_the_change_can_be_cancelled(client, resident):
    request_change(client, "neu@example.org")

    client.post(EMAIL_URL, {"email": "neu@example.org", "action_remove": ""})

    assert list(EmailAddress.objects.filter(user=resident).values_list("email", flat=True)) == [
        "alt@example.org"
    ]


def test_an_address_of_another_account_is_not_revealed(client, resident):
    UserFactory(email="vergeben@example.org")

    response = request_change(client, "vergeben@example.org")

    assert response.status_code == 302, "no 'already taken' error that would reveal the account"


def test_email_page_has_no_inline_style_or_script(client, resident):
    request_change(client, "neu@example.org")

    main = parse_html(client.get(EMAIL_URL).content).find("main")

    assert not main.find_all(style=True)
    assert not main.find_all("script")
    assert main.find("a", href=reverse("users:profile"))
