"""Writes of the barrier feedback: a report sent from the form (anyone, with or without
an account), its handling in the admin, the answer e-mailed to the reporter, and the
person's data removed (account deleted, retention period over).

Mails leave after the commit through Celery (``core.tasks.safe_delay``): the staff alert
of a new report and the answer to the reporter. A mail whose task was lost (broker
down) is sent by the periodic sweep (``barrier_reports_sweep``). The answer goes out at
most once: its hand-over to the mail server is recorded right before the server can
accept it (``core.mail.send_with_checkpoint``), and a recorded hand-over is never
repeated.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import ratelimit
from core.exceptions import Conflict, Invalid
from core.mail import NotAccepted, send_with_checkpoint
from core.rules import require

from . import selectors
from .models import BarrierReport, answer_due_for
from .rules import may_handle_barrier_reports

logger = logging.getLogger(__name__)

# The sweep leaves younger rows to the task enqueued after their commit.
SWEEP_GRACE = datetime.timedelta(minutes=2)


class AlreadyHandedOver(Exception):
    """Another sender handed this answer over already: it is not sent again."""


def _site_url() -> str:
    return settings.SITE_URL.rstrip("/")


def _message_id(kind: str, report_id: int) -> str:
    host = _site_url().split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "localhost"
    return f"<barrier-{kind}-{report_id}@{host}>"


# --- Reporting --------------------------------------------------------------------------------


@transaction.atomic
def barrier_report_create(
    *,
    reporter,
    page_url: str,
    description: str,
    assistive_technology: str = "",
    name: str = "",
    email: str = "",
    language: str = "de",
    client_address: str = "",
) -> BarrierReport:
    """Store a barrier report (anyone may; counted against
    ``POSTING_RATE_LIMITS["barrier_report"]`` per person, or per client address without
    an account). Tells the staff (``BARRIER_FEEDBACK_EMAIL`` or the holders of the
    permission) by e-mail after the commit."""
    if reporter is not None and reporter.is_authenticated:
        ratelimit.enforce("barrier_report", reporter)
    else:
        reporter = None
        ratelimit.enforce_for("barrier_report", f"ip:{client_address or 'unknown'}")
    page_url, description = page_url.strip(), description.strip()
    if not description:
        raise Invalid({"description": [_("Bitte beschreiben Sie, was nicht funktioniert hat.")]})
    if not page_url:
        raise Invalid({"page_url": [_("Bitte geben Sie die Adresse der Seite an.")]})
    now = timezone.now()
    report = BarrierReport.objects.create(
        page_url=page_url[:500],
        description=description,
        assistive_technology=assistive_technology.strip(),
        name=name.strip(),
        email=email.strip(),
        reporter=reporter,
        language=language,
        received_at=now,
        answer_due=answer_due_for(now),
    )
    transaction.on_commit(lambda: _enqueue("notify_staff_of_barrier_report", report.pk))
    logger.info("barrier report %s received", report.pk)
    return report


def _enqueue(task_name: str, report_id: int) -> None:
    from core.tasks import safe_delay

    from . import tasks

    safe_delay(getattr(tasks, task_name), report_id)


def barrier_staff_notify(report_id: int) -> bool:
    """The task: tell the staff of a new report, once (claimed before sending; released
    again when sending failed, so the sweep tries later)."""
    claimed = BarrierReport.objects.filter(pk=report_id, staff_notified_at__isnull=True).update(
        staff_notified_at=timezone.now()
    )
    if not claimed:
        return False
    report = BarrierReport.objects.get(pk=report_id)
    recipients = selectors.staff_recipients()
    if not recipients:
        logger.warning("barrier report %s: nobody to tell (BARRIER_FEEDBACK_EMAIL)", report_id)
        return False
    with translation.override(settings.LANGUAGE_CODE):
        admin_url = _site_url() + reverse("admin:barriers_barrierreport_change", args=[report.pk])
        message = EmailMessage(
            _("[%(site)s] Neue Barrieremeldung: Antwort bis %(due)s")
            % {"site": settings.SITE_NAME, "due": report.answer_due.strftime("%d.%m.%Y")},
            render_to_string(
                "barriers/emails/new_report.txt",
                {"report": report, "admin_url": admin_url, "site_name": settings.SITE_NAME},
            ),
            settings.DEFAULT_FROM_EMAIL,
            recipients,
            headers={"Message-ID": _message_id("new", report.pk)},
        )
    try:
        message.send()
    except Exception:
        BarrierReport.objects.filter(pk=report_id).update(staff_notified_at=None)
        logger.warning("barrier report %s: staff alert not sent; retried later", report_id)
        raise
    return True


# --- Handling (the admin) -------------------------------------------------------------------


@transaction.atomic
def barrier_report_update(
    *,
    actor,
    report: BarrierReport,
    status: str,
    internal_note: str = "",
    answer: str | None = None,
) -> BarrierReport:
    """Set the status, the internal note and a draft of the answer (accessibility
    officers only); nothing is sent. "beantwortet" comes with a sent answer
    (``barrier_report_answer``), not by itself; a sent answer is not changed."""
    require(may_handle_barrier_reports(actor, report))
    report = BarrierReport.objects.select_for_update().get(pk=report.pk)
    if status not in BarrierReport.Status.values:
        raise Invalid({"status": [_("Diesen Status gibt es nicht.")]})
    if status == BarrierReport.Status.ANSWERED and report.answered_at is None:
        raise Invalid({"status": [_("„beantwortet“ wird eine Meldung mit „Antwort senden“.")]})
    report.status = status
    report.internal_note = internal_note.strip()
    if answer is not None and report.answer_handed_over_at is None:
        report.answer = answer.replace("\r\n", "\n").strip()
    report.save(update_fields=["status", "internal_note", "answer"])
    return report


@transaction.atomic
def barrier_report_answer(*, actor, report: BarrierReport, answer: str) -> BarrierReport:
    """Store the answer, mark the report "beantwortet" and e-mail the answer to the
    reporter after the commit (accessibility officers only). An answer that was handed
    to the mail server already is not changed or sent again (Conflict). Without an
    e-mail address the answer is only stored."""
    require(may_handle_barrier_reports(actor, report))
    report = BarrierReport.objects.select_for_update().get(pk=report.pk)
    answer = answer.replace("\r\n", "\n").strip()
    if not answer:
        raise Invalid({"answer": [_("Bitte schreiben Sie eine Antwort.")]})
    if report.answer_handed_over_at is not None:
        raise Conflict(_("Die Antwort auf diese Meldung wurde schon gesendet."))
    report.answer = answer
    report.answered_at = timezone.now()
    report.answered_by = actor
    report.status = BarrierReport.Status.ANSWERED
    report.save(update_fields=["answer", "answered_at", "answered_by", "status"])
    if report.email:
        transaction.on_commit(lambda: _enqueue("send_barrier_report_answer", report.pk))
    logger.info("barrier report %s answered by %s", report.pk, actor.pk)
    return report


def barrier_answer_deliver(report_id: int) -> bool:
    """The task: e-mail the stored answer to the reporter. Sends nothing when there is
    no answer or address, or when the answer was handed over before (by this task run
    twice, or by the sweep). Returns whether this call sent it."""
    report = (
        BarrierReport.objects.filter(
            pk=report_id, answered_at__isnull=False, answer_handed_over_at__isnull=True
        )
        .exclude(email="")
        .first()
    )
    if report is None:
        return False
    with translation.override(report.language or settings.LANGUAGE_CODE):
        message = EmailMessage(
            _("[%(site)s] Antwort auf Ihre Barrieremeldung") % {"site": settings.SITE_NAME},
            render_to_string(
                "barriers/emails/answer.txt",
                {
                    "report": report,
                    "site_name": settings.SITE_NAME,
                    "enforcement": settings.ACCESSIBILITY_ENFORCEMENT_BODY,
                    "statement_url": _site_url() + reverse("pages:barrierefreiheit"),
                },
            ),
            settings.DEFAULT_FROM_EMAIL,
            [report.email],
            headers={
                "Message-ID": _message_id("answer", report.pk),
                "Auto-Submitted": "auto-replied",
            },
        )

    def checkpoint() -> None:
        handed_over = BarrierReport.objects.filter(
            pk=report_id, answer_handed_over_at__isnull=True
        ).update(answer_handed_over_at=timezone.now())
        if not handed_over:
            raise AlreadyHandedOver(report_id)

    try:
        send_with_checkpoint(message, get_connection(), checkpoint)
    except AlreadyHandedOver:
        return False
    except NotAccepted:
        # Refused by the server after the hand-over: certainly not delivered, try again.
        BarrierReport.objects.filter(pk=report_id).update(answer_handed_over_at=None)
        raise
    BarrierReport.objects.filter(pk=report_id).update(answer_emailed_at=timezone.now())
    logger.info("answer to barrier report %s sent", report_id)
    return True


def barrier_reports_sweep(now: datetime.datetime | None = None) -> dict[str, int]:
    """Periodic: mails whose task was lost (broker down, worker killed before it ran)."""
    cutoff = (now or timezone.now()) - SWEEP_GRACE
    answers = list(
        BarrierReport.objects.filter(answered_at__lt=cutoff, answer_handed_over_at__isnull=True)
        .exclude(email="")
        .values_list("pk", flat=True)
    )
    alerts = list(
        BarrierReport.objects.filter(
            received_at__lt=cutoff, staff_notified_at__isnull=True, anonymised_at__isnull=True
        ).values_list("pk", flat=True)
    )
    sent = {"answers": 0, "alerts": 0}
    for pk in answers:
        try:
            sent["answers"] += barrier_answer_deliver(pk)
        except Exception:  # noqa: BLE001 - the next sweep tries again
            logger.warning("answer to barrier report %s: not sent, retried later", pk)
    for pk in alerts:
        try:
            sent["alerts"] += barrier_staff_notify(pk)
        except Exception:  # noqa: BLE001 - the next sweep tries again
            logger.warning("alert of barrier report %s: not sent, retried later", pk)
    return sent


# --- Personal data ----------------------------------------------------------------------------


def barrier_reports_forget_person(*, user) -> int:
    """A person deletes their account: their reports stay for the statistics of the
    accessibility work, without name, e-mail address, account or assistive technology.
    Called by privacy's account deletion inside its transaction."""
    return BarrierReport.objects.filter(reporter=user).update(
        reporter=None, name="", email="", assistive_technology="", anonymised_at=timezone.now()
    )


@transaction.atomic
def barrier_reports_apply_retention(now: datetime.datetime | None = None) -> int:
    """Delete closed reports (answered or done) received more than
    BARRIER_FEEDBACK_RETENTION_DAYS ago (nightly, ``barriers.apply_retention``). Open
    reports are kept until they are closed."""
    cutoff = (now or timezone.now()) - datetime.timedelta(
        days=settings.BARRIER_FEEDBACK_RETENTION_DAYS
    )
    deleted, _by_model = (
        BarrierReport.objects.exclude(status__in=BarrierReport.OPEN_STATUSES)
        .filter(received_at__lt=cutoff)
        .delete()
    )
    if deleted:
        logger.info("%s closed barrier reports deleted (retention)", deleted)
    return deleted
