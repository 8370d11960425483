"""``{% vote_widget idea %}``: the support count and the "Unterstützen" toggle (a POST
form: works without JavaScript), the votes the person has left, or why supporting is
not possible now — the answer of ``may_vote`` / ``may_withdraw_vote``, the rules the
services require.

On list pages the widget appears once per idea: what the rules need per project (the
running phase, the person's votes in the project, the votes used) is loaded once per
request and project, so a page of 50 ideas costs the same as a page of 5.
"""

from django import template
from django.contrib.auth.models import AnonymousUser
from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode

from core.rules import has_verified_email
from participation.ideas.rules import VotingState, may_vote, may_withdraw_vote
from participation.ideas.selectors.votes import voting_state

register = template.Library()


def _project_state(request, user, idea) -> VotingState:
    cache = getattr(request, "_voting_states", None) if request is not None else None
    if cache is None:
        cache = {}
        if request is not None:
            request._voting_states = cache
    if idea.project_id not in cache:
        project = idea.project
        if "phases" not in getattr(project, "_prefetched_objects_cache", {}):
            prefetch_related_objects([project], "phases")
        cache[idea.project_id] = voting_state(user, project)
    return cache[idea.project_id]


def widget_context(*, request, idea) -> dict:
    user = getattr(request, "user", None) or AnonymousUser()
    state = _project_state(request, user, idea)
    voted = idea.pk in state.voted
    if voted:
        reason = may_withdraw_vote(user, idea, state)
        action = "withdraw" if reason is None else None
    else:
        reason = may_vote(user, idea, state)
        action = "cast" if reason is None else None
    kwargs = {"project_slug": idea.project.slug, "idea_pk": idea.pk}
    url = None
    if action == "cast":
        url = reverse("ideas:vote-cast", kwargs=kwargs)
    elif action == "withdraw":
        url = reverse("ideas:vote-withdraw", kwargs=kwargs)
    next_url = request.get_full_path() if request is not None else idea.get_absolute_url()
    shows_budget = state.phase is not None and not idea.is_hidden and has_verified_email(user)
    return {
        "idea": idea,
        "voted": voted,
        "action": action,
        "url": url,
        "next_url": next_url,
        "budget": state if shows_budget else None,
        "reason": reason,
        "login_url": f"{reverse('account_login')}?{urlencode({'next': next_url})}",
        "email_url": reverse("account_email"),
    }


@register.simple_tag(takes_context=True)
def vote_widget(context, idea):
    """Support count, toggle button, remaining votes or the reason (see module)."""
    request = context.get("request")
    return render_to_string(
        "ideas/votes/widget.html", widget_context(request=request, idea=idea),
        request=request,
    )
