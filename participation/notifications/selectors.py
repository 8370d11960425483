"""Reads of follows: what a person follows (the Abonnements page, the API) and, for pages
with many follow buttons, which of the shown things the person follows — one query per
request, however many buttons the page has."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from participation.notifications.follows import KINDS, follow_kind
from participation.notifications.models import Follow, Notification, NotificationPreference


def follows_with_targets(user) -> QuerySet[Follow]:
    """The person's follows, newest first, each with its target (and an idea's project,
    for its URL) loaded in the same query."""
    if user is None or not user.is_authenticated:
        return Follow.objects.none()
    return (
        Follow.objects.filter(user=user)
        .select_related("measure", "bundle", "core_area", "project", "idea__project", "district")
        .order_by("-created_at", "-pk")
    )


@dataclass
class FollowGroup:
    kind: str
    follows: list[Follow] = field(default_factory=list)


def follows_of(user) -> list[FollowGroup]:
    """The person's follows grouped by kind (measure, bundle, core area, project, idea,
    district — that order), empty kinds left out. One query."""
    groups = {kind: FollowGroup(kind) for kind in KINDS}
    for follow in follows_with_targets(user):
        for kind in KINDS:
            if getattr(follow, f"{kind}_id") is not None:
                groups[kind].follows.append(follow)
                break
    return [group for group in groups.values() if group.follows]


def followed_ids(user) -> dict[str, set[int]]:
    """``{"measure": {ids}, "bundle": {ids}, …}`` of everything the person follows; one
    query (a person follows tens of things, not thousands)."""
    ids: dict[str, set[int]] = {kind: set() for kind in KINDS}
    if user is None or not user.is_authenticated:
        return ids
    columns = [f"{kind}_id" for kind in KINDS]
    for row in Follow.objects.filter(user=user).values_list(*columns):
        for kind, value in zip(KINDS, row, strict=True):
            if value is not None:
                ids[kind].add(value)
    return ids


def followed_ids_for_request(request) -> dict[str, set[int]]:
    """``followed_ids`` of the request's user, read once per request (follow buttons on
    a list page share it)."""
    cached = getattr(request, "_followed_ids", None)
    if cached is None:
        cached = followed_ids(getattr(request, "user", None))
        request._followed_ids = cached
    return cached


def is_following(user, target, *, ids: dict[str, set[int]] | None = None) -> bool:
    """Whether ``user`` follows ``target``; pass ``ids`` (``followed_ids``) when asking
    for many targets, so no query is made per target."""
    if ids is None:
        ids = followed_ids(user)
    return target.pk in ids[follow_kind(target)]


def personal_data(user) -> dict:
    """What notifications stores about one person, for their copy of their data (GDPR
    art. 15): e-mail preferences, follows, notifications. A fixed number of queries."""
    from participation.notifications.services import describe

    def iso(value) -> str | None:
        return value.isoformat() if value is not None else None

    follows = Follow.objects.filter(user=user).select_related(
        "measure", "bundle", "core_area", "project", "idea", "district"
    )
    notifications = describe(Notification.objects.filter(recipient=user).order_by("created_at"))
    return {
        "notification_preferences": dict(
            NotificationPreference.objects.filter(user=user).values_list("kind", "delivery")
        ),
        "follows": [
            {
                "type": next(name for name in Follow.TARGETS if getattr(f, f"{name}_id")),
                "target": str(f.target),
                "automatic": f.is_automatic,
                "since": iso(f.created_at),
            }
            for f in follows
        ],
        "notifications": [
            {
                "kind": n.kind,
                "title": n.title,
                "url": n.url,
                "created_at": iso(n.created_at),
                "read_at": iso(n.read_at),
                "emailed_at": iso(n.emailed_at),
            }
            for n in notifications
        ],
    }
