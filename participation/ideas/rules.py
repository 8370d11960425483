"""Who may do what with ideas, comments and votes: one function per action.

``may_<action>(user, …) -> Refusal | None`` (see ``core.rules``). The services require
them (``require(may_…)``); the pages, the API, the template tags and the admin ask the
same functions to show a control or the reason it is missing.

Moderating an item (an idea or a comment): the moderators of its project, or for
comments on measures the city's moderation (``projects.rules``).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.exceptions import Invalid
from core.rules import cached, is_active_user
from measures.models import Measure
from participation.ideas.models import Comment, Idea
from projects.models import Project
from projects.rules import is_global_moderator, moderates_project

Item = Idea | Comment
Target = Idea | Measure | Project


# --- Items (an idea or a comment) and who moderates them ------------------------------------


def item_from(*, idea: Idea | None = None, comment: Comment | None = None) -> Item:
    """The one item of a flag or decision (exactly one of ``idea`` and ``comment``)."""
    if (idea is None) == (comment is None):
        raise Invalid(_("Bitte geben Sie genau eine Idee oder einen Kommentar an."))
    return idea if idea is not None else comment


def item_kind(item: Item) -> str:
    return "idea" if isinstance(item, Idea) else "comment"


def item_filter(item: Item) -> dict:
    """Keyword filter for the rows about ``item`` (flags, decisions)."""
    return {item_kind(item): item}


def project_of(item: Item) -> Project | None:
    """The project an idea or comment belongs to; None for comments on measures."""
    if isinstance(item, Idea):
        return item.project
    if item.idea_id:
        return item.idea.project
    if item.project_id:
        return item.project
    return None


def moderates_ideas_of(user, project: Project) -> bool:
    """Moderators of the project and the city's moderation: they see hidden ideas,
    answer, change the status and delete. Asked once per project and request."""
    if not is_active_user(user):
        return False
    return cached(user, ("moderates_project", project.pk), lambda: moderates_project(user, project))


def moderates_item(user, item: Item) -> bool:
    """May ``user`` hide, restore or dismiss flags on ``item``?"""
    project = project_of(item)
    if project is None:
        return is_global_moderator(user)
    return moderates_ideas_of(user, project)


def moderates_comments_on(user, target: Target) -> bool:
    """Moderators of the project for comments on its ideas and on the project itself;
    for comments on measures the city's moderation."""
    if isinstance(target, Idea):
        return moderates_ideas_of(user, target.project)
    if isinstance(target, Project):
        return moderates_ideas_of(user, target)
    return is_global_moderator(user)
