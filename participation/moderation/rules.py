"""Who may flag, moderate and ask for a review: one function per action
(``may_<action>(user, …) -> Refusal | None``, see ``core.rules``). The services require
them; the flag form, the review page, the moderation tags, the admin and the API ask the
same functions. Who moderates an item is ``participation.ideas.rules.moderates_item``
(the moderators of its project; for comments on measures the city's moderation).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.rules import Refusal, holds_perm_anywhere, participant_refusal
from participation.budgets.rules.ballots import ENTER_PAPER_BALLOT
from participation.budgets.rules.review import REVIEW_PROPOSAL
from participation.ideas.models import Comment
from participation.ideas.rules import Item, may_moderate, project_of
from participation.moderation.models import Flag, ModerationDecision
from projects.models import Project
from projects.rules import MODERATE_PROJECT, can_see_project, moderates_project

__all__ = [
    "HIDING_ACTIONS",
    "may_flag",
    "may_moderate",
    "may_receive_flag_alerts",
    "may_request_review",
    "moderates_anything",
]

HIDING_ACTIONS = (ModerationDecision.Action.HIDE, ModerationDecision.Action.AUTO_HIDE)


def is_visible_to_reporter(user, item: Item) -> bool:
    """Only what the person can see can be flagged."""
    if item.is_hidden:
        return False
    if isinstance(item, Comment):
        if item.is_deleted:
            return False
        if item.idea_id and item.idea.is_hidden:
            return False
        if item.measure_id:
            return bool(item.measure.is_public)
    project = project_of(item)
    return project is None or can_see_project(user, project)


def may_flag(user, item: Item, *, check_open_flag: bool = True) -> Refusal | None:
    """Flag an idea or a comment: signed-in people with a verified e-mail address, not
    its author, only content they can see, one open flag per person and item.

    ``check_open_flag=False`` leaves out the one query for an earlier flag (a page that
    only decides whether to show the form)."""
    refusal = participant_refusal(
        user,
        sign_in_message=_("Bitte melden Sie sich an, um Beiträge zu melden."),
        verify_message=_("Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse, um Beiträge zu melden."),
    )
    if refusal is not None:
        return refusal
    if item.author_id is not None and item.author_id == user.pk:
        return Refusal(
            "invalid",
            _(
                "Ihren eigenen Beitrag können Sie nicht melden. Sie können ihn aber "
                "bearbeiten oder löschen."
            ),
        )
    if not is_visible_to_reporter(user, item):
        return Refusal(
            "invalid", _("Dieser Beitrag ist nicht mehr sichtbar und kann nicht gemeldet werden.")
        )
    if (
        check_open_flag
        and Flag.objects.filter(
            **{"idea" if not isinstance(item, Comment) else "comment": item},
            reporter=user,
            status=Flag.Status.OPEN,
        ).exists()
    ):
        return Refusal(
            "invalid",
            _(
                "Sie haben diesen Beitrag bereits gemeldet. Die Moderation prüft Ihre "
                "Meldung; eine zweite ist nicht nötig."
            ),
        )
    return None


def may_request_review(
    user, decision: ModerationDecision, item: Item, *, current: ModerationDecision | None
) -> Refusal | None:
    """The author of hidden content asks once for a review of the decision that hid it
    (EU Digital Services Act, art. 20). ``current``: the item's latest decision."""
    if user is None or not user.is_authenticated or item.author_id != user.pk:
        return Refusal(
            "forbidden",
            _(
                "Nur die Verfasserin oder der Verfasser des Beitrags kann eine Überprüfung "
                "beantragen."
            ),
        )
    if decision.review_requested_at is not None:
        return Refusal(
            "invalid",
            _(
                "Für diese Entscheidung haben Sie bereits eine Überprüfung beantragt. "
                "Eine Entscheidung kann nur einmal überprüft werden."
            ),
        )
    if decision.action not in HIDING_ACTIONS or not item.is_hidden or current != decision:
        return Refusal(
            "invalid", _("Diese Entscheidung gilt nicht mehr; eine Überprüfung ist nicht nötig.")
        )
    return None


def may_receive_flag_alerts(user, project: Project) -> Refusal | None:
    """Switch on the alerts about new flags in ``project``: its moderators (switching
    off is always possible, also after losing the role)."""
    if moderates_project(user, project):
        return None
    return Refusal("forbidden", _("Sie dürfen Beiträge in diesem Bereich nicht moderieren."))


def moderates_anything(user) -> bool:
    """Has the person any moderation queue: moderators of at least one project (the
    object permission, also through a group), the city's moderation (the global
    permission), the Bürgerbudget's review office and its paper-ballot staff. The
    header's "Moderation" link asks this once per request (anonymous visitors: no
    query); the overview page lists what the same rules allow."""
    # The rules of the queues' pages (projects.rules, budgets.rules) in one query: the
    # global permissions they accept, or the moderation of at least one project.
    return holds_perm_anywhere(
        user,
        globally=(MODERATE_PROJECT, REVIEW_PROPOSAL, ENTER_PAPER_BALLOT),
        on_objects=(MODERATE_PROJECT,),
    )
