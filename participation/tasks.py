"""Celery tasks of participation: thin — ids in, a service call, nothing else.

Enqueued after commit only (``notifications.services.safe_delay`` never lets a broker
outage fail a request); whatever is not sent is picked up by the periodic sweeper.
"""

import datetime
import logging

from celery import shared_task

from .notifications import delivery, digests

logger = logging.getLogger(__name__)

RETRY_COUNTDOWN = 60
SWEEP_AFTER = datetime.timedelta(minutes=2)


@shared_task(name="participation.send_notification_emails", ignore_result=True)
def send_notification_emails(notification_ids: list[int]) -> int:
    """Send these immediate notifications; a recipient whose mail failed is retried by
    ``send_notification_emails_for`` with backoff (the others are done)."""
    outcome = delivery.send_pending(notification_ids)
    if not send_notification_emails.app.conf.task_always_eager:
        for user_id in set(outcome.failed_recipients):
            try:
                send_notification_emails_for.apply_async(
                    args=[user_id], countdown=RETRY_COUNTDOWN
                )
            except Exception as exc:  # the sweeper sends it later
                logger.warning("could not schedule retry for user %s: %r", user_id, exc)
    return outcome.sent


@shared_task(
    name="participation.send_notification_emails_for",
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
    if outcome.failed_recipients:
        raise delivery.DeliveryFailed(f"e-mail to user {user_id} failed")
    return outcome.sent


@shared_task(name="participation.sweep_pending_notifications", ignore_result=True)
def sweep_pending_notifications() -> int:
    """Periodic: send immediate notifications still pending after a while (broker was
    down, worker killed, mail server failed)."""
    return delivery.send_pending(older_than=SWEEP_AFTER).sent


@shared_task(name="participation.send_daily_digests", ignore_result=True)
def send_daily_digests() -> int:
    return digests.send_digests(frequency="daily").sent


@shared_task(name="participation.send_weekly_digests", ignore_result=True)
def send_weekly_digests() -> int:
    return digests.send_digests(frequency="weekly").sent


__all__ = [
    "send_daily_digests",
    "send_notification_emails",
    "send_notification_emails_for",
    "send_weekly_digests",
    "sweep_pending_notifications",
]
