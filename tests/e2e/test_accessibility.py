"""Automated WCAG 2.1 A/AA checks with axe-core (from npm, injected from node_modules)
on every public page of the strategy, in German and English, with the Jena demo data.

axe finds about half of all accessibility problems (contrast, names, labels, landmarks,
ARIA); keyboard use is covered by the journeys in the other e2e tests."""

import json
from pathlib import Path

import pytest
from django.conf import settings

from measures.models import Measure, MeasureBundle
from tests.demo_snapshot import demo_site

pytestmark = pytest.mark.e2e

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[dict]:
    # Evaluated through the DevTools protocol, which the site's Content-Security-Policy
    # does not govern (a <script> tag with axe's source would be refused, rightly).
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [
        {
            "id": v["id"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]


@pytest.fixture
def demo(transactional_db, demo_snapshot_dir):
    demo_site(demo_snapshot_dir)
    located = Measure.objects.filter(location__isnull=False).first()
    return {
        "measure": located or Measure.objects.first(),
        "bundle": MeasureBundle.objects.first(),
    }


def test_public_pages_have_no_wcag_violations(page, demo):
    assert AXE.is_file(), "axe-core is missing: run `npm ci` (make setup)"
    measure, bundle = demo["measure"], demo["bundle"]
    paths = [
        "/",
        "/strategie/",
        f"/strategie/buendel/{bundle.slug}/",
        "/strategie/massnahmen/",
        "/strategie/massnahmen/?status=foo&delayed=true",
        f"/strategie/massnahmen/{measure.slug}/",
        "/impressum/",
        "/barrierefreiheit/",
        "/accounts/login/",
        "/accounts/signup/",
        "/en/strategie/",
        f"/en/strategie/massnahmen/{measure.slug}/",
        "/strategie/berichte/",
        "/offene-daten/",
        "/en/offene-daten/",
    ]
    found = {}
    for path in paths:
        page.goto(path)
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    assert found == {}, json.dumps(found, indent=2, ensure_ascii=False)


def test_the_checker_itself_reports_a_planted_violation(page):
    """Guards the test above against passing vacuously (axe not loaded, wrong tags)."""
    page.goto("/impressum/")
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML("
        "'beforeend', '<img src=\"x.png\"><input type=\"text\">')"
    )
    assert {"image-alt", "label"} <= {v["id"] for v in axe_violations(page)}
