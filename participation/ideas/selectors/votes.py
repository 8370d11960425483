"""Reading votes: how many votes a person has left in a project's voting phase, and which
ideas they support (one query for a whole list of ideas)."""

from participation.ideas.models import Idea, Vote
from participation.ideas.rules import VotingState
from projects.models import Phase, Project
from projects.phases import phase_allowing


def votes_left(user, project: Project, *, phase: Phase | None = None) -> VotingState | None:
    """The person's budget in the project's running voting phase; None when no phase
    allows votes now or nobody is signed in. One query (the count), plus the phases when
    the project was loaded without them."""
    if user is None or not user.is_authenticated:
        return None
    phase = phase or phase_allowing(project, "votes")
    if phase is None:
        return None
    used = Vote.objects.filter(user=user, phase=phase).count()
    return VotingState(phase=phase, used=used)


def voted_idea_ids(*, user, project: Project | None = None, ideas=None) -> set[int]:
    """The ids of the ideas ``user`` supports: in ``project``, or among ``ideas``. One
    query, for a whole list page."""
    if user is None or not user.is_authenticated:
        return set()
    votes = Vote.objects.filter(user=user)
    if project is not None:
        votes = votes.filter(idea__project=project)
    if ideas is not None:
        ids = [idea.pk if isinstance(idea, Idea) else idea for idea in ideas]
        votes = votes.filter(idea_id__in=ids)
    return set(votes.values_list("idea_id", flat=True))


def has_voted(*, user, idea: Idea) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return Vote.objects.filter(user=user, idea=idea).exists()


def voting_state(user, project: Project) -> VotingState:
    """What ``may_vote`` needs for every idea of ``project`` on one page: the running
    voting phase, the ideas ``user`` supports there and the votes they used (two queries
    for a signed-in person, whatever the number of ideas)."""
    phase = phase_allowing(project, "votes")
    if user is None or not user.is_authenticated:
        return VotingState(phase=phase)
    used = Vote.objects.filter(user=user, phase=phase).count() if phase is not None else 0
    return VotingState(
        phase=phase, voted=voted_idea_ids(user=user, project=project), used=used
    )
