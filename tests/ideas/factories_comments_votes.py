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
    UserFactory,
    VotingPhaseFactory,
    global_moderator,  # noqa: F401 (the comment tests take it from here)
    moderator_of,
)

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
    """The person of ``role`` for content in ``project`` (``author`` for "author")."""
    from django.contrib.auth.models import AnonymousUser

    if role == "anonymous":
        return AnonymousUser()
    if role == "unverified":
        return UserFactory(verified=False)
    if role == "resident":
        return UserFactory()
    if role == "author":
        return author
    if role == "moderator":
        return moderator_of(project)
    if role == "other_moderator":
        return moderator_of(ProjectFactory())
    if role == "staff":
        return StaffFactory()
    raise ValueError(role)


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
