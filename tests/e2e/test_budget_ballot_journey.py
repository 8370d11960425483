"""The Bürgerbudget's ballot in a real browser.

(1) A verified resident votes cumulatively with the keyboard only: the live region says
    how many of the 5 votes are used as she types and presses the +/− buttons; she saves,
    reads the confirmation, comes back and changes her ballot (version 2), and gets an
    e-mail receipt each time.
(2) Two staff members enter the same paper sheet with different votes: it is flagged as
    a mismatch at the top of the list; a supervisor opens it from the list, enters it a
    third time and so decides it.

axe-core's WCAG 2.1 A/AA checks on every page along the way."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from participation.budgets.models import Ballot, PaperSheet, PaperSheetState
from tests.budgets.ballots_world import ballot_world, paper_staff
from tests.e2e.helpers import check_axe, sign_in, tab_to
from tests.verification.factories import ANNA

pytestmark = pytest.mark.e2e


def test_a_resident_votes_with_the_keyboard_confirms_and_changes_the_ballot(page, browser_log):
    world = ballot_world()
    slug = world.budget.project.slug
    found: dict = {}

    sign_in(page, world.anna)
    page.goto(f"/buergerbudget/{slug}/abstimmen/")
    status = page.locator("#ballot-status")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_have_text("0 von 5 Stimmen vergeben")
    check_axe(page, found)

    # Three votes for proposal 1: typed with the arrow keys in its number field.
    tab_to(page, "#id_p1")
    for _ in range(3):
        page.keyboard.press("ArrowUp")
    expect(status).to_have_text("3 von 5 Stimmen vergeben")
    # Two for proposal 3 with its "+" button (Enter on the focused button).
    tab_to(page, "button[data-step='1'][data-target='id_p3']")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    expect(page.locator("#id_p3")).to_have_value("2")
    expect(status).to_have_text("5 von 5 Stimmen vergeben")
    # One more is too many: the button stops at the field's maximum of 5 per proposal,
    # and the line says when the sum is over.
    tab_to(page, "#id_p2")
    page.keyboard.press("ArrowUp")
    expect(status).to_contain_text("6 von 5 Stimmen vergeben")
    expect(status).to_contain_text("mehr als erlaubt")
    page.keyboard.press("ArrowDown")
    expect(status).to_have_text("5 von 5 Stimmen vergeben")

    tab_to(page, "#ballot-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ihr Stimmzettel ist gespeichert")
    expect(page.locator("main")).to_contain_text("Fassung 1")
    expect(page.locator("#ballot-summary")).to_contain_text("Nr. 1: Bank am Spielplatz – 3 Stimmen")
    expect(page.locator("#ballot-summary")).to_contain_text("Nr. 3: Bücherschrank – 2 Stimmen")
    check_axe(page, found)
    assert len(mail.outbox) == 1 and "Bank am Spielplatz" in mail.outbox[0].body

    # Back to change it: the page shows the saved ballot.
    with page.expect_navigation():
        page.get_by_role("link", name="Stimmzettel ändern").click()
    expect(page.locator("#id_p1")).to_have_value("3")
    expect(status).to_have_text("5 von 5 Stimmen vergeben")
    tab_to(page, "button[data-step='-1'][data-target='id_p1']")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    expect(status).to_have_text("3 von 5 Stimmen vergeben")
    tab_to(page, "#ballot-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("Fassung 2")
    check_axe(page, found)

    ballot = Ballot.objects.get()
    assert ballot.version == 2
    assert ballot.choices == {str(world.proposals[0].pk): 1, str(world.proposals[2].pk): 2}
    assert len(mail.outbox) == 2
    assert not found, found
    browser_log.assert_clean()


def enter_sheet(page, *, slug, station, sheet, votes):
    page.goto(f"/buergerbudget/{slug}/papier/")
    form = page.locator("#paper-form")
    if station is not None:
        form.get_by_label("Abstimmungsort").select_option(label=station)
    if sheet is not None:
        form.get_by_label("Nummer des Zettels").fill(sheet)
    fill_person_and_votes(page, votes)


def fill_person_and_votes(page, votes):
    form = page.locator("#paper-form")
    form.get_by_label("Familienname").fill(ANNA.family_name)
    form.get_by_label("Vornamen").fill(ANNA.given_names)
    form.get_by_label("Geburtsdatum").fill(ANNA.date_of_birth.strftime("%d.%m.%Y"))
    form.get_by_label("Straße").fill(ANNA.street)
    form.get_by_label("Hausnummer").fill(ANNA.house_number)
    form.get_by_label("Postleitzahl").fill(ANNA.postcode)
    for number, points in votes.items():
        form.locator(f"#id_p{number}").fill(str(points))
    with page.expect_navigation():
        form.get_by_role("button", name="Zettel erfassen").click()


def test_a_paper_sheet_mismatch_is_flagged_and_resolved_by_a_supervisor(page, browser_log):
    world = ballot_world()
    slug = world.budget.project.slug
    first, second, supervisor = paper_staff(), paper_staff(), paper_staff()
    found: dict = {}

    sign_in(page, first)
    enter_sheet(page, slug=slug, station=world.station.name, sheet="L-17", votes={1: 2, 3: 3})
    expect(page.locator(".site-messages")).to_contain_text("wartet auf die zweite")
    check_axe(page, found)

    sign_in(page, second)
    enter_sheet(page, slug=slug, station=world.station.name, sheet="L-17", votes={1: 3, 3: 2})
    expect(page.locator(".site-messages")).to_contain_text("weichen ab")
    assert PaperSheet.objects.get().state == PaperSheetState.MISMATCH
    assert not Ballot.objects.exists()

    sign_in(page, supervisor)
    page.goto(f"/buergerbudget/{slug}/papier/zettel/")
    first_row = page.locator("#paper-sheets tbody tr").first
    expect(first_row).to_contain_text("L-17")
    expect(first_row).to_contain_text("Abweichung")
    expect(first_row).to_contain_text("die Stimmen")
    check_axe(page, found)
    with page.expect_navigation():
        first_row.get_by_role("link", name="Klären").click()
    expect(page.locator("#id_sheet_number")).to_have_value("L-17")
    fill_person_and_votes(page, {1: 2, 3: 3})
    expect(page.locator(".site-messages")).to_contain_text("Abweichung geklärt")
    check_axe(page, found)

    sheet = PaperSheet.objects.get()
    assert sheet.state == PaperSheetState.ACCEPTED and sheet.resolved_by == supervisor
    ballot = Ballot.objects.get()
    assert ballot.channel == "paper"
    assert ballot.choices == {str(world.proposals[0].pk): 2, str(world.proposals[2].pk): 3}
    assert not found, found
    browser_log.assert_clean()


def test_a_knapsack_ballot_shows_the_cost_as_the_resident_ticks_proposals(page, browser_log):
    world = ballot_world(voting_method="knapsack", votes_per_ballot=None)
    sign_in(page, world.anna)
    page.goto(f"/buergerbudget/{world.budget.project.slug}/abstimmen/")
    status = page.locator("#ballot-status")
    expect(status).to_have_text("Kosten 0\u00a0€ von 52.470\u00a0€")
    tab_to(page, "#id_p1")
    page.keyboard.press("Space")
    tab_to(page, "#id_p2")
    page.keyboard.press("Space")
    expect(status).to_have_text("Kosten 44.000\u00a0€ von 52.470\u00a0€")
    tab_to(page, "#id_p3")
    page.keyboard.press("Space")
    expect(status).to_contain_text("Kosten 53.000\u00a0€ von 52.470\u00a0€")
    expect(status).to_contain_text("mehr als erlaubt")
    # Sent anyway (as without the script): the server refuses with the reason.
    tab_to(page, "#ballot-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("#form-errors")).to_contain_text("kosten zusammen 53.000")
    expect(page.locator("#form-errors")).to_be_focused()
    assert not Ballot.objects.exists()
    browser_log.console_errors = [e for e in browser_log.console_errors if "status of 400" not in e]
    browser_log.assert_clean()
