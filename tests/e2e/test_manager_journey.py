"""A measure manager keeps her unit's measure current in the admin, and the public
measure page shows the new Sachstand; another unit's measure stays out of her reach."""

import pytest
from playwright.sync_api import expect

from measures.models import ProgressUpdate, Status
from tests.factories import DEFAULT_PASSWORD, OrganisationalUnitFactory
from tests.measures.factories_extra import unit_manager, unit_measure

pytestmark = pytest.mark.e2e


def test_manager_publishes_progress_update_and_public_page_shows_it(page, browser_log):
    own_unit = OrganisationalUnitFactory(name="Fachdienst Digitalisierung")
    other_unit = OrganisationalUnitFactory(name="Kommunalservice Jena")
    own = unit_measure(
        own_unit, code="1.1", title="Urbane Datenplattform", slug="datenplattform",
        status=Status.IN_PROGRESS, progress=40,
    )
    other = unit_measure(other_unit, code="2.1", title="Sensorgestützte Stadtgrünpflege")
    manager = unit_manager(own_unit, email="manager@example.org")

    page.goto("/admin/login/")
    page.get_by_label("E-Mail-Adresse").fill(manager.email)
    page.get_by_label("Passwort").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()

    page.goto("/admin/measures/measure/")
    listing = page.locator("#result_list")
    assert "Urbane Datenplattform" in listing.inner_text()
    assert "Stadtgrünpflege" not in listing.inner_text()

    page.get_by_role("link", name="Urbane Datenplattform").click()
    page.get_by_role("link", name="Neuen Sachstand veröffentlichen").first.click()
    # The admin's labels end with a colon; its fields have stable ids.
    page.locator("#id_status").select_option(Status.IN_PROGRESS)
    page.locator("#id_progress").fill("65")
    page.locator("#id_text").fill(
        "Zwölf neue Datensätze zur Luftqualität sind veröffentlicht."
    )
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist li").first).to_be_visible()

    update = ProgressUpdate.objects.get(measure=own)
    assert (update.progress, update.author) == (65, manager)

    page.goto(f"/admin/measures/measure/{other.pk}/change/")
    assert "Stadtgrünpflege" not in page.locator("#content").inner_text()

    page.goto("/strategie/massnahmen/datenplattform/")
    main = page.locator("main").inner_text()
    assert "65" in main
    assert "Zwölf neue Datensätze zur Luftqualität sind veröffentlicht." in main
    expect(page.get_by_role("link", name="In der Verwaltung bearbeiten")).to_be_visible()
    browser_log.assert_clean()
