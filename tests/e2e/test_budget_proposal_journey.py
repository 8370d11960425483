"""A resident submits a proposal to the Bürgerbudget with its cost and category, choosing
the district instead of the map, and finds it in the budget page's list; staff record a
proposal that came by letter in the admin. The budget page, the form and the proposal
page pass axe's WCAG 2.1 AA checks."""

import json

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from geo.selectors import district_cache_clear
from participation.budgets.models import Proposal, ProposalSource
from tests.e2e.helpers import check_axe, sign_in
from tests.factories import (
    DEFAULT_PASSWORD,
    BudgetFactory,
    CategoryFactory,
    ProjectFactory,
    UserFactory,
    moderator_of,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def budget(transactional_db):
    district_cache_clear()
    call_command("create_demo_districts", verbosity=0)
    district_cache_clear()
    budget = BudgetFactory(
        project=ProjectFactory(
            title="Bürgerbudget 2026",
            slug="bb-2026",
            area=None,
            summary="50.000 Euro für Ihre Vorschläge.",
        ),
        year=2026,
    )
    CategoryFactory(project=budget.project, name="Spielplätze", slug="spielplaetze")
    yield budget
    district_cache_clear()


def test_resident_submits_a_proposal_and_finds_it_in_the_list(page, browser_log, budget):
    resident = UserFactory(display_name="Saalefuchs")
    sign_in(page, resident)
    wcag = {}

    page.goto("/buergerbudget/")
    page.get_by_role("link", name="Bürgerbudget 2026").click()
    expect(page.locator("#budget-money")).to_contain_text("50.000 €")
    expect(page.locator("#proposal-map.leaflet-container")).to_be_visible()
    check_axe(page, wcag)
    page.get_by_role("link", name="Vorschlag einreichen").click()

    expect(page.locator("#proposal-picker.participation-picker--ready")).to_be_visible()
    check_axe(page, wcag)
    page.get_by_label("Titel", exact=True).fill("Neue Rutsche im Paradiespark")
    page.get_by_label("Beschreibung", exact=True).fill("Die alte Rutsche ist gesperrt.")
    page.get_by_label("Geschätzte Kosten (in ganzen Euro)").fill("12000")
    page.get_by_label("Kategorie").select_option(label="Spielplätze")
    page.get_by_label("Ortsteil").select_option(label="Jena-Zentrum")
    page.get_by_label("Adresse oder Ortsbeschreibung").fill("Spielplatz im Paradiespark")
    page.get_by_role("button", name="Vorschlag einreichen").click()

    # Over the cap: the error says so, the typed text stays.
    expect(page.locator("#form-errors")).to_contain_text("Höchstbetrag")
    expect(page.get_by_label("Titel", exact=True)).to_have_value("Neue Rutsche im Paradiespark")
    check_axe(page, wcag)
    # The form came back with status 400 on purpose; the browser logs that as an error.
    browser_log.console_errors[:] = [e for e in browser_log.console_errors if "400" not in e]
    page.get_by_label("Geschätzte Kosten (in ganzen Euro)").fill("9500")
    page.get_by_role("button", name="Vorschlag einreichen").click()

    expect(page.locator("h1")).to_contain_text("Neue Rutsche im Paradiespark")
    expect(page.locator("#proposal-number")).to_have_text("1")
    expect(page.locator("#proposal-cost")).to_have_text("9.500 €")
    expect(page.locator("#proposal-district")).to_have_text("Jena-Zentrum")
    check_axe(page, wcag)
    proposal = Proposal.objects.get()
    assert (proposal.author, proposal.location, proposal.category.slug) == (
        resident,
        None,
        "spielplaetze",
    )

    page.goto("/buergerbudget/bb-2026/")
    listing = page.locator("#proposal-list")
    expect(listing).to_contain_text("1. Neue Rutsche im Paradiespark")
    expect(listing).to_contain_text("9.500 €")
    expect(page.locator("#proposal-map-status")).to_contain_text("1 ohne Punkt")

    assert wcag == {}, json.dumps(wcag, indent=2, ensure_ascii=False)
    browser_log.assert_clean()


def test_staff_enter_a_letter_proposal_in_the_admin(page, budget):
    staff = moderator_of(budget.project, staff=True, email="buergerbudget@example.org")
    page.goto("/admin/login/")
    page.get_by_label("E-Mail-Adresse").fill(staff.email)
    page.get_by_label("Passwort").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()

    page.goto("/admin/budgets/proposal/add/")
    page.locator("#id_budget").select_option(label=str(budget))
    page.locator("#id_source").select_option(ProposalSource.LETTER)
    page.locator("#id_author_name").fill("Erika Muster")
    page.locator("#id_author_contact").fill("Markt 1, 07743 Jena")
    page.locator("#id_received_on").fill("02.03.2026")
    page.locator("#id_title").fill("Trinkbrunnen am Markt")
    page.locator("#id_description").fill("Im Sommer fehlt Trinkwasser in der Innenstadt.")
    page.locator("#id_estimated_cost").fill("8000")
    page.locator("#id_place_description").fill("Markt")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist li").first).to_be_visible()

    proposal = Proposal.objects.get()
    assert (proposal.source, proposal.author, proposal.entered_by) == (
        ProposalSource.LETTER,
        None,
        staff,
    )
    assert str(proposal.received_on) == "2026-03-02"
    listing = page.locator("#result_list")
    expect(listing).to_contain_text("Trinkbrunnen am Markt")

    page.goto(proposal.get_absolute_url())
    expect(page.locator("#proposal-author")).to_contain_text("Erika Muster")
    expect(page.locator("#proposal-source")).to_have_text("per Brief")
    assert "Markt 1, 07743" not in page.content()
