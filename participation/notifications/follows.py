"""Following things: a measure, a bundle, a core area, a project, an idea, or an Ortsteil
("everything new in Winzerla"). Followers are whom the notifications of those things go to.

* ``follow_create`` / ``follow_delete``: the person's own choice (button, Abonnements
  page, API). Signed in with a verified e-mail address; only things the person can see:
  public measures, published projects, visible ideas (not hidden, or their own).
* ``follow_automatic``: taking part follows what one took part in (own idea, commented
  on, voted for). Called by the participation services inside their transaction.

All are idempotent: the database holds one row per person and thing (unique
constraints), so following twice — even concurrently — keeps one row.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from core.rules import require
from geo.models import District
from measures.models import CoreArea, Measure, MeasureBundle
from participation.ideas.models import Idea
from participation.notifications.models import Follow
from participation.notifications.rules import may_follow, may_unfollow
from projects.models import Project

FollowTarget = Measure | MeasureBundle | CoreArea | Project | Idea | District

#: Follow's target field for each model, in the order pages list them.
KIND_OF_MODEL: dict[type, str] = {
    Measure: "measure",
    MeasureBundle: "bundle",
    CoreArea: "core_area",
    Project: "project",
    Idea: "idea",
    District: "district",
}
MODEL_OF_KIND: dict[str, type] = {kind: model for model, kind in KIND_OF_MODEL.items()}
KINDS: tuple[str, ...] = tuple(MODEL_OF_KIND)


def follow_kind(target) -> str:
    """``"measure"``, ``"bundle"``, … for a target object; ValueError for anything else."""
    try:
        return KIND_OF_MODEL[type(target)]
    except KeyError:
        raise ValueError(f"cannot follow a {type(target).__name__}") from None


def target_title(target) -> str:
    """How pages name a followed thing (measures with their code, bundles and core
    areas with their number; ideas and projects by title; districts by name)."""
    if isinstance(target, District):
        return target.name
    if isinstance(target, (Idea, Project)):
        return target.title
    return str(target)


def follow_target(follow: Follow) -> FollowTarget:
    """The one thing a Follow row points at (loaded objects when select_related)."""
    for kind in KINDS:
        if getattr(follow, f"{kind}_id") is not None:
            return getattr(follow, kind)
    raise ValueError("follow without target")  # the database's check constraint forbids it


def _get_or_create(*, user, kind: str, target, is_automatic: bool) -> tuple[Follow, bool]:
    lookup = {"user": user, kind: target}
    existing = Follow.objects.filter(**lookup).first()
    if existing is not None:
        return existing, False
    try:
        # A savepoint: a concurrent request may have inserted the same row; the unique
        # constraint decides and the loser reads the winner's row.
        with transaction.atomic():
            return Follow.objects.create(**lookup, is_automatic=is_automatic), True
    except IntegrityError:
        return Follow.objects.get(**lookup), False


@transaction.atomic
def follow_create(*, user, target: FollowTarget) -> Follow:
    """Follow ``target`` (a Measure, MeasureBundle, CoreArea, Project, Idea or District).

    Who: signed-in people with a verified e-mail address; only targets they can see
    (raises NotAllowed, or Invalid with code "not_visible").
    Idempotent: an existing follow is returned; an automatic one becomes a chosen one
    (``is_automatic=False``). Notifies nobody.
    """
    kind = follow_kind(target)
    require(may_follow(user, target))
    follow, created = _get_or_create(user=user, kind=kind, target=target, is_automatic=False)
    if not created and follow.is_automatic:
        Follow.objects.filter(pk=follow.pk).update(is_automatic=False)
        follow.is_automatic = False
    return follow


@transaction.atomic
def follow_delete(*, user, target: FollowTarget) -> bool:
    """Stop following ``target``. Who: the signed-in person, for their own follow (no
    verified e-mail needed to unfollow). Returns whether there was a follow; unfollowing
    what one does not follow is no error (idempotent)."""
    kind = follow_kind(target)
    require(may_unfollow(user))
    deleted, _rows = Follow.objects.filter(user=user, **{kind: target}).delete()
    return deleted > 0


@transaction.atomic
def follow_automatic(*, user, target: FollowTarget) -> Follow | None:
    """Follow ``target`` because ``user`` took part in it (own idea, a comment, a vote).

    Callers: the participation services (``idea_create``, ``comment_create``,
    ``vote_cast``) inside their own transaction, after their own checks (so no e-mail or
    visibility check here). Idempotent: an existing follow (chosen or automatic) is kept
    as it is. Anonymous or inactive users: nothing happens (returns None).

    Simple by design: if the person had unfollowed the thing, taking part in it again
    follows it again (no memory of removed follows); they can unfollow again.
    """
    kind = follow_kind(target)
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    follow, _created = _get_or_create(user=user, kind=kind, target=target, is_automatic=True)
    return follow
