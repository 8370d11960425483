"""The report form: a signed-in person reports an idea or a comment to the moderation."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.exceptions import NotAllowed
from core.navigation import safe_next
from participation.ideas import rules
from participation.ideas.models import Comment, Idea
from participation.ideas.targets import comment_select_related, spec_of_comment
from participation.moderation import selectors, services
from participation.moderation.forms import FlagForm
from participation.moderation.rules import may_flag
from participation.moderation.selectors import QueueItem
from projects.rules import can_see_project


def _reportable_or_404(request, kind: str, pk: int):
    if kind == "idea":
        obj = get_object_or_404(Idea.objects.select_related("project", "author"), pk=pk)
    elif kind == "comment":
        obj = get_object_or_404(
            Comment.objects.select_related(
                "author", "idea", "idea__project", "project", "measure", *comment_select_related()
            ),
            pk=pk,
        )
    else:
        raise Http404
    project = rules.project_of(obj)
    if project is not None and not can_see_project(request.user, project):
        raise Http404
    if kind == "comment" and obj.measure_id and not obj.measure.is_public:
        raise Http404
    spec = spec_of_comment(obj) if kind == "comment" else None
    if spec is not None and not spec.can_see(request.user, getattr(obj, spec.kind)):
        raise Http404  # a comment on a hidden proposal
    return obj


@require_http_methods(["GET", "POST"])
def flag(request, kind: str, pk: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    obj = _reportable_or_404(request, kind, pk)
    item = QueueItem(kind=kind, obj=obj, url=selectors.public_url(obj), item_url="")
    back = safe_next(request, item.url or "/")
    found = may_flag(request.user, obj, check_open_flag=False)
    refusal = found.message if found is not None else None
    form = FlagForm(request.POST if request.method == "POST" else None)
    status = 200 if refusal is None else 403
    if request.method == "POST" and refusal is None:
        if form.is_valid():
            try:
                services.flag_create(
                    reporter=request.user,
                    reason=form.cleaned_data["reason"],
                    text=form.cleaned_data["text"],
                    **{kind: obj},
                )
            except NotAllowed as error:
                refusal, status = str(error), 403
            except ValidationError as error:
                form.add_error(None, error)
                status = 400
            else:
                messages.success(
                    request,
                    _(
                        "Danke für Ihre Meldung. Die Moderation prüft den Beitrag. Sie "
                        "erfahren nicht das Ergebnis, der Beitrag wird aber ausgeblendet, "
                        "wenn er gegen die Regeln verstößt."
                    ),
                )
                return redirect(back)
        else:
            status = 400
    context = {"item": item, "form": form, "back": back, "refusal": refusal}
    return render(request, "moderation/flag_form.html", context, status=status)
