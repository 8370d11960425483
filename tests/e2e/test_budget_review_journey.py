"""The review of a Bürgerbudget in a real browser: a reviewer decides two proposals (one
not admitted, with a reason), the reason is public, the board's office records the
confirmation with the minutes as a PDF, and a later correction appears with its reason.
axe-core's WCAG 2.1 A/AA checks on every page of the review along the way."""

import json

import pytest
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import expect

from participation.budgets.models import Correction, ProposalStatus
from tests.budgets.review_helpers import PDF, board_office
from tests.e2e.helpers import check_axe, sign_in
from tests.e2e.test_accessibility import AXE
from tests.factories import BudgetFactory, ProjectFactory, ProposalFactory, moderator_of

pytestmark = pytest.mark.e2e

REASON = "Die Fläche gehört dem Land Thüringen; die Stadt kann dort nicht bauen."


def public_page(name: str, **kwargs) -> str | None:
    """A page of another area of the budget, when it is installed."""
    try:
        return reverse(f"budgets:{name}", kwargs=kwargs)
    except NoReverseMatch:
        return None


def test_review_confirm_and_correct(page, browser_log):
    assert AXE.is_file(), "axe-core is missing: run `npm ci` (make setup)"
    budget = BudgetFactory(
        stage="review", project=ProjectFactory(title="Bürgerbudget Jena", slug="bb-jena")
    )
    bench = ProposalFactory(budget=budget, number=1, title="Bnak am Teich", estimated_cost=3_000)
    road = ProposalFactory(budget=budget, number=2, title="Brücke über die Saale")
    reviewer = moderator_of(budget.project, display_name="Frau Prüfer")
    office = board_office(display_name="Geschäftsstelle Beirat")
    found: dict = {}
    slug = budget.project.slug

    # The reviewer finds both proposals in the queue and admits the first.
    sign_in(page, reviewer)
    page.goto(f"/buergerbudget/{slug}/pruefung/")
    expect(page.locator("h1")).to_contain_text("Prüfung der Vorschläge")
    check_axe(page, found)
    page.get_by_role("link", name="Bnak am Teich").click()
    check_axe(page, found)
    form = page.locator("#proposal-review-form")
    for check in ("city_responsible", "lawful", "feasible"):
        form.locator(f"input[name={check}][value=yes]").check()
    form.locator("input[name=decision][value=valid]").check()
    form.get_by_role("button", name="Prüfung speichern").click()
    expect(page.locator(".site-messages")).to_contain_text("Vorschlag 1 ist gespeichert")

    # The second is not admitted: without a reason the form says what is missing.
    page.get_by_role("link", name="Brücke über die Saale").click()
    form = page.locator("#proposal-review-form")
    form.locator("input[name=city_responsible][value=no]").check()
    form.locator("input[name=decision][value=invalid]").check()
    form.get_by_role("button", name="Prüfung speichern").click()
    expect(page.locator(".kern-alert--danger")).to_contain_text(
        "warum der Vorschlag nicht zulässig ist"
    )
    check_axe(page, found)
    page.locator("#proposal-review-form").get_by_label("Begründung (öffentlich)").fill(REASON)
    page.locator("#proposal-review-form").get_by_role("button", name="Prüfung speichern").click()
    expect(page.locator(".site-messages")).to_contain_text("Vorschlag 2 ist gespeichert")
    road.refresh_from_db()
    assert road.status == ProposalStatus.INVALID

    # The reason is public (signed out): on the board's page and the proposal's page.
    page.context.clear_cookies()
    page.goto(f"/buergerbudget/{slug}/beirat/")
    expect(page.locator("main")).to_contain_text(REASON)
    expect(page.locator("main")).to_contain_text("Bnak am Teich")
    check_axe(page, found)
    proposal_url = public_page("proposal-detail", slug=slug, number=2)
    if proposal_url:
        page.goto(proposal_url)
        expect(page.locator("#pruefung")).to_contain_text(REASON)

    # The board's office records the confirmation with the minutes.
    sign_in(page, office)
    page.goto(f"/buergerbudget/{slug}/beirat/")
    form = page.locator("#board-confirmation-form")
    form.get_by_label("Sitzung des Beirats am").fill("2026-09-01")
    form.get_by_label("Beschluss").fill("Der Beirat bestätigt die Liste einstimmig.")
    form.get_by_label("Protokoll (PDF)").set_input_files(
        {"name": "protokoll.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    check_axe(page, found)
    form.get_by_role("button", name="Bestätigung speichern").click()
    expect(page.locator(".site-messages")).to_contain_text("Bestätigung durch den Beirat ist")
    expect(page.locator("#bestaetigung")).to_contain_text("einstimmig")
    check_axe(page, found)
    minutes = page.get_by_role("link", name="Protokoll der Sitzung (PDF)")
    response = page.request.get(minutes.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")
    budget_url = public_page("budget-detail", slug=slug)
    if budget_url:
        page.context.clear_cookies()
        page.goto(budget_url)
        expect(page.locator("#beirat")).to_contain_text("einstimmig")
        expect(page.locator("#beirat")).to_contain_text(REASON)

    # After the freeze, the review is closed; a correction is logged with its reason.
    sign_in(page, reviewer)
    page.goto(f"/buergerbudget/{slug}/pruefung/1/")
    expect(page.locator("main")).to_contain_text("Änderungen nur als Korrektur mit Begründung")
    page.get_by_role("link", name="Korrektur erfassen").click()
    check_axe(page, found)
    form = page.locator("#proposal-correct-form")
    form.get_by_label("Titel", exact=True).check()
    form.get_by_label("Neuer Titel oder neue Beschreibung").fill("Bank am Teich")
    form.get_by_label("Begründung (öffentlich)").fill("Tippfehler im Titel.")
    form.get_by_role("button", name="Korrektur speichern").click()
    expect(page.locator(".site-messages")).to_contain_text("Korrektur an Vorschlag 1")
    bench.refresh_from_db()
    assert bench.title == "Bank am Teich"
    assert Correction.objects.get(proposal=bench).reason == "Tippfehler im Titel."
    page.goto(f"/buergerbudget/{slug}/vorschlaege/1/korrektur/")
    expect(page.locator("main")).to_contain_text("Tippfehler im Titel.")
    if proposal_url:
        page.context.clear_cookies()
        page.goto(public_page("proposal-detail", slug=slug, number=1))
        expect(page.locator("#korrekturen")).to_be_visible()
        expect(page.locator("#pruefung")).to_contain_text("Tippfehler im Titel.")

    assert found == {}, json.dumps(found, indent=2, ensure_ascii=False)
    # The review without a reason was answered 400 on purpose; nothing else may fail.
    browser_log.console_errors = [
        e for e in browser_log.console_errors if "400 (Bad Request)" not in e
    ]
    browser_log.assert_clean()
