"""An English visitor reads a measure in English in a real browser: from the English
measure list to a measure with English texts, and to one that has only German texts,
which the page shows marked lang="de" (screen readers switch to a German voice); axe
finds nothing and the CSP is not violated."""

import pytest
from playwright.sync_api import expect

from measures.rollup import invalidate_strategy_progress
from tests.e2e.helpers import check_axe
from tests.factories import (
    CoreAreaFactory,
    FieldOfActionFactory,
    MeasureBundleFactory,
    MeasureFactory,
)

pytestmark = pytest.mark.e2e


def build_strategy() -> dict:
    area = CoreAreaFactory(title="Teilhabe", title_en="Participation")
    field = FieldOfActionFactory(code="HF1", title="Digitale Infrastruktur")
    bundle = MeasureBundleFactory(
        number=1,
        title="Urbane Datenplattform",
        title_en="Urban data platform",
        field_of_action=field,
        core_areas=[area],
    )
    translated = MeasureFactory(
        bundle=bundle,
        code="1.1",
        title="Umweltsensorik auf der Datenplattform",
        title_en="Environmental sensors on the data platform",
        summary="Messwerte in Echtzeit.",
        summary_en="Readings in real time.",
        description="Die Sensoren messen Temperatur und Feinstaub.",
        description_en="The sensors measure temperature and particulate matter.",
    )
    german_only = MeasureFactory(
        bundle=bundle,
        code="1.2",
        title="Haushaltsdaten offen und verständlich",
        summary="Der Haushalt als offene Daten.",
    )
    invalidate_strategy_progress()
    return {"translated": translated, "german_only": german_only}


def test_english_visitor_reads_a_measure_in_english(page, browser_log):
    strategy = build_strategy()
    found: dict = {}

    page.goto("/en/strategie/massnahmen/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    check_axe(page, found)
    page.get_by_role("link", name="Environmental sensors on the data platform").click()

    expect(page).to_have_url(f"/en/strategie/massnahmen/{strategy['translated'].slug}/")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("Environmental sensors on the data platform")
    expect(heading).not_to_have_attribute("lang", "de")
    expect(page.get_by_text("Readings in real time.")).to_be_visible()
    expect(page.get_by_text("The sensors measure temperature")).to_be_visible()
    expect(page.get_by_role("link", name="1. Urban data platform")).to_be_visible()
    check_axe(page, found)

    page.goto(f"/en/strategie/massnahmen/{strategy['german_only'].slug}/")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("Haushaltsdaten offen und verständlich")
    expect(heading).to_have_attribute("lang", "de")
    expect(page.locator("p[lang=de]", has_text="Der Haushalt als offene Daten.")).to_be_visible()
    check_axe(page, found)

    assert found == {}, found
    browser_log.assert_clean()
