"""``{% vote_widget idea %}``: the support count and the "Unterstützen" toggle (a POST
form: works without JavaScript), the votes the person has left, or why supporting is
not possible now.

On list pages the widget appears once per idea: what it needs per project (the running
phase, the person's votes in the project, their remaining budget) is loaded once per
request and project, so a page of 50 ideas costs the same as a page of 5.
"""

from dataclasses import dataclass, field

from django import template
from django.contrib.auth.models import AnonymousUser
from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from participation.ideas.selectors.votes import VoteBudget, voted_idea_ids, votes_left
from participation.ideas.services.comments import Refusal, user_refusal
from participation.ideas.services.votes import (
    sign_in_to_vote_message,
    vote_limit_message,
    voting_closed_message,
)
from projects.models import Phase
from projects.phases import phase_allowing

register = template.Library()

@dataclass
class ProjectVoteState:
    phase: Phase | None
    closed_message: str
    refusal: Refusal | None
    budget: VoteBudget | None
    voted: set[int] = field(default_factory=set)


def _project_state(request, user, idea) -> ProjectVoteState:
    cache = getattr(request, "_vote_widget_states", None) if request is not None else None
    if cache is None:
        cache = {}
        if request is not None:
            request._vote_widget_states = cache
    if idea.project_id not in cache:
        project = idea.project
        if "phases" not in getattr(project, "_prefetched_objects_cache", {}):
            prefetch_related_objects([project], "phases")
        phase = phase_allowing(project, "votes")
        refusal = user_refusal(user, sign_in_message=sign_in_to_vote_message())
        signed_in = user is not None and user.is_authenticated
        cache[idea.project_id] = ProjectVoteState(
            phase=phase,
            closed_message="" if phase else voting_closed_message(project),
            refusal=refusal,
            budget=votes_left(user, project, phase=phase) if phase and not refusal else None,
            voted=voted_idea_ids(user=user, project=project) if signed_in else set(),
        )
    return cache[idea.project_id]


def widget_context(*, request, idea) -> dict:
    user = getattr(request, "user", None) or AnonymousUser()
    state = _project_state(request, user, idea)
    voted = idea.pk in state.voted
    action = None
    reason = None
    if idea.is_hidden:
        reason = Refusal(
            "closed", _("Diese Idee wurde von der Moderation ausgeblendet und kann nicht "
                        "unterstützt werden.")
        )
    elif state.phase is None:
        reason = Refusal("closed", state.closed_message)
    elif state.refusal is not None:
        reason = state.refusal
    elif voted:
        action = "withdraw"
    elif state.budget is not None and state.budget.exhausted:
        reason = Refusal("limit", vote_limit_message(state.phase))
    else:
        action = "cast"
    kwargs = {"project_slug": idea.project.slug, "idea_pk": idea.pk}
    url = None
    if action == "cast":
        url = reverse("ideas:vote-cast", kwargs=kwargs)
    elif action == "withdraw":
        url = reverse("ideas:vote-withdraw", kwargs=kwargs)
    next_url = request.get_full_path() if request is not None else idea.get_absolute_url()
    return {
        "idea": idea,
        "voted": voted,
        "action": action,
        "url": url,
        "next_url": next_url,
        "budget": state.budget if state.phase and not idea.is_hidden else None,
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
