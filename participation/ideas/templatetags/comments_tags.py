"""``{% comment_thread target %}``: the discussion of an idea, a measure or a project.

Renders the thread (``ideas/comments/thread.html``) with the forms the person
may use: a new comment, a reply, an edit and a delete form per comment (each in a
``<details>`` disclosure: no JavaScript needed), the moderators' highlight button; or,
instead of the new-comment form, the plain reason why commenting is not possible.

Queries: the thread (one), the target's phases when not prefetched (one), the viewer's
permissions (a fixed number when signed in), the moderation decisions when the viewer
may see hidden comments (one). Never one per comment.
"""

from django import template
from django.contrib.auth.models import AnonymousUser
from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode

from measures.models import Measure
from participation.ideas.forms.comments import CommentForm, edit_form, reply_form
from participation.ideas.rules import may_comment, moderates_comments_on, target_project
from participation.ideas.selectors.comments import comments_for, shown_count
from participation.ideas.services.comments import target_kind
from participation.ideas.targets import spec_for

register = template.Library()


def _create_url(target) -> str:
    kind = target_kind(target)
    if kind == "idea":
        return reverse("ideas:comment-create-idea", kwargs={"idea_pk": target.pk})
    if kind == "measure":
        return reverse("ideas:comment-create-measure", kwargs={"measure_slug": target.slug})
    spec = spec_for(target)
    if spec is not None:
        return spec.create_url(target)
    return reverse("ideas:comment-create-project", kwargs={"project_slug": target.slug})


def _page_url(target) -> str:
    if isinstance(target, Measure):
        return reverse("measures:measure-detail", kwargs={"slug": target.slug})
    spec = spec_for(target)
    if spec is not None:
        return spec.url(target)
    return target.get_absolute_url()


def _ensure_phases(target) -> None:
    """Load the project's phases once (all phase rules of this render then use them)."""
    project = target_project(target)
    if project is not None and "phases" not in getattr(project, "_prefetched_objects_cache", {}):
        prefetch_related_objects([project], "phases")


def thread_context(*, request, target) -> dict:
    user = getattr(request, "user", None) or AnonymousUser()
    _ensure_phases(target)
    is_moderator = moderates_comments_on(user, target)
    comments = comments_for(target=target, user=user, is_moderator=is_moderator)
    refusal = may_comment(user, target)
    can_comment = refusal is None
    for top in comments:
        for comment in (top, *top.thread_replies):
            usable = not comment.is_deleted and not comment.is_hidden
            comment.may_reply = can_comment and usable
            comment.may_edit = can_comment and comment.is_own and usable
            comment.may_delete = comment.is_own and not comment.is_deleted
            comment.may_highlight = is_moderator and usable
            comment.may_report = usable and not comment.is_own
            if comment.may_reply:
                comment.reply_form = reply_form(comment)
            if comment.may_edit:
                comment.edit_form = edit_form(comment)
    kind = target_kind(target)
    anchor = f"comments-{kind}-{target.pk}"
    page_url = _page_url(target)
    return {
        "target": target,
        "kind": kind,
        "anchor": anchor,
        "comments": comments,
        "count": shown_count(comments),
        "is_moderator": is_moderator,
        "refusal": refusal,
        "form": CommentForm(id_prefix=f"new_{kind}_{target.pk}") if can_comment else None,
        "create_url": _create_url(target),
        "login_url": f"{reverse('account_login')}?{urlencode({'next': f'{page_url}#{anchor}'})}",
        "email_url": reverse("account_email"),
        "page_url": page_url,
    }


@register.simple_tag(takes_context=True)
def comment_thread(context, target):
    """The discussion of ``target`` (an idea, a measure or a project)."""
    request = context.get("request")
    return render_to_string(
        "ideas/comments/thread.html",
        thread_context(request=request, target=target),
        request=request,
    )
