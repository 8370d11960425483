"""A visitor opens the Leichte-Sprache summary of a measure with the keyboard only: Tab to
"In Leichter Sprache", Enter, and the text is there in the larger layout; axe finds no
violation with the summary closed or open, in German and on the English page."""

import pytest
from playwright.sync_api import expect

from measures.rollup import invalidate_strategy_progress
from tests.e2e.helpers import check_axe, tab_to
from tests.factories import MeasureFactory

pytestmark = pytest.mark.e2e

EASY = (
    "Die Stadt baut ein Funk·netz.\n"
    "Über das Funk·netz schicken Sensoren ihre Mess·werte.\n"
    "Sensoren sind kleine Mess·geräte."
)
TOGGLE = "summary.easy-summary__toggle"


def test_a_visitor_opens_the_summary_in_leichter_sprache_with_the_keyboard(
    page, browser_log, transactional_db
):
    measure = MeasureFactory(code="2.1", title="LoRaWAN-Funknetz für Jena", easy_summary=EASY)
    invalidate_strategy_progress()
    found: dict = {}

    assert page.goto(f"/strategie/massnahmen/{measure.slug}/").status == 200
    text = page.locator(".easy-summary__text")
    expect(text).to_be_hidden()
    check_axe(page, found)

    tab_to(page, TOGGLE)
    page.keyboard.press("Enter")

    expect(text).to_be_visible()
    expect(text).to_contain_text("Die Stadt baut ein Funk·netz.")
    assert page.locator("details.easy-summary").get_attribute("open") is not None
    # The Leichte-Sprache layout: larger type than the page's body text.
    sizes = page.evaluate(
        """() => [getComputedStyle(document.querySelector('.easy-summary__text p')).fontSize,
                  getComputedStyle(document.querySelector('main p')).fontSize]"""
    )
    assert float(sizes[0].removesuffix("px")) > float(sizes[1].removesuffix("px"))
    check_axe(page, found)

    # Enter again closes it.
    page.keyboard.press("Enter")
    expect(text).to_be_hidden()

    # On the English page the German text is marked as German.
    assert page.goto(f"/en/strategie/massnahmen/{measure.slug}/").status == 200
    page.locator(TOGGLE).click()
    expect(page.locator('.easy-summary__text[lang="de"]')).to_be_visible()
    check_axe(page, found)

    assert found == {}, found
    browser_log.assert_clean()
