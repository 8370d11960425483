"""A counter runs the count of a Bürgerbudget after its voting, checks the preview,
publishes it with the confirmation; a resident reads the results page, funded and not
funded with their reasons and the map beside the table, and downloads the protocol PDF.
Every page passes axe (WCAG 2.1 A/AA)."""

import pytest
from playwright.sync_api import expect

from participation.budgets.models import Count
from tests.budgets.results_helpers import ballot, counted_budget, counter
from tests.e2e.helpers import check_axe, sign_in
from tests.factories import ProjectFactory, point

pytestmark = pytest.mark.e2e


def test_counter_counts_and_publishes_residents_read_the_result(page, browser_log):
    budget, proposals = counted_budget(
        project=ProjectFactory(title="Bürgerbudget Jena", slug="buergerbudget-jena")
    )
    titles = ("Trinkbrunnen am Markt", "Bank am Spielplatz", "Fahrradbügel am Bahnhof")
    for proposal, title in zip(proposals, titles, strict=True):
        proposal.title = title
        proposal.location = point()
        proposal.save()
    ballot(budget, {proposals[0]: 3, proposals[1]: 2})
    ballot(budget, {proposals[0]: 2, proposals[1]: 2, proposals[2]: 1}, channel="paper")
    ballot(budget, {proposals[2]: 1})
    team = counter(email="zaehlung@jena.example")
    found: dict = {}

    sign_in(page, team)
    page.goto("/buergerbudget/buergerbudget-jena/auszaehlung/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Auszählung")
    check_axe(page, found)
    page.get_by_role("button", name="Auszählung starten").click()
    expect(page.get_by_role("heading", name="Vorschau der Auszählung", exact=False)).to_be_visible()
    expect(page.locator("#result-2")).to_contain_text("passen nicht in die verbleibenden")
    check_axe(page, found)

    page.get_by_role("button", name="Ergebnis veröffentlichen").click()  # not confirmed yet
    expect(page.get_by_text("Bitte bestätigen Sie, dass Sie das Ergebnis geprüft haben.").first)
    assert Count.objects.get().published_at is None
    page.get_by_label("Ich habe das Ergebnis geprüft", exact=False).check()
    page.get_by_role("button", name="Ergebnis veröffentlichen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ergebnis: Bürgerbudget Jena")
    assert Count.objects.get().published_at is not None

    page.context.clear_cookies()
    page.goto("/buergerbudget/buergerbudget-jena/ergebnis/")
    table = page.get_by_role("table", name="Alle Vorschläge, nach Rang")
    expect(table.locator("#result-1")).to_contain_text("gefördert")
    expect(table.locator("#result-2")).to_contain_text("nicht gefördert")
    expect(table.locator("#result-2")).to_contain_text(
        "5.000\u00a0€ passen nicht in die verbleibenden 4.200\u00a0€"
    )
    expect(page.locator("#money-remainder")).to_have_text("1.200 €")
    expect(page.get_by_role("heading", name="Was daraus wurde")).to_be_visible()
    check_axe(page, found)

    link = page.get_by_role("link", name="Zählprotokoll (PDF)")
    pdf = page.request.get(link.get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF-")

    page.goto("/en/buergerbudget/buergerbudget-jena/ergebnis/")
    check_axe(page, found)

    assert found == {}, found
    # The unconfirmed publication was answered 400 (the form error), which the browser
    # logs: expected, once.
    assert len([e for e in browser_log.console_errors if "status of 400" in e]) == 1
    browser_log.console_errors = [e for e in browser_log.console_errors if "status of 400" not in e]
    browser_log.assert_clean()
