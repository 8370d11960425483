"""XSS in a real browser (GitHub issue #7): payloads typed into the real forms (display
name, idea, comment, report, official response), on top of a city whose every other text
field holds a payload (``tests.scenarios.city_where_every_text_holds``), then the idea
list with its map (every marker's popup opened), the idea pages, the notification centre
and the moderation queue. Nothing runs: ``window.__xss`` stays undefined, no dialog opens, and
no element, handler or ``javascript:`` address made from a payload is in the DOM.

The site's Content-Security-Policy would block inline script anyway; this test must not
rely on it, so the browser here ignores the policy (``bypass_csp``): a payload that
became markup would run.
"""

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from playwright.sync_api import expect

from geo.selectors import district_cache_clear
from participation.ideas.models import Comment, Idea
from participation.moderation.models import Flag
from tests.e2e.conftest import BLANK_TILE, DEFAULT_TIMEOUT_MS
from tests.e2e.helpers import sign_in
from tests.factories import UserFactory, point
from tests.moderation.factories_moderation import moderator_of
from tests.scenarios import PAYLOADS, city_where_every_text_holds

pytestmark = pytest.mark.e2e

TYPED = {
    "display_name": PAYLOADS["svg-onload"],
    "title": "Idee " + PAYLOADS["script"],
    "text": " ".join(PAYLOADS[name] for name in ("javascript-link", "script-breakout", "template")),
    "place": PAYLOADS["img-onerror-single"],
    "comment": "Kommentar " + PAYLOADS["img-onerror"] + " " + PAYLOADS["javascript-url"],
    "report": "Meldung " + PAYLOADS["script-breakout"],
    "response": "Antwort " + PAYLOADS["svg-onload"] + " " + PAYLOADS["javascript-link"],
}

# What a payload would have made in the DOM; none of it may exist.
FROM_PAYLOAD = """() => ({
  xss: typeof window.__xss,
  elements: Array.from(document.querySelectorAll(
    'img[src="x"], svg[onload], [onerror], [onload], [onmouseover], [onfocus], ' +
    '[href^="javascript:" i], [src^="javascript:" i], [action^="javascript:" i]'
  )).map((e) => e.outerHTML.slice(0, 120)),
  scripts: Array.from(document.scripts)
    .filter((s) => s.textContent.includes("__xss"))
    .map((s) => s.outerHTML.slice(0, 120)),
})"""


@pytest.fixture
def page(browser, live_server, transactional_db, legal_pages) -> Iterator:
    """Like tests/e2e/conftest.py's page, but the browser ignores the site's CSP, and
    every dialog (alert, confirm, prompt) is recorded and dismissed."""
    context = browser.new_context(base_url=live_server.url, locale="de-DE", bypass_csp=True)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    live = urlsplit(live_server.url).netloc
    tiles = urlsplit(settings.MAP_TILES_URL.replace("{s}", "a")).netloc

    def route(route_obj):
        netloc = urlsplit(route_obj.request.url).netloc
        if netloc == tiles:
            route_obj.fulfill(status=200, content_type="image/png", body=BLANK_TILE)
        elif netloc and netloc != live:
            route_obj.abort()  # no network: nothing from elsewhere
        else:
            route_obj.continue_()

    context.route("**/*", route)
    page = context.new_page()
    page.dialogs = []

    def on_dialog(dialog):
        page.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    yield page
    context.close()


def assert_inert(page, where: str) -> None:
    page.wait_for_load_state("load")
    found = page.evaluate(FROM_PAYLOAD)
    assert found == {"xss": "undefined", "elements": [], "scripts": []}, where
    assert page.dialogs == [], where


def test_payloads_typed_into_the_forms_never_run(page):
    district_cache_clear()
    world = city_where_every_text_holds(PAYLOADS["img-onerror"])
    district = world.district
    resident = UserFactory(display_name="Bürgerin")
    moderator = moderator_of(world.project, display_name="Moderation")

    # A resident names herself with a payload and proposes an idea full of them.
    sign_in(page, resident)
    page.goto("/konto/profil/")
    page.get_by_label("Anzeigename (öffentlich, Pseudonym erlaubt)").fill(TYPED["display_name"])
    page.get_by_role("button", name="Profil speichern").click()
    expect(page.locator(".site-account__name")).to_contain_text(TYPED["display_name"])
    assert_inert(page, "profile")

    page.goto(f"/beteiligung/{world.project.slug}/ideen/neu/")
    page.get_by_label("Titel", exact=True).fill(TYPED["title"])
    page.get_by_label("Beschreibung", exact=True).fill(TYPED["text"])
    page.locator("#id_district").select_option(label=district.name)
    page.locator("#id_place_description").fill(TYPED["place"])
    page.get_by_role("button", name="Idee einreichen").click()
    expect(page.locator("h1")).to_have_text(TYPED["title"])
    assert_inert(page, "the new idea's page")
    idea = Idea.objects.get(title=TYPED["title"])
    assert idea.text == TYPED["text"] and idea.place_description == TYPED["place"]
    # A point far from the other idea (its own marker, not a cluster).
    Idea.objects.filter(pk=idea.pk).update(location=point(11.56, 50.945))

    # Someone comments on it; the resident reports the comment.
    sign_in(page, world.commenter)
    page.goto(idea.get_absolute_url())
    page.get_by_label("Ihr Kommentar", exact=True).last.fill(TYPED["comment"])
    page.get_by_role("button", name="Kommentar veröffentlichen").click()
    comment = Comment.objects.get(idea=idea, text=TYPED["comment"])
    expect(page.locator(f"#comment-{comment.pk}")).to_contain_text(TYPED["comment"])
    assert_inert(page, "the idea page with the comment")

    sign_in(page, resident)
    page.goto(f"/beteiligung/melden/comment/{comment.pk}/")
    page.get_by_label("Beleidigung oder Belästigung").check()
    page.get_by_label("Erläuterung").fill(TYPED["report"])
    page.get_by_role("button", name="Meldung absenden").click()
    expect(page.locator(".site-messages")).to_contain_text("Danke für Ihre Meldung")
    assert Flag.objects.filter(comment=comment, text=TYPED["report"]).exists()

    # The moderator answers for the city and looks at the queue.
    sign_in(page, moderator)
    page.goto(f"/beteiligung/{world.project.slug}/ideen/{idea.pk}/antwort/")
    page.get_by_label("Antwort der Stadt").fill(TYPED["response"])
    page.get_by_role("button", name="Speichern").click()
    expect(page.locator("main")).to_contain_text(TYPED["response"])
    assert_inert(page, "the idea page with the official response")
    page.goto(f"/beteiligung/{world.project.slug}/moderation/")
    main = page.locator("main")
    expect(main).to_contain_text(TYPED["report"])
    expect(main).to_contain_text(world.values["comment_report.text"])
    expect(main).to_contain_text(world.values["review.text"])
    assert_inert(page, "moderation queue")

    # The resident's notifications: the comment and the city's answer.
    sign_in(page, resident)
    page.goto("/beteiligung/benachrichtigungen/")
    main = page.locator("main")
    expect(main).to_contain_text(TYPED["comment"])
    expect(main).to_contain_text(TYPED["response"])
    assert_inert(page, "notification centre of the resident")
    sign_in(page, world.author)
    page.goto("/beteiligung/benachrichtigungen/")
    expect(page.locator("main")).to_contain_text(world.values["decision.statement"])
    assert_inert(page, "notification centre of the world's author")

    # The map: every marker's popup, built by static/js/idea-map.js.
    page.context.clear_cookies()
    page.goto(f"/beteiligung/{world.project.slug}/ideen/")
    expect(page.locator("#idea-map")).to_have_attribute("data-idea-count", "2")
    titles = {TYPED["title"], world.values["idea.title"]}
    markers = page.locator("#idea-map .leaflet-marker-icon")
    expect(markers).to_have_count(2)
    shown = set()
    for index in range(2):
        markers.nth(index).click()
        link = page.locator(".leaflet-popup .idea-popup__title a")
        expect(link).to_be_visible()
        shown.add(link.text_content())
        assert_inert(page, f"map popup {index + 1}")
        # Escape from the popup's link closes it (idea-map.js); a click on the small
        # close button missed it about once in eight runs on the busy CI machine.
        link.focus()
        page.keyboard.press("Escape")
        expect(link).to_have_count(0)
    assert shown == titles
    assert {markers.nth(i).get_attribute("title") for i in range(2)} == titles
    assert_inert(page, "idea list with the map")

    page.goto(world.idea.get_absolute_url())
    expect(page.locator("h1")).to_have_text(world.values["idea.title"])
    assert_inert(page, "the world's idea page")
