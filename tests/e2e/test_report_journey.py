"""City staff create a status report, generate it (HTML + PDF) and publish it; a council
member reads the dashboard and the report; a resident finds the published report and
its PDF. Every page passes axe (WCAG 2.1 A/AA)."""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from participation.notifications.models import Notification, NotificationKind
from reports.models import StatusReport
from tests.e2e.helpers import check_axe, sign_in
from tests.factories import (
    MeasureBundleFactory,
    MeasureFactory,
    ProgressUpdateFactory,
    UserFactory,
)

pytestmark = pytest.mark.e2e


def test_staff_generate_and_publish_a_report_council_and_residents_read_it(page, browser_log):
    today = datetime.date.today()
    bundle = MeasureBundleFactory(title="Urbane Daten")
    measure = MeasureFactory(bundle=bundle, code="1.1", title="Urbane Datenplattform")
    ProgressUpdateFactory(measure=measure, date=today - datetime.timedelta(days=20),
                          progress=65, text="Zwölf neue Datensätze sind veröffentlicht.")
    staff = UserFactory(is_staff=True, email="berichte@jena.example")
    for codename in ("add_statusreport", "change_statusreport", "publish_statusreport"):
        staff.user_permissions.add(Permission.objects.get(codename=codename))
    council = UserFactory(email="stadtrat@jena.example")
    council.groups.add(Group.objects.get_or_create(name=settings.COUNCIL_GROUP_NAME)[0])
    found: dict = {}

    sign_in(page, staff)
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Berichte"
    ).click()
    check_axe(page, found)
    page.get_by_role("link", name="Neuen Bericht anlegen").click()
    check_axe(page, found)
    page.get_by_label("Titel").fill("Sachstandsbericht 2/2026")
    start = today - datetime.timedelta(days=180)
    page.get_by_label("Berichtszeitraum von").fill(start.isoformat())
    page.get_by_label("Berichtszeitraum bis").fill(today.isoformat())
    page.get_by_label("Stand vom").fill(today.isoformat())
    page.locator("#id_council_paper_number").fill("26/1234-BE")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Der Bericht ist gespeichert.")).to_be_visible()

    page.get_by_role("button", name="Bericht erzeugen").click()  # eager Celery: done at once
    expect(page.get_by_role("heading", level=1, name="Sachstandsbericht 2/2026")).to_be_visible()
    expect(page.get_by_text("Zwölf neue Datensätze sind veröffentlicht.")).to_be_visible()
    check_axe(page, found)
    for language in ("Deutsch", "English"):  # one PDF per language
        link = page.get_by_role("link", name=f"PDF herunterladen ({language},")
        pdf = page.request.get(link.get_attribute("href"))  # the signed-in staff member
        assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
        assert pdf.body().startswith(b"%PDF-")

    page.get_by_role("button", name="Veröffentlichen").click()
    expect(page.get_by_text("Der Bericht ist veröffentlicht.")).to_be_visible()
    report = StatusReport.objects.get()
    assert report.is_published
    assert Notification.objects.filter(
        recipient=council, kind=NotificationKind.STATUS_REPORT_PUBLISHED
    ).exists()

    sign_in(page, council)
    page.goto("/strategie/berichte/")
    page.get_by_role("link", name="Zum Dashboard").click()
    expect(page.get_by_role("heading", level=1, name="Dashboard für den Stadtrat")).to_be_visible()
    expect(page.get_by_role("table", name="Maßnahmen nach Status")).to_be_visible()
    check_axe(page, found)

    page.context.clear_cookies()
    page.goto("/strategie/berichte/")
    page.get_by_role("link", name="Sachstandsbericht 2/2026", exact=True).click()
    expect(page.get_by_text("Urbane Datenplattform").first).to_be_visible()
    check_axe(page, found)
    page.goto("/en/strategie/berichte/")
    check_axe(page, found)

    assert found == {}, found
    browser_log.assert_clean()
