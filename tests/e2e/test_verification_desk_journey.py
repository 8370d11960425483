"""At the desk of the Bürgerservice, in real browsers: a resident is told she must
confirm her residence to vote and reads where the desk is; a clerk confirms her in the
admin after seeing her ID card; back in her own browser she votes in the phase that
counts only confirmed residents."""

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from participation.ideas.models import Vote
from tests.e2e.helpers import sign_in
from tests.factories import DEFAULT_PASSWORD, IdeaFactory, StaffFactory, UserFactory
from tests.notifications.factories_follows import DistrictFactory
from tests.verification.factories import residents_only_voting_phase
from verification.models import Method, Verification

pytestmark = pytest.mark.e2e


def clerk_of_the_buergerservice():
    clerk = StaffFactory(email="buergerservice@jena.example")
    for codename in ("verify_at_desk", "view_verification"):
        clerk.user_permissions.add(
            Permission.objects.get(content_type__app_label="verification", codename=codename)
        )
    return clerk


def test_a_clerk_confirms_a_resident_at_the_desk_and_she_votes(
    page, browser, live_server, browser_log, settings
):
    settings.VERIFICATION_DESK_INFO = "Bürgerservice der Stadt Jena\nAm Anger 15\n07743 Jena"
    DistrictFactory(name="Zentrum", slug="zentrum")
    phase = residents_only_voting_phase()
    idea = IdeaFactory(project=phase.project, title="Bänke am Holzmarkt")
    resident = UserFactory(email="anna.mueller@example.org", display_name="Anna Müller")
    clerk = clerk_of_the_buergerservice()

    # The resident may not vote yet; she is told why and where to go.
    sign_in(page, resident)
    page.goto(idea.get_absolute_url())
    widget = page.locator(f"#vote-{idea.pk}")
    expect(widget).to_contain_text("Bestätigen Sie Ihren Wohnsitz in Jena, um abzustimmen.")
    expect(widget.get_by_role("button", name="Unterstützen")).to_have_count(0)
    widget.get_by_role("link", name="Wohnsitz bestätigen").click()
    desk = page.locator("#desk")
    expect(desk.get_by_role("heading", name="Persönlich: im Bürgerservice")).to_be_visible()
    expect(desk.locator("address")).to_contain_text("Am Anger 15")

    # At the desk: the clerk, in a browser of her own, confirms her in the admin.
    context = browser.new_context(base_url=live_server.url, locale="de-DE")
    clerk_errors: list[str] = []
    try:
        admin = context.new_page()
        # Errors of the clerk's pages; the browser's own look for /favicon.ico is none.
        admin.on(
            "console",
            lambda m: (
                m.type == "error"
                and "/favicon.ico" not in m.location.get("url", "")
                and clerk_errors.append(f"{m.text} {m.location}")
            ),
        )
        admin.on("pageerror", lambda exc: clerk_errors.append(str(exc)))
        admin.goto("/admin/login/")
        admin.get_by_label("E-Mail-Adresse").fill(clerk.email)
        admin.get_by_label("Passwort").fill(DEFAULT_PASSWORD)
        admin.get_by_role("button", name="Anmelden").click()
        admin.goto("/admin/verification/verification/")
        admin.get_by_role("link", name="Am Schalter bestätigen").click()
        expect(admin.locator("h1")).to_have_text("Wohnsitz am Schalter bestätigen")
        # The admin's labels end with a colon; its fields have stable ids.
        admin.locator("#id_email").fill("anna.mueller@example.org")
        admin.locator("#id_document_type").select_option(label="Personalausweis")
        admin.locator("#id_district").select_option(label="Zentrum")
        admin.locator("#id_date_of_birth").fill("24.05.1990")
        admin.locator("#id_given_names").fill("Anna")
        admin.locator("#id_family_name").fill("Müller")
        admin.locator("#id_street").fill("Löbdergraben")
        admin.locator("#id_house_number").fill("12a")
        admin.locator("#id_document_seen").check()
        admin.get_by_role("button", name="Wohnsitz bestätigen").click()
        expect(admin.locator(".messagelist")).to_contain_text(
            "Der Wohnsitz von anna.mueller@example.org ist bestätigt"
        )
        expect(admin.locator("#id_email")).to_have_value("")  # ready for the next person
    finally:
        context.close()
    assert clerk_errors == []
    verification = Verification.objects.get(user=resident)
    assert (verification.method, verification.verified_by_id, verification.document_type) == (
        Method.DESK,
        clerk.pk,
        Verification.DocumentType.ID_CARD,
    )

    # Back in her own browser: her page says so, and she votes.
    page.goto("/konto/wohnsitz/")
    expect(page.locator("#verification-state")).to_contain_text(
        "Ihr Wohnsitz in Jena ist bestätigt."
    )
    expect(page.locator("#verification-state")).to_contain_text("Bürgerservice")
    page.goto(idea.get_absolute_url())
    button = page.locator(f"#vote-{idea.pk} button")
    with page.expect_navigation():
        button.click()
    expect(page.locator(f"#vote-{idea.pk}")).to_contain_text("1 Unterstützung")
    assert Vote.objects.filter(user=resident, idea=idea).exists()
    browser_log.assert_clean()
