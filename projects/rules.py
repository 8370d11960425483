"""Who may see and moderate a project.

Moderators hold the object permission ``projects.moderate_project`` on a project
(django-guardian; granted to a person or to a group by administrators in the admin), or
the global permission, which makes them moderators of every project and of the comments
on measures (the city's moderation; administrators have it). A moderator of project A
has no power in B; being ``is_staff`` alone gives none either (measure managers are staff).
"""

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from guardian.shortcuts import get_objects_for_user

from core.rules import (
    Refusal,
    cached,
    has_global_perm,
    has_object_perm,
    holds_perm_anywhere,
    is_active_user,
)

from .models import Project

MODERATE_PROJECT = "projects.moderate_project"
ADD_PROJECT = "projects.add_project"
CHANGE_PROJECT = "projects.change_project"


def is_global_moderator(user) -> bool:
    """The city's moderation: every project, and the comments on measures."""
    return has_global_perm(user, MODERATE_PROJECT)


def moderates_project(user, project: Project) -> bool:
    return is_global_moderator(user) or has_object_perm(user, MODERATE_PROJECT, project)


def projects_moderated_by(user) -> QuerySet[Project]:
    """The projects ``user`` moderates, as a queryset (the same rule as above)."""
    if not is_active_user(user):
        return Project.objects.none()
    if is_global_moderator(user):
        return Project.objects.all()
    return get_objects_for_user(user, MODERATE_PROJECT, klass=Project, accept_global_perms=False)


def moderates_any_project(user) -> bool:
    """Whether ``user`` moderates at least one project (the rule of
    :func:`projects_moderated_by`), answered with one query over the object permissions
    of the person and their groups (global or on a project), remembered for the request."""
    return holds_perm_anywhere(user, globally=(MODERATE_PROJECT,), on_objects=(MODERATE_PROJECT,))


def can_see_project(user, project: Project) -> bool:
    """Published projects for everyone; drafts for their moderators and staff."""
    if project.status == Project.Status.PUBLISHED:
        return True
    return bool(is_active_user(user) and user.is_staff) or cached(
        user, ("moderates_project", project.pk), lambda: moderates_project(user, project)
    )


def manages_projects(user, *, adding: bool = False) -> bool:
    """Administrators of participation: active staff with the model permission."""
    return bool(
        is_active_user(user)
        and user.is_staff
        and has_global_perm(user, ADD_PROJECT if adding else CHANGE_PROJECT)
    )


def may_manage_projects(user, *, adding: bool = False) -> Refusal | None:
    """Create projects (``adding``) or change them, their phases and moderators."""
    if manages_projects(user, adding=adding):
        return None
    return Refusal(
        "forbidden",
        _("Nur die Verwaltung der Beteiligungsprojekte darf Projekte anlegen und ändern."),
    )
