"""``{% follow_button target %}``: follow or stop following a measure, bundle, core area,
project, idea or Ortsteil with a POST form (works without JavaScript); for visitors a
link "Anmelden, um zu folgen".

The button is a toggle: its name stays "Folgen" and ``aria-pressed`` says whether one
follows (a toggle must not change its name, WAI-ARIA APG); a visible line says "Sie folgen
…". What the person follows is read once per request (``followed_ids_for_request``), so a
list with fifty buttons costs one query.
"""

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode

from participation.notifications.follows import follow_kind, target_title
from participation.notifications.rules import target_is_visible
from participation.notifications.selectors import followed_ids_for_request
from participation.notifications.views.follows import follow_anchor, follow_urls

register = template.Library()


def button_context(*, request, target, next_url: str | None = None) -> dict:
    user = getattr(request, "user", None)
    kind = follow_kind(target)
    signed_in = user is not None and user.is_authenticated
    following = signed_in and target.pk in followed_ids_for_request(request)[kind]
    if next_url is None:
        next_url = request.get_full_path() if request is not None else ""
    create_url, delete_url = follow_urls(kind, target.pk)
    anchor = follow_anchor(kind, target.pk)
    return {
        "target": target,
        "title": target_title(target),
        "kind": kind,
        "anchor": anchor,
        "signed_in": signed_in,
        "following": following,
        "url": delete_url if following else create_url,
        "next_url": next_url,
        "login_url": f"{reverse('account_login')}?{urlencode({'next': f'{next_url}#{anchor}'})}",
    }


@register.simple_tag(takes_context=True)
def follow_button(context, target):
    """The follow toggle for ``target`` (nothing for things one cannot follow: drafts,
    non-public measures, hidden ideas)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if not target_is_visible(user, target):
        return ""
    return render_to_string(
        "notifications/follows/button.html", button_context(request=request, target=target),
        request=request,
    )
