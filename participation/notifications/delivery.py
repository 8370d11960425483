"""E-mails for notifications: each mail goes out once, even when a sender is killed.

Every row passes through three committed states (fields of ``Notification``):

1. **claimed** — one ``UPDATE … WHERE <unclaimed>`` gives a batch of rows a claim token
   (``email_claim``). A second sender (the task run twice, the sweeper) finds them
   claimed and leaves them alone. (PostgreSQL re-checks the WHERE after waiting for a
   row lock; SQLite serialises writers.)
2. **handed over** — right before the mail server can accept the mail (after the body,
   before the final dot of the SMTP DATA; ``core.mail``) the hand-over is
   committed, under the same claim token.
3. **sent** — after the server's "250" ``emailed_at`` is set.

A sender that dies leaves claimed rows behind. After ``NOTIFICATION_CLAIM_TIMEOUT`` the
sweeper takes them over: without a hand-over the server never accepted the mail (an
unfinished DATA section is discarded), so it is sent again; with a hand-over the server
may have accepted it, so it is *not* sent again (``email_uncertain``, shown in the
admin). Nothing is duplicated; a mail is lost only if a sender dies in the microseconds
between committing the hand-over and writing the final dot. The in-app notification is
never lost either way.

A failure for one recipient (refused address, one broken mail) records the error and
``email_attempts`` on that person's rows, leaves them pending and goes on with the
others; the task retries that recipient alone. When the mail server itself is gone
(several failures in a row) the batch stops and is retried as a whole.
Stable ``Message-ID`` headers (``<notification-{pk}@…>``) let mail systems recognise a
mail they have already seen.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import logging
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from core.mail import NotAccepted, send_with_checkpoint
from participation.notifications.models import Delivery, Notification, NotificationKind
from participation.notifications.services import can_see_target, describe, kind_label

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "participation.notifications.unsubscribe"
# Rows that failed this often are left to a person (admin); the sweeper stops trying.
MAX_ATTEMPTS = 10
DIGEST_SCOPES = (Delivery.DAILY, Delivery.WEEKLY)
# This many failed mails in a row: the mail server is gone, stop the batch.
FAILURES_IN_A_ROW = 3


class DeliveryFailed(Exception):
    """Sending failed; the rows stay pending (retried with backoff, and by the sweeper)."""


class ClaimLost(Exception):
    """Another sender took the rows over (our claim timed out): do not send."""


@dataclasses.dataclass
class Outcome:
    sent: int = 0  # notification rows e-mailed
    mails: int = 0  # e-mails accepted by the server
    skipped: int = 0
    uncertain: int = 0
    failed_recipients: list[int] = dataclasses.field(default_factory=list)
    stopped: bool = False  # the mail server failed repeatedly; the rest stays pending

    def add(self, other: Outcome) -> None:
        self.sent += other.sent
        self.mails += other.mails
        self.skipped += other.skipped
        self.uncertain += other.uncertain
        self.failed_recipients += other.failed_recipients
        self.stopped = self.stopped or other.stopped


def claim_timeout() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.NOTIFICATION_CLAIM_TIMEOUT)


def batch_size() -> int:
    return settings.NOTIFICATION_EMAIL_BATCH_SIZE


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
    return absolute(reverse("notifications:unsubscribe", kwargs={"token": token}))


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
        "preferences_url": absolute(reverse("notifications:preferences")),
        "notifications_url": absolute(reverse("notifications:list")),
        "imprint_url": absolute(reverse("pages:impressum")),
        "privacy_url": absolute(reverse("pages:datenschutz")),
    }


def message_id(local_part: str) -> str:
    """A Message-ID that is the same each time this mail is sent."""
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(" >") or "localhost"
    return f"<{local_part}@{domain}>"


def build_message(
    *, user, template: str, subject: str, context: dict, unsubscribe: str, mail_id: str
):
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
        headers={
            **email_headers(unsubscribe),
            "Content-Language": translation.get_language(),
            "Message-ID": message_id(mail_id),
        },
    )
    message.attach_alternative(html, "text/html")
    return message


# --- Claiming -------------------------------------------------------------------------------


def pending(delivery: str = Delivery.IMMEDIATE) -> QuerySet[Notification]:
    """Rows of this delivery whose e-mail has not gone out (claimed ones included)."""
    return Notification.objects.filter(
        delivery=delivery, emailed_at__isnull=True, email_skipped=False
    )


def claimable(now: datetime.datetime) -> Q:
    """Not sent, not handed over, and not claimed — or claimed by a sender that has
    been silent longer than the claim timeout."""
    return Q(
        emailed_at__isnull=True, email_skipped=False, email_handed_over_at__isnull=True
    ) & (Q(email_claim__isnull=True) | Q(email_claimed_at__lt=now - claim_timeout()))


def claim(queryset: QuerySet[Notification], *, now: datetime.datetime | None = None):
    """Claim the claimable rows of ``queryset`` (one UPDATE, committed at once).
    Returns (token, rows) with what visibility checks and the e-mail need, ordered by
    recipient."""
    now = now or timezone.now()
    token = uuid.uuid4()
    ids = list(queryset.filter(claimable(now)).values_list("pk", flat=True))
    if not ids:
        return token, []
    Notification.objects.filter(pk__in=ids).filter(claimable(now)).update(
        email_claim=token, email_claimed_at=now
    )
    rows = list(
        Notification.objects.filter(pk__in=ids, email_claim=token)
        .select_related("measure", "project", "idea__project", "comment")
        .order_by("recipient_id", "created_at", "pk")
    )
    return token, rows


def owned(token: uuid.UUID, pks: Iterable[int]) -> QuerySet[Notification]:
    """The rows still held under ``token`` (another sender may have taken them over)."""
    return Notification.objects.filter(pk__in=list(pks), email_claim=token)


def release(token: uuid.UUID, pks: Iterable[int], *, error: Exception | None = None) -> None:
    """Give the rows back, pending; with ``error`` count a failed attempt."""
    fields: dict = {"email_claim": None, "email_claimed_at": None,
                    "email_handed_over_at": None}
    if error is not None:
        fields.update(email_attempts=F("email_attempts") + 1,
                      email_last_error=repr(error)[:2000])
    owned(token, pks).update(**fields)


def resolve_abandoned(now: datetime.datetime | None = None) -> int:
    """Rows a dead sender had handed over to the mail server without hearing back:
    the mail may have been delivered, so they count as sent (``email_uncertain``) and
    are never sent again. Rows it had only claimed become claimable (``claimable``)."""
    now = now or timezone.now()
    count = Notification.objects.filter(
        emailed_at__isnull=True,
        email_handed_over_at__isnull=False,
        email_claimed_at__lt=now - claim_timeout(),
    ).update(emailed_at=F("email_handed_over_at"), email_uncertain=True)
    if count:
        logger.warning("%s notification e-mail(s) of stopped senders: delivery uncertain, "
                       "not sent again", count)
    return count


def is_still_visible(user, notification: Notification) -> bool:
    return can_see_target(
        user,
        measure=notification.measure,
        project=notification.project,
        idea=notification.idea,
        comment=notification.comment,
    )


# --- Sending --------------------------------------------------------------------------------


@dataclasses.dataclass
class Mail:
    """One e-mail to one person, carrying one or more notification rows."""

    recipient_id: int
    pks: list[int]
    message: object  # EmailMultiAlternatives


def split_visible(token, rows: list[Notification], users: dict) -> tuple[list, int]:
    """Rows the recipient may still see (with an address); the others are marked
    skipped (never e-mailed). Returns (visible rows, skipped count)."""
    visible, skipped = [], []
    for row in rows:
        user = users.get(row.recipient_id)
        if user is not None and user.is_active and user.email and is_still_visible(user, row):
            visible.append(row)
        else:
            skipped.append(row.pk)
    if skipped:
        owned(token, skipped).update(email_skipped=True, email_claim=None)
    return visible, len(skipped)


def _hand_over(token: uuid.UUID, pks: list[int]) -> None:
    """The checkpoint before the end of DATA: commit the hand-over of all the mail's
    rows, or of none (then ClaimLost: the mail is not sent)."""
    with transaction.atomic():
        if owned(token, pks).filter(emailed_at__isnull=True).update(
            email_handed_over_at=timezone.now()
        ) != len(pks):
            raise ClaimLost(f"rows {pks} were taken over by another sender")


def deliver(token: uuid.UUID, mails: list[Mail], *, connection=None) -> Outcome:
    """Send the mails of one claim on one connection (see the module docstring)."""
    outcome = Outcome()
    connection = connection or get_connection()
    failed_in_a_row = 0
    failed: set[int] = set()
    try:
        for index, mail in enumerate(mails):
            if mail.recipient_id in failed:  # keep this person's mails in order
                release(token, mail.pks)
                continue
            handed_over = False

            def checkpoint(mail=mail):
                nonlocal handed_over
                _hand_over(token, mail.pks)
                handed_over = True

            try:
                send_with_checkpoint(mail.message, connection, checkpoint)
            except ClaimLost as exc:
                logger.warning("%s", exc)
                continue
            except Exception as exc:  # noqa: BLE001 - every mail error is handled below
                if handed_over and not isinstance(exc, NotAccepted):
                    # The server may have accepted it: never send it again.
                    owned(token, mail.pks).update(
                        emailed_at=F("email_handed_over_at"), email_uncertain=True,
                        email_last_error=repr(exc)[:2000],
                    )
                    outcome.uncertain += len(mail.pks)
                else:
                    release(token, mail.pks, error=exc)
                logger.warning("e-mail to user %s failed: %r", mail.recipient_id, exc)
                failed.add(mail.recipient_id)
                outcome.failed_recipients.append(mail.recipient_id)
                failed_in_a_row += 1
                if failed_in_a_row >= FAILURES_IN_A_ROW:
                    outcome.stopped = True
                    for rest in mails[index + 1 :]:
                        release(token, rest.pks)
                    break
                continue
            failed_in_a_row = 0
            owned(token, mail.pks).update(emailed_at=timezone.now())
            outcome.sent += len(mail.pks)
            outcome.mails += 1
    finally:
        with contextlib.suppress(Exception):  # closing a broken connection
            connection.close()
    return outcome


# --- Immediate ------------------------------------------------------------------------------


def immediate_mails(token, rows: list[Notification]) -> tuple[list[Mail], int]:
    """One mail per row, in each recipient's language."""
    users = get_user_model().objects.in_bulk({row.recipient_id for row in rows})
    visible, skipped = split_visible(token, rows, users)
    mails = []
    for row in visible:
        user = users[row.recipient_id]
        with translation.override(email_language(user)):
            [row] = describe([row])
            message = build_message(
                user=user,
                template="notification",
                subject=row.title,
                context={
                    "notification": row,
                    "url": absolute(row.url),
                    "kind_label": kind_label(row.kind),
                },
                unsubscribe=unsubscribe_url(user_id=user.pk, scope=row.kind),
                mail_id=f"notification-{row.pk}",
            )
        mails.append(Mail(recipient_id=user.pk, pks=[row.pk], message=message))
    return mails, skipped


def send_claimed(queryset: QuerySet[Notification], *, now=None) -> Outcome:
    """Claim the claimable immediate rows of ``queryset`` and send them."""
    token, rows = claim(queryset.filter(delivery=Delivery.IMMEDIATE), now=now)
    if not rows:
        return Outcome()
    mails, skipped = immediate_mails(token, rows)
    outcome = deliver(token, mails)
    outcome.skipped += skipped
    return outcome


def send_pending(
    notification_ids: list[int] | None = None,
    *,
    now: datetime.datetime | None = None,
    older_than: datetime.timedelta | None = None,
) -> Outcome:
    """Send pending immediate notifications: these ids, or (the sweeper) all rows at
    least ``older_than`` old — in batches of NOTIFICATION_EMAIL_BATCH_SIZE rows, each
    batch claimed at once and sent on one connection."""
    now = now or timezone.now()
    rows = pending().filter(email_attempts__lt=MAX_ATTEMPTS)
    if older_than is not None:
        rows = rows.filter(created_at__lte=now - older_than)
    total = Outcome()
    size = batch_size()
    if notification_ids is not None:
        ids = sorted(set(notification_ids))
        for start in range(0, len(ids), size):
            total.add(send_claimed(rows.filter(pk__in=ids[start : start + size]), now=now))
            if total.stopped:
                break
        return total
    resolve_abandoned(now)
    after = 0  # walk the table once by primary key: a failed row is not retried here
    while not total.stopped:
        batch = list(
            rows.filter(claimable(now), pk__gt=after).order_by("pk").values_list("pk", flat=True)[
                :size
            ]
        )
        if not batch:
            break
        after = batch[-1]
        total.add(send_claimed(rows.filter(pk__in=batch), now=now))
    return total


def send_for_recipient(user_id: int, *, now: datetime.datetime | None = None) -> Outcome:
    """Send ``user_id``'s pending immediate notifications (a retry for one person)."""
    rows = pending().filter(recipient_id=user_id, email_attempts__lt=MAX_ATTEMPTS)
    return send_claimed(rows, now=now)
