"""Helpers for the moderation tests: moderators of one project, global moderators, and
reports on an item. The two projects A and B the tests start from are
``tests.scenarios.two_projects_with_their_moderators``."""

from participation.ideas.models import Comment, Idea
from participation.moderation.models import Flag, FlagReason
from projects.models import Project
from tests import factories
from tests.factories import (
    CommentFactory,
    MeasureFactory,
    ReportFactory,
)

global_moderator = factories.global_moderator


def moderator_of(project: Project, *, staff: bool = True, **kwargs):
    """A moderator of ``project`` who is staff (so they may use the admin) by default."""
    return factories.moderator_of(project, staff=staff, **kwargs)


def reports_on(item, count: int, reason: str = FlagReason.INSULT, **kwargs) -> list[Flag]:
    """``count`` raw open reports by different people (no service: no auto-hide)."""
    target = {"idea": item, "comment": None} if isinstance(item, Idea) else {"comment": item}
    return [ReportFactory(reason=reason, **target, **kwargs) for _ in range(count)]


def measure_comment(**kwargs) -> Comment:
    return CommentFactory(idea=None, measure=MeasureFactory(), **kwargs)
