"""Demo data of the reports: a council member and one published status report (the
first half of the current year), generated from the Jena demo data."""

from __future__ import annotations

import datetime

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from reports import services
from reports.models import StatusReport

DEMO_COUNCIL_EMAIL = "stadtrat@jena-smart.example"
DEMO_COUNCIL_PASSWORD = "Jena-Smart-Stadtrat-2026"  # noqa: S105 - printed demo credentials
DEMO_COUNCIL_NAME = "Demo-Stadtratsmitglied"
DEMO_REPORT_TITLE = "Sachstandsbericht Smart City 1/{year}"


def council_member_ensure():
    User = get_user_model()
    user = User.objects.filter(email=DEMO_COUNCIL_EMAIL).first()
    if user is None:
        user = User.objects.create_user(
            email=DEMO_COUNCIL_EMAIL,
            password=DEMO_COUNCIL_PASSWORD,
            display_name=DEMO_COUNCIL_NAME,
        )
    elif not user.check_password(DEMO_COUNCIL_PASSWORD):
        user.set_password(DEMO_COUNCIL_PASSWORD)
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(
        user=user, email=DEMO_COUNCIL_EMAIL, defaults={"verified": True, "primary": True}
    )
    user.groups.add(Group.objects.get_or_create(name=settings.COUNCIL_GROUP_NAME)[0])
    return user


def demo_report_ensure(*, actor=None) -> StatusReport:
    """The published report of the first half of this year (created and generated once)."""
    year = timezone.localdate().year
    title = DEMO_REPORT_TITLE.format(year=year)
    report = StatusReport.objects.filter(title=title).first()
    if report is None:
        report = StatusReport.objects.create(
            title=title,
            period_start=datetime.date(year, 1, 1),
            period_end=datetime.date(year, 6, 30),
            as_of=datetime.date(year, 6, 30),
            summary=(
                "Dieser Bericht ist ein Beispiel aus den Demodaten von Jena Smart. Er zeigt, "
                "wie der halbjährliche Sachstandsbericht an den Stadtrat aus den Daten des "
                "Portals entsteht."
            ),
            council_paper_number=f"{year % 100}/0000-BE",
            created_by=actor,
            state=StatusReport.State.QUEUED,
        )
    if report.state in (StatusReport.State.QUEUED, StatusReport.State.FAILED):
        StatusReport.objects.filter(pk=report.pk).update(state=StatusReport.State.QUEUED)
        services.report_generate(report.pk)
        report.refresh_from_db()
    if report.state == StatusReport.State.READY:
        report.state = StatusReport.State.PUBLISHED
        report.published_at = timezone.now()
        report.save(update_fields=["state", "published_at", "updated_at"])
    return report
