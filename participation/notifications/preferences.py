"""How each person wants each kind of notification by e-mail (in-app they always get it).

No ``NotificationPreference`` row means the default: about one's own content at once,
about what one follows in a daily digest, reminders for measure managers at once, new
reports at once (only moderators who opted in for a project, ``FlagAlert``, get them).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from participation.notifications.models import Delivery, NotificationKind, NotificationPreference

DEFAULTS: dict[str, str] = {
    NotificationKind.COMMENT_ON_MY_IDEA: Delivery.IMMEDIATE,
    NotificationKind.REPLY_TO_MY_COMMENT: Delivery.IMMEDIATE,
    NotificationKind.IDEA_RESPONSE: Delivery.IMMEDIATE,
    NotificationKind.CONTENT_HIDDEN: Delivery.IMMEDIATE,
    NotificationKind.REVIEW_DECIDED: Delivery.IMMEDIATE,
    NotificationKind.BUDGET_REVIEW: Delivery.IMMEDIATE,
    NotificationKind.COMMENT_ON_MY_PROPOSAL: Delivery.IMMEDIATE,
    NotificationKind.PROGRESS_UPDATE: Delivery.DAILY,
    NotificationKind.MILESTONE_REACHED: Delivery.DAILY,
    NotificationKind.NEW_IDEA: Delivery.DAILY,
    NotificationKind.PHASE_STARTED: Delivery.DAILY,
    NotificationKind.PHASE_ENDING: Delivery.DAILY,
    NotificationKind.STATUS_REPORT_PUBLISHED: Delivery.IMMEDIATE,  # twice a year
    NotificationKind.NEW_REPORT: Delivery.IMMEDIATE,  # only with a FlagAlert (opt-in)
    NotificationKind.MEASURE_STALE: Delivery.IMMEDIATE,
    NotificationKind.MILESTONE_DUE: Delivery.IMMEDIATE,
    NotificationKind.PROPOSAL_MERGED: Delivery.IMMEDIATE,
    NotificationKind.BUDGET_RESULTS: Delivery.IMMEDIATE,  # once a year
    # A poll is open for a few weeks and rare: told at once, not a day later.
    NotificationKind.POLL_OPENED: Delivery.IMMEDIATE,
    NotificationKind.POLL_RESULTS: Delivery.IMMEDIATE,
}


# Kinds that only concern people with a role; others are not shown them.
MODERATOR_KINDS = (NotificationKind.NEW_REPORT,)
MANAGER_KINDS = (NotificationKind.MEASURE_STALE, NotificationKind.MILESTONE_DUE)


def kinds_for(user) -> list[str]:
    """The kinds ``user`` can receive, for the preferences form: everyone's, plus the
    moderators' and the measure managers' when they have that role."""
    from measures.rules import is_measure_manager
    from projects.rules import projects_moderated_by

    hidden: set[str] = set()
    if not projects_moderated_by(user).exists():
        hidden.update(MODERATOR_KINDS)
    if not is_measure_manager(user):
        hidden.update(MANAGER_KINDS)
    return [kind for kind in NotificationKind.values if kind not in hidden]


def default_delivery(kind: str) -> str:
    return DEFAULTS.get(kind, Delivery.DAILY)


def deliveries_for(*, user_ids: Iterable[int], kind: str) -> dict[int, str]:
    """user id → delivery for ``kind``, for many people in one query."""
    user_ids = list(user_ids)
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=user_ids, kind=kind).values_list(
            "user_id", "delivery"
        )
    )
    default = default_delivery(kind)
    return {user_id: chosen.get(user_id, default) for user_id in user_ids}


def preferences_of(user) -> dict[str, str]:
    """kind → delivery for every kind, the person's choice or the default (one query)."""
    chosen = dict(
        NotificationPreference.objects.filter(user=user).values_list("kind", "delivery")
    )
    return {kind: chosen.get(kind, default_delivery(kind)) for kind in NotificationKind.values}


@transaction.atomic
def preference_set(*, user, kind: str, delivery: str) -> None:
    """Set how ``user`` gets ``kind`` by e-mail. Only the person themself (or a signed
    unsubscribe link of theirs) calls this. Choosing the default removes the row."""
    if kind not in NotificationKind.values or delivery not in Delivery.values:
        raise ValueError(f"unknown kind or delivery: {kind!r}, {delivery!r}")
    if delivery == default_delivery(kind):
        NotificationPreference.objects.filter(user=user, kind=kind).delete()
        return
    NotificationPreference.objects.update_or_create(
        user=user, kind=kind, defaults={"delivery": delivery}
    )


@transaction.atomic
def preferences_save(*, user, deliveries: dict[str, str]) -> None:
    """Save the whole preferences form at once."""
    for kind, delivery in deliveries.items():
        preference_set(user=user, kind=kind, delivery=delivery)
