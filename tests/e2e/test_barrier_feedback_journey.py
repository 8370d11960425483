"""A person without an account reports a barrier from the page where it happened, with
the keyboard only; an accessibility officer answers in the admin; the answer arrives in
the reporter's mailbox (Django's locmem outbox: live_server runs in this process). The
form and the confirmation pass axe, and nothing breaks the CSP."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from barriers.models import BarrierReport
from tests.e2e.helpers import check_axe, sign_in, tab_to
from tests.factories import accessibility_officer

pytestmark = pytest.mark.e2e


def test_a_visitor_reports_a_barrier_and_gets_the_answer_by_mail(page, browser_log, settings):
    settings.BARRIER_FEEDBACK_EMAIL = "barrierefreiheit@jena.example"
    officer = accessibility_officer(email="beauftragte@jena.example")
    found: dict = {}

    page.goto("/strategie/")
    tab_to(page, "footer a[href^='/barriere-melden/']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Barriere melden", level=1)).to_be_visible()
    expect(page.get_by_label("Adresse der Seite")).to_have_value(
        page.url.split("/barriere-melden/")[0] + "/strategie/"
    )
    check_axe(page, found)

    # keyboard only: the address field is filled in; Tab to each field and type
    tab_to(page, "#id_description")
    page.keyboard.type("Die Filter der Maßnahmen sind ohne Maus nicht erreichbar.")
    tab_to(page, "#id_assistive_technology")
    page.keyboard.type("Tastatur, Firefox")
    tab_to(page, "#id_name")
    page.keyboard.type("Maria Muster")
    tab_to(page, "#id_email")
    page.keyboard.type("maria@example.org")
    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Vielen Dank für Ihre Meldung")).to_be_visible()
    expect(page.get_by_text("Sie bekommen unsere Antwort per E-Mail")).to_be_visible()
    check_axe(page, found)
    report = BarrierReport.objects.get()
    assert report.page_url.endswith("/strategie/")
    assert [message.to for message in mail.outbox] == [["barrierefreiheit@jena.example"]]

    # the form with errors passes axe as well
    page.goto("/barriere-melden/")
    page.get_by_role("button", name="Meldung senden").click()
    expect(page.get_by_text("Bitte prüfen Sie Ihre Angaben")).to_be_visible()
    check_axe(page, found)
    # the form with errors is answered 400 on purpose; the browser logs that status
    assert len([e for e in browser_log.console_errors if "status of 400" in e]) == 1
    browser_log.console_errors = [e for e in browser_log.console_errors if "status of 400" not in e]

    sign_in(page, officer)
    page.goto("/admin/barriers/barrierreport/?frist=open")
    page.get_by_role("link", name=str(report)).click()
    page.get_by_label("Antwort:").fill("Danke! Die Filter sind jetzt mit der Tastatur erreichbar.")
    page.get_by_role("button", name="Antwort senden").click()
    expect(page.get_by_text("Die Antwort wird an maria@example.org gesendet.")).to_be_visible()

    answers = [message for message in mail.outbox if message.to == ["maria@example.org"]]
    assert len(answers) == 1
    assert "Die Filter sind jetzt mit der Tastatur erreichbar." in answers[0].body
    report.refresh_from_db()
    assert report.status == BarrierReport.Status.ANSWERED
    assert found == {}, found
    browser_log.assert_clean()
