"""Who may moderate a project: staff with the global permission, or moderators holding
the object permission ``projects.moderate_project`` (django-guardian; a user or a group),
granted by administrators in the admin. A moderator of project A has no power in B."""

from django.db.models import QuerySet
from guardian.shortcuts import get_objects_for_user

from .models import Project

MODERATE_PROJECT = "projects.moderate_project"


def can_moderate(user, project: Project) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.has_perm(MODERATE_PROJECT) or user.has_perm(MODERATE_PROJECT, project)


def projects_moderated_by(user) -> QuerySet[Project]:
    if user is None or not user.is_authenticated or not user.is_active:
        return Project.objects.none()
    if user.has_perm(MODERATE_PROJECT):
        return Project.objects.all()
    return get_objects_for_user(user, MODERATE_PROJECT, klass=Project, accept_global_perms=False)


def can_see_project(user, project: Project) -> bool:
    """Published projects for everyone; drafts for their moderators and staff."""
    return project.status == Project.Status.PUBLISHED or can_moderate(user, project) or bool(
        user and user.is_authenticated and user.is_staff
    )
