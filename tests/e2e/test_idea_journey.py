"""A verified resident proposes one idea by clicking the map and one without the map,
keyboard only; finds both in the list and on the map, filters by district; the map page,
the form and the idea page pass axe's WCAG 2.1 AA checks."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from geo.selectors import district_cache_clear
from participation.ideas.models import Idea
from tests.e2e.helpers import check_axe, sign_in, tab_to
from tests.factories import (
    CategoryFactory,
    PhaseFactory,
    ProjectFactory,
    UserFactory,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def project(transactional_db):
    district_cache_clear()
    call_command("create_demo_districts", verbosity=0)
    district_cache_clear()
    project = ProjectFactory(
        title="Smarte Straßenbeleuchtung",
        slug="licht",
        summary="Wo soll die Stadt smarte Laternen testen?",
        area=None,  # the whole city
    )
    now = timezone.now()
    PhaseFactory(
        project=project,
        start=now - datetime.timedelta(days=1),
        end=now + datetime.timedelta(days=30),
    )
    CategoryFactory(project=project, name="Beleuchtung", slug="beleuchtung")
    yield project
    district_cache_clear()








def test_resident_proposes_ideas_with_and_without_the_map(page, browser_log, project):
    resident = UserFactory(display_name="Saalefuchs")
    sign_in(page, resident)
    wcag = {}

    # The project's ideas: map and list, with the call to action.
    page.goto("/beteiligung/licht/ideen/")
    expect(page.locator("#idea-map.leaflet-container")).to_be_visible()
    check_axe(page, wcag)
    page.get_by_role("link", name="Idee einreichen").click()

    # 1. With the map: click its centre (the city centre), the point lands in the form.
    expect(page.locator("#idea-picker.participation-picker--ready")).to_be_visible()
    check_axe(page, wcag)
    page.get_by_label("Titel", exact=True).fill("Smarte Laterne am Holzmarkt")
    page.get_by_label("Beschreibung", exact=True).fill("Abends ist es hier zu dunkel.")
    page.get_by_label("Kategorie").select_option(label="Beleuchtung")
    page.locator("#idea-picker").click()  # Playwright clicks the element's centre
    expect(page.locator("#idea-picker-status")).to_contain_text("Punkt gesetzt")
    location = json.loads(page.locator("input[name=location]").input_value())
    assert location["type"] == "Point"
    page.get_by_role("button", name="Idee einreichen").click()

    expect(page.locator("h1")).to_have_text("Smarte Laterne am Holzmarkt")
    mapped = Idea.objects.get(title="Smarte Laterne am Holzmarkt")
    assert mapped.location is not None and mapped.district is not None
    expect(page.locator("#idea-district")).to_have_text(mapped.district.name)
    assert mapped.district.slug == "jena-zentrum"
    check_axe(page, wcag)

    # 2. Without the map, keyboard only: district and a description of the place.
    page.goto("/beteiligung/licht/ideen/neu/")
    page.keyboard.press("Tab")  # the skip link comes first
    tab_to(page, "#id_title")
    page.keyboard.type("Bewegungsmelder am Spielplatz")
    page.keyboard.press("Tab")
    page.keyboard.type("Licht nur, wenn jemand kommt.")
    tab_to(page, "#id_district")
    page.keyboard.type("Winzerla")
    tab_to(page, "#id_place_description")
    page.keyboard.type("Spielplatz Anna-Siemsen-Straße")
    tab_to(page, "#idea-form button[type=submit]")
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text("Bewegungsmelder am Spielplatz")
    expect(page.locator("#idea-district")).to_have_text("Winzerla")
    expect(page.locator("#idea-place")).to_contain_text("Spielplatz Anna-Siemsen-Straße")
    unmapped = Idea.objects.get(title="Bewegungsmelder am Spielplatz")
    assert unmapped.location is None and unmapped.author == resident

    # 3. Both in the list, the one with a point on the map.
    page.goto("/beteiligung/licht/ideen/")
    listing = page.locator("#idea-list")
    expect(listing).to_contain_text("Smarte Laterne am Holzmarkt")
    expect(listing).to_contain_text("Bewegungsmelder am Spielplatz")
    expect(page.locator("#idea-map-status")).to_contain_text("1 Idee auf der Karte")
    expect(page.locator("#idea-map-status")).to_contain_text("1 ohne Punkt")
    marker = page.locator("#idea-map .leaflet-marker-icon[title='Smarte Laterne am Holzmarkt']")
    expect(marker).to_have_count(1)
    marker.click()
    popup = page.locator("#idea-map .leaflet-popup-content")
    expect(popup.get_by_role("link", name="Smarte Laterne am Holzmarkt")).to_be_visible()
    expect(page.locator("#idea-map .leaflet-overlay-pane path").first).to_be_attached()

    # 4. Filter by district: list and map show the same, smaller set.
    page.get_by_label("Ortsteil").select_option(label="Winzerla")
    page.get_by_role("button", name="Filter anwenden").click()
    expect(page.locator("#result-count")).to_contain_text("1 Idee gefunden")
    expect(listing).to_contain_text("Bewegungsmelder am Spielplatz")
    expect(listing).not_to_contain_text("Smarte Laterne am Holzmarkt")
    expect(page.locator("#idea-map-status")).to_contain_text("0 Ideen auf der Karte")
    expect(page.locator("#idea-map .leaflet-marker-icon")).to_have_count(0)
    check_axe(page, wcag)

    assert wcag == {}, json.dumps(wcag, indent=2, ensure_ascii=False)
    browser_log.assert_clean()


def test_many_ideas_cluster_on_the_map(page, browser_log, project):
    author = UserFactory()
    for number in range(30):
        Idea.objects.create(
            project=project,
            author=author,
            title=f"Idee {number}",
            text="Text",
            location={"type": "Point", "coordinates": [11.5861 + number * 0.0001, 50.9272]},
        )

    page.goto("/beteiligung/licht/ideen/")

    expect(page.locator("#idea-map-status")).to_contain_text("30 Ideen auf der Karte")
    cluster = page.locator("#idea-map .idea-cluster").first
    expect(cluster).to_be_visible()
    assert int(cluster.inner_text().split()[0]) > 1
    browser_log.assert_clean()
