"""Helpers for the moderation tests: moderators of one project, global moderators, and a
small world with two projects (A and B) whose contents are reported."""

from dataclasses import dataclass

from participation.ideas.models import Comment, Idea
from participation.moderation.models import Flag, FlagReason
from projects.models import Project
from tests import factories
from tests.factories import (
    CommentFactory,
    IdeaFactory,
    MeasureFactory,
    PhaseFactory,
    ProjectFactory,
    ReportFactory,
    UserFactory,
)

global_moderator = factories.global_moderator


def moderator_of(project: Project, *, staff: bool = True, **kwargs):
    """A moderator of ``project`` who is staff (so they may use the admin) by default."""
    return factories.moderator_of(project, staff=staff, **kwargs)


def reports_on(item, count: int, reason: str = FlagReason.INSULT, **kwargs) -> list[Flag]:
    """``count`` raw open reports by different people (no service: no auto-hide)."""
    target = {"idea": item, "comment": None} if isinstance(item, Idea) else {"comment": item}
    return [ReportFactory(reason=reason, **target, **kwargs) for _ in range(count)]


@dataclass
class World:
    project_a: Project
    project_b: Project
    idea_a: Idea
    idea_b: Idea
    comment_a: Comment
    comment_b: Comment
    moderator_a: object
    moderator_b: object
    author: object
    resident: object


def two_projects() -> World:
    project_a = ProjectFactory(title="Projekt A", slug="projekt-a")
    project_b = ProjectFactory(title="Projekt B", slug="projekt-b")
    for project in (project_a, project_b):
        PhaseFactory(project=project)
    author = UserFactory(display_name="Autorin")
    idea_a = IdeaFactory(project=project_a, author=author, title="Laterne am Markt")
    idea_b = IdeaFactory(project=project_b, author=author, title="Laterne in Lobeda")
    comment_a = CommentFactory(idea=idea_a, author=author, text="Kommentar in A")
    comment_b = CommentFactory(idea=idea_b, author=author, text="Kommentar in B")
    return World(
        project_a=project_a,
        project_b=project_b,
        idea_a=idea_a,
        idea_b=idea_b,
        comment_a=comment_a,
        comment_b=comment_b,
        moderator_a=moderator_of(project_a, display_name="Moderation A"),
        moderator_b=moderator_of(project_b, display_name="Moderation B"),
        author=author,
        resident=UserFactory(display_name="Anwohnerin"),
    )


def measure_comment(**kwargs) -> Comment:
    return CommentFactory(idea=None, measure=MeasureFactory(), **kwargs)
