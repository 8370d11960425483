"""Keyboard-only journeys (issue #7): after a page has loaded, only keys are pressed –
Tab, Shift+Tab, Enter, Space, arrows and typed text; no clicks, no filling of fields.

- a resident proposes an idea without touching the map (district + place description);
- supports an idea in a running vote and withdraws the support;
- writes a comment and a reply;
- on every main page each element the Tab key reaches is on screen and shows a focus
  indicator, and focus is neither lost to <body> nor trapped before the page's end;
- every idea of the list can be shown on the map from the list, and the markers are
  reachable with the Tab key themselves.

Signing in is done with the keyboard too. The journeys build their data with factories;
the focus walk over the main pages uses the Jena demo data."""

import json
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from geo.selectors import district_cache_clear
from measures.models import Measure
from participation.ideas.models import Comment, Idea, Vote
from participation.ideas.services.comments import comment_create
from participation.notifications.follows import follow_create
from projects.models import Project
from projects.phases import phase_allowing
from tests.demo_snapshot import demo_site
from tests.e2e.helpers import tab_to
from tests.factories import (
    DEFAULT_PASSWORD,
    CategoryFactory,
    IdeaFactory,
    PhaseFactory,
    ProjectFactory,
    UserFactory,
    point,
)
from tests.ideas.factories_comments_votes import voting_phase

pytestmark = pytest.mark.e2e

# What the focused element looks like, from the page's point of view.
# ``walk_with_tab`` switches KERN's smooth scrolling off: the browser scrolls to the
# focused element while it handles the key press, so the page is where it stays when the
# press returns (waiting for animation frames per Tab cost ~20 s per walk).
FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) {
    return null;
  }
  // A number per element, to notice when the focus comes back to one.
  window.__focusIds = window.__focusIds || new WeakMap();
  if (!window.__focusIds.has(el)) {
    window.__focusCount = (window.__focusCount || 0) + 1;
    window.__focusIds.set(el, window.__focusCount);
  }
  const rect = el.getBoundingClientRect();
  let onScreen = rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.right > 0
    && rect.top < window.innerHeight && rect.left < window.innerWidth;
  // Not clipped away by a scrolling or overflow-hidden ancestor (e.g. the map).
  for (let box = el.parentElement; onScreen && box && box !== document.body;
       box = box.parentElement) {
    const style = getComputedStyle(box);
    if (style.overflowX !== "visible" || style.overflowY !== "visible") {
      const outer = box.getBoundingClientRect();
      onScreen = rect.bottom > outer.top && rect.top < outer.bottom
        && rect.right > outer.left && rect.left < outer.right;
    }
  }
  const style = getComputedStyle(el);
  if (style.visibility === "hidden" || Number(style.opacity) === 0) {
    onScreen = false;
  }
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  const shadow = style.boxShadow && style.boxShadow !== "none";
  const text = (el.getAttribute("aria-label") || el.textContent || el.value || "")
    .trim().replace(/\\s+/g, " ").slice(0, 40);
  return {
    id: window.__focusIds.get(el),
    name: el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
      + (el.className && typeof el.className === "string"
         ? "." + el.className.trim().split(/\\s+/).join(".") : "")
      + (text ? " «" + text + "»" : ""),
    onScreen: onScreen,
    indicator: outline || Boolean(shadow),
    isLastOfPage: el === [...document.querySelectorAll("footer a[href]")].pop(),
  };
}"""


def walk_with_tab(page, limit: int = 300) -> list[str]:
    """Press Tab from the top of the page to its last link; return what went wrong."""
    problems = []
    # Instant instead of KERN's smooth scrolling (a property set from script, which the CSP
    # allows): what is checked is where the focus lands, and each Tab no longer waits for
    # an animation.
    page.evaluate(
        "() => { document.documentElement.style.scrollBehavior = 'auto';"
        " document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }"
    )
    seen: set[int] = set()
    previous = None
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state is None:
            problems.append("focus lost to <body> before the end of the page")
            return problems
        if state["id"] == previous:
            continue  # the next part of the same control (day, month, year of a date)
        if state["id"] in seen:
            problems.append(f"focus came back to {state['name']}: trapped")
            return problems
        seen.add(state["id"])
        previous = state["id"]
        if not state["onScreen"]:
            problems.append(f"not on screen when focused: {state['name']}")
        if not state["indicator"]:
            problems.append(f"no visible focus indicator: {state['name']}")
        if state["isLastOfPage"]:
            return problems
    problems.append(f"the end of the page not reached after {limit} Tab presses")
    return problems


def shift_tab_to(page, selector: str, limit: int = 120) -> None:
    """Press Shift+Tab until ``selector`` has the focus (backwards through the page)."""
    tab_to(page, selector, limit, key="Shift+Tab")


def press_and_load(page, key: str = "Enter") -> None:
    """Press ``key`` on the focused element and wait for the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press(key)


def sign_in_by_keyboard(page, user) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    tab_to(page, "#id_login")
    page.keyboard.type(user.email)
    tab_to(page, "#id_password")
    page.keyboard.type(DEFAULT_PASSWORD)
    press_and_load(page)  # Enter in a field sends its form
    expect(page.locator(".site-account__name")).to_be_visible()


@pytest.fixture
def districts(transactional_db):
    district_cache_clear()
    call_command("create_demo_districts", verbosity=0)
    district_cache_clear()
    yield
    district_cache_clear()


def test_resident_proposes_an_idea_without_the_map(page, browser_log, districts):
    project = ProjectFactory(title="Smarte Straßenbeleuchtung", slug="licht", area=None)
    PhaseFactory(project=project)  # ideas, running
    CategoryFactory(project=project, name="Beleuchtung", slug="beleuchtung")
    resident = UserFactory(display_name="Saalefuchs")
    sign_in_by_keyboard(page, resident)

    # From the project page to the form.
    page.goto("/beteiligung/licht/")
    tab_to(page, "main a[href='/beteiligung/licht/ideen/neu/']")
    press_and_load(page)
    expect(page.locator("h1")).to_have_text("Ihre Idee einreichen")
    # The map is ready but not used: Tab goes past it.
    expect(page.locator("#idea-picker.participation-picker--ready")).to_be_visible()

    tab_to(page, "#id_title")
    page.keyboard.type("Bewegungsmelder am Spielplatz")
    page.keyboard.press("Tab")
    page.keyboard.type("Licht nur, wenn jemand kommt – spart Strom und stört niemanden.")
    page.keyboard.press("Tab")
    expect(page.locator("#id_category")).to_be_focused()
    page.keyboard.press("ArrowDown")  # the first category after "– keine Angabe –"
    expect(page.locator("#id_category")).to_have_value("beleuchtung")
    tab_to(page, "#id_district")  # passes the map, its zoom buttons and links
    page.keyboard.type("Winzerla")
    expect(page.locator("#id_district")).to_have_value("winzerla")
    page.keyboard.press("Tab")
    expect(page.locator("#id_place_description")).to_be_focused()
    page.keyboard.type("Spielplatz Anna-Siemsen-Straße")
    assert page.locator("input[name=location]").input_value() == ""
    tab_to(page, "#idea-form button[type=submit]")
    press_and_load(page)

    expect(page.locator("h1")).to_have_text("Bewegungsmelder am Spielplatz")
    expect(page.locator("#idea-district")).to_have_text("Winzerla")
    expect(page.locator("#idea-place")).to_have_text("Spielplatz Anna-Siemsen-Straße")
    idea = Idea.objects.get(title="Bewegungsmelder am Spielplatz")
    assert idea.author == resident and idea.project == project
    assert idea.location is None
    assert idea.district.slug == "winzerla"
    assert idea.place_description == "Spielplatz Anna-Siemsen-Straße"
    assert idea.category.slug == "beleuchtung"
    assert page.url.endswith(f"/beteiligung/licht/ideen/{idea.pk}/")
    browser_log.assert_clean()


def test_resident_supports_an_idea_and_withdraws_with_the_keyboard(page, browser_log):
    project = ProjectFactory(title="Smartes Quartier", slug="quartier")
    voting_phase(project, votes_per_person=3)
    idea = IdeaFactory(project=project, title="Sitzbänke mit Schatten")
    resident = UserFactory(display_name="Anna")
    sign_in_by_keyboard(page, resident)

    # From the list to the idea.
    page.goto("/beteiligung/quartier/ideen/")
    tab_to(page, f"#idea-{idea.pk}-title a")
    press_and_load(page)
    expect(page.locator("h1")).to_have_text("Sitzbänke mit Schatten")

    widget = page.locator(f"#vote-{idea.pk}")
    button = widget.locator("button")
    expect(button).to_have_text("Unterstützen")
    tab_to(page, f"#vote-{idea.pk} button")
    press_and_load(page, "Space")  # a button answers to Space as well as to Enter

    expect(page.locator(".site-messages")).to_contain_text(
        "Danke! Sie unterstützen jetzt die Idee „Sitzbänke mit Schatten“."
    )
    expect(widget).to_contain_text("1 Unterstützung")
    expect(widget).to_contain_text("Sie unterstützen diese Idee.")
    expect(widget).to_contain_text("Sie haben noch 2 von 3 Stimmen.")
    expect(button).to_contain_text("Unterstützt – zurückziehen")
    assert Vote.objects.filter(user=resident, idea=idea).count() == 1
    idea.refresh_from_db()
    assert idea.vote_count == 1

    # Back at the widget (#vote-…): the next Tab is its button. Withdraw with Enter.
    tab_to(page, f"#vote-{idea.pk} button", limit=5)
    press_and_load(page)
    expect(page.locator(".site-messages")).to_contain_text(
        "Sie unterstützen die Idee „Sitzbänke mit Schatten“ nicht mehr."
    )
    expect(widget).to_contain_text("0 Unterstützungen")
    expect(widget).to_contain_text("Sie haben noch 3 von 3 Stimmen.")
    expect(button).to_have_text("Unterstützen")
    assert not Vote.objects.filter(user=resident, idea=idea).exists()
    browser_log.assert_clean()


def test_resident_comments_and_replies_with_the_keyboard(page, browser_log):
    project = ProjectFactory(title="Smarte Laternen", slug="laternen")
    PhaseFactory(project=project)  # allows comments
    idea = IdeaFactory(project=project, title="Laterne am Holzmarkt")
    resident = UserFactory(display_name="Ben")
    sign_in_by_keyboard(page, resident)

    page.goto(idea.get_absolute_url())
    comment_box = f"#comments-idea-{idea.pk}-new textarea"
    tab_to(page, comment_box, limit=200)
    page.keyboard.type("Dort ist es abends sehr dunkel.")
    tab_to(page, f"#comments-idea-{idea.pk}-new button[type=submit]", limit=5)
    press_and_load(page)

    comment = Comment.objects.get(author=resident, parent=None)
    assert comment.text == "Dort ist es abends sehr dunkel." and comment.idea == idea
    expect(page.locator(".site-messages")).to_contain_text("Ihr Kommentar ist veröffentlicht.")
    expect(page.locator(f"#comment-{comment.pk}")).to_contain_text(
        "Dort ist es abends sehr dunkel."
    )

    # The reply lives in a disclosure: open it with Enter, then write.
    reply_summary = f"#comment-{comment.pk} .participation-comment__actions > details > summary"
    expect(page.locator(reply_summary).first).to_have_text("Antworten")
    tab_to(page, reply_summary)
    page.keyboard.press("Enter")
    expect(page.locator(f"#comment-{comment.pk} details").first).to_have_attribute("open", "")
    tab_to(page, f"#comment-{comment.pk} details[open] textarea", limit=5)
    page.keyboard.type("Und im Winter schon ab vier Uhr.")
    tab_to(page, f"#comment-{comment.pk} details[open] button[type=submit]", limit=5)
    press_and_load(page)

    reply = Comment.objects.get(parent=comment)
    assert reply.author == resident and reply.text == "Und im Winter schon ab vier Uhr."
    expect(page.locator(f"#comment-{reply.pk}")).to_contain_text("Und im Winter schon ab vier Uhr.")
    expect(page.locator(".participation-thread__replies")).to_contain_text("vier Uhr")
    browser_log.assert_clean()


def test_ideas_of_the_list_are_shown_on_the_map_and_markers_take_the_focus(page, browser_log):
    project = ProjectFactory(title="Smarte Laternen", slug="laternen", area=None)
    PhaseFactory(project=project)
    west = IdeaFactory(project=project, title="Laterne in Winzerla", location=point(11.555, 50.895))
    east = IdeaFactory(project=project, title="Laterne in Lobeda", location=point(11.605, 50.90))
    # Two ideas a few metres apart: one cluster until the map zooms in close.
    near = IdeaFactory(project=project, title="Laterne am Markt", location=point(11.5890, 50.9284))
    IdeaFactory(project=project, title="Bank am Markt", location=point(11.5892, 50.9285))
    unmapped = IdeaFactory(project=project, title="Licht ohne Ort", location=None)

    page.goto("/beteiligung/laternen/ideen/")
    expect(page.locator("#idea-map-status")).to_contain_text("4 Ideen auf der Karte")
    buttons = page.locator("#idea-list [data-show-on-map]")
    expect(buttons.filter(visible=True)).to_have_count(4)  # not for the idea without a point
    expect(page.locator(f"#idea-{unmapped.pk}-title")).to_be_visible()
    popup_link = page.locator("#idea-map .leaflet-popup-content a")

    # The markers themselves are in the Tab order (here backwards from the list into the
    # map); Enter on one opens its popup with the focus inside, Escape comes back.
    tab_to(page, "#idea-list [data-show-on-map]")
    marker = f"#idea-map .leaflet-marker-icon[title='{west.title}']"
    shift_tab_to(page, marker)
    expect(page.locator(marker)).to_have_attribute("role", "button")
    page.keyboard.press("Enter")
    expect(popup_link).to_have_text("Laterne in Winzerla")
    expect(popup_link).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator(marker)).to_be_focused()

    # From the list to an idea inside the cluster: the map zooms in, opens its popup and
    # puts the focus on the link in it.
    show_near = page.locator(f"[data-show-on-map='{near.pk}']")
    near_marker = page.locator(f"#idea-map .leaflet-marker-icon[title='{near.title}']")
    expect(near_marker).to_have_count(0)  # inside the cluster
    expect(show_near).to_have_accessible_name("Auf der Karte zeigen Laterne am Markt")
    tab_to(page, f"[data-show-on-map='{near.pk}']")
    page.keyboard.press("Enter")
    expect(near_marker).to_have_count(1)
    expect(popup_link).to_have_text("Laterne am Markt")
    expect(popup_link).to_be_focused()
    expect(popup_link).to_have_attribute(
        "href", re.compile(re.escape(near.get_absolute_url()) + "$")
    )
    # Escape closes it and gives the focus back to the button.
    page.keyboard.press("Escape")
    expect(page.locator("#idea-map .leaflet-popup")).to_have_count(0)
    expect(show_near).to_be_focused()

    # Another idea, with Space this time.
    tab_to(page, f"[data-show-on-map='{east.pk}']")
    page.keyboard.press("Space")
    expect(popup_link).to_have_text("Laterne in Lobeda")
    expect(popup_link).to_be_focused()
    # The popup's close button has a German name and also returns the focus.
    page.keyboard.press("Tab")
    close = page.locator("#idea-map .leaflet-popup-close-button")
    expect(close).to_be_focused()
    expect(close).to_have_accessible_name("Hinweis zur Idee schließen")
    page.keyboard.press("Enter")
    expect(page.locator("#idea-map .leaflet-popup")).to_have_count(0)
    expect(page.locator(f"[data-show-on-map='{east.pk}']")).to_be_focused()

    # Zoom controls are labelled in German.
    expect(page.locator("#idea-map .leaflet-control-zoom-in")).to_have_accessible_name(
        "Karte vergrößern"
    )
    expect(page.locator("#idea-map .leaflet-control-zoom-out")).to_have_accessible_name(
        "Karte verkleinern"
    )
    browser_log.assert_clean()


# Every frame from now on in which the focus is on <body> (or nowhere) is written down.
WATCH_FOR_LOST_FOCUS = """() => {
  window.__focusLost = [];
  const watch = () => {
    const el = document.activeElement;
    if (!el || el === document.body) {
      window.__focusLost.push(Math.round(performance.now()));
    }
    requestAnimationFrame(watch);
  };
  requestAnimationFrame(watch);
}"""
# Resolves once the map and its clusters have not moved for five frames.
MAP_AT_REST = """async () => {
  const pane = document.querySelector("#idea-map .leaflet-map-pane");
  for (let still = 0; still < 5; ) {
    await new Promise(resolve => requestAnimationFrame(resolve));
    still = /leaflet-(zoom|pan|cluster)-anim/.test(pane.className) ? 0 : still + 1;
  }
}"""
# True once the focus has moved on from ``window.__before`` to an icon in the map (a
# cluster or a marker) and the map and its clusters are at rest.
FOCUS_MOVED_ON_IN_THE_RESTING_MAP = """() => {
  const el = document.activeElement;
  const pane = document.querySelector("#idea-map .leaflet-map-pane");
  return el !== window.__before && el.matches("#idea-map .leaflet-marker-icon")
    && !/leaflet-(zoom|pan|cluster)-anim/.test(pane.className);
}"""
# The focused icon, after ten more frames (it must still have the focus then).
FOCUSED_ICON = """async () => {
  const el = document.activeElement;
  for (let frame = 0; frame < 10; frame += 1) {
    await new Promise(resolve => requestAnimationFrame(resolve));
  }
  const map = document.querySelector("#idea-map").getBoundingClientRect();
  const rect = el.getBoundingClientRect();
  const middle = [rect.left + rect.width / 2, rect.top + rect.height / 2];
  return {
    kept: document.activeElement === el && el.isConnected,
    cluster: el.classList.contains("idea-cluster"),
    count: parseInt(el.textContent, 10) || 0,
    title: el.getAttribute("title") || "",
    inView: middle[0] > map.left && middle[0] < map.right
      && middle[1] > map.top && middle[1] < map.bottom,
  };
}"""


def map_ready(page, count: int) -> None:
    """Wait for the ideas on the map and for its first zoom to end (a cluster does not
    open while the clusters are still moving)."""
    expect(page.locator("#idea-map-status")).to_contain_text(f"{count} Ideen auf der Karte")
    page.evaluate(MAP_AT_REST)


def open_cluster(page, key: str = "Enter") -> dict:
    """Press ``key`` on the focused cluster icon; return the icon that has the focus once
    the map has come to rest (and still has it ten frames later)."""
    page.evaluate("() => { window.__before = document.activeElement; }")
    page.keyboard.press(key)
    try:
        page.wait_for_function(FOCUS_MOVED_ON_IN_THE_RESTING_MAP, timeout=10_000)
    except PlaywrightTimeoutError:
        where = page.evaluate(
            "() => { const el = document.activeElement;"
            " return el.tagName + '#' + el.id + '.' + el.className; }"
        )
        pytest.fail(f"{key} on a cluster: the focus stayed on {where}")
    icon = page.evaluate(FOCUSED_ICON)
    assert icon["kept"], f"the focus did not stay on {icon}"
    assert icon["inView"], f"focused outside the map's view: {icon}"
    return icon


def list_order(page, prefix: str) -> list[str]:
    titles = page.locator("#idea-list [id^='idea-'][id$='-title']").all_inner_texts()
    return [title.strip() for title in titles if title.strip().startswith(prefix)]


def test_enter_on_clusters_moves_the_focus_to_what_they_split_into_down_to_a_marker(
    page, browser_log
):
    project = ProjectFactory(title="Smarte Laternen", slug="laternen", area=None)
    PhaseFactory(project=project)
    # Two pairs some 300 m apart, each pair 40 m apart, and one idea far away: a cluster
    # of four that splits into two clusters of two and then into markers.
    for pair, longitude in (("A", 11.5890), ("B", 11.5930)):
        for number in (1, 2):
            IdeaFactory(
                project=project,
                title=f"Laterne {pair}{number}",
                location=point(longitude + (number - 1) * 0.0006, 50.9284),
            )
    IdeaFactory(project=project, title="Weit weg", location=point(11.62, 50.88))

    page.goto("/beteiligung/laternen/ideen/")
    map_ready(page, 5)
    expect(page.locator("#idea-map .idea-cluster")).to_have_count(1)
    tab_to(page, "#idea-map .idea-cluster")
    page.evaluate(WATCH_FOR_LOST_FOCUS)

    # Enter on a cluster zooms in one step of the clustering (as a click does); how many
    # steps until it splits depends on the map's size. Each time the focus moves on to a
    # cluster or a marker that shows the cluster's ideas: never the map, never <body>.
    count = 4
    for _step in range(8):
        icon = open_cluster(page)
        if not icon["cluster"]:
            break
        assert 2 <= icon["count"] <= count, icon
        count = icon["count"]
    assert not icon["cluster"], f"no marker after 8 steps: {icon}"
    # The status line (role="status") says what happened, for screen readers.
    expect(page.locator("#idea-map-status")).to_contain_text("Gruppe mit 2 Ideen geöffnet.")
    # Each time the one holding the first of the cluster's ideas in the list's order.
    assert icon["title"] == list_order(page, "Laterne ")[0], icon

    # Enter on the marker opens its popup with the focus on the idea's link.
    popup_link = page.locator("#idea-map .leaflet-popup-content a")
    page.keyboard.press("Enter")
    expect(popup_link).to_have_text(icon["title"])
    expect(popup_link).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator(f"#idea-map .leaflet-marker-icon[title='{icon['title']}']")).to_be_focused()
    assert page.evaluate("() => window.__focusLost") == []
    browser_log.assert_clean()


def test_a_cluster_at_one_spot_spreads_out_and_focuses_its_first_idea(page, browser_log):
    project = ProjectFactory(title="Smarte Laternen", slug="laternen", area=None)
    PhaseFactory(project=project)
    for number in (1, 2, 3):  # the very same spot: no zoom separates them
        IdeaFactory(project=project, title=f"Bank {number}", location=point(11.5890, 50.9284))
    IdeaFactory(project=project, title="Weit weg", location=point(11.62, 50.88))

    page.goto("/beteiligung/laternen/ideen/")
    map_ready(page, 4)
    first = list_order(page, "Bank ")[0]
    cluster = "#idea-map .idea-cluster"
    tab_to(page, cluster)
    page.evaluate(WATCH_FOR_LOST_FOCUS)

    # Space (as on any button) spreads the cluster out, without a zoom; the focus goes to
    # the marker of its first idea in the list's order.
    icon = open_cluster(page, "Space")
    assert not icon["cluster"] and icon["title"] == first, icon
    expect(page.locator("#idea-map .leaflet-marker-icon[title^='Bank ']")).to_have_count(3)

    # Enter on the spread-out cluster again: nothing moves, the focus still goes on.
    shift_tab_to(page, cluster, limit=10)
    icon = open_cluster(page)
    assert not icon["cluster"] and icon["title"] == first, icon

    popup_link = page.locator("#idea-map .leaflet-popup-content a")
    page.keyboard.press("Enter")
    expect(popup_link).to_have_text(first)
    expect(popup_link).to_be_focused()
    assert page.evaluate("() => window.__focusLost") == []
    browser_log.assert_clean()


@pytest.fixture
def demo(transactional_db, settings, demo_snapshot_dir):
    settings.DEBUG = False
    district_cache_clear()
    demo_site(demo_snapshot_dir)
    district_cache_clear()
    yield
    district_cache_clear()


def test_every_focused_element_is_visible_with_a_focus_indicator(page, browser_log, demo):
    resident = UserFactory(email="fokus@example.org", display_name="Fokus")
    open_for_ideas = next(p for p in Project.objects.order_by("pk") if phase_allowing(p, "ideas"))
    voting = next(p for p in Project.objects.order_by("pk") if phase_allowing(p, "votes"))
    idea = Idea.objects.filter(project=voting, is_hidden=False, location__isnull=False).first()
    measure = Measure.objects.filter(location__isnull=False, is_public=True).first()
    # Something in the notification centre: a reply to an idea the resident follows.
    follow_create(user=resident, target=idea)
    comment_create(author=UserFactory(), text="Gute Idee, sehe ich auch so.", idea=idea)
    assert resident.notifications.exists()
    sign_in_by_keyboard(page, resident)
    paths = [
        "/",
        "/strategie/",
        f"/strategie/massnahmen/{measure.slug}/",
        f"/beteiligung/{voting.slug}/",
        f"/beteiligung/{voting.slug}/ideen/",
        f"/beteiligung/{voting.slug}/ideen/{idea.pk}/",
        f"/beteiligung/{open_for_ideas.slug}/ideen/neu/",
        "/beteiligung/benachrichtigungen/",
        "/konto/profil/",
        f"/en/beteiligung/{voting.slug}/ideen/",
    ]
    found = {}
    for path in paths:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        problems = walk_with_tab(page)
        if problems:
            found[path] = problems
    assert found == {}, json.dumps(found, indent=2, ensure_ascii=False)

    # Backwards through the page with the map and the list: no trap either way.
    page.goto(f"/beteiligung/{voting.slug}/ideen/")
    page.wait_for_load_state("networkidle")
    tab_to(page, "footer a[href]", limit=400)
    shift_tab_to(page, ".skip-link", limit=400)
    browser_log.assert_clean()


def test_the_focus_walk_itself_notices_a_missing_focus_ring_and_lost_focus(page):
    """Guards the walk above against passing vacuously."""
    page.goto("/impressum/")
    # Through the CSSOM (allowed by the CSP, unlike a style attribute or element).
    page.evaluate(
        "() => { const link = document.querySelector('footer a[href]');"
        " link.style.outline = 'none'; link.style.boxShadow = 'none'; }"
    )
    assert any(
        "no visible focus indicator" in problem and "Impressum" in problem
        for problem in walk_with_tab(page)
    )

    page.goto("/impressum/")
    page.evaluate(
        "() => document.querySelector('main a[href], main button, footer a[href]')"
        ".addEventListener('focus', event => event.target.blur())"
    )
    assert "focus lost to <body> before the end of the page" in walk_with_tab(page)


def test_without_javascript_the_list_offers_no_map_buttons(browser, live_server, transactional_db):
    project = ProjectFactory(title="Smarte Laternen", slug="laternen", area=None)
    PhaseFactory(project=project)
    idea = IdeaFactory(project=project, title="Laterne in Winzerla")
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/beteiligung/laternen/ideen/")
        expect(page.locator(f"#idea-{idea.pk}-title")).to_be_visible()
        expect(page.locator(f"[data-show-on-map='{idea.pk}']")).to_be_hidden()
    finally:
        context.close()
