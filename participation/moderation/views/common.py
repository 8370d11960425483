"""What the moderation pages share: the scope check (``moderation_view``), the safe
``next`` address, the action form of an item, a review request's row, and the page
title."""

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from participation.ideas import rules
from participation.moderation import selectors
from participation.moderation.forms import ModerationActionForm, ReviewDecideForm
from participation.moderation.models import ModerationDecision
from participation.moderation.selectors import ModerationScope, QueueItem
from projects.rules import moderates_project
from projects.selectors import visible_project_or_404


def moderation_view(view):
    """Resolve the scope (a project by slug, or the measures when there is no slug) and
    let only its moderators in."""

    @wraps(view)
    def wrapper(request, *args, project_slug: str | None = None, **kwargs):
        if project_slug is None:
            scope = ModerationScope(None)
            allowed = rules.is_global_moderator(request.user)
        else:
            project = visible_project_or_404(
                user=request.user, slug=project_slug, with_phases=False
            )
            scope = ModerationScope(project)
            allowed = moderates_project(request.user, project)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not allowed:
            raise PermissionDenied(_("Sie dürfen diesen Bereich nicht moderieren."))
        return view(request, scope, *args, **kwargs)

    return wrapper


def action_form(item: QueueItem, data=None) -> ModerationActionForm:
    return ModerationActionForm(data, auto_id=f"id_{item.dom_id}_%s")


@dataclass
class ReviewRow:
    decision: ModerationDecision
    item: QueueItem
    form: ReviewDecideForm
    same_moderator: bool
    action_url: str


def decision_item(scope: ModerationScope, decision: ModerationDecision) -> QueueItem:
    kind = "idea" if decision.idea_id else "comment"
    obj = decision.idea if decision.idea_id else decision.comment
    return QueueItem(
        kind=kind,
        obj=obj,
        url=selectors.public_url(obj),
        item_url=scope.item_url(kind, obj.pk),
    )


def scope_context(scope: ModerationScope) -> dict:
    if scope.is_measures:
        title = _("Moderation: Kommentare zu Maßnahmen")
    else:
        title = _("Moderation: %(title)s") % {"title": scope.project.title}
    return {"scope": scope, "project": scope.project, "page_title": title}
