"""Steps that many browser journeys share."""

import pytest
from playwright.sync_api import expect

from tests.e2e.test_accessibility import axe_violations
from tests.factories import DEFAULT_PASSWORD


def sign_in(page, user, password: str = DEFAULT_PASSWORD) -> None:
    """Sign in through allauth's login page (a fresh session: cookies cleared first)."""
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("E-Mail-Adresse").fill(user.email)
    page.get_by_label("Passwort").fill(password)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".site-account__name")).to_be_visible()


def check_axe(page, found: dict) -> None:
    """Collect axe-core's WCAG 2.1 A/AA violations of the current page into ``found``."""
    violations = axe_violations(page)
    if violations:
        found[page.url] = violations


def tab_to(page, selector: str, limit: int = 120, *, key: str = "Tab") -> None:
    """Press Tab (or ``key="Shift+Tab"``, backwards) until ``selector`` has the focus:
    proves it is reachable by keyboard."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
        page.keyboard.press(key)
    pytest.fail(f"{selector} not reached with {key}")
