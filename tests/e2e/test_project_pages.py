"""A visitor finds a participation project in a real browser: the list of projects → the
project page, the phase timeline reached and read with the keyboard, and axe-core's
WCAG 2.1 A/AA checks on both pages."""

import datetime
import json
import re

import pytest
from django.utils import timezone

from geo.models import District
from projects.models import Phase, Project
from tests.e2e.test_accessibility import AXE, axe_violations
from tests.factories import (
    CategoryFactory,
    MeasureFactory,
    OrganisationalUnitFactory,
    PhaseFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.e2e

MAX_TABS = 60


def build_projects() -> Project:
    now = timezone.now()
    day = datetime.timedelta(days=1)
    project = ProjectFactory(
        title="Smarte Straßenbeleuchtung",
        slug="smarte-beleuchtung",
        summary="Wo soll die Stadt smarte Laternen testen?",
        description="Die Stadt testet Laternen, die nur bei Bedarf hell werden.\n\nMachen Sie mit!",
        responsible_unit=OrganisationalUnitFactory(name="Fachdienst Mobilität"),
    )
    square = [[[11.55, 50.90], [11.60, 50.90], [11.60, 50.95], [11.55, 50.95], [11.55, 50.90]]]
    project.districts.add(
        District.objects.create(
            name="Lobeda", slug="lobeda", boundary={"type": "MultiPolygon", "coordinates": [square]}
        )
    )
    project.measures.add(MeasureFactory(code="3.2", title="Intelligente Laternen"))
    CategoryFactory(project=project, name="Beleuchtung")
    PhaseFactory(
        project=project,
        type=Phase.Type.INFORMATION,
        start=now - 20 * day,
        end=now - 5 * day,
        allows_ideas=False,
        allows_comments=False,
    )
    PhaseFactory(project=project, start=now - 5 * day, end=now + 10 * day)
    PhaseFactory(
        project=project,
        type=Phase.Type.VOTING,
        start=now + 10 * day,
        end=now + 20 * day,
        allows_ideas=False,
        allows_votes=True,
        votes_per_person=3,
    )
    finished = ProjectFactory(title="Digitale Bürgerbefragung", slug="befragung")
    PhaseFactory(project=finished, start=now - 60 * day, end=now - 30 * day)
    ProjectFactory(title="Geheimer Entwurf", status=Project.Status.DRAFT)
    return project


def focused(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return {tag: el.tagName.toLowerCase(), href: el.getAttribute('href'),
                    text: (el.textContent || '').trim(),
                    outline: getComputedStyle(el).outlineStyle};
        }"""
    )


def tab_until(page, predicate, what: str) -> dict:
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        element = focused(page)
        if predicate(element):
            return element
    raise AssertionError(f"{what} not reached with {MAX_TABS} presses of Tab")


def test_visitor_goes_from_the_list_to_a_project_and_reads_its_timeline_with_the_keyboard(
    page, browser_log, transactional_db
):
    project = build_projects()

    # The list: the running project first, with its phase in words; no draft.
    assert page.goto("/beteiligung/").status == 200
    assert page.locator("main h1").inner_text() == "Beteiligung"
    cards = page.locator(".projects-card")
    assert cards.count() == 2
    first = cards.nth(0)
    assert "Smarte Straßenbeleuchtung" in first.inner_text()
    assert re.search(r"Jetzt: Ideen sammeln bis \d+\. \w+", first.inner_text())
    assert "Ortsteil: Lobeda" in first.inner_text()
    assert "Abgeschlossen" in cards.nth(1).inner_text()
    assert "Geheimer Entwurf" not in page.locator("main").inner_text()

    # With the keyboard to the project.
    link = tab_until(
        page, lambda el: el["href"] == f"/beteiligung/{project.slug}/", "the project's link"
    )
    assert link["text"] == "Smarte Straßenbeleuchtung"
    assert link["outline"] != "none", "the focused link shows a focus outline"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/beteiligung/{project.slug}/$"))
    assert page.locator("main h1").inner_text() == "Smarte Straßenbeleuchtung"

    # "Was Sie jetzt tun können" in plain words.
    now_box = page.get_by_role("region", name="Was Sie jetzt tun können")
    assert "Ideen einreichen ist bis" in now_box.inner_text()
    assert "Abstimmen beginnt am" in now_box.inner_text()

    # From the page's table of contents to the timeline, with the keyboard.
    tab_until(page, lambda el: el["href"] == "#ablauf", "the link to the timeline")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#ablauf$"))
    timeline = page.locator("#phase-timeline")
    assert timeline.is_visible()
    steps = timeline.locator("> li")
    assert steps.count() == 3
    current = timeline.locator('li[aria-current="step"]')
    assert current.count() == 1
    assert "Phase 2 von 3 · läuft jetzt" in current.inner_text()
    assert "Möglich: Ideen einreichen und kommentieren." in current.inner_text()
    assert "abgeschlossen" in steps.nth(0).inner_text()
    assert "geplant" in steps.nth(2).inner_text()
    assert "bis zu 3 Ideen unterstützen" in steps.nth(2).inner_text()
    # Reading on from the timeline, the next stop of Tab is after it, not back at the top.
    after = tab_until(page, lambda el: el["tag"] == "a", "a link after the timeline")
    box = page.evaluate(
        "() => document.activeElement.compareDocumentPosition("
        "document.getElementById('phase-timeline'))"
    )
    assert box & 2, f"focus moved on from the timeline ({after}), not back before it"

    # The linked measure is a link to its page.
    assert page.get_by_role("link", name="3.2 Intelligente Laternen").is_visible()
    browser_log.assert_clean()


def test_project_pages_have_no_wcag_violations(page, transactional_db):
    assert AXE.is_file(), "axe-core is missing: run `npm ci` (make setup)"
    project = build_projects()
    found = {}
    for path in (
        "/beteiligung/",
        f"/beteiligung/{project.slug}/",
        "/beteiligung/befragung/",
        "/en/beteiligung/",
        f"/en/beteiligung/{project.slug}/",
    ):
        assert page.goto(path).status == 200, path
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    assert found == {}, json.dumps(found, indent=2, ensure_ascii=False)


def test_project_pages_work_without_javascript(browser, live_server, transactional_db):
    project = build_projects()
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, locale="de-DE"
    )
    try:
        page = context.new_page()
        assert page.goto("/beteiligung/").status == 200
        page.get_by_role("link", name="Smarte Straßenbeleuchtung").click()
        page.wait_for_url(re.compile(rf"/beteiligung/{project.slug}/$"))
        assert "läuft jetzt" in page.locator("#phase-timeline").inner_text()
    finally:
        context.close()
