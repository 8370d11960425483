"""Helpers for the moderation tests: moderators of one project, global moderators, and a
small world with two projects (A and B) whose contents are reported."""

from dataclasses import dataclass

from django.contrib.auth.models import Permission
from guardian.shortcuts import assign_perm

from participation.models import Comment, Idea, Report, ReportReason
from projects.models import Project
from tests.factories import (
    CommentFactory,
    GroupFactory,
    IdeaFactory,
    MeasureFactory,
    PhaseFactory,
    ProjectFactory,
    ReportFactory,
    StaffFactory,
    UserFactory,
)


def moderator_of(project: Project, *, staff: bool = True, via_group: bool = False, **kwargs):
    """A moderator of ``project`` (object permission; staff so they may use the admin)."""
    user = (StaffFactory if staff else UserFactory)(**kwargs)
    if via_group:
        group = GroupFactory()
        assign_perm("projects.moderate_project", group, project)
        user.groups.add(group)
    else:
        assign_perm("projects.moderate_project", user, project)
    return user


def global_moderator(**kwargs):
    """The city's moderation staff: the global permission (all projects and measures)."""
    user = StaffFactory(**kwargs)
    user.user_permissions.add(
        Permission.objects.get(codename="moderate_project", content_type__app_label="projects")
    )
    return user


def reports_on(item, count: int, reason: str = ReportReason.INSULT, **kwargs) -> list[Report]:
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
