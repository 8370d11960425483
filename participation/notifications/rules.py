"""Who may follow what: one function per action (``may_<action>(user, …) -> Refusal |
None``, see ``core.rules``). The follow services require them; the follow button, the
subscriptions page and the API ask the same functions."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.rules import Refusal, participant_refusal
from geo.models import District
from measures.models import CoreArea, Measure, MeasureBundle
from participation.ideas.models import Idea
from projects.models import Project


def target_is_visible(user, target) -> bool:
    """Whether ``user`` may follow ``target``: public measures, published projects,
    ideas of published projects that are not hidden (their author still sees their
    own hidden idea); bundles, core areas and districts are always public."""
    if isinstance(target, Measure):
        return target.is_public
    if isinstance(target, Project):
        return target.status == Project.Status.PUBLISHED
    if isinstance(target, Idea):
        if target.project.status != Project.Status.PUBLISHED:
            return False
        own = user is not None and user.is_authenticated and target.author_id == user.pk
        return not target.is_hidden or own
    return isinstance(target, (MeasureBundle, CoreArea, District))


def may_follow(user, target) -> Refusal | None:
    """Signed-in people with a verified e-mail address; only what they can see."""
    refusal = participant_refusal(
        user,
        sign_in_message=_("Bitte melden Sie sich an, um zu folgen."),
        verify_message=_("Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse, um zu folgen."),
    )
    if refusal is not None:
        return refusal
    if not target_is_visible(user, target):
        return Refusal(
            "not_visible", _("Diesem Inhalt kann man nicht folgen: Er ist nicht öffentlich.")
        )
    return None


def may_unfollow(user) -> Refusal | None:
    """Anyone signed in, for their own follows (no verified address needed)."""
    if user is None or not user.is_authenticated:
        return Refusal("sign_in", _("Bitte melden Sie sich an."))
    return None
