"""Helpers for the comment and vote tests: phases before/during/after, the people of the
permission matrix, and comments on measures and projects."""

import datetime

import factory
from django.utils import timezone

from participation.ideas.models import Comment
from projects.models import Phase, Project
from tests.factories import (
    CommentFactory,
    IdeaFactory,
    MeasureFactory,
    PhaseFactory,
    ProjectFactory,
    StaffFactory,
    VotingPhaseFactory,
    global_moderator,  # noqa: F401 (the comment tests take it from here)
    moderator_of,  # noqa: F401 (the comment tests take it from here)
)
from tests.ideas.factories_ideas import person as ideas_person

WHEN = ("before", "during", "after")
ROLES = (
    "anonymous",
    "unverified",
    "resident",
    "author",
    "moderator",
    "other_moderator",
    "staff",
)


def _span(when: str) -> dict:
    now = timezone.now()
    day = datetime.timedelta(days=1)
    return {
        "before": {"start": now + 2 * day, "end": now + 30 * day},
        "during": {"start": now - day, "end": now + 30 * day},
        "after": {"start": now - 30 * day, "end": now - day},
    }[when]


def comment_phase(project: Project, when: str = "during", **kwargs) -> Phase:
    """An ideas phase that allows comments, running ``when`` relative to now."""
    return PhaseFactory(project=project, **_span(when), **kwargs)


def voting_phase(project: Project, when: str = "during", **kwargs) -> Phase:
    """A voting phase (3 votes per person unless given), running ``when``."""
    return VotingPhaseFactory(project=project, **_span(when), **kwargs)


def person(role: str, *, project: Project, author=None):
    """The person of ``role`` for content in ``project`` (``author`` for "author");
    "staff" here is staff without any moderation right."""
    return ideas_person(role, project=project, author=author, staff=StaffFactory)


class MeasureCommentFactory(CommentFactory):
    idea = None
    measure = factory.SubFactory(MeasureFactory)


class ProjectCommentFactory(CommentFactory):
    idea = None
    project = factory.SubFactory(ProjectFactory)


def idea_in_open_phase(**kwargs):
    """An idea in a published project whose ideas phase (comments allowed) runs now."""
    project = ProjectFactory()
    comment_phase(project)
    return IdeaFactory(project=project, **kwargs)


def visible_comments(idea) -> int:
    return Comment.objects.filter(idea=idea, is_deleted=False, is_hidden=False).count()
