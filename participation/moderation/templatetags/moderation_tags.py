"""Template tags of the moderation.

``{% flag_link target %}``: a "Melden" link to the report form, for signed-in people
with a verified e-mail address who did not write ``target`` (an idea or a comment).
``{% moderation_notice target %}``: for hidden content, the statement of reasons
(what, why, which rule, when, review) for its author, plus who decided for moderators;
nothing for everyone else (the comments and ideas parts render their placeholder).
``{% moderation_queue_link project %}``: a link to the project's queue with the number
of open items, for its moderators only.

Query cost: none per comment for ordinary readers. ``moderation_notice`` needs the
item's decisions for hidden content the viewer wrote or moderates; pages listing many
items load them with ``selectors.moderation.decisions_prefetch()``. The permission to
moderate is asked once per project and request.
"""

from urllib.parse import urlencode

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from participation.ideas.models import Idea
from participation.ideas.rules import is_global_moderator, item_kind, moderates_item
from participation.moderation import selectors
from participation.moderation.rules import may_flag
from projects.rules import moderates_project

register = template.Library()


def _user(context):
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None or not user.is_authenticated:
        return None
    return user


def _label(target) -> str:
    if isinstance(target, Idea):
        return _("Idee „%(title)s“") % {"title": target.title}
    author = target.author if target.author_id else None
    if author is not None:
        return _("Kommentar von %(name)s") % {"name": author.public_name}
    return _("Kommentar")


@register.simple_tag(takes_context=True)
def flag_link(context, target) -> str:
    if target is None:
        return ""
    user = _user(context)
    if user is None or may_flag(user, target, check_open_flag=False) is not None:
        return ""
    kind = item_kind(target)
    request = context.get("request")
    back = request.get_full_path() if request is not None else ""
    if back and kind == "comment":
        back = f"{back.split('#')[0]}#{selectors.comment_anchor(target.pk)}"
    url = reverse("moderation:flag", kwargs={"kind": kind, "pk": target.pk})
    if back:
        url = f"{url}?{urlencode({'next': back})}"
    return render_to_string(
        "moderation/flag_link.html",
        {"url": url, "label": _label(target)},
    )


@register.simple_tag(takes_context=True)
def moderation_notice(context, target) -> str:
    if target is None or not getattr(target, "is_hidden", False):
        return ""
    user = _user(context)
    if user is None:
        return ""
    is_author = target.author_id is not None and target.author_id == user.pk
    is_moderator = moderates_item(user, target)
    if not (is_author or is_moderator):
        return ""
    kind = item_kind(target)
    decision = selectors.current_decision(target)
    moderation_url = ""
    if is_moderator:
        moderation_url = selectors.scope_of(target).item_url(kind, target.pk)
    return render_to_string(
        "moderation/notice.html",
        {
            "target": target,
            "kind": kind,
            "decision": decision,
            "is_author": is_author,
            "is_moderator": is_moderator,
            "moderation_url": moderation_url,
            "notice_id": f"moderation-notice-{kind}-{target.pk}",
        },
        request=context.get("request"),
    )


@register.simple_tag(takes_context=True)
def moderation_queue_link(context, project=None) -> str:
    """For moderators of ``project`` (or, without a project, global moderators: the
    queue of comments on measures)."""
    user = _user(context)
    if user is None:
        return ""
    scope = selectors.ModerationScope(project)
    if project is None:
        allowed = is_global_moderator(user)
    else:
        allowed = moderates_project(user, project)
    if not allowed:
        return ""
    return render_to_string(
        "moderation/queue_link.html",
        {"url": scope.queue_url(), "counts": selectors.open_counts(scope=scope)},
    )


@register.simple_tag(takes_context=True)
def moderates_anything(context) -> bool:
    """For the header's "Moderation" link: whether the signed-in person has any queue
    (``rules.moderates_anything``, remembered for the request; no query for anonymous
    visitors)."""
    from participation.moderation.rules import moderates_anything as rule

    user = context.get("user")
    if user is None or not user.is_authenticated:
        return False
    return rule(user)
