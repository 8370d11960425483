"""No account enumeration: sign-up, sign-in and password reset answer the same whether an
address has an account or not; only the mail to that address differs."""

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD, UserFactory
from users.models import User

from .helpers import links_in, signup_data

pytestmark = pytest.mark.django_db

SIGNUP_URL = reverse("account_signup")
LOGIN_URL = reverse("account_login")
RESET_URL = reverse("account_reset_password")


def visible_text(response) -> str:
    """The page without the per-request CSRF token."""
    html = response.content.decode()
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def test_signup_with_a_known_address_answers_like_a_new_one(client):
    UserFactory(email="bekannt@example.org", display_name="Alte Hand")

    known = client.post(SIGNUP_URL, signup_data(email="bekannt@example.org"), follow=True)
    known_mail = mail.outbox[:]
    mail.outbox.clear()
    client.logout()
    new = client.post(SIGNUP_URL, signup_data(email="neu@example.org"), follow=True)

    assert known.redirect_chain == new.redirect_chain
    # The same page; only the address the person typed is repeated back to them.
    assert visible_text(known).replace("bekannt@", "X@") == visible_text(new).replace("neu@", "X@")
    # The owner of the known address is told, instead of a second account being created.
    assert User.objects.filter(email="bekannt@example.org").count() == 1
    assert User.objects.get(email="bekannt@example.org").display_name == "Alte Hand"
    [message] = known_mail
    assert message.to == ["bekannt@example.org"]
    assert message.subject == "[Jena Smart] Konto existiert bereits"
    assert any("/accounts/password/reset/" in link for link in links_in(message))
    [confirmation] = mail.outbox
    assert "/accounts/confirm-email/" in confirmation.body


def test_signup_with_a_known_address_in_other_case_creates_no_second_account(client):
    UserFactory(email="bekannt@example.org")

    client.post(SIGNUP_URL, signup_data(email="Bekannt@Example.org"))

    assert User.objects.filter(email__iexact="bekannt@example.org").count() == 1


def test_login_answers_the_same_for_an_unknown_address_and_a_wrong_password(client):
    UserFactory(email="bekannt@example.org")

    wrong_password = client.post(
        LOGIN_URL, {"login": "bekannt@example.org", "password": "falsch-falsch-falsch"}
    )
    unknown = client.post(LOGIN_URL, {"login": "niemand@example.org", "password": DEFAULT_PASSWORD})

    assert wrong_password.status_code == unknown.status_code == 200
    message = "Die E-Mail-Adresse und/oder das Passwort sind leider falsch."
    assert message in wrong_password.content.decode()
    assert message in unknown.content.decode()


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(client):
    UserFactory(email="bekannt@example.org")

    known = client.post(RESET_URL, {"email": "bekannt@example.org"}, follow=True)
    unknown = client.post(RESET_URL, {"email": "niemand@example.org"}, follow=True)

    assert known.redirect_chain == unknown.redirect_chain
    assert known.redirect_chain[-1][0] == reverse("account_reset_password_done")
    assert visible_text(known) == visible_text(unknown)
    [reset, unknown_account] = mail.outbox
    assert reset.to == ["bekannt@example.org"]
    assert any("/accounts/password/reset/key/" in link for link in links_in(reset))
    assert unknown_account.to == ["niemand@example.org"]
    assert not any("/password/reset/key/" in link for link in links_in(unknown_account))


def test_password_reset_link_sets_a_new_password(client):
    user = UserFactory(email="bekannt@example.org")
    client.post(RESET_URL, {"email": "bekannt@example.org"})
    [link] = [url for url in links_in(mail.outbox[0]) if "/password/reset/key/" in url]

    form_page = client.get(link, follow=True)
    new_password = "Neues-Passwort-fuer-Jena-77"
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"password1": new_password, "password2": new_password},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)


# --- the time does not tell either ------------------------------------------------------------


class CountingHasher(MD5PasswordHasher):
    """The tests' fast hasher, counting how often a password is hashed."""

    algorithm = "counting_md5"
    calls = 0

    def encode(self, password, salt):
        CountingHasher.calls += 1
        return super().encode(password, salt)


def test_a_known_and_a_new_address_cost_the_same_password_hashing(client, settings):
    """Hashing the password is most of a sign-up's time; a known address pays it too."""
    settings.PASSWORD_HASHERS = ["tests.users.test_enumeration.CountingHasher"]
    UserFactory(email="bekannt@example.org")
    hashes = {}
    for email in ("bekannt@example.org", "neu@example.org"):
        CountingHasher.calls = 0
        client.post(SIGNUP_URL, signup_data(email=email))
        client.logout()
        hashes[email] = CountingHasher.calls
    assert hashes["bekannt@example.org"] == hashes["neu@example.org"] >= 1


def test_the_mail_to_a_known_address_goes_through_celery_like_any_other(client, monkeypatch):
    from users import tasks

    queued = []
    monkeypatch.setattr(tasks.send_account_email, "delay", lambda message: queued.append(message))
    UserFactory(email="bekannt@example.org")

    known = client.post(SIGNUP_URL, signup_data(email="bekannt@example.org"))
    client.logout()
    new = client.post(SIGNUP_URL, signup_data(email="neu@example.org"))

    assert known.status_code == new.status_code == 302
    assert mail.outbox == []  # nothing sent in the request
    assert [message["to"] for message in queued] == [["bekannt@example.org"], ["neu@example.org"]]
    assert queued[0]["subject"] == "[Jena Smart] Konto existiert bereits"
    assert "/accounts/confirm-email/" in queued[1]["body"]


def test_without_a_broker_the_account_mail_is_sent_in_the_request(client, monkeypatch):
    from kombu.exceptions import OperationalError

    from users import tasks

    def broker_down(message):
        raise OperationalError("broker down")

    monkeypatch.setattr(tasks.send_account_email, "delay", broker_down)

    response = client.post(SIGNUP_URL, signup_data(email="neu@example.org"))

    assert response.status_code == 302
    [confirmation] = mail.outbox
    assert "/accounts/confirm-email/" in confirmation.body
