"""Review requests: the author of a hidden contribution asks for a second look
(``review_request``), a moderator decides it (``review_decide``)."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.navigation import safe_next
from participation.moderation import selectors, services
from participation.moderation.forms import ReviewDecideForm, ReviewRequestForm
from participation.moderation.models import ModerationDecision
from participation.moderation.rules import may_request_review
from participation.moderation.selectors import ModerationScope, QueueItem

from .common import ReviewRow, decision_item, moderation_view, scope_context

# --- review decision (moderator) ----------------------------------------------------------


@require_http_methods(["GET", "POST"])
@moderation_view
def review_decide(request, scope: ModerationScope, pk: int):
    decision = get_object_or_404(selectors.pending_reviews(scope=scope), pk=pk)
    form = ReviewDecideForm(
        request.POST if request.method == "POST" else None, auto_id=f"id_review_{pk}_%s"
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.review_decide(
                    moderator=request.user,
                    decision=decision,
                    outcome=form.cleaned_data["outcome"],
                    statement=form.cleaned_data["statement"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if form.cleaned_data["outcome"] == ModerationDecision.ReviewOutcome.REVERSED:
                    done = _("Die Entscheidung ist aufgehoben, der Beitrag wieder sichtbar.")
                else:
                    done = _("Die Entscheidung ist bestätigt, der Beitrag bleibt ausgeblendet.")
                messages.success(request, done)
                return redirect(safe_next(request, scope.queue_url()))
        status = 400
    row = ReviewRow(
        decision=decision,
        item=decision_item(scope, decision),
        form=form,
        same_moderator=decision.moderator_id == request.user.pk,
        action_url=scope.review_url(decision.pk),
    )
    context = {**scope_context(scope), "row": row}
    return render(request, "moderation/review_decide.html", context, status=status)


# --- review request (author) --------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def review_request(request, pk: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    decision = get_object_or_404(
        ModerationDecision.objects.select_related(
            "idea",
            "idea__project",
            "comment",
            "comment__idea",
            "comment__idea__project",
            "comment__project",
            "comment__measure",
            "moderator",
        ),
        pk=pk,
    )
    obj = decision.idea if decision.idea_id else decision.comment
    if obj.author_id != request.user.pk:
        raise Http404  # not theirs: do not reveal anything about it
    item = QueueItem(
        kind="idea" if decision.idea_id else "comment",
        obj=obj,
        url=selectors.public_url(obj),
        item_url="",
    )
    back = item.url or "/"
    form = ReviewRequestForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.review_request(
                    author=request.user, decision=decision, text=form.cleaned_data["text"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _(
                        "Ihr Antrag auf Überprüfung ist eingegangen. Die Moderation prüft die "
                        "Entscheidung erneut; das Ergebnis sehen Sie bei Ihrem Beitrag."
                    ),
                )
                return redirect(back)
        status = 400
    context = {
        "decision": decision,
        "item": item,
        "form": form,
        "back": back,
        "can_request": may_request_review(
            request.user, decision, obj, current=services.latest_decision(obj)
        )
        is None,
    }
    return render(request, "moderation/review_request.html", context, status=status)
