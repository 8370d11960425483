"""The letter code in a real browser: a resident who may not vote yet asks for a letter
from the vote's "Wohnsitz bestätigen" link, staff print the batch in the admin and
download the PDF, the resident types the code from it and votes where only confirmed
residents may; axe-core's WCAG 2.1 A/AA checks on the resident's pages."""

import re

import pytest
from playwright.sync_api import expect

from participation.ideas.models import Vote
from tests.e2e.helpers import check_axe, sign_in
from tests.factories import DEFAULT_PASSWORD, IdeaFactory, UserFactory
from tests.verification.factories import ANNA, import_extract, residents_only_voting_phase
from tests.verification.test_letter import code_on, pages_of, printer
from verification.models import LetterCode, Method, Verification

pytestmark = pytest.mark.e2e


def test_a_resident_confirms_residence_by_letter_and_votes(page, browser_log):
    import_extract(ANNA)
    phase = residents_only_voting_phase()
    idea = IdeaFactory(project=phase.project, title="Sitzbank am Löbdergraben")
    resident = UserFactory(display_name="Anna")
    staff = printer(email="buergerservice@stadt.example")
    found: dict = {}

    # Voting needs a confirmed residence: the widget says why and links the way.
    sign_in(page, resident)
    page.goto(idea.get_absolute_url())
    widget = page.locator(f"#vote-{idea.pk}")
    expect(widget).to_contain_text("Bestätigen Sie Ihren Wohnsitz in Jena, um abzustimmen.")
    widget.get_by_role("link", name="Wohnsitz bestätigen").click()
    expect(page.get_by_role("heading", name="Per Post: Code per Brief")).to_be_visible()
    check_axe(page, found)

    # Ask for a letter (the register check's form above has the same labels).
    letter = page.locator("#letter")
    letter.get_by_label("Vornamen").fill(ANNA.given_names)
    letter.get_by_label("Familienname").fill(ANNA.family_name)
    letter.get_by_label("Geburtsdatum").fill(ANNA.date_of_birth.strftime("%d.%m.%Y"))
    letter.get_by_label("Straße").fill(ANNA.street)
    letter.get_by_label("Hausnummer").fill(ANNA.house_number)
    letter.get_by_label("Postleitzahl").fill(ANNA.postcode)
    letter.get_by_label(re.compile("Ich bin einverstanden")).check()
    letter.get_by_role("button", name="Brief anfordern").click()
    expect(page.locator("#letter-state")).to_contain_text(
        "Ihr Brief ist angefordert und wird gedruckt."
    )
    check_axe(page, found)

    # Staff print the waiting letters in the admin: one PDF for the print shop.
    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.get_by_label("E-Mail-Adresse").fill(staff.email)
    page.get_by_label("Passwort").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.goto("/admin/verification/lettercode/")
    page.get_by_role("link", name="Briefe drucken (PDF)").click()
    expect(page.locator("#letters-waiting")).to_contain_text("1 Brief wartet auf den Druck.")
    with page.expect_download() as download:
        page.get_by_role("button", name="Briefe drucken (PDF)").click()
    (text,) = pages_of(download.value.path().read_bytes())
    assert "Anna Maria Müller" in text and "Löbdergraben 12a" in text
    code = code_on(text)
    assert LetterCode.objects.get().street == ""  # the address is gone once printed

    # The letter arrives; the resident types the code and is back at the idea.
    sign_in(page, resident)
    page.goto(idea.get_absolute_url())
    page.locator(f"#vote-{idea.pk}").get_by_role("link", name="Wohnsitz bestätigen").click()
    expect(page.locator("#letter-state")).to_contain_text("Ihr Brief ist unterwegs.")
    check_axe(page, found)
    page.get_by_label("Code aus dem Brief").fill(f"{code[:3]} {code[3:]}")
    page.get_by_role("button", name="Code prüfen").click()
    expect(page.locator(".site-messages")).to_contain_text("Ihr Wohnsitz in Jena ist bestätigt.")
    assert page.url.split("#")[0].endswith(idea.get_absolute_url())
    assert Verification.objects.get(user=resident).method == Method.LETTER

    # Now the vote counts.
    widget = page.locator(f"#vote-{idea.pk}")
    with page.expect_navigation():
        widget.locator("button").click()
    expect(page.locator(f"#vote-{idea.pk}")).to_contain_text("1 Unterstützung")
    assert Vote.objects.filter(user=resident, idea=idea).exists()
    check_axe(page, found)
    assert found == {}, found
    browser_log.assert_clean()
