"""Celery tasks of participation: thin — ids in, a service call, nothing else.

Enqueued after commit only (``core.tasks.safe_delay`` never lets a broker
outage fail a request); whatever is not sent is picked up by the periodic sweeper.
"""

import datetime
import logging

from celery import shared_task
from django.conf import settings

from participation.notifications import delivery, digests, reminders

logger = logging.getLogger(__name__)

SWEEP_AFTER = datetime.timedelta(minutes=2)


def _eager(task) -> bool:
    return bool(task.app.conf.task_always_eager)


def _retry_recipients_later(task, user_ids) -> None:
    """Each recipient whose mail failed gets a retry task of their own (with backoff);
    the others are done."""
    if _eager(task):
        return  # embedded default: the sweeper (or the next run) sends it
    for user_id in sorted(set(user_ids)):
        try:
            send_notification_emails_for.apply_async(
                args=[user_id], countdown=settings.NOTIFICATION_RETRY_COUNTDOWN
            )
        except Exception as exc:  # noqa: BLE001 - the sweeper sends it later
            logger.warning("could not schedule retry for user %s: %r", user_id, exc)


@shared_task(
    name="notifications.send_notification_emails",
    bind=True,
    max_retries=5,
    ignore_result=True,
)
def send_notification_emails(self, notification_ids: list[int]) -> int:
    """Send these immediate notifications (one batch, one SMTP connection). A recipient
    whose mail failed is retried alone; a batch stopped because the mail server is gone
    is retried as a whole with backoff (and the sweeper is there besides)."""
    outcome = delivery.send_pending(notification_ids)
    stopped_for = set(outcome.failed_recipients) if outcome.stopped else set()
    _retry_recipients_later(self, set(outcome.failed_recipients) - stopped_for)
    if outcome.stopped and not _eager(self):
        countdown = settings.NOTIFICATION_RETRY_COUNTDOWN * 2**self.request.retries
        raise self.retry(countdown=countdown)
    return outcome.sent


@shared_task(
    name="notifications.send_notification_emails_for",
    bind=True,
    autoretry_for=(delivery.DeliveryFailed,),
    retry_backoff=60,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=5,
    ignore_result=True,
)
def send_notification_emails_for(self, user_id: int) -> int:
    """Retry one recipient's pending immediate notifications (and only theirs)."""
    outcome = delivery.send_for_recipient(user_id)
    if outcome.failed_recipients and not _eager(self):
        raise delivery.DeliveryFailed(f"e-mail to user {user_id} failed")
    return outcome.sent


@shared_task(name="notifications.sweep_pending_notifications", ignore_result=True)
def sweep_pending_notifications() -> int:
    """Periodic: send immediate notifications still pending after a while (broker was
    down, worker killed, mail server failed); settle rows of senders that died."""
    return delivery.send_pending(older_than=SWEEP_AFTER).sent


@shared_task(name="notifications.send_daily_digests", ignore_result=True)
def send_daily_digests() -> int:
    return digests.send_digests(frequency="daily").sent


@shared_task(name="notifications.send_weekly_digests", ignore_result=True)
def send_weekly_digests() -> int:
    return digests.send_digests(frequency="weekly").sent


@shared_task(name="notifications.notify_phases", ignore_result=True)
def notify_phases() -> int:
    """Periodic: phases that started (polls that opened), phases about to end and polls
    whose results are published, in followed projects."""
    return reminders.notify_phases()


@shared_task(name="notifications.remind_measure_managers", ignore_result=True)
def remind_measure_managers() -> int:
    """Periodic (daily): measures without a recent progress update, milestones due soon."""
    return reminders.remind_measure_managers()


__all__ = [
    "notify_phases",
    "remind_measure_managers",
    "send_daily_digests",
    "send_notification_emails",
    "send_notification_emails_for",
    "send_weekly_digests",
    "sweep_pending_notifications",
]


@shared_task(
    name="notifications.send_proposal_merged_contact_email",
    bind=True,
    max_retries=5,
    ignore_result=True,
)
def send_proposal_merged_contact_email(
    self, recipient_proposal_id: int, merged_id: int, into_id: int
) -> bool:
    """Tell the person without an account who sent ``recipient_proposal_id`` by letter
    or e-mail that it was merged (to the e-mail address staff recorded as contact)."""
    from django.core.mail import send_mail
    from django.template.loader import render_to_string

    from participation.budgets.models import Proposal

    proposals = Proposal.objects.select_related("budget__project").in_bulk(
        [recipient_proposal_id, merged_id, into_id]
    )
    own = proposals.get(recipient_proposal_id)
    merged, into = proposals.get(merged_id), proposals.get(into_id)
    if own is None or merged is None or into is None or not own.author_contact:
        return False
    context = {
        "name": own.author_name,
        "merged": merged,
        "into": into,
        "budget": own.budget,
        "url": f"{settings.SITE_URL.rstrip('/')}{into.get_absolute_url()}",
    }
    try:
        send_mail(
            subject=f"[{settings.SITE_NAME}] "
            + render_to_string("emails/proposal_merged_subject.txt", context).strip(),
            message=render_to_string("emails/proposal_merged.txt", context),
            from_email=None,
            recipient_list=[own.author_contact.strip()],
        )
    except Exception as exc:  # noqa: BLE001 - the mail server is down: try again later
        if _eager(self):
            logger.warning("proposal merged mail to contact of %s failed: %r", own.pk, exc)
            return False
        countdown = settings.NOTIFICATION_RETRY_COUNTDOWN * 2**self.request.retries
        raise self.retry(countdown=countdown) from exc
    return True
