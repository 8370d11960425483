"""The form "Barriere melden": linked from every page with the page's address, usable
without an account and without JavaScript, with a honeypot and a rate limit instead of a
third-party captcha; bad input is answered with the form, its errors and a summary (400)."""

import pytest
from django.core import mail
from django.core.cache import cache

from barriers.models import BarrierReport
from tests.factories import UserFactory, accessibility_officer

pytestmark = pytest.mark.django_db

URL = "/barriere-melden/"


def valid(**changes) -> dict:
    return {
        "page_url": "http://testserver/strategie/",
        "description": "Die Karte lässt sich nicht mit der Tastatur bedienen.",
        "assistive_technology": "NVDA mit Firefox",
        "name": "Maria Muster",
        "email": "maria@example.org",
        "website": "",
        **changes,
    }


def test_every_page_links_the_form_with_its_own_address(client):
    page = client.get("/strategie/").content.decode()
    assert 'href="/barriere-melden/?seite=/strategie/"' in page
    assert ">Barriere melden</a>" in page


def test_the_page_address_is_filled_in_from_the_link(client):
    response = client.get(URL, {"seite": "/strategie/massnahmen/?status=aktiv"})
    assert response.status_code == 200
    field = response.context["form"]["page_url"]
    assert field.value() == "http://testserver/strategie/massnahmen/?status=aktiv"


@pytest.mark.parametrize("seite", ["https://evil.example/", "//evil.example/x", "javascript:x"])
def test_only_addresses_of_this_site_are_filled_in(client, seite):
    response = client.get(URL, {"seite": seite})
    assert response.context["form"]["page_url"].value() in ("", None)


def test_a_person_without_an_account_reports_a_barrier(client, django_capture_on_commit_callbacks):
    officer = accessibility_officer(email="barrierefreiheit@jena.example")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, valid())

    assert response.status_code == 302
    assert response["Location"] == "/barriere-melden/danke/"
    report = BarrierReport.objects.get()
    assert report.reporter is None
    assert report.email == "maria@example.org"
    assert report.assistive_technology == "NVDA mit Firefox"
    assert report.status == BarrierReport.Status.NEW
    assert [message.to for message in mail.outbox] == [[officer.email]]
    assert "Die Karte lässt sich nicht" in mail.outbox[0].body

    thanks = client.get(response["Location"]).content.decode()
    assert "Wie es weitergeht" in thanks
    assert f"spätestens am {report.answer_due:%-d}." in thanks


def test_the_success_page_says_there_is_no_answer_without_an_address(client):
    client.post(URL, valid(email=""))
    thanks = client.get("/barriere-melden/danke/").content.decode()
    assert "keine E-Mail-Adresse angegeben" in thanks


def test_a_signed_in_resident_has_name_and_address_filled_in_and_is_the_reporter(client):
    resident = UserFactory(email="anna@example.org", display_name="Anna")
    client.force_login(resident)
    form = client.get(URL).context["form"]
    assert form["email"].value() == "anna@example.org"
    assert form["name"].value() == "Anna"

    client.post(URL, valid(email="anna@example.org"))

    assert BarrierReport.objects.get().reporter == resident


def test_staff_are_told_at_the_configured_address(
    client, settings, django_capture_on_commit_callbacks
):
    settings.BARRIER_FEEDBACK_EMAIL = "team@jena.example"
    accessibility_officer(email="officer@jena.example")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, valid())
    assert [message.to for message in mail.outbox] == [["team@jena.example"]]
    # the alert is sent once, however often its task runs
    from barriers.services import barrier_staff_notify

    assert barrier_staff_notify(BarrierReport.objects.get().pk) is False
    assert len(mail.outbox) == 1


def test_missing_description_and_bad_address_show_the_form_with_a_summary(client):
    response = client.post(URL, valid(description=" ", email="keine-adresse", page_url=""))

    assert response.status_code == 400
    page = response.content.decode()
    assert "Bitte prüfen Sie Ihre Angaben" in page
    assert 'href="#id_description"' in page and 'href="#id_email"' in page
    assert "Bitte beschreiben Sie, was nicht funktioniert hat." in page
    assert "<title>Fehler:" in page
    assert 'aria-invalid="true"' in page
    assert not BarrierReport.objects.exists()


def test_the_form_has_a_csrf_token_and_needs_it(client):
    from django.test import Client

    assert 'name="csrfmiddlewaretoken"' in client.get(URL).content.decode()
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(URL, valid()).status_code == 403


def test_a_filled_in_honeypot_saves_nothing(client):
    response = client.post(URL, valid(website="http://spam.example"))
    assert response.status_code == 400
    assert not BarrierReport.objects.exists()
    assert "konnte nicht gespeichert werden" in response.content.decode()


def test_too_many_reports_from_one_address_are_refused(client, settings):
    settings.POSTING_RATE_LIMITS = {"barrier_report": "2/h"}
    cache.clear()
    assert client.post(URL, valid()).status_code == 302
    assert client.post(URL, valid()).status_code == 302
    response = client.post(URL, valid(), REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 429
    assert "sehr viele Barrieren gemeldet" in response.content.decode()
    assert BarrierReport.objects.count() == 2


def test_the_form_page_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        client.get(URL, {"seite": "/"})
