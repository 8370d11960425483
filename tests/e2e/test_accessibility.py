"""Automated WCAG 2.1 A/AA checks with axe-core (from npm, injected from node_modules):
the checker every browser test uses (``axe_violations``), and a test that it reports a
planted violation. The pages themselves are checked in ``test_all_main_pages.py`` (every
main page, in German and English, for every role, with the Jena demo data) and in the
journeys.

axe finds about half of all accessibility problems (contrast, names, labels, landmarks,
ARIA); keyboard use is covered by the journeys in the other e2e tests."""

import functools
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.e2e

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@functools.cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def axe_violations(page) -> list[dict]:
    # Evaluated through the DevTools protocol, which the site's Content-Security-Policy
    # does not govern (a <script> tag with axe's source would be refused, rightly).
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    violations = page.evaluate(
        # Only the violations are gathered in full (not every passing node): the same
        # findings, about a third faster.
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']}).then(result => result.violations)",
        WCAG_TAGS,
    )
    return [
        {
            "id": v["id"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in violations
    ]


def test_the_checker_itself_reports_a_planted_violation(page):
    """Guards the page checks against passing vacuously (axe not loaded, wrong tags)."""
    assert AXE.is_file(), "axe-core is missing: run `npm ci` (make setup)"
    page.goto("/impressum/")
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML("
        "'beforeend', '<img src=\"x.png\"><input type=\"text\">')"
    )
    assert {"image-alt", "label"} <= {v["id"] for v in axe_violations(page)}
