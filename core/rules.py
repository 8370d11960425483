"""The shared pieces of "who may do what": the Refusal type and the named predicates the
apps' ``rules.py`` modules are composed of.

A rule is a function ``may_<action>(user, obj) -> Refusal | None``: None when the person
may act, else a Refusal that says why not in words a resident understands. Services
call ``require(may_…(…))`` first; views, serializers, template tags and the admin ask
the same function to show a control or its reason. A rule is written once.

Permission answers are cached on the user object, which lives as long as the request
(``request.user``): one guardian lookup per object and request, however often a page
asks (:func:`has_perm`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db.models import Q
from django.utils.translation import gettext as _
from guardian.core import ObjectPermissionChecker

from core.exceptions import Closed, Conflict, Invalid, NotAllowed


@dataclass(frozen=True)
class Refusal:
    """Why a person may not do something now.

    ``code`` says what kind of obstacle it is, so a page can offer the next step:

    * ``sign_in``, ``verify``: taking part needs a signed-in person with a verified
      e-mail address (the page offers to sign in or to confirm the address);
    * ``closed``: not at this time (the phase does not allow it, comments closed);
    * ``hidden``: the content was hidden by the moderation; ``not_visible``, ``invalid``:
      the object does not allow it (not public, deleted, one's own);
    * ``limit``, ``duplicate``: the current state does not allow more (votes used up,
      already done);
    * ``forbidden``: not this person (not the author, not a moderator of this project);
    * ``resident``: a confirmed residence in Jena is needed (the page links the
      verification page); ``not_eligible``: confirmed, but outside the districts or
      under the minimum age of the phase (``verification.rules``).
    """

    code: str
    message: str

    def exception(self) -> Exception:
        """The exception a service raises for this refusal (see ``core.exceptions``)."""
        if self.code in ("sign_in", "verify", "forbidden", "resident", "not_eligible"):
            return NotAllowed(self.message, code=self.code)
        if self.code == "closed":
            return Closed(self.message, code=self.code)
        if self.code in ("limit", "duplicate"):
            return Conflict(self.message, code=self.code)
        return Invalid(self.message, code=self.code)


def require(refusal: Refusal | None) -> None:
    """Raise the refusal's exception; do nothing when the rule allows the action."""
    if refusal is not None:
        raise refusal.exception()


def allowed(refusal: Refusal | None) -> bool:
    return refusal is None


def first_refusal(*checks: Callable[[], Refusal | None]) -> Refusal | None:
    """The first of ``checks`` that refuses (later checks are not asked)."""
    for check in checks:
        refusal = check()
        if refusal is not None:
            return refusal
    return None


# --- The request's cache --------------------------------------------------------------------


def _cache(user) -> dict:
    """Answers remembered for ``user``: the user object lives as long as the request."""
    return user.__dict__.setdefault("_rules_cache", {})


def cached(user, key, compute: Callable[[], object]):
    """``compute()`` once per user object and ``key``."""
    if user is None or not getattr(user, "is_authenticated", False):
        return compute()
    cache = _cache(user)
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def forget(user) -> None:
    """Drop the remembered answers (after a permission changed within the request)."""
    if user is not None:
        user.__dict__.pop("_rules_cache", None)
        user.__dict__.pop("_perm_cache", None)
        user.__dict__.pop("_user_perm_cache", None)
        user.__dict__.pop("_group_perm_cache", None)


# --- Predicates -----------------------------------------------------------------------------


def is_active_user(user) -> bool:
    """Signed in with an active account."""
    return bool(user is not None and user.is_authenticated and user.is_active)


def has_verified_email(user) -> bool:
    """Taking part (ideas, comments, votes, flags, follows) needs a verified address."""
    if not is_active_user(user):
        return False
    return cached(
        user,
        "verified_email",
        lambda: EmailAddress.objects.filter(user=user, verified=True).exists(),
    )


def has_global_perm(user, perm: str) -> bool:
    """``perm`` (``"app.codename"``) for everything, not only for some objects. Django
    caches the user's model permissions on the user object."""
    return is_active_user(user) and user.has_perm(perm)


def has_object_perm(user, perm: str, obj) -> bool:
    """``perm`` on ``obj`` by django-guardian, granted to the person or to one of their
    groups. One guardian checker per user object answers all permissions of an object
    with one lookup, however often a request asks."""
    if not is_active_user(user) or obj is None or obj.pk is None:
        return False
    checker = _cache(user).get("guardian")
    if checker is None:
        checker = _cache(user).setdefault("guardian", ObjectPermissionChecker(user))
    return checker.has_perm(perm.split(".", 1)[1], obj)


def holds_perm_anywhere(
    user, *, globally: tuple[str, ...], on_objects: tuple[str, ...] = ()
) -> bool:
    """Whether ``user`` holds one of the permissions ``globally`` (for everything) or one
    of ``on_objects`` on at least one object (django-guardian), directly or through a
    group: one query, remembered for the request, for menus that every page shows
    (superusers: none). Pages that act on an object ask :func:`has_perm` instead."""
    if not is_active_user(user):
        return False
    if user.is_superuser:
        return True

    def by_name(perms) -> Q:
        condition = Q(pk__in=[])
        for perm in perms:
            app_label, codename = perm.split(".", 1)
            condition |= Q(content_type__app_label=app_label, codename=codename)
        return condition

    def compute() -> bool:
        from django.contrib.auth.models import Permission

        held_globally = Q(user=user) | Q(group__user=user)
        held_on_objects = Q(userobjectpermission__user=user) | Q(
            groupobjectpermission__group__user=user
        )
        condition = by_name(globally) & held_globally
        if on_objects:
            condition |= by_name(on_objects) & held_on_objects
        return Permission.objects.filter(condition).exists()

    return cached(user, ("holds_perm_anywhere", globally, on_objects), compute)


def prefetch_object_perms(user, objects) -> None:
    """Load the person's object permissions on ``objects`` (all of one model) at once, so
    that :func:`has_object_perm` answers for each of them without a query: a page that
    asks a rule for many objects stays at a fixed number of queries."""
    objects = [obj for obj in objects if obj.pk is not None]
    if not is_active_user(user) or not objects:
        return
    checker = _cache(user).get("guardian")
    if checker is None:
        checker = _cache(user).setdefault("guardian", ObjectPermissionChecker(user))
    checker.prefetch_perms(objects)


def has_perm(user, perm: str, obj=None) -> bool:
    """``perm`` globally, or on ``obj`` (object permission)."""
    return has_global_perm(user, perm) or (obj is not None and has_object_perm(user, perm, obj))


def participant_refusal(
    user, *, sign_in_message: str | None = None, verify_message: str | None = None
) -> Refusal | None:
    """Why this person cannot take part at all (not signed in, e-mail address not
    verified), or None. The messages name the action where the caller knows it."""
    if not is_active_user(user):
        return Refusal("sign_in", sign_in_message or _("Bitte melden Sie sich an."))
    if not has_verified_email(user):
        return Refusal(
            "verify", verify_message or _("Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse.")
        )
    return None
