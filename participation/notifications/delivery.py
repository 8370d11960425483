"""Immediate e-mails: claim under a row lock, send, mark sent — in one transaction.

Locking rule: a sender first locks the recipient's pending rows with
``SELECT … FOR UPDATE SKIP LOCKED`` and marks each row ``emailed_at`` in the same
transaction right after its mail was accepted by the mail server. A second sender (the
task run twice, the sweeper) skips locked rows and finds sent ones no longer pending, so
a mail goes out once. A failure for one recipient records ``email_attempts`` and the
error on that row and leaves it pending; the other recipients are not affected.
(SQLite has no row locks; there a write transaction serialises the senders.)
"""

from __future__ import annotations

import dataclasses
import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from ..models import Delivery, Notification, NotificationKind
from .services import can_see_target, describe, kind_label

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "participation.notifications.unsubscribe"
# Rows that failed this often are left to a person (admin); the sweeper stops trying.
MAX_ATTEMPTS = 10
DIGEST_SCOPES = (Delivery.DAILY, Delivery.WEEKLY)


class DeliveryFailed(Exception):
    """Sending to one recipient failed; the rows stay pending (retried with backoff)."""


@dataclasses.dataclass
class Outcome:
    sent: int = 0
    skipped: int = 0
    failed_recipients: list[int] = dataclasses.field(default_factory=list)


# --- Links ----------------------------------------------------------------------------------


def site_url() -> str:
    return getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/")


def absolute(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return f"{site_url()}{path}"


def unsubscribe_token(*, user_id: int, scope: str) -> str:
    """``scope``: a notification kind, or "daily"/"weekly" (everything in that digest)."""
    return signing.dumps({"u": user_id, "s": scope}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """(user id, scope). Raises signing.BadSignature for a forged or damaged token."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    scope = data.get("s")
    if scope not in NotificationKind.values and scope not in DIGEST_SCOPES:
        raise signing.BadSignature("unknown scope")
    return int(data["u"]), scope


def unsubscribe_url(*, user_id: int, scope: str) -> str:
    """Absolute, in the active language."""
    token = unsubscribe_token(user_id=user_id, scope=scope)
    return absolute(reverse("participation:notifications-unsubscribe", kwargs={"token": token}))


def email_headers(unsubscribe: str) -> dict[str, str]:
    """RFC 8058 one-click unsubscribe."""
    return {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
    }


def email_language(user) -> str:
    languages = {code for code, _name in settings.LANGUAGES}
    language = getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE
    return language if language in languages else settings.LANGUAGE_CODE


def common_context(user) -> dict:
    return {
        "site_name": settings.SITE_NAME,
        "site_url": site_url(),
        "recipient": user,
        "preferences_url": absolute(reverse("participation:notifications-preferences")),
        "notifications_url": absolute(reverse("participation:notifications")),
        "imprint_url": absolute(reverse("pages:impressum")),
        "privacy_url": absolute(reverse("pages:datenschutz")),
    }


def build_message(*, user, template: str, subject: str, context: dict, unsubscribe: str):
    """One HTML + plain-text e-mail; call inside translation.override(language)."""
    subject = " ".join(str(subject).split())  # a header: one line
    context = {**common_context(user), **context, "unsubscribe_url": unsubscribe,
               "subject": subject, "language": translation.get_language()}
    text = render_to_string(f"emails/{template}.txt", context)
    html = render_to_string(f"emails/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=f"[{settings.SITE_NAME}] {subject}",
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={**email_headers(unsubscribe), "Content-Language": translation.get_language()},
    )
    message.attach_alternative(html, "text/html")
    return message


# --- Claiming -------------------------------------------------------------------------------


def pending(delivery: str = Delivery.IMMEDIATE) -> QuerySet[Notification]:
    return Notification.objects.filter(
        delivery=delivery, emailed_at__isnull=True, email_skipped=False
    )


def claim(queryset: QuerySet[Notification]) -> list[Notification]:
    """Lock the rows (skipping rows another sender holds) with what visibility checks
    and the e-mail need. Call inside a transaction."""
    return list(
        queryset.select_for_update(skip_locked=True, of=("self",))
        .select_related("measure", "project", "idea__project", "comment")
        .order_by("created_at", "pk")
    )


def is_still_visible(user, notification: Notification) -> bool:
    return can_see_target(
        user,
        measure=notification.measure,
        project=notification.project,
        idea=notification.idea,
        comment=notification.comment,
    )


def record_failure(pks: list[int], error: Exception) -> None:
    Notification.objects.filter(pk__in=pks).update(
        email_attempts=F("email_attempts") + 1, email_last_error=repr(error)[:2000]
    )


# --- Immediate ------------------------------------------------------------------------------


def send_for_recipient(
    user_id: int,
    *,
    notification_ids: list[int] | None = None,
    now: datetime.datetime | None = None,
    older_than: datetime.timedelta | None = None,
    connection=None,
) -> Outcome:
    """Send ``user_id``'s pending immediate notifications, one e-mail each, in their
    language. Never raises for a mail failure: the outcome lists the recipient."""
    now = now or timezone.now()
    outcome = Outcome()
    user = get_user_model().objects.filter(pk=user_id).first()
    rows = pending().filter(recipient_id=user_id, email_attempts__lt=MAX_ATTEMPTS)
    if notification_ids is not None:
        rows = rows.filter(pk__in=notification_ids)
    if older_than is not None:
        rows = rows.filter(created_at__lte=now - older_than)
    with transaction.atomic():
        claimed = claim(rows)
        if not claimed:
            return outcome
        visible = []
        for row in claimed:
            if user is not None and user.email and is_still_visible(user, row):
                visible.append(row)
            else:
                outcome.skipped += 1
        skipped = [row.pk for row in claimed if row not in visible]
        if skipped:
            Notification.objects.filter(pk__in=skipped).update(email_skipped=True)
        connection = connection or get_connection()
        with translation.override(email_language(user) if user else None):
            for row in describe(visible):
                unsubscribe = unsubscribe_url(user_id=user.pk, scope=row.kind)
                message = build_message(
                    user=user,
                    template="notification",
                    subject=row.title,
                    context={
                        "notification": row,
                        "url": absolute(row.url),
                        "kind_label": kind_label(row.kind),
                    },
                    unsubscribe=unsubscribe,
                )
                message.connection = connection
                try:
                    message.send()
                except Exception as exc:  # any mail error: keep pending, retry this person
                    logger.warning("e-mail to user %s failed: %r", user_id, exc)
                    record_failure([row.pk], exc)
                    outcome.failed_recipients.append(user_id)
                    break
                Notification.objects.filter(pk=row.pk).update(emailed_at=timezone.now())
                outcome.sent += 1
    return outcome


def send_pending(
    notification_ids: list[int] | None = None,
    *,
    now: datetime.datetime | None = None,
    older_than: datetime.timedelta | None = None,
) -> Outcome:
    """Send the pending immediate notifications (these ids, or all; with ``older_than``
    only rows at least that old: the sweeper). One lock-and-send transaction per
    recipient, so a failure for one person never holds back the others."""
    now = now or timezone.now()
    rows = pending().filter(email_attempts__lt=MAX_ATTEMPTS)
    if notification_ids is not None:
        rows = rows.filter(pk__in=list(notification_ids))
    if older_than is not None:
        rows = rows.filter(created_at__lte=now - older_than)
    # Each recipient's claim names only that person's rows: an IN list of all ids per
    # recipient made a fan-out to n people cost O(n²).
    ids_by_recipient: dict[int, list[int]] = {}
    for pk, recipient_id in rows.values_list("pk", "recipient_id"):
        ids_by_recipient.setdefault(recipient_id, []).append(pk)
    total = Outcome()
    connection = get_connection()
    for user_id in sorted(ids_by_recipient):
        outcome = send_for_recipient(
            user_id,
            notification_ids=ids_by_recipient[user_id] if notification_ids is not None else None,
            now=now,
            older_than=older_than,
            connection=connection,
        )
        total.sent += outcome.sent
        total.skipped += outcome.skipped
        total.failed_recipients += outcome.failed_recipients
    return total
