"""The staff inbox of barrier reports in the admin and the answer by e-mail: the
accessibility officers (permission barriers.handle_barrierreport) see the reports with
status, received date and answer deadline, filter the overdue ones and answer; the
answer is e-mailed to the reporter after the commit, once."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from barriers.models import BarrierReport
from barriers.services import (
    barrier_answer_deliver,
    barrier_report_answer,
    barrier_report_update,
    barrier_reports_apply_retention,
    barrier_reports_forget_person,
    barrier_reports_sweep,
)
from core.exceptions import Conflict, Invalid, NotAllowed
from tests.factories import (
    BarrierReportFactory,
    StaffFactory,
    UserFactory,
    accessibility_officer,
)

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/barriers/barrierreport/"


def change_url(report) -> str:
    return f"{CHANGELIST}{report.pk}/change/"


# --- Deadline ---------------------------------------------------------------------------------


def test_the_deadline_is_the_configured_number_of_days_after_arrival(client, settings):
    settings.BARRIER_FEEDBACK_ANSWER_DAYS = 10
    client.post(
        "/barriere-melden/",
        {"page_url": "http://testserver/", "description": "Kontrast zu schwach."},
    )
    report = BarrierReport.objects.get()
    assert report.answer_due == timezone.localdate(report.received_at) + datetime.timedelta(10)


def test_the_inbox_marks_and_filters_overdue_reports(client):
    officer = accessibility_officer()
    long_ago = timezone.now() - datetime.timedelta(days=30)
    overdue = BarrierReportFactory(received_at=long_ago, description="Alt und offen")
    BarrierReportFactory(
        received_at=long_ago, status=BarrierReport.Status.DONE, description="Alt, erledigt"
    )
    fresh = BarrierReportFactory(description="Neu")
    client.force_login(officer)

    page = client.get(CHANGELIST).content.decode()
    assert page.count("überfällig</strong>") == 1
    assert "Antwort fällig bis" in page

    filtered = client.get(CHANGELIST, {"frist": "overdue"})
    assert list(filtered.context["cl"].result_list) == [overdue]
    assert list(client.get(CHANGELIST, {"frist": "open"}).context["cl"].result_list) == [
        fresh,
        overdue,
    ]


def test_the_inbox_runs_the_same_queries_for_few_and_many_reports(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(accessibility_officer())
    BarrierReportFactory.create_batch(2)
    client.get(CHANGELIST)
    with CaptureQueriesContext(connection) as few:
        client.get(CHANGELIST)
    BarrierReportFactory.create_batch(20)
    with CaptureQueriesContext(connection) as many:
        client.get(CHANGELIST)
    assert len(many) == len(few)


# --- Answering in the admin ---------------------------------------------------------------------


def form_data(report, **changes) -> dict:
    return {
        "status": report.status,
        "internal_note": "",
        "answer": "",
        **changes,
    }


def test_an_officer_answers_with_the_button_and_the_reporter_gets_it_once(
    client, django_capture_on_commit_callbacks
):
    officer = accessibility_officer()
    report = BarrierReportFactory(email="maria@example.org", name="Maria Muster")
    client.force_login(officer)
    assert "Antwort senden" in client.get(change_url(report)).content.decode()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            change_url(report),
            form_data(report, answer="Danke! Die Karte hat jetzt eine Liste.", _send_answer="1"),
        )

    assert response.status_code == 302
    assert len(callbacks) == 1
    [message] = mail.outbox
    assert message.to == ["maria@example.org"]
    assert "Die Karte hat jetzt eine Liste." in message.body
    assert "Guten Tag Maria Muster" in message.body
    assert "Landesdurchsetzungsstelle" in message.body
    report.refresh_from_db()
    assert report.status == BarrierReport.Status.ANSWERED
    assert report.answered_by == officer
    assert report.answer_emailed_at is not None

    # the same task again, the sweep, and the button again: nothing more is sent
    assert barrier_answer_deliver(report.pk) is False
    assert barrier_reports_sweep(timezone.now() + datetime.timedelta(hours=1))["answers"] == 0
    client.post(change_url(report), form_data(report, answer="Noch mal", _send_answer="1"))
    assert len(mail.outbox) == 1
    report.refresh_from_db()
    assert report.answer == "Danke! Die Karte hat jetzt eine Liste."


def test_saving_without_the_button_keeps_a_draft_and_sends_nothing(
    client, django_capture_on_commit_callbacks
):
    officer = accessibility_officer()
    report = BarrierReportFactory()
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            change_url(report),
            form_data(report, status=BarrierReport.Status.IN_PROGRESS, answer="Entwurf"),
        )
    report.refresh_from_db()
    assert (report.status, report.answer, report.answered_at) == ("in_progress", "Entwurf", None)
    assert mail.outbox == []


def test_the_mail_leaves_only_after_the_commit(django_capture_on_commit_callbacks):
    officer = accessibility_officer()
    report = BarrierReportFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        barrier_report_answer(actor=officer, report=report, answer="Erledigt.")
    assert mail.outbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1


def test_a_lost_task_is_sent_by_the_sweep(django_capture_on_commit_callbacks):
    officer = accessibility_officer()
    report = BarrierReportFactory()
    with django_capture_on_commit_callbacks(execute=False):  # the broker was down
        barrier_report_answer(actor=officer, report=report, answer="Erledigt.")
    assert barrier_reports_sweep(timezone.now())["answers"] == 0  # still the task's turn
    later = timezone.now() + datetime.timedelta(minutes=5)
    assert barrier_reports_sweep(later)["answers"] == 1
    assert len(mail.outbox) == 1


def test_an_answer_to_a_report_without_address_is_stored_only(django_capture_on_commit_callbacks):
    report = BarrierReportFactory(email="")
    with django_capture_on_commit_callbacks(execute=True):
        barrier_report_answer(actor=accessibility_officer(), report=report, answer="Behoben.")
    report.refresh_from_db()
    assert report.status == BarrierReport.Status.ANSWERED
    assert mail.outbox == []


def test_an_empty_answer_is_refused():
    with pytest.raises(Invalid):
        barrier_report_answer(
            actor=accessibility_officer(), report=BarrierReportFactory(), answer=" "
        )


def test_answered_is_set_by_sending_an_answer_not_by_hand():
    with pytest.raises(Invalid):
        barrier_report_update(
            actor=accessibility_officer(),
            report=BarrierReportFactory(),
            status=BarrierReport.Status.ANSWERED,
        )


def test_a_sent_answer_cannot_be_sent_again(django_capture_on_commit_callbacks):
    officer = accessibility_officer()
    report = BarrierReportFactory()
    with django_capture_on_commit_callbacks(execute=True):
        barrier_report_answer(actor=officer, report=report, answer="Erste Antwort.")
    with pytest.raises(Conflict):
        barrier_report_answer(actor=officer, report=report, answer="Zweite Antwort.")


# --- Who may: from the outside, every role -----------------------------------------------------


@pytest.mark.parametrize(
    "who", ["anonymous", "resident", "staff_without_permission", "officer", "superuser"]
)
def test_only_officers_answer_reports(who, client, django_capture_on_commit_callbacks):
    from django.contrib.auth.models import AnonymousUser

    from tests.factories import SuperuserFactory

    people = {
        "anonymous": AnonymousUser,
        "resident": UserFactory,
        "staff_without_permission": StaffFactory,
        "officer": accessibility_officer,
        "superuser": SuperuserFactory,
    }
    actor = people[who]()
    report = BarrierReportFactory()
    allowed = who in ("officer", "superuser")

    if allowed:
        with django_capture_on_commit_callbacks(execute=True):
            barrier_report_answer(actor=actor, report=report, answer="Antwort.")
        assert len(mail.outbox) == 1
    else:
        with pytest.raises(NotAllowed):
            barrier_report_answer(actor=actor, report=report, answer="Antwort.")
        with pytest.raises(NotAllowed):
            barrier_report_update(actor=actor, report=report, status="in_progress")
        assert mail.outbox == []

    if who != "anonymous":
        client.force_login(actor)
    expected = 200 if allowed else (302 if who in ("anonymous", "resident") else 403)
    assert client.get(CHANGELIST).status_code == expected
    assert client.get(change_url(report)).status_code == expected


# --- Personal data -----------------------------------------------------------------------------


def test_a_deleted_account_leaves_its_reports_without_name_or_address():
    resident = UserFactory()
    report = BarrierReportFactory(reporter=resident, name="Anna", assistive_technology="JAWS")
    assert barrier_reports_forget_person(user=resident) == 1
    report.refresh_from_db()
    assert (report.name, report.email, report.assistive_technology) == ("", "", "")
    assert report.reporter is None and report.anonymised_at is not None


def test_the_account_deletion_of_privacy_forgets_the_reports(client):
    resident = UserFactory()
    report = BarrierReportFactory(reporter=resident, name="Anna")
    from privacy.deletion import account_delete
    from tests.factories import DEFAULT_PASSWORD

    account_delete(user=resident, password=DEFAULT_PASSWORD, contributions="anonymise")
    report.refresh_from_db()
    assert report.name == "" and report.email == ""


def test_the_data_export_contains_ones_reports():
    from privacy.services import collect

    resident = UserFactory()
    BarrierReportFactory(reporter=resident, description="Kein Alternativtext")
    BarrierReportFactory(description="Jemand anderes")
    data, _photos = collect(resident)
    assert [r["description"] for r in data["barrier_reports"]] == ["Kein Alternativtext"]


def test_closed_reports_are_deleted_after_the_retention_period(settings):
    settings.BARRIER_FEEDBACK_RETENTION_DAYS = 365
    old = timezone.now() - datetime.timedelta(days=400)
    BarrierReportFactory(received_at=old, status=BarrierReport.Status.DONE)
    BarrierReportFactory(received_at=old, status=BarrierReport.Status.ANSWERED)
    still_open = BarrierReportFactory(received_at=old, status=BarrierReport.Status.IN_PROGRESS)
    recent = BarrierReportFactory(status=BarrierReport.Status.DONE)

    assert barrier_reports_apply_retention() == 2
    assert set(BarrierReport.objects.all()) == {still_open, recent}
