"""Daily and weekly digests: one e-mail per person with everything pending, grouped by
item (idea, measure, project).

One query finds the people with pending rows of that frequency — there is no job and no
query per subscriber without news. For each, the rows are claimed under a lock (as in
``delivery``), rows about content that is hidden, deleted or no longer visible are left
out (marked skipped), an empty digest is never sent, and the included rows are marked
e-mailed in the same transaction as the claim.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging

from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..models import Delivery, Notification
from .delivery import (
    MAX_ATTEMPTS,
    Outcome,
    absolute,
    build_message,
    claim,
    email_language,
    is_still_visible,
    pending,
    record_failure,
    unsubscribe_url,
)
from .services import describe

logger = logging.getLogger(__name__)


@dataclasses.dataclass
class DigestGroup:
    key: tuple
    title: str
    url: str
    entries: list[Notification]


def _group_of(row: Notification) -> tuple[tuple, str, str]:
    context = row.context or {}
    if row.idea_id:
        return ("idea", row.idea_id), context.get("idea") or row.idea.title, absolute(
            row.idea.get_absolute_url()
        )
    if row.measure_id:
        return ("measure", row.measure_id), context.get("measure") or str(row.measure), absolute(
            row.measure.get_absolute_url()
        )
    if row.project_id:
        return ("project", row.project_id), context.get("project") or row.project.title, absolute(
            reverse("projects:project-detail", kwargs={"slug": row.project.slug})
        )
    return ("other", row.pk), row.title, absolute(row.url)


def group_by_item(rows: list[Notification]) -> list[DigestGroup]:
    """Groups in the order of their first row; rows need ``title`` (see describe)."""
    groups: dict[tuple, DigestGroup] = {}
    for row in rows:
        key, title, url = _group_of(row)
        if key not in groups:
            groups[key] = DigestGroup(key=key, title=title, url=url, entries=[])
        row.absolute_url = absolute(row.url)
        groups[key].entries.append(row)
    return list(groups.values())


def send_digest_for(
    user_id: int, *, frequency: str, now: datetime.datetime | None = None, connection=None
) -> Outcome:
    now = now or timezone.now()
    outcome = Outcome()
    user = get_user_model().objects.filter(pk=user_id).first()
    rows = pending(frequency).filter(
        recipient_id=user_id, created_at__lte=now, email_attempts__lt=MAX_ATTEMPTS
    )
    with transaction.atomic():
        claimed = claim(rows)
        visible = [
            row for row in claimed
            if user is not None and user.email and is_still_visible(user, row)
        ]
        skipped = [row.pk for row in claimed if row not in visible]
        if skipped:
            Notification.objects.filter(pk__in=skipped).update(email_skipped=True)
            outcome.skipped = len(skipped)
        if not visible:
            return outcome  # never an empty digest
        with translation.override(email_language(user)):
            groups = group_by_item(describe(visible))
            if frequency == Delivery.WEEKLY:
                subject = _("Ihre Neuigkeiten der Woche (%(count)s)") % {"count": len(visible)}
            else:
                subject = _("Ihre Neuigkeiten des Tages (%(count)s)") % {"count": len(visible)}
            message = build_message(
                user=user,
                template="digest",
                subject=subject,
                context={"groups": groups, "frequency": frequency, "count": len(visible)},
                unsubscribe=unsubscribe_url(user_id=user.pk, scope=frequency),
            )
        message.connection = connection or get_connection()
        pks = [row.pk for row in visible]
        try:
            message.send()
        except Exception as exc:  # any mail error: the rows stay pending for the next run
            logger.warning("digest to user %s failed: %r", user_id, exc)
            record_failure(pks, exc)
            outcome.failed_recipients.append(user_id)
            return outcome
        Notification.objects.filter(pk__in=pks).update(emailed_at=timezone.now())
        outcome.sent = len(pks)
    return outcome


def send_digests(*, frequency: str, now: datetime.datetime | None = None) -> Outcome:
    """Send the ``frequency`` ("daily" or "weekly") digest to everyone with pending rows."""
    if frequency not in (Delivery.DAILY, Delivery.WEEKLY):
        raise ValueError(f"not a digest frequency: {frequency!r}")
    now = now or timezone.now()
    recipient_ids = list(
        pending(frequency)
        .filter(created_at__lte=now, email_attempts__lt=MAX_ATTEMPTS)
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    total = Outcome()
    connection = get_connection()
    for user_id in recipient_ids:
        outcome = send_digest_for(user_id, frequency=frequency, now=now, connection=connection)
        total.sent += outcome.sent
        total.skipped += outcome.skipped
        total.failed_recipients += outcome.failed_recipients
    return total
