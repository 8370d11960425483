"""A visitor follows the strategy in a real browser: overview → bundle → measure list
(reached and used with the keyboard) → measure page; and the filter without JavaScript."""

import datetime
import re
from decimal import Decimal

import pytest

from measures.models import Status
from measures.rollup import invalidate_strategy_progress
from tests.factories import (
    CoreAreaFactory,
    FieldOfActionFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    MeasureBundleFactory,
    MeasureFactory,
    ProgressUpdateFactory,
)

pytestmark = pytest.mark.e2e

MAX_TABS = 60


def build_strategy() -> dict:
    area = CoreAreaFactory(title="Lebenswertes Jena")
    field = FieldOfActionFactory(code="HF1", title="Mobilität")
    bundle = MeasureBundleFactory(
        number=1, title="Vernetzte Mobilität", field_of_action=field, core_areas=[area]
    )
    other_bundle = MeasureBundleFactory(number=2, title="Offene Verwaltung")
    planned = MeasureFactory(
        bundle=bundle, code="1.1", title="Mobilitätsstationen", status=Status.PLANNED, progress=0
    )
    MeasureFactory(bundle=bundle, code="1.2", title="Parkleitsystem", status=Status.IN_PROGRESS)
    MeasureFactory(bundle=other_bundle, code="2.1", title="Digitales Bürgeramt")
    ProgressUpdateFactory(
        measure=planned,
        date=datetime.date(2025, 3, 1),
        status=Status.PLANNED,
        progress=0,
        text="Standorte für die ersten Stationen sind ausgewählt.",
    )
    indicator = IndicatorFactory(measure=planned, name="Stationen in Betrieb", unit="Stationen")
    IndicatorValueFactory(indicator=indicator, date=datetime.date(2025, 1, 1), value=Decimal(3))
    IndicatorValueFactory(indicator=indicator, date=datetime.date(2025, 7, 1), value=Decimal(7))
    invalidate_strategy_progress()
    return {"bundle": bundle, "planned": planned}


def focused(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return {tag: el.tagName.toLowerCase(), id: el.id, href: el.getAttribute('href'),
                    text: (el.textContent || '').trim(),
                    outline: getComputedStyle(el).outlineStyle};
        }"""
    )


def tab_until(page, predicate, what: str) -> dict:
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        element = focused(page)
        if predicate(element):
            return element
    raise AssertionError(f"{what} not reached with {MAX_TABS} presses of Tab")


def test_visitor_follows_the_strategy_to_a_measure_using_the_keyboard_for_the_filter(
    page, browser_log, transactional_db
):
    build_strategy()

    # The overview shows the bundle with its progress; the visitor opens it.
    assert page.goto("/strategie/").status == 200
    assert page.locator("main h1").count() == 1
    card = page.locator(".measures-bundle-card", has_text="Vernetzte Mobilität")
    assert card.locator("progress").count() == 1
    card.get_by_role("link", name=re.compile("Vernetzte Mobilität")).click()
    page.wait_for_url(re.compile(r"/strategie/buendel/"))
    assert page.locator("main h1").inner_text() == "Vernetzte Mobilität"
    assert page.get_by_role("table").get_by_role("link", name="Parkleitsystem").is_visible()

    # With the keyboard: along the main navigation to the measure list ...
    nav_link = tab_until(
        page, lambda el: el["href"] == "/strategie/massnahmen/", "the 'Maßnahmen' nav link"
    )
    assert nav_link["text"] == "Maßnahmen"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/strategie/massnahmen/$"))
    assert "3 Maßnahmen gefunden" in page.get_by_role("status").inner_text()

    # ... into the filter form: the status select, visibly focused.
    status = tab_until(page, lambda el: el["id"] == "id_status", "the status filter")
    assert status["outline"] != "none", "the focused select shows a focus outline"
    page.select_option("#id_status", "planned")
    tab_until(page, lambda el: el["tag"] == "button" and "Filter anwenden" in el["text"], "submit")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"status=planned"))
    assert "1 Maßnahme gefunden" in page.get_by_role("status").inner_text()
    assert page.locator("#id_status").input_value() == "planned"

    # The measure page: its timeline and the indicator's data table.
    page.get_by_role("link", name="Mobilitätsstationen").click()
    page.wait_for_url(re.compile(r"/strategie/massnahmen/[\w-]+/$"))
    assert "1.1" in page.locator("main h1").inner_text()
    timeline = page.locator("#measure-timeline")
    assert "Standorte für die ersten Stationen sind ausgewählt." in timeline.inner_text()
    data_table = page.get_by_role("table", name=re.compile("Stationen in Betrieb"))
    assert data_table.is_visible()
    assert "01.07.2025" in data_table.inner_text()
    assert page.locator("svg.site-chart[role=img]").count() == 1
    browser_log.assert_clean()


def test_measure_list_filter_works_without_javascript(browser, live_server, transactional_db):
    build_strategy()
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, locale="de-DE"
    )
    try:
        page = context.new_page()
        assert page.goto("/strategie/massnahmen/").status == 200
        page.get_by_label("Status", exact=True).select_option("in_progress")
        page.get_by_label("Handlungsfeld", exact=True).select_option(label="HF1 Mobilität")
        page.get_by_role("button", name="Filter anwenden").click()
        page.wait_for_url(re.compile(r"status=in_progress"))

        assert "1 Maßnahme gefunden" in page.get_by_role("status").inner_text()
        assert page.get_by_role("link", name="Parkleitsystem").is_visible()
        assert page.get_by_role("link", name="Digitales Bürgeramt").count() == 0

        page.get_by_role("link", name="Filter zurücksetzen").click()
        page.wait_for_url(re.compile(r"/strategie/massnahmen/$"))
        assert "3 Maßnahmen gefunden" in page.get_by_role("status").inner_text()
    finally:
        context.close()
