"""A resident signs up in the browser, verifies the address from the e-mail (read from
Django's locmem outbox: live_server runs in this process), signs in and sees the profile;
the account pages pass axe's WCAG 2.1 AA checks."""

import json
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.e2e.test_accessibility import axe_violations
from tests.factories import UserFactory
from tests.users.factories_accounts import DistrictFactory
from tests.users.helpers import GOOD_PASSWORD, confirmation_link
from users.models import User

pytestmark = pytest.mark.e2e


def test_resident_signs_up_verifies_signs_in_and_sees_the_profile(page, browser_log, live_server):
    DistrictFactory(name="Jena-Nord")
    DistrictFactory(name="Winzerla")

    page.goto("/accounts/signup/")
    page.get_by_label("E-Mail-Adresse").fill("saalefuchs@example.org")
    page.get_by_label("Anzeigename (öffentlich, Pseudonym erlaubt)").fill("Saalefuchs")
    page.get_by_label("Passwort", exact=True).fill(GOOD_PASSWORD)
    page.get_by_label("Passwort (Wiederholung)").fill(GOOD_PASSWORD)
    page.get_by_label("Wohnortsteil").select_option(label="Winzerla")
    # The honeypot is out of the tab order: from the last field, Tab goes on to the
    # privacy link and the button.
    page.get_by_label("Bevorzugte Sprache").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Datenschutzerklärung"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('type')") == "submit"
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text("Bestätigen Sie Ihre E-Mail-Adresse")
    user = User.objects.get(email="saalefuchs@example.org")
    assert (user.display_name, user.home_district.name) == ("Saalefuchs", "Winzerla")
    [message] = mail.outbox
    link = confirmation_link(message)
    assert urlsplit(link).netloc == urlsplit(live_server.url).netloc

    # Signing in before verifying only sends the link again.
    page.goto("/accounts/login/")
    page.get_by_label("E-Mail-Adresse").fill("saalefuchs@example.org")
    page.get_by_label("Passwort").fill(GOOD_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Bestätigen Sie Ihre E-Mail-Adresse")

    page.goto(urlsplit(link).path)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".site-messages")).to_contain_text("saalefuchs@example.org")

    page.goto("/accounts/login/")
    page.get_by_label("E-Mail-Adresse").fill("saalefuchs@example.org")
    page.get_by_label("Passwort").fill(GOOD_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".site-account")).to_contain_text("Angemeldet als Saalefuchs")

    page.goto("/konto/profil/")
    expect(page.locator("h1")).to_have_text("Mein Konto")
    expect(page.get_by_label("Anzeigename (öffentlich, Pseudonym erlaubt)")).to_have_value(
        "Saalefuchs"
    )
    assert page.locator("#email-unverified").count() == 0

    page.get_by_label("Anzeigename (öffentlich, Pseudonym erlaubt)").fill("Saalefüchsin")
    page.get_by_label("Bevorzugte Sprache").select_option("en")
    page.get_by_role("button", name="Profil speichern").click()
    expect(page).to_have_url(f"{live_server.url}/en/konto/profil/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    user.refresh_from_db()
    assert (user.display_name, user.preferred_language) == ("Saalefüchsin", "en")
    browser_log.assert_clean()


def test_account_pages_have_no_wcag_violations(page, live_server):
    DistrictFactory(name="Lobeda-Ost")
    user = UserFactory(email="pruefung@example.org")
    paths_anonymous = [
        "/accounts/signup/",
        "/accounts/login/",
        "/accounts/password/reset/",
        "/en/accounts/signup/",
    ]
    found = {}
    for path in paths_anonymous:
        page.goto(path)
        if violations := axe_violations(page):
            found[path] = violations

    # A signed-in resident with a pending address change: every part of the e-mail page.
    page.goto("/accounts/login/")
    page.get_by_label("E-Mail-Adresse").fill(user.email)
    page.get_by_label("Passwort").fill("correct horse battery staple")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".site-account")).to_be_visible()
    page.goto("/accounts/email/")
    page.locator("main form.site-form input[name=email]").fill("neu@example.org")
    page.locator("main form.site-form button[name=action_add]").click()
    expect(page.locator("#pending-email")).to_be_visible()
    for path in ["/konto/profil/", "/accounts/email/", "/accounts/password/change/"]:
        page.goto(path)
        if violations := axe_violations(page):
            found[path] = violations

    # A form with errors (error messages linked to their fields).
    page.goto("/konto/profil/")
    page.get_by_label("Anzeigename (öffentlich, Pseudonym erlaubt)").fill("")
    page.get_by_role("button", name="Profil speichern").click()
    expect(page.locator("#id_display_name_error")).to_be_visible()
    if violations := axe_violations(page):
        found["/konto/profil/ (errors)"] = violations

    assert found == {}, json.dumps(found, indent=2, ensure_ascii=False)
