"""Writing notifications and reading them back as text.

``notify`` is called inside the transaction of the action that caused the event (the
participation services), so the rows exist exactly when the action does. Immediate
e-mails are enqueued after commit; a broker that is down never fails the request: the
rows stay pending and the sweeper
(``participation.notifications.tasks.sweep_pending_notifications``) sends them.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.tasks import safe_delay
from measures.models import Measure
from measures.selectors import measures_visible_to
from participation.budgets.models import ProposalStatus
from participation.ideas.models import Comment, Idea, IdeaStatus
from participation.ideas.rules import moderates_ideas_of
from participation.moderation.models import FlagReason, ModerationDecision
from participation.notifications.models import Delivery, Notification, NotificationKind
from participation.notifications.preferences import deliveries_for
from projects.models import Project
from projects.rules import can_see_project

logger = logging.getLogger(__name__)

CHUNK = 500


# --- Visibility ---------------------------------------------------------------------------


def _measure_public(measure: Measure | None) -> bool:
    return measure is None or measure.is_public


def _project_public(project: Project | None) -> bool:
    return project is None or project.status == Project.Status.PUBLISHED


def _idea_public(idea: Idea | None) -> bool:
    return idea is None or (not idea.is_hidden and _project_public(idea.project))


def _comment_public(comment: Comment | None) -> bool:
    return comment is None or not (comment.is_hidden or comment.is_deleted)


def visible_to_everyone(*, measure=None, project=None, idea=None, comment=None) -> bool:
    """True when every signed-in person may see all given targets (no per-person check)."""
    return (
        _measure_public(measure)
        and _project_public(project)
        and _idea_public(idea)
        and _comment_public(comment)
    )


def can_see_target(user, *, measure=None, project=None, idea=None, comment=None) -> bool:
    """Whether ``user`` may see everything the notification is about, by the same rules
    as the pages: measures_visible_to, can_see_project, the idea rules of
    selectors/ideas.py (hidden ideas: author and moderators). A hidden or deleted comment
    is shown to others as a placeholder only, so only its author is told about it."""
    if user is None or not user.is_active:
        return False
    if measure is not None and not measure.is_public:
        if not measures_visible_to(user).filter(pk=measure.pk).exists():
            return False
    if project is not None and not can_see_project(user, project):
        return False
    if idea is not None:
        if not can_see_project(user, idea.project):
            return False
        if idea.is_hidden and idea.author_id != user.pk and not moderates_ideas_of(
            user, idea.project
        ):
            return False
    if comment is not None and (comment.is_hidden or comment.is_deleted):
        if comment.author_id != user.pk:
            return False
    return True


# --- Writing ------------------------------------------------------------------------------


def _recipient_ids(recipients) -> list[int]:
    User = get_user_model()
    if isinstance(recipients, QuerySet):
        if recipients.model is User:
            return list(recipients.filter(is_active=True).values_list("pk", flat=True))
        return list(
            User.objects.filter(pk__in=recipients, is_active=True).values_list("pk", flat=True)
        )
    ids = {getattr(r, "pk", r) for r in recipients if r is not None}
    found: list[int] = []
    ordered = sorted(ids)
    for start in range(0, len(ordered), CHUNK):
        found += User.objects.filter(
            pk__in=ordered[start : start + CHUNK], is_active=True
        ).values_list("pk", flat=True)
    return found


def notify(
    *,
    recipients,
    kind: str,
    event_key: str,
    url: str,
    context: dict | None = None,
    measure: Measure | None = None,
    project: Project | None = None,
    idea: Idea | None = None,
    comment: Comment | None = None,
    actor=None,
) -> int:
    """Write one notification per recipient for one event; returns how many were new.

    Who calls it: the services of the action (inside their transaction) and the receivers
    in ``events``. ``recipients``: users, user ids, or a User/ids QuerySet. Nobody is told
    about their own action (``actor``), nor about what they cannot see. (recipient,
    event_key) is unique: calling twice for the same event writes nothing the second
    time. ``context`` holds plain values (ids, titles, codes), never translated text:
    the text is made in the recipient's language when shown or sent.
    Immediate e-mails are enqueued after commit (never failing the caller).
    """
    if kind not in NotificationKind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    user_ids = [pk for pk in _recipient_ids(recipients) if actor is None or pk != actor.pk]
    if not user_ids:
        return 0
    if not visible_to_everyone(measure=measure, project=project, idea=idea, comment=comment):
        users = get_user_model().objects.filter(pk__in=user_ids)
        user_ids = [
            u.pk
            for u in users
            if can_see_target(u, measure=measure, project=project, idea=idea, comment=comment)
        ]
    # Already told about this event (the unique index (recipient, event_key) answers).
    existing: set[int] = set()
    for start in range(0, len(user_ids), CHUNK):
        existing.update(
            Notification.objects.filter(
                recipient_id__in=user_ids[start : start + CHUNK], event_key=event_key
            ).values_list("recipient_id", flat=True)
        )
    user_ids = [pk for pk in user_ids if pk not in existing]
    deliveries: dict[int, str] = {}
    for start in range(0, len(user_ids), CHUNK):
        deliveries.update(deliveries_for(user_ids=user_ids[start : start + CHUNK], kind=kind))
    # ignore_conflicts: a concurrent call for the same event may have won the race.
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=user_id,
                kind=kind,
                event_key=event_key,
                url=url,
                context=context or {},
                measure=measure,
                project=project,
                idea=idea,
                comment=comment,
                delivery=deliveries[user_id],
            )
            for user_id in user_ids
        ],
        ignore_conflicts=True,
        batch_size=CHUNK,
    )
    created = len(user_ids)
    immediate = [pk for pk, value in deliveries.items() if value == Delivery.IMMEDIATE]
    if immediate:
        gathered = _gathered_events.get()
        if gathered is not None:
            gathered.append(event_key)
        else:
            transaction.on_commit(
                lambda: enqueue_immediate(event_key=event_key, recipient_ids=immediate)
            )
    return created


# The events whose immediate e-mails wait for the end of ``immediate_mails_together``.
_gathered_events: ContextVar[list[str] | None] = ContextVar("gathered_events", default=None)


@contextmanager
def immediate_mails_together() -> Iterator[None]:
    """Hand the immediate e-mails of all events inside the block to the mail task
    together, in batches of NOTIFICATION_EMAIL_BATCH_SIZE, after the commit of the
    transaction around the block — instead of one task per event. For code that writes
    hundreds of events at once (the demo data), where a task per event costs most of the
    time. If the block raises, nothing is enqueued (the rows, if kept, stay pending for
    the sweeper)."""
    events: list[str] = []
    token = _gathered_events.set(events)
    try:
        yield
    finally:
        _gathered_events.reset(token)
    if events:
        transaction.on_commit(lambda: _enqueue_pending(event_key__in=set(events)))


def enqueue_immediate(*, event_key: str, recipient_ids: list[int]) -> None:
    """After commit: hand the event's pending immediate rows to the mail task."""
    _enqueue_pending(event_key=event_key, recipient_id__in=recipient_ids)


def _enqueue_pending(**filters) -> None:
    """Hand the pending immediate rows matching ``filters`` to the mail task, one task per
    batch of NOTIFICATION_EMAIL_BATCH_SIZE (workers share them)."""
    from django.conf import settings

    from participation.notifications.delivery import pending
    from participation.notifications.tasks import send_notification_emails

    ids = list(pending().filter(**filters).order_by("pk").values_list("pk", flat=True))
    size = settings.NOTIFICATION_EMAIL_BATCH_SIZE
    for start in range(0, len(ids), size):
        safe_delay(send_notification_emails, ids[start : start + size])


@transaction.atomic
def notification_mark_read(*, user, notification_id: int) -> bool:
    """Mark one of ``user``'s own notifications read. Raises Notification.DoesNotExist
    for someone else's. Returns whether it was unread."""
    notification = Notification.objects.get(pk=notification_id, recipient=user)
    if notification.read_at is not None:
        return False
    notification.read_at = timezone.now()
    notification.save(update_fields=["read_at"])
    return True


@transaction.atomic
def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# --- Reading back as text (in the active language) ------------------------------------------

TITLES = {
    NotificationKind.PROGRESS_UPDATE: _("Neuer Sachstand zur Maßnahme %(measure)s"),
    NotificationKind.MILESTONE_REACHED: _("Meilenstein erreicht: %(milestone)s (%(measure)s)"),
    NotificationKind.PHASE_STARTED: _("Neue Phase im Projekt „%(project)s“: %(phase)s"),
    NotificationKind.PHASE_ENDING: _("Phase „%(phase)s“ im Projekt „%(project)s“ endet bald"),
    NotificationKind.NEW_IDEA: _("Neue Idee im Projekt „%(project)s“: %(idea)s"),
    NotificationKind.COMMENT_ON_MY_IDEA: _("%(actor)s hat Ihre Idee „%(idea)s“ kommentiert"),
    NotificationKind.REPLY_TO_MY_COMMENT: _("%(actor)s hat auf Ihren Kommentar geantwortet"),
    NotificationKind.IDEA_RESPONSE: _("Neues zu Ihrer Idee „%(idea)s“: %(status)s"),
    NotificationKind.CONTENT_HIDDEN: _("Ihr Beitrag wurde ausgeblendet: %(item)s"),
    NotificationKind.REVIEW_DECIDED: _(
        "Entscheidung über Ihren Antrag auf Überprüfung: %(outcome)s"
    ),
    NotificationKind.NEW_REPORT: _("Neue Meldung im Projekt „%(project)s“"),
    NotificationKind.MEASURE_STALE: _("Erinnerung: Maßnahme %(measure)s ohne aktuellen Sachstand"),
    NotificationKind.MILESTONE_DUE: _("Erinnerung: Meilenstein „%(milestone)s“ bald fällig"),
    NotificationKind.STATUS_REPORT_PUBLISHED: _("Neuer Sachstandsbericht: %(report)s"),
    NotificationKind.PROPOSAL_MERGED: _("Vorschlag „%(proposal)s“ zusammengeführt mit „%(into)s“"),
    NotificationKind.BUDGET_REVIEW: _("Ihr Vorschlag „%(proposal)s“ wurde geprüft: %(decision)s"),
    NotificationKind.BUDGET_RESULTS: _("Das Ergebnis des Bürgerbudgets „%(project)s“ steht fest"),
    NotificationKind.COMMENT_ON_MY_PROPOSAL: _(
        "%(actor)s hat Ihren Vorschlag „%(proposal)s“ kommentiert"
    ),
    NotificationKind.POLL_OPENED: _("Neue Umfrage im Projekt „%(project)s“: %(poll)s"),
    NotificationKind.POLL_RESULTS: _("Ergebnisse der Umfrage „%(poll)s“ veröffentlicht"),
}


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


def _values(context: dict) -> dict:
    """The placeholders of the titles, with codes turned into labels of the active
    language; missing ones are empty."""
    values: dict = defaultdict(str)
    values.update({k: v for k, v in context.items() if isinstance(v, str | int | float)})
    if context.get("status"):
        values["status"] = _labels(IdeaStatus.choices).get(context["status"], context["status"])
    if context.get("decision"):
        values["decision"] = _labels(ProposalStatus.choices).get(
            context["decision"], context["decision"]
        )
    if context.get("outcome"):
        values["outcome"] = _labels(ModerationDecision.ReviewOutcome.choices).get(
            context["outcome"], context["outcome"]
        )
    if context.get("rule"):
        values["rule"] = _labels(FlagReason.choices).get(context["rule"], context["rule"])
    if not values["actor"]:
        values["actor"] = str(_("Jemand"))
    return values


def notification_title(notification: Notification) -> str:
    template = TITLES.get(notification.kind, _("Neuigkeit"))
    return str(template) % _values(notification.context or {})


def _moment(value: str) -> str:
    """An ISO date and time of the context in the active language's format."""
    moment = parse_datetime(value or "")
    if moment is None:
        return value or ""
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _poll_text(notification: Notification, context: dict) -> list[str]:
    """What a poll's notification says besides its title: until when one can take part,
    when the results are shown, whether the answers are anonymous."""
    if notification.kind == NotificationKind.POLL_RESULTS:
        return [str(_("Die Umfrage ist beendet; ihre Ergebnisse sind jetzt veröffentlicht."))]
    parts = [str(_("Sie können bis %(end)s teilnehmen.")) % {"end": _moment(context.get("end"))}]
    if context.get("results") == "live":
        parts.append(str(_("Die Ergebnisse sind schon während der Umfrage zu sehen.")))
    elif context.get("results") == "after_phase":
        parts.append(str(_("Die Ergebnisse werden nach dem Ende der Umfrage veröffentlicht.")))
    if context.get("anonymous"):
        parts.append(
            str(_("Die Umfrage ist anonym: Ihre Antworten werden ohne Ihr Konto gespeichert."))
        )
    return parts


def notification_text(notification: Notification) -> str:
    """A short plain-text excerpt (what was written, or the statement of reasons)."""
    context = notification.context or {}
    values = _values(context)
    parts = []
    if notification.kind in (NotificationKind.POLL_OPENED, NotificationKind.POLL_RESULTS):
        parts += _poll_text(notification, context)
    elif notification.kind in (NotificationKind.CONTENT_HIDDEN, NotificationKind.REVIEW_DECIDED):
        if values["rule"]:
            parts.append(str(_("Regel: %(rule)s")) % values)
        if context.get("statement"):
            parts.append(str(context["statement"]))
    elif context.get("excerpt"):
        parts.append(str(context["excerpt"]))
    return "\n".join(parts)


def excerpt(text: str, length: int = 280) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def kind_label(kind: str) -> str:
    return _labels(NotificationKind.choices).get(kind, kind)


def describe(notifications: Iterable[Notification]) -> list[Notification]:
    """Attach ``title`` and ``text`` (active language) to each notification."""
    notifications = list(notifications)
    for n in notifications:
        n.title = notification_title(n)
        n.text = notification_text(n)
    return notifications


# --- a person's traces (GDPR) ----------------------------------------------------------------


@transaction.atomic
def notifications_forget_person(*, user, contributions_removed: bool) -> None:
    """Before ``user``'s account is deleted: their name disappears from other people's
    notifications; when their contributions are removed, so do the words quoted from
    them. Their own notifications go with the account."""
    for notification in Notification.objects.filter(context__actor=user.public_name).exclude(
        recipient=user
    ):
        notification.context = {**notification.context, "actor": ""}
        notification.save(update_fields=["context"])
    if contributions_removed:
        Notification.objects.filter(comment__author=user).update(context={})
        Notification.objects.filter(idea__author=user).update(context={})


def notifications_expire(*, before) -> int:
    """Delete notifications older than ``before`` unless their e-mail is still to be
    sent (data minimisation); returns how many."""
    from participation.notifications.delivery import MAX_ATTEMPTS

    still_to_mail = Q(emailed_at__isnull=True, email_skipped=False) & ~Q(
        delivery=Delivery.OFF
    ) & Q(email_attempts__lt=MAX_ATTEMPTS)
    return Notification.objects.filter(created_at__lt=before).exclude(still_to_mail).delete()[0]
