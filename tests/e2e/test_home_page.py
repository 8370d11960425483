"""The home page with the demo data, in a real browser: it shows where people can take
part now and the next deadlines, passes axe in German and English, keeps the strict CSP
(also when it comes from the page cache), and its map teaser is no keyboard trap."""

import json

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from start.selectors import open_participation
from tests.demo_snapshot import demo_site
from tests.e2e.helpers import check_axe, tab_to

pytestmark = pytest.mark.e2e


@pytest.fixture
def demo(transactional_db, settings, demo_snapshot_dir):
    settings.DEBUG = False
    demo_site(demo_snapshot_dir)
    return {"open": open_participation(now=timezone.now())}


def test_the_home_page_shows_open_participation_and_deadlines(page, browser_log, demo):
    assert demo["open"], "the demo has participation open now"
    response = page.goto("/")
    assert response is not None and response.status == 200

    open_list = page.locator("#home-open-list")
    for item in demo["open"]:
        expect(open_list).to_contain_text(item.project.title)
    assert any(item.budget is not None for item in demo["open"]), "the Bürgerbudget votes"
    expect(open_list.locator("time[datetime]").first).to_be_visible()
    expect(page.locator("#home-deadline-list > li").first).to_be_visible()
    expect(page.locator("#home-update-list > li")).to_have_count(5)
    expect(
        page.get_by_role("img", name="Karte der Ortsteile Jenas mit offener Beteiligung")
    ).to_be_visible()

    found: dict = {}
    check_axe(page, found)
    page.goto("/en/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    check_axe(page, found)
    assert found == {}, json.dumps(found, indent=2, ensure_ascii=False)

    again = page.goto("/")  # from the page cache: the same page, still within the policy
    assert again is not None and again.headers.get("x-page-cache") == "hit"

    # the map teaser is an image without stops: the keyboard goes on to its links
    tab_to(page, "#home-open-list a")
    in_map = []
    for _ in range(80):
        page.keyboard.press("Tab")
        in_map.append(page.evaluate("() => !!document.activeElement.closest('svg')"))
        if page.evaluate("() => document.activeElement.matches('.start-map__links a')"):
            break
    else:
        pytest.fail("the map's links are not reached with Tab")
    assert not any(in_map)
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.tagName") == "A"

    browser_log.assert_clean()
    assert browser_log.foreign_requests == []
