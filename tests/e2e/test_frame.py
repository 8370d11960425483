"""The site's frame in a real browser: keyboard, language switch, footer, nothing foreign."""

import re

import pytest

pytestmark = pytest.mark.e2e


def focused(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const box = el.getBoundingClientRect();
            const style = getComputedStyle(el);
            return {
                tag: el.tagName.toLowerCase(),
                id: el.id,
                href: el.getAttribute('href'),
                x: box.x, y: box.y, width: box.width, height: box.height,
                outline: style.outlineStyle + ' ' + style.outlineWidth,
                boxShadow: style.boxShadow,
            };
        }"""
    )


def test_keyboard_user_skips_to_content_switches_language_and_opens_impressum(
    page, browser_log, live_server
):
    response = page.goto("/")
    assert response.status == 200
    assert page.get_attribute("html", "lang") == "de"

    # The first Tab reaches the skip link, and it shows itself.
    page.keyboard.press("Tab")
    skip = focused(page)
    assert skip["href"] == "#main"
    viewport = page.viewport_size
    assert skip["width"] > 20 and skip["height"] > 10, "the focused skip link must be visible"
    assert 0 <= skip["y"] < viewport["height"] and 0 <= skip["x"] < viewport["width"]

    # Following it moves the focus into the main content.
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'main'")
    assert page.url.endswith("#main")

    # The header's language link switches the same page to English.
    page.locator("header a[hreflang='en']").click()
    page.wait_for_url(re.compile(r"/en/$"))
    assert page.get_attribute("html", "lang") == "en"
    assert page.url == f"{live_server.url}/en/"

    # The footer leads to the legal notice, still in English.
    with page.expect_response(re.compile(r"/en/impressum/$")) as impressum:
        page.locator("footer a[href$='/impressum/']").click()
    assert impressum.value.status == 200
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator("main h1").count() == 1

    assert all(url.startswith(live_server.url) for url in browser_log.requests)
    browser_log.assert_clean()


def test_focused_links_show_a_visible_focus_indicator(page, browser_log):
    page.goto("/")

    for _ in range(4):
        page.keyboard.press("Tab")
        state = focused(page)
        assert state["tag"] in {"a", "button", "input", "select", "textarea"}
        has_outline = not state["outline"].startswith("none") and not state["outline"].endswith(
            " 0px"
        )
        assert has_outline or state["boxShadow"] != "none", f"no focus indicator on {state}"

    browser_log.assert_clean()


@pytest.mark.parametrize("path", ["/", "/impressum/"])
def test_pages_fit_a_phone_screen_without_horizontal_scrolling(page, browser_log, path):
    page.set_viewport_size({"width": 360, "height": 740})

    response = page.goto(path)

    assert response.status == 200
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{path} is {overflow}px wider than a 360px screen"
    browser_log.assert_clean()
