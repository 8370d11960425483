"""Comment pages and endpoints, and the comment sections of measure and project pages.

The thread itself is rendered by ``{% comment_thread target %}`` (templatetags): a list
of comments with reply, edit and delete forms in ``<details>`` disclosures, so everything
works without JavaScript. The forms post here; after a successful POST the browser goes
back to the target's page at ``#comment-<id>``. When a form has errors (or the rules
refuse), the form is shown again with the message on a page of its own ("Kommentar
schreiben", "Antworten", "Kommentar bearbeiten"), with nothing typed lost.

URLs (under /beteiligung/, namespace ``participation``):

* ``kommentare/idee/<idea_pk>/neu/``            comment-create-idea      GET form, POST
* ``kommentare/massnahme/<measure_slug>/neu/``  comment-create-measure   GET form, POST
* ``kommentare/projekt/<project_slug>/neu/``     comment-create-project   GET form, POST
* ``kommentare/<pk>/antworten/``                comment-reply            GET form, POST
* ``kommentare/<pk>/bearbeiten/``               comment-update           GET form, POST
* ``kommentare/<pk>/loeschen/``                 comment-delete           GET confirm, POST
* ``kommentare/<pk>/hervorheben/``              comment-highlight        POST (moderators)

A higher app's target (a Bürgerbudget proposal, ``participation.ideas.targets``) has its
new-comment URL in its own app, whose view calls ``comment_create_page``; replies, edits,
deletions and highlights go through the URLs above.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exceptions import NotAllowed
from core.sections import PageSection
from measures.models import Measure
from measures.selectors import measures_visible_to
from participation.ideas.forms.comments import CommentForm, edit_form, reply_form
from participation.ideas.models import Comment, Idea
from participation.ideas.rules import can_see_comment_target, may_comment, may_update_comment
from participation.ideas.services import comments as services
from participation.ideas.services.comments import Target, comment_target, target_kind
from participation.ideas.targets import comment_select_related, spec_for
from projects.models import Phase
from projects.rules import can_see_project
from projects.selectors import visible_project_or_404

# --- Loading what the URL names, visible to the person -------------------------------------

_PHASES = Prefetch("phases", queryset=Phase.objects.order_by("start", "pk"))


def _idea_or_404(request, pk: int) -> Idea:
    idea = (
        Idea.objects.select_related("project")
        .prefetch_related(Prefetch("project__phases", queryset=Phase.objects.all()))
        .filter(pk=pk)
        .first()
    )
    if idea is None or not can_see_project(request.user, idea.project):
        raise Http404(_("Diese Idee gibt es nicht."))
    return idea


def _measure_or_404(request, slug: str) -> Measure:
    measure = measures_visible_to(request.user).filter(slug=slug).first()
    if measure is None:
        raise Http404(_("Diese Maßnahme gibt es nicht oder sie ist nicht öffentlich."))
    return measure


def _comment_or_404(request, pk: int) -> Comment:
    comment = (
        Comment.objects.select_related(
            "author", "idea__project", "measure", "project", *comment_select_related()
        )
        .filter(pk=pk)
        .first()
    )
    if comment is None:
        raise Http404(_("Diesen Kommentar gibt es nicht."))
    visible = can_see_comment_target(request.user, comment_target(comment))
    if not visible:
        raise Http404(_("Diesen Kommentar gibt es nicht."))
    return comment


def target_url(target: Target) -> str:
    """The page that shows the target's thread."""
    if isinstance(target, Measure):
        return reverse("measures:measure-detail", kwargs={"slug": target.slug})
    spec = spec_for(target)
    if spec is not None:
        return spec.url(target)
    return target.get_absolute_url()


def thread_anchor(target: Target) -> str:
    return f"comments-{target_kind(target)}-{target.pk}"


def comment_url(comment: Comment, target: Target | None = None) -> str:
    """The target's page at the comment."""
    return f"{target_url(target or comment_target(comment))}#comment-{comment.pk}"


def _error_text(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or _("Das ist nicht erlaubt.")


def _target_title(target: Target) -> str:
    if isinstance(target, Measure):
        return _("Maßnahme %(code)s: %(title)s") % {"code": target.code, "title": target.title}
    if isinstance(target, Idea):
        return _("Idee „%(title)s“") % {"title": target.title}
    spec = spec_for(target)
    if spec is not None:
        return spec.title(target)
    return _("Projekt „%(title)s“") % {"title": target.title}


def _form_page(request, *, target, form, title, action, parent=None, status=200):
    context = {
        "page_title": title,
        "target": target,
        "target_title": _target_title(target),
        "target_url": f"{target_url(target)}#{thread_anchor(target)}",
        "form": form,
        "action": action,
        "parent": parent,
        "refusal": may_comment(request.user, target),
        "login_url": f"{reverse('account_login')}?{urlencode({'next': request.get_full_path()})}",
        "email_url": reverse("account_email"),
    }
    return render(request, "ideas/comments/form_page.html", context, status=status)


# --- Writing -------------------------------------------------------------------------------


def _create(request, target: Target, *, action: str, parent: Comment | None = None):
    title = _("Antworten") if parent is not None else _("Kommentar schreiben")
    if request.method != "POST":
        form = reply_form(parent) if parent is not None else CommentForm()
        return _form_page(request, target=target, form=form, title=title, action=action,
                          parent=parent)
    form = reply_form(parent, request.POST) if parent is not None else CommentForm(request.POST)
    status = 200
    if form.is_valid():
        try:
            comment = services.comment_create(
                author=request.user,
                text=form.cleaned_data["text"],
                parent=parent,
                **{target_kind(target): target},
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, _error_text(exc))
            status = 403 if isinstance(exc, NotAllowed) else 200
        else:
            messages.success(
                request,
                _("Ihre Antwort ist veröffentlicht.") if parent is not None
                else _("Ihr Kommentar ist veröffentlicht."),
            )
            return HttpResponseRedirect(comment_url(comment, target))
    return _form_page(request, target=target, form=form, title=title, action=action,
                      parent=parent, status=status)


def comment_create_page(request, target, *, action: str):
    """The new-comment form of ``target`` (GET) and writing the comment (POST), for a
    higher app's target whose view loaded it (visible to the person) and named the URL
    the form posts to."""
    return _create(request, target, action=action)


def comment_create_on_idea(request, idea_pk: int):
    idea = _idea_or_404(request, idea_pk)
    action = reverse("ideas:comment-create-idea", kwargs={"idea_pk": idea.pk})
    return _create(request, idea, action=action)


def comment_create_on_measure(request, measure_slug: str):
    measure = _measure_or_404(request, measure_slug)
    action = reverse("ideas:comment-create-measure", kwargs={"measure_slug": measure.slug})
    return _create(request, measure, action=action)


def comment_create_on_project(request, project_slug: str):
    project = visible_project_or_404(user=request.user, slug=project_slug)
    action = reverse("ideas:comment-create-project", kwargs={"project_slug": project.slug})
    return _create(request, project, action=action)


def comment_reply(request, pk: int):
    parent = _comment_or_404(request, pk)
    action = reverse("ideas:comment-reply", kwargs={"pk": parent.pk})
    return _create(request, comment_target(parent), action=action, parent=parent)


@login_required
def comment_update(request, pk: int):
    comment = _comment_or_404(request, pk)
    target = comment_target(comment)
    refusal = may_update_comment(request.user, comment, target)
    if refusal is not None and refusal.code == "forbidden":
        raise refusal.exception()
    action = reverse("ideas:comment-update", kwargs={"pk": comment.pk})
    title = _("Kommentar bearbeiten")
    form = edit_form(comment, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_update(
                comment=comment, user=request.user, text=form.cleaned_data["text"]
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, _error_text(exc))
            status = 403 if isinstance(exc, NotAllowed) else 200
        else:
            messages.success(request, _("Ihr Kommentar wurde geändert."))
            return HttpResponseRedirect(comment_url(comment, target))
    return _form_page(request, target=target, form=form, title=title, action=action,
                      status=status)


@login_required
def comment_delete(request, pk: int):
    comment = _comment_or_404(request, pk)
    target = comment_target(comment)
    if comment.author_id != request.user.pk:
        raise NotAllowed(_("Sie können nur Ihre eigenen Kommentare löschen."))
    if request.method == "POST":
        services.comment_delete(comment=comment, user=request.user)
        messages.success(request, _("Ihr Kommentar wurde gelöscht."))
        return HttpResponseRedirect(comment_url(comment, target))
    context = {
        "comment": comment,
        "target_title": _target_title(target),
        "target_url": comment_url(comment, target),
    }
    return render(request, "ideas/comments/delete_page.html", context)


@require_POST
@login_required
def comment_highlight(request, pk: int):
    comment = _comment_or_404(request, pk)
    target = comment_target(comment)
    highlighted = request.POST.get("highlighted") == "1"
    try:
        services.comment_highlight(comment=comment, user=request.user, highlighted=highlighted)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(
            request,
            _("Der Kommentar ist hervorgehoben.") if highlighted
            else _("Die Hervorhebung ist aufgehoben."),
        )
    return HttpResponseRedirect(comment_url(comment, target))




# --- Sections of the measure and project pages ----------------------------------------------

SECTION_ORDER = 900  # after everything else on the page: the discussion closes it


def measure_comments_section(request, measure) -> PageSection:
    """The discussion of a measure (``{% comment_thread %}``: one query for the thread)."""
    return PageSection(
        template="ideas/sections/comments_measure.html",
        context={"measure": measure},
        order=SECTION_ORDER,
    )


def project_comments_section(request, project) -> PageSection:
    """The discussion of a project as a whole (ideas have their own threads)."""
    return PageSection(
        template="ideas/sections/comments_project.html",
        context={"project": project},
        order=SECTION_ORDER,
    )
