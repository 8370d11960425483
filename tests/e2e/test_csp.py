"""The strict Content-Security-Policy in a real browser: an injected inline script is
refused (and the tests would see it), while the site's own scripts — the maps, the
admin's map widget with its nonce — run without a single violation."""

import pytest
from playwright.sync_api import expect

from tests.factories import MeasureFactory, SuperuserFactory

pytestmark = pytest.mark.e2e


def test_an_injected_inline_script_is_refused_and_reported(page, browser_log):
    page.goto("/")
    ran = page.evaluate(
        """() => new Promise(resolve => {
            window.__injected = false;
            document.addEventListener('securitypolicyviolation', () => resolve(window.__injected));
            const s = document.createElement('script');
            s.textContent = 'window.__injected = true';
            document.body.appendChild(s);
        })"""
    )
    assert ran is False
    assert any("CSP violation: script-src" in error for error in browser_log.console_errors)


def test_the_admin_map_widget_runs_under_the_policy(page, browser_log):
    admin = SuperuserFactory()
    measure = MeasureFactory()
    page.goto("/admin/login/")
    page.get_by_label("E-Mail-Adresse").fill(admin.email)
    page.get_by_label("Passwort").fill("correct horse battery staple")
    page.get_by_role("button", name="Anmelden").click()
    page.goto(f"/admin/measures/measure/{measure.pk}/change/")
    expect(page.locator(".leaflet-container").first).to_be_visible()
    browser_log.assert_clean()
