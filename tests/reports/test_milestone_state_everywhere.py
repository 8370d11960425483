"""A milestone that was not reached reads the same on the measure's page, in the API, in
the status report and in the open data: overdue (and the measure delayed) while the
measure runs; missed ("nicht erreicht", the measure not delayed) once the measure is
completed or discontinued. The API used to call the latter overdue."""

import datetime
import json
import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from measures.models import Status
from reports import services
from reports.models import StatusReport
from tests.factories import (
    MeasureFactory,
    MilestoneFactory,
    ProgressUpdateFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
MILESTONE = "Pilotbetrieb gestartet"

# status -> (the page's words, the API's state and is_overdue, the measure delayed)
EXPECTED = {
    Status.IN_PROGRESS: ("überfällig", "overdue", True, True),
    Status.COMPLETED: ("nicht erreicht", "missed", False, False),
    Status.DISCONTINUED: ("nicht erreicht", "missed", False, False),
}


@pytest.fixture
def measures():
    """One measure per status, each with a milestone due 20 days ago and never reached;
    the planned end lies ahead, so only the milestone can make a measure delayed."""
    made = {}
    for index, status in enumerate(EXPECTED, start=1):
        measure = MeasureFactory(
            code=f"4.{index}",
            slug=f"massnahme-{status}",
            status=status,
            progress=100 if status == Status.COMPLETED else 60,
            planned_end=TODAY + 200 * DAY,
            last_update_on=TODAY - 10 * DAY,
        )
        ProgressUpdateFactory(
            measure=measure,
            date=TODAY - 10 * DAY,
            status=status,
            progress=measure.progress,
            reason="" if status == Status.IN_PROGRESS else "Der Auftrag ist entfallen.",
        )
        MilestoneFactory(measure=measure, title=MILESTONE, due_on=TODAY - 20 * DAY)
        made[status] = measure
    return made


def page_state(client, measure) -> str:
    html = client.get(reverse("measures:measure-detail", kwargs={"slug": measure.slug}))
    table = html.content.decode().split('id="milestones-caption"')[1].split("</table>")[0]
    row = re.search(rf"{MILESTONE}</th>(.*?)</tr>", table, flags=re.S).group(1)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()


def generated_report(django_capture_on_commit_callbacks) -> StatusReport:
    reporter = UserFactory(is_staff=True)
    reporter.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="reports",
            codename__in=["add_statusreport", "change_statusreport"],
        )
    )
    reporter = type(reporter).objects.get(pk=reporter.pk)
    report = services.report_save(
        actor=reporter,
        data={
            "title": "Sachstandsbericht",
            "period_start": TODAY - 60 * DAY,
            "period_end": TODAY,
            "as_of": TODAY,
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.report_request_generation(actor=reporter, report=report)
    report.refresh_from_db()
    assert report.state == StatusReport.State.READY, report.error
    return report


def test_page_api_report_and_open_data_agree_on_an_unreached_milestone(
    client, measures, django_capture_on_commit_callbacks
):
    report_row = generated_report(django_capture_on_commit_callbacks)
    snapshot = report_row.snapshot
    report_text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", report_row.html))
    in_report = {
        m["code"]: m for bundle in snapshot["strategy"]["bundles"] for m in bundle["measures"]
    }
    response = client.get(reverse("opendata:file-massnahmen-json"))
    open_data = json.loads(
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    in_open_data = {m["code"]: m for m in open_data["measures"]}

    for status, (words, state, is_overdue, delayed) in EXPECTED.items():
        measure = measures[status]
        api = client.get(f"/api/v1/measures/{measure.slug}/").json()
        report = in_report[measure.code]

        assert page_state(client, measure).split(" ", 1)[1] == words, status  # after the date
        assert api["milestones"][0]["state"] == state, status
        assert api["milestones"][0]["is_overdue"] is is_overdue, status
        assert [m["state"] for m in report["milestones_in_period"]] == [state], status
        # The report's text says what the page says.
        line = rf"{measure.code}\b.*?{MILESTONE} – fällig am [\d.]+, {words}"
        assert re.search(line, report_text), status

        assert api["is_delayed"] is delayed, status
        assert (report["delay"] is not None) is delayed, status
        assert in_open_data[measure.code]["delayed"] is delayed, status
        if delayed:
            assert [m["title"] for m in report["delay"]["overdue_milestones"]] == [MILESTONE]
    assert snapshot["strategy"]["totals"]["delayed"] == 1
