"""Status reports for the council: generated (Celery, eager here) into a frozen snapshot,
HTML and PDF; drafts for council and staff only; published for everyone, with
notifications; failures shown and retryable."""

import datetime
import io
from decimal import Decimal
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from geo.models import District
from measures.models import Status
from measures.services import progress_update_publish
from participation.notifications.models import Follow, Notification, NotificationKind
from reports import services
from reports.models import StatusReport
from reports.render import render_body
from tests.factories import (
    CommentFactory,
    CoreAreaFactory,
    IdeaFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    MeasureBundleFactory,
    MeasureFactory,
    MilestoneFactory,
    ProgressUpdateFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PERIOD = {
    "period_start": datetime.date(2026, 1, 1),
    "period_end": datetime.date(2026, 6, 30),
    "as_of": datetime.date(2026, 6, 30),
}
SQUARE = {
    "type": "MultiPolygon",
    "coordinates": [
        [[[11.55, 50.90], [11.62, 50.90], [11.62, 50.95], [11.55, 50.95], [11.55, 50.90]]]
    ],
}


def staff_user(*perms: str):
    user = UserFactory(is_staff=True)
    for perm in perms:
        app, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app, codename=codename)
        )
    return type(user).objects.get(pk=user.pk)  # fresh permission cache


@pytest.fixture
def reporter():
    return staff_user("reports.add_statusreport", "reports.change_statusreport")


@pytest.fixture
def publisher():
    return staff_user("reports.add_statusreport", "reports.publish_statusreport")


@pytest.fixture
def council_member():
    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=settings.COUNCIL_GROUP_NAME)[0])
    return user


@pytest.fixture
def strategy():
    """Two bundles, measures with updates before and in the period, a delayed measure
    with a reason, an indicator, a district with an idea."""
    area = CoreAreaFactory(title="Smarte Mobilität")
    bundle = MeasureBundleFactory(title="Mobilität und Verkehr", core_areas=[area])
    sensors = MeasureFactory(
        bundle=bundle,
        code="1.1",
        title="Sensoren für Parkplätze",
        planned_end=datetime.date(2027, 12, 31),
    )
    ProgressUpdateFactory(
        measure=sensors,
        date=datetime.date(2025, 12, 1),
        progress=20,
        text="Ausschreibung vorbereitet.",
    )
    ProgressUpdateFactory(
        measure=sensors,
        date=datetime.date(2026, 4, 15),
        progress=70,
        text="Die Hälfte der Sensoren misst.",
    )
    late = MeasureFactory(
        bundle=bundle, code="1.2", title="Digitale Ampeln", planned_end=datetime.date(2026, 3, 31)
    )
    ProgressUpdateFactory(
        measure=late,
        date=datetime.date(2026, 5, 2),
        progress=35,
        status=Status.IN_PROGRESS,
        text="Lieferung verspätet.",
        reason="Der Hersteller liefert die Steuergeräte erst im Herbst.",
    )
    MilestoneFactory(
        measure=late, title="Pilotkreuzung umgerüstet", due_on=datetime.date(2026, 2, 28)
    )
    indicator = IndicatorFactory(
        measure=sensors,
        name="Erfasste Stellplätze",
        unit="Stellplätze",
        baseline_value=Decimal("0"),
        target_value=Decimal("400"),
    )
    IndicatorValueFactory(indicator=indicator, date=datetime.date(2026, 5, 1), value=Decimal("180"))
    MeasureFactory(
        bundle=MeasureBundleFactory(title="Bildung"),
        code="2.1",
        title="Schul-WLAN",
        is_public=False,
    )  # never in a public report
    district = District.objects.create(name="Winzerla", slug="winzerla", boundary=SQUARE)
    IdeaFactory(district=district, created_at=None)
    return {"sensors": sensors, "late": late, "area": area, "bundle": bundle}


def generate(report, actor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.report_request_generation(actor=actor, report=report)
    report.refresh_from_db()
    return report


def new_report(actor, **extra):
    return services.report_save(
        actor=actor,
        data={
            "title": "Sachstandsbericht 1/2026",
            **PERIOD,
            "council_paper_number": "26/0815-BE",
            "council_paper_url": "https://ratsinfo.jena.example/vo/0815",
            **extra,
        },
    )


def pdf_text(report) -> str:
    with report.pdf.open("rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 3
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


# --- generating -----------------------------------------------------------------------------


def test_a_generated_report_is_a_pdf_with_the_sections_and_the_numbers(
    strategy, reporter, django_capture_on_commit_callbacks
):
    report = generate(new_report(reporter), reporter, django_capture_on_commit_callbacks)

    assert report.state == StatusReport.State.READY, report.error
    assert report.progress == 100 and report.generation_seconds > 0
    text = pdf_text(report)
    for expected in (
        "Sachstandsbericht 1/2026",
        "26/0815-BE",
        "1. Januar 2026",
        "30. Juni 2026",
        "Zusammenfassung",
        "Fortschritt nach Kernbereich und Handlungsfeld",
        "Verzögerungen und ihre Gründe",
        "Beteiligung im Berichtszeitraum",
        "1.1 Sensoren für Parkplätze",
        "1.2 Digitale Ampeln",
        "Smarte Mobilität",
        "Die Hälfte der Sensoren misst.",  # the change in the period
        "Der Hersteller liefert die Steuergeräte erst im Herbst.",  # the delay's reason
        "Pilotkreuzung umgerüstet",  # the overdue milestone
        "Erfasste Stellplätze",
        "45 %",  # 180 of 400: the indicator against its target
        "Winzerla",
    ):
        assert expected in text, expected
    assert "Schul-WLAN" not in text  # not public
    snapshot = report.snapshot["strategy"]
    assert snapshot["totals"]["overall"] == 52.5  # (70 + 35) / 2
    assert snapshot["totals"]["delayed"] == 1
    assert snapshot["totals"]["updates_in_period"] == 2
    sensors = snapshot["bundles"][0]["measures"][0]
    assert (sensors["previous"]["progress"], sensors["progress"]) == (20, 70)


def test_the_report_shows_the_state_as_of_its_date_not_today(
    strategy, reporter, django_capture_on_commit_callbacks
):
    ProgressUpdateFactory(
        measure=strategy["sensors"],
        date=datetime.date(2026, 8, 1),
        progress=95,
        text="Fast fertig.",
    )
    report = generate(new_report(reporter), reporter, django_capture_on_commit_callbacks)
    sensors = report.snapshot["strategy"]["bundles"][0]["measures"][0]
    assert sensors["progress"] == 70
    assert "Fast fertig." not in pdf_text(report)


def test_a_published_report_does_not_change_when_measures_change_later(
    strategy, publisher, client, django_capture_on_commit_callbacks
):
    report = generate(new_report(publisher), publisher, django_capture_on_commit_callbacks)
    services.report_publish(actor=publisher, report=report)
    with report.pdf.open("rb") as handle:
        pdf_before = handle.read()
    page_before = client.get(report.get_absolute_url()).content.decode()
    html_before, snapshot_before = report.html, report.snapshot

    progress_update_publish(
        measure=strategy["sensors"],
        actor=None,
        date=datetime.date(2026, 6, 20),
        status=Status.COMPLETED,
        progress=100,
        text="Alle Sensoren messen.",
    )
    strategy["sensors"].title = "Umbenannte Maßnahme"
    strategy["sensors"].save()

    report.refresh_from_db()
    with report.pdf.open("rb") as handle:
        assert handle.read() == pdf_before
    assert (report.html, report.snapshot) == (html_before, snapshot_before)
    page_after = client.get(report.get_absolute_url()).content.decode()
    assert "Sensoren für Parkplätze" in page_after and "Umbenannte Maßnahme" not in page_after
    assert "Alle Sensoren messen." not in page_after
    assert page_after.count("70 %") == page_before.count("70 %")
    with pytest.raises(ValidationError):
        services.report_request_generation(actor=publisher, report=report)
    with pytest.raises(ValidationError):
        services.report_save(actor=publisher, report=report, data={"title": "Anders"})


def test_a_failure_is_shown_on_the_page_and_can_be_retried(
    strategy, reporter, client, django_capture_on_commit_callbacks
):
    report = new_report(reporter)
    with mock.patch("reports.render.render_pdf", side_effect=OSError("Schrift fehlt")):
        report = generate(report, reporter, django_capture_on_commit_callbacks)
    assert report.state == StatusReport.State.FAILED
    assert "Schrift fehlt" in report.error and not report.pdf

    client.force_login(reporter)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Die Erzeugung ist fehlgeschlagen" in page and "Erneut versuchen" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:report-generate", args=[report.pk]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == StatusReport.State.READY and report.error == ""
    assert report.attempts == 2


def test_progress_is_reported_while_generating(strategy, reporter, client):
    report = new_report(reporter)
    StatusReport.objects.filter(pk=report.pk).update(
        state=StatusReport.State.GENERATING, progress=50, progress_step="PDF wird erzeugt"
    )
    client.force_login(reporter)
    page = client.get(report.get_absolute_url()).content.decode()
    assert 'role="status"' in page and "<progress" in page and "report-status.js" in page
    status = client.get(reverse("reports:report-status", args=[report.pk])).json()
    assert status == {
        "state": "generating",
        "state_label": "wird erzeugt",
        "progress": 50,
        "step": "PDF wird erzeugt",
        "busy": True,
        "failed": False,
    }
    with pytest.raises(ValidationError):  # not twice at once
        services.report_request_generation(actor=reporter, report=report)


def test_a_generation_stuck_for_long_can_be_started_again(strategy, reporter):
    report = new_report(reporter)
    StatusReport.objects.filter(pk=report.pk).update(state=StatusReport.State.GENERATING)
    StatusReport.objects.filter(pk=report.pk).update(
        updated_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    report.refresh_from_db()
    assert services.report_request_generation(actor=reporter, report=report).state == "queued"


def test_changing_the_period_of_a_generated_draft_asks_for_a_new_generation(
    strategy, reporter, django_capture_on_commit_callbacks
):
    report = generate(new_report(reporter), reporter, django_capture_on_commit_callbacks)
    report = services.report_save(
        actor=reporter, report=report, data={"as_of": datetime.date(2026, 7, 15)}
    )
    assert report.state == StatusReport.State.DRAFT


def test_bad_dates_are_a_form_error_not_a_crash(reporter, client):
    client.force_login(reporter)
    response = client.post(
        reverse("reports:report-create"),
        {
            "title": "X",
            "period_start": "2026-06-30",
            "period_end": "2026-01-01",
            "as_of": "2025-01-01",
        },
    )
    assert response.status_code == 200
    assert "Das Ende liegt vor dem Beginn." in response.content.decode()
    assert not StatusReport.objects.exists()


# --- feedback on measures ---------------------------------------------------------------------


def measure_comment(measure, day: datetime.date, **kwargs):
    """A comment on ``measure`` written on ``day`` (local noon)."""
    comment = CommentFactory(idea=None, measure=measure, **kwargs)
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    type(comment).objects.filter(pk=comment.pk).update(created_at=moment)
    return comment


@pytest.fixture
def feedback(strategy):
    """In the period: two residents comment on bundle 1's measures (one replies, one
    writes twice). Not counted: a hidden comment, one on the non-public measure, one
    before the period."""
    anna, ben = UserFactory(), UserFactory()
    in_period = datetime.date(2026, 3, 10)
    question = measure_comment(strategy["sensors"], in_period, author=anna)
    measure_comment(strategy["sensors"], in_period, author=ben, parent=question)
    measure_comment(strategy["late"], in_period, author=anna)
    measure_comment(strategy["late"], in_period, author=ben, is_hidden=True)
    internal = type(strategy["sensors"]).objects.get(code="2.1")
    measure_comment(internal, in_period, author=UserFactory())
    measure_comment(strategy["sensors"], datetime.date(2025, 12, 31), author=UserFactory())
    return {"bundle": strategy["bundle"], "other": internal.bundle}


def feedback_row(bundle, comments: int, participants: int) -> str:
    return (
        f'<th scope="row">{bundle.number}. {bundle.title}</th>'
        f'<td class="report-num">{comments}</td><td class="report-num">{participants}</td>'
    )


def test_a_report_shows_the_residents_feedback_on_measures_per_bundle(
    feedback, reporter, client, django_capture_on_commit_callbacks
):
    report = generate(new_report(reporter), reporter, django_capture_on_commit_callbacks)

    frozen = report.snapshot["participation"]["measure_feedback"]
    assert (frozen["comments"], frozen["participants"]) == (3, 2)
    assert (frozen["since"], frozen["until"]) == ("2026-01-01", "2026-06-30")
    rows = [(row["bundle_id"], row["comments"], row["participants"]) for row in frozen["by_bundle"]]
    assert rows == [
        (feedback["bundle"].pk, 3, 2),
        (feedback["other"].pk, 0, 0),  # its only measure is not public: a row of zeros
    ]
    assert report.snapshot["participation"]["totals"]["comments"] == 0  # kept apart

    client.force_login(reporter)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Rückmeldungen zu den Maßnahmen" in page
    assert "<caption>Rückmeldungen nach Maßnahmenbündel</caption>" in page
    assert feedback_row(feedback["bundle"], 3, 2) in page
    assert feedback_row(feedback["other"], 0, 0) in page
    assert (
        '<th scope="row">Insgesamt</th><td class="report-num">3</td><td class="report-num">2</td>'
    ) in page
    # inside the participation section, after the participation tables
    section = page.index('id="report-participation"')
    assert section < page.index("Beteiligung je Monat") < page.index("Rückmeldungen zu den")
    assert page.index("Rückmeldungen zu den") < page.index('class="report-footer"')
    assert "Rückmeldungen zu den Maßnahmen" in pdf_text(report)


def test_a_report_frozen_before_the_feedback_was_counted_still_renders_without_it(
    feedback, publisher, client, django_capture_on_commit_callbacks
):
    report = generate(new_report(publisher), publisher, django_capture_on_commit_callbacks)
    services.report_publish(actor=publisher, report=report)
    old = {**report.snapshot, "participation": dict(report.snapshot["participation"])}
    del old["participation"]["measure_feedback"]
    body = render_body(old)
    StatusReport.objects.filter(pk=report.pk).update(snapshot=old, html=body)

    assert "Rückmeldungen zu den Maßnahmen" not in body
    assert "Beteiligung je Monat" in body  # the rest of the section is still there
    response = client.get(report.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Beteiligung im Berichtszeitraum" in page
    assert "Rückmeldungen zu den Maßnahmen" not in page


# --- who may do what ------------------------------------------------------------------------


def test_only_staff_with_the_permission_create_and_only_publishers_publish(
    strategy, reporter, publisher, council_member, django_capture_on_commit_callbacks
):
    with pytest.raises(PermissionDenied):
        new_report(council_member)
    with pytest.raises(PermissionDenied):
        new_report(UserFactory(is_staff=True))
    report = generate(new_report(reporter), reporter, django_capture_on_commit_callbacks)
    with pytest.raises(PermissionDenied):
        services.report_publish(actor=reporter, report=report)
    with pytest.raises(PermissionDenied):
        services.report_publish(actor=council_member, report=report)
    assert services.report_publish(actor=publisher, report=report).is_published


def test_drafts_are_for_council_and_staff_published_reports_for_everyone(
    strategy, reporter, publisher, council_member, client, django_capture_on_commit_callbacks
):
    report = generate(new_report(reporter), reporter, django_capture_on_commit_callbacks)
    detail, pdf = report.get_absolute_url(), reverse("reports:report-pdf", args=[report.pk])

    for user, expected in (
        (None, 404),
        (UserFactory(), 404),
        (council_member, 200),
        (UserFactory(is_staff=True), 200),
    ):
        client.logout()
        if user:
            client.force_login(user)
        assert client.get(detail).status_code == expected
        assert client.get(pdf).status_code == expected
    client.logout()
    listing = client.get(reverse("reports:report-list")).content.decode()
    assert "Sachstandsbericht 1/2026" not in listing

    services.report_publish(actor=publisher, report=report)
    response = client.get(pdf)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert "Sachstandsbericht 1/2026" in client.get(reverse("reports:report-list")).content.decode()


def test_staff_without_permission_and_residents_cannot_use_the_staff_pages(
    strategy, reporter, client
):
    report = new_report(reporter)
    for user in (UserFactory(), UserFactory(is_staff=True)):
        client.force_login(user)
        assert client.get(reverse("reports:report-create")).status_code == 403
        assert client.post(reverse("reports:report-generate", args=[report.pk])).status_code == 403
        assert client.post(reverse("reports:report-publish", args=[report.pk])).status_code == 403
    client.logout()
    response = client.post(reverse("reports:report-publish", args=[report.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- publishing tells people -----------------------------------------------------------------


def test_publishing_notifies_council_members_and_the_strategys_followers(
    strategy, publisher, council_member, django_capture_on_commit_callbacks
):
    follower, bystander = UserFactory(), UserFactory()
    Follow.objects.create(user=follower, core_area=strategy["area"])
    report = generate(new_report(publisher), publisher, django_capture_on_commit_callbacks)
    services.report_publish(actor=publisher, report=report)

    told = set(
        Notification.objects.filter(kind=NotificationKind.STATUS_REPORT_PUBLISHED).values_list(
            "recipient_id", flat=True
        )
    )
    assert told == {council_member.pk, follower.pk}
    assert bystander.pk not in told and publisher.pk not in told
    row = Notification.objects.get(recipient=council_member)
    assert row.url == report.get_absolute_url()
    services.report_publish(actor=publisher, report=report)  # twice: nothing new
    assert Notification.objects.filter(kind=NotificationKind.STATUS_REPORT_PUBLISHED).count() == 2


def test_the_demo_command_makes_a_council_member_and_a_published_report(settings):
    from django.core.management import call_command

    from demo import reports as demo

    settings.DEBUG = True
    MeasureFactory(code="1.1", title="Urbane Datenplattform")
    call_command("load_reports_demo", verbosity=0)
    call_command("load_reports_demo", verbosity=0)  # twice: nothing new
    report = StatusReport.objects.get()
    assert report.is_published and report.pdf
    council = type(UserFactory()).objects.get(email=demo.DEMO_COUNCIL_EMAIL)
    assert council.groups.filter(name=settings.COUNCIL_GROUP_NAME).exists()
    assert council.check_password(demo.DEMO_COUNCIL_PASSWORD)


# --- API --------------------------------------------------------------------------------------


def test_the_api_lists_published_reports_only(
    strategy,
    publisher,
    client,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    draft = new_report(publisher, title="Entwurf")
    published = generate(new_report(publisher), publisher, django_capture_on_commit_callbacks)
    services.report_publish(actor=publisher, report=published)

    with django_assert_max_num_queries(3):
        data = client.get("/api/v1/status-reports/").json()
    assert [row["id"] for row in data["results"]] == [published.pk]
    row = data["results"][0]
    assert row["pdf_url"].endswith(f"/strategie/berichte/{published.pk}/pdf/")
    assert row["totals"]["measures"] == 2 and row["council_paper_number"] == "26/0815-BE"
    assert client.get(f"/api/v1/status-reports/{draft.pk}/").status_code == 404
    assert client.get("/api/v1/status-reports/?ordering=title").status_code == 400
