"""Following in a real browser: a resident follows a measure with the keyboard, follows a
project and an idea, subscribes to an Ortsteil and a core area on the Abonnements page
and unfollows there; the same works with JavaScript switched off; axe-core's WCAG 2.1
A/AA checks on every page along the way."""

import pytest
from playwright.sync_api import expect

from participation.notifications.models import Follow
from tests.e2e.helpers import check_axe, sign_in
from tests.e2e.test_accessibility import AXE
from tests.factories import CoreAreaFactory, IdeaFactory, MeasureFactory, UserFactory
from tests.notifications.factories_follows import DistrictFactory

pytestmark = pytest.mark.e2e


def test_a_resident_follows_and_manages_the_abonnements(page, browser_log):
    assert AXE.is_file(), "axe-core is missing: run `npm ci` (make setup)"
    measure = MeasureFactory(title="Offenes WLAN")
    idea = IdeaFactory(title="Laterne am Holzmarkt")
    project = idea.project
    district = DistrictFactory(name="Winzerla")
    core_area = CoreAreaFactory(title="Mobilität")
    resident = UserFactory()
    found: dict = {}

    # Visitors are invited to sign in.
    page.goto(measure.get_absolute_url())
    expect(page.locator(f"#follow-measure-{measure.pk}")).to_contain_text(
        "Anmelden, um zu folgen"
    )

    sign_in(page, resident)
    page.goto(measure.get_absolute_url())
    check_axe(page, found)
    button = page.locator(f"#follow-measure-{measure.pk} button")
    expect(button).to_have_attribute("aria-pressed", "false")
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"#follow-measure-{measure.pk}")
    expect(page.locator(f"#follow-measure-{measure.pk} button")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(page.locator(".site-messages")).to_contain_text(f"Sie folgen jetzt „{measure}“")
    check_axe(page, found)

    page.goto(project.get_absolute_url())
    check_axe(page, found)
    with page.expect_navigation():
        page.locator(f"#follow-project-{project.pk} button").click()
    expect(page.locator(f"#follow-project-{project.pk} button")).to_have_attribute(
        "aria-pressed", "true"
    )

    page.goto(idea.get_absolute_url())
    with page.expect_navigation():
        page.locator(f"#follow-idea-{idea.pk} button").click()
    expect(page.locator(f"#follow-idea-{idea.pk} button")).to_have_attribute(
        "aria-pressed", "true"
    )
    check_axe(page, found)

    # The Abonnements page: subscribe to an Ortsteil and a core area from the lists.
    page.goto("/beteiligung/abonnements/")
    expect(page.locator("h1")).to_have_text("Meine Abonnements")
    check_axe(page, found)
    page.get_by_label("Ortsteil").select_option(label="Winzerla")
    with page.expect_navigation():
        page.locator("#subscribe-district button").click()
    expect(page.locator(".site-messages")).to_contain_text("Sie folgen jetzt „Winzerla“")
    page.get_by_label("Kernbereich").select_option(value=str(core_area.pk))
    with page.expect_navigation():
        page.locator("#subscribe-core_area button").click()
    expect(page.locator(f"#follow-district-{district.pk}")).to_contain_text("Winzerla")
    expect(page.locator(f"#follow-core-area-{core_area.pk}")).to_contain_text("Mobilität")
    check_axe(page, found)
    assert Follow.objects.filter(user=resident).count() == 5

    # Unfollow the measure there.
    with page.expect_navigation():
        page.get_by_role("button", name=f"„{measure}“ nicht mehr folgen").click()
    expect(page.locator(".site-messages")).to_contain_text("nicht mehr")
    expect(page.locator(f"#follow-measure-{measure.pk}")).to_have_count(0)
    check_axe(page, found)
    assert not Follow.objects.filter(user=resident, measure=measure).exists()

    assert found == {}, found
    browser_log.assert_clean()


def test_following_works_without_javascript(browser, live_server, transactional_db):
    measure = MeasureFactory()
    resident = UserFactory()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, resident)
        page.goto(measure.get_absolute_url())
        with page.expect_navigation():
            page.locator(f"#follow-measure-{measure.pk} button").click()
        expect(page.locator(f"#follow-measure-{measure.pk} button")).to_have_attribute(
            "aria-pressed", "true"
        )
        assert Follow.objects.filter(user=resident, measure=measure).exists()
    finally:
        context.close()
