"""Reading votes: how many votes a person has left in a project's voting phase, and which
ideas they support (one query for a whole list of ideas)."""

from dataclasses import dataclass

from participation.ideas.models import Idea, Vote
from projects.models import Phase, Project
from projects.phases import phase_allowing


@dataclass(frozen=True)
class VoteBudget:
    """A person's votes in the running voting phase: "Sie haben noch 2 von 3 Stimmen"."""

    phase: Phase
    limit: int | None  # None: as many as they like
    used: int

    @property
    def left(self) -> int | None:
        return None if self.limit is None else max(self.limit - self.used, 0)

    @property
    def exhausted(self) -> bool:
        return self.limit is not None and self.used >= self.limit


def votes_left(user, project: Project, *, phase: Phase | None = None) -> VoteBudget | None:
    """The person's budget in the project's running voting phase; None when no phase
    allows votes now or nobody is signed in. One query (the count), plus the phases when
    the project was loaded without them."""
    if user is None or not user.is_authenticated:
        return None
    phase = phase or phase_allowing(project, "votes")
    if phase is None:
        return None
    used = Vote.objects.filter(user=user, phase=phase).count()
    return VoteBudget(phase=phase, limit=phase.votes_per_person, used=used)


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
