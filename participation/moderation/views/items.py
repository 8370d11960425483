"""One reported item's page: its reports and decisions, and the moderator's action
(hide, restore, dismiss the reports) with the statement of reasons."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from core.navigation import safe_next
from participation.ideas.models import Comment, Idea
from participation.moderation import selectors, services
from participation.moderation.selectors import ModerationScope

from .common import action_form, moderation_view, scope_context

ACTION_DONE = {
    "hide": gettext_lazy(
        "Der Beitrag ist ausgeblendet. Die Verfasserin oder der Verfasser sieht Ihre Begründung."
    ),
    "restore": gettext_lazy("Der Beitrag ist wieder sichtbar."),
    "dismiss": gettext_lazy("Die Meldungen sind zurückgewiesen."),
}


def _item_or_404(scope: ModerationScope, kind: str, pk: int):
    if kind not in selectors.KINDS or (scope.is_measures and kind != "comment"):
        raise Http404
    try:
        item = selectors.item_for_moderation(kind=kind, pk=pk)
    except (Idea.DoesNotExist, Comment.DoesNotExist) as exc:
        raise Http404(_("Diesen Beitrag gibt es nicht.")) from exc
    if not scope.contains(item):
        raise Http404(_("Dieser Beitrag gehört nicht zu diesem Bereich."))
    return item


@require_http_methods(["GET", "POST"])
@moderation_view
def item_detail(request, scope: ModerationScope, kind: str, pk: int):
    obj = _item_or_404(scope, kind, pk)
    item = selectors.queue_item(scope, kind, obj)
    form = action_form(item, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            action = form.cleaned_data["action"]
            target = {kind: obj}
            try:
                if action == "hide":
                    services.content_hide(
                        moderator=request.user,
                        rule=form.cleaned_data["rule"],
                        statement=form.cleaned_data["statement"],
                        **target,
                    )
                elif action == "restore":
                    services.content_restore(
                        moderator=request.user, statement=form.cleaned_data["statement"], **target
                    )
                else:
                    services.flags_dismiss(
                        moderator=request.user, statement=form.cleaned_data["statement"], **target
                    )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, ACTION_DONE[action])
                return redirect(safe_next(request, scope.queue_url()))
        status = 400
    context = {
        **scope_context(scope),
        "item": item,
        "form": form,
        "all_reports": list(obj.flags.select_related("reporter").order_by("-created_at")),
        "next": safe_next(request, scope.queue_url()),
    }
    return render(request, "moderation/item.html", context, status=status)
