"""Daily and weekly digests: one e-mail per person with everything pending, grouped by
item (idea, measure, project).

One query finds the people with pending rows of that frequency — there is no job and no
query per subscriber without news. Their rows are claimed in batches and sent exactly as
immediate mails are (``delivery``: claim, hand-over, sent); rows about content that is
hidden, deleted or no longer visible are left out (marked skipped), and an empty digest
is never sent.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from participation.notifications.delivery import (
    MAX_ATTEMPTS,
    Mail,
    Outcome,
    absolute,
    batch_size,
    build_message,
    claim,
    claimable,
    deliver,
    email_language,
    pending,
    resolve_abandoned,
    split_visible,
    unsubscribe_url,
)
from participation.notifications.models import Delivery, Notification
from participation.notifications.services import describe

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


def digest_mails(token, rows: list[Notification], *, frequency: str) -> tuple[list[Mail], int]:
    """One digest per recipient of the claimed ``rows``; never an empty one."""
    users = get_user_model().objects.in_bulk({row.recipient_id for row in rows})
    visible, skipped = split_visible(token, rows, users)
    by_recipient: dict[int, list[Notification]] = {}
    for row in visible:
        by_recipient.setdefault(row.recipient_id, []).append(row)
    mails = []
    for user_id, own in by_recipient.items():
        user = users[user_id]
        with translation.override(email_language(user)):
            groups = group_by_item(describe(own))
            if frequency == Delivery.WEEKLY:
                subject = _("Ihre Neuigkeiten der Woche (%(count)s)") % {"count": len(own)}
            else:
                subject = _("Ihre Neuigkeiten des Tages (%(count)s)") % {"count": len(own)}
            message = build_message(
                user=user,
                template="digest",
                subject=subject,
                context={"groups": groups, "frequency": frequency, "count": len(own)},
                unsubscribe=unsubscribe_url(user_id=user.pk, scope=frequency),
                mail_id=f"digest-{frequency}-{own[0].pk}-{own[-1].pk}-{len(own)}",
            )
        mails.append(Mail(recipient_id=user_id, pks=[row.pk for row in own], message=message))
    return mails, skipped


def send_digests(*, frequency: str, now: datetime.datetime | None = None) -> Outcome:
    """Send the ``frequency`` ("daily" or "weekly") digest to everyone with pending rows,
    NOTIFICATION_EMAIL_BATCH_SIZE recipients per claim and connection."""
    if frequency not in (Delivery.DAILY, Delivery.WEEKLY):
        raise ValueError(f"not a digest frequency: {frequency!r}")
    now = now or timezone.now()
    rows = pending(frequency).filter(created_at__lte=now, email_attempts__lt=MAX_ATTEMPTS)
    resolve_abandoned(now)
    recipient_ids = list(
        rows.filter(claimable(now))
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    total = Outcome()
    size = batch_size()
    for start in range(0, len(recipient_ids), size):
        token, claimed = claim(
            rows.filter(recipient_id__in=recipient_ids[start : start + size]), now=now
        )
        if not claimed:
            continue
        mails, skipped = digest_mails(token, claimed, frequency=frequency)
        outcome = deliver(token, mails)
        outcome.skipped += skipped
        total.add(outcome)
        if total.stopped:
            break
    return total
