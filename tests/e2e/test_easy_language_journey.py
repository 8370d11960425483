"""Leichte Sprache and sign language in a real browser (BITV 2.0 §4):

- a person on the home page reaches the Leichte-Sprache start page with the keyboard
  only (Tab to the header link, Enter) and goes on to a topic;
- the pages in Leichte Sprache and the sign-language page have no axe violations, in
  German and in English, with and without a video;
- a video plays in the browser's own player with its captions, under the site's CSP
  (the browser_log fails the test on any CSP violation or failed request)."""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from playwright.sync_api import expect

from pages.models import EasyTopic
from tests.e2e.helpers import check_axe, tab_to
from tests.pages.test_sign_language_videos import CAPTIONS, make_video, stored_video

pytestmark = pytest.mark.e2e

EASY_PATHS = ["/leichte-sprache/", *(f"/leichte-sprache/{topic}/" for topic in EasyTopic.values)]


def serve_media(page) -> None:
    """The test settings keep uploads in memory and the live server serves no /media/:
    answer those requests from the storage, as the media host would."""

    def fulfill(route):
        name = route.request.url.split("/media/", 1)[1]
        with default_storage.open(name, "rb") as stored:
            body = stored.read()
        content_type = "video/mp4" if name.endswith(".mp4") else "application/octet-stream"
        route.fulfill(status=200, body=body, content_type=content_type)

    page.route("**/media/**", fulfill)


def test_a_person_reaches_leichte_sprache_from_the_home_page_with_the_keyboard(page, browser_log):
    page.goto("/")
    tab_to(page, "header .site-easy a[href='/leichte-sprache/']")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/leichte-sprache/$"))
    expect(page.locator("h1")).to_have_text("Jena Smart in Leichter Sprache")
    expect(page.locator("header .site-easy a[href='/leichte-sprache/']")).to_have_attribute(
        "aria-current", "page"
    )

    # On to the first topic, still with the keyboard.
    tab_to(page, "a.easy-topics__link[href='/leichte-sprache/inhalt/']")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Was ist Jena Smart?")
    browser_log.assert_clean()


def test_the_easy_language_and_sign_language_pages_pass_axe_in_german_and_english(
    page, browser_log
):
    found: dict = {}
    for prefix in ("", "/en"):
        for path in [*EASY_PATHS, "/gebaerdensprache/"]:
            response = page.goto(prefix + path)
            assert response.status == 200, prefix + path
            check_axe(page, found)
        # English pages keep the German text, marked as German.
        page.goto(f"{prefix}/leichte-sprache/bedienung/")
        marked = page.locator("article.easy").get_attribute("lang")
        assert marked == ("de" if prefix else None)
    assert found == {}, found
    browser_log.assert_clean()


def test_a_sign_language_video_plays_with_captions_under_the_csp(page, browser_log, tmp_path):
    video = stored_video(make_video(tmp_path), topic=EasyTopic.CONTENT)
    video.captions.save("de.vtt", ContentFile(CAPTIONS))
    serve_media(page)

    found: dict = {}
    for prefix in ("", "/en"):
        page.goto(f"{prefix}/gebaerdensprache/")
        player = page.locator("video")
        expect(player).to_have_count(1)
        # The metadata loaded (media-src) and the captions track too (served by the site).
        page.wait_for_function("document.querySelector('video').readyState >= 1")
        page.wait_for_function(
            "(() => { const t = document.querySelector('video').textTracks[0];"
            " return t && t.mode === 'showing' && t.cues && t.cues.length === 1; })()"
        )
        # Keyboard: the player itself takes the focus (its controls answer to keys).
        tab_to(page, "video")
        expect(
            page.get_by_role("link", name=re.compile(r"Video herunterladen|Download"))
        ).to_be_visible()
        check_axe(page, found)
    assert found == {}, found
    browser_log.assert_clean()
