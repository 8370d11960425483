"""Notifications in a real browser: the unread count in the header, the notification
centre (mark one read with the keyboard, mark all read), the e-mail preferences, and the
unsubscribe page signed out; axe-core's WCAG 2.1 A/AA checks on every page."""

import re

import pytest
from playwright.sync_api import expect

from participation.notifications.delivery import unsubscribe_token
from participation.notifications.models import Delivery, NotificationKind, NotificationPreference
from participation.notifications.services import notify
from tests.e2e.helpers import check_axe, sign_in
from tests.e2e.test_accessibility import AXE
from tests.factories import IdeaFactory, UserFactory

pytestmark = pytest.mark.e2e


def header_name(count: int) -> re.Pattern:
    """The header link's accessible name: "Benachrichtigungen (3 ungelesen)"."""
    return re.compile(rf"^Benachrichtigungen \({count} ungelesen\s*\)$")


def test_a_resident_reads_notifications_and_chooses_e_mails(page, browser_log):
    assert AXE.is_file(), "axe-core is missing: run `npm ci` (make setup)"
    resident = UserFactory()
    for number in range(3):
        idea = IdeaFactory(title=f"Idee Nummer {number}")
        notify(
            recipients=[resident], kind=NotificationKind.COMMENT_ON_MY_IDEA,
            event_key=f"e2e:{idea.pk}", url=idea.get_absolute_url(),
            context={"idea": idea.title, "actor": "Bernd", "excerpt": "Gute Idee!"},
            idea=idea, project=idea.project,
        )
    found: dict = {}

    sign_in(page, resident)
    header_link = page.get_by_role("link", name=header_name(3))
    expect(header_link).to_be_visible()
    with page.expect_navigation():
        header_link.click()
    check_axe(page, found)
    expect(page.locator(".notification--unread")).to_have_count(3)

    button = page.get_by_role("button", name=re.compile(r"^Als gelesen markieren.*Nummer 2"))
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".notification--unread")).to_have_count(2)
    expect(page.get_by_role("link", name=header_name(2))).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="Alle als gelesen markieren").click()
    expect(page.locator(".notification--unread")).to_have_count(0)
    check_axe(page, found)

    with page.expect_navigation():
        page.get_by_role("link", name="E-Mail-Einstellungen").first.click()
    check_axe(page, found)
    page.get_by_label("Kommentar zu meiner Idee").select_option(Delivery.DAILY)
    with page.expect_navigation():
        page.get_by_role("button", name="Einstellungen speichern").click()
    expect(page.locator(".site-messages")).to_contain_text("gespeichert")
    assert NotificationPreference.objects.get(user=resident).delivery == Delivery.DAILY

    page.context.clear_cookies()  # signed out: the link in the e-mail still works
    token = unsubscribe_token(user_id=resident.pk, scope=NotificationKind.NEW_IDEA)
    page.goto(f"/beteiligung/benachrichtigungen/abbestellen/{token}/")
    check_axe(page, found)
    with page.expect_navigation():
        page.get_by_role("button", name="Ja, abbestellen").click()
    expect(page.get_by_role("status")).to_contain_text("Erledigt")
    check_axe(page, found)
    assert NotificationPreference.objects.get(
        user=resident, kind=NotificationKind.NEW_IDEA
    ).delivery == Delivery.OFF

    assert found == {}, found
    browser_log.assert_clean()
