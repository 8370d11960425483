"""Helpers for the project tests: projects with a planned sequence of phases, the people
of the permission matrix (administrators, moderators of one project)."""

import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Permission

from projects import services
from projects.models import Phase, Project
from tests.factories import PhaseFactory, ProjectFactory, StaffFactory, UserFactory

BERLIN = ZoneInfo("Europe/Berlin")


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime.datetime:
    """An aware datetime in Jena's time zone."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=BERLIN)


def project_admin(**kwargs):
    """Staff with the model permissions on projects (not a superuser)."""
    user = StaffFactory(**kwargs)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="projects",
            codename__in=[
                "add_project",
                "change_project",
                "delete_project",
                "view_project",
                "add_phase",
                "change_phase",
                "delete_phase",
                "view_phase",
                "add_category",
                "change_category",
                "delete_category",
                "view_category",
            ],
        )
    )
    return type(user).objects.get(pk=user.pk)  # fresh permission cache


def moderator_of(project: Project, *, staff: bool = False):
    """A person holding ``moderate_project`` on ``project`` only (not staff by default)."""
    user = (StaffFactory if staff else UserFactory)()
    services.project_moderator_grant(project=project, holder=user, actor=None)
    return user


def planned_project(**kwargs) -> Project:
    """A published project in 2027: information (Feb), ideas with comments (1–31 March),
    voting with 3 votes (1–15 April), evaluation (16 April – 31 May)."""
    project = ProjectFactory(**kwargs)
    PhaseFactory(
        project=project,
        type=Phase.Type.INFORMATION,
        start=at(2027, 2, 1),
        end=at(2027, 3, 1),
        allows_ideas=False,
        allows_comments=False,
    )
    PhaseFactory(
        project=project,
        type=Phase.Type.IDEAS,
        start=at(2027, 3, 1),
        end=at(2027, 4, 1),
        allows_ideas=True,
        allows_comments=True,
    )
    PhaseFactory(
        project=project,
        type=Phase.Type.VOTING,
        start=at(2027, 4, 1),
        end=at(2027, 4, 16),
        allows_ideas=False,
        allows_comments=True,
        allows_votes=True,
        votes_per_person=3,
    )
    PhaseFactory(
        project=project,
        type=Phase.Type.EVALUATION,
        start=at(2027, 4, 16),
        end=at(2027, 6, 1),
        allows_ideas=False,
        allows_comments=False,
    )
    return project


def running_phases(project: Project, count: int, *, now: datetime.datetime | None = None):
    """``count`` consecutive week-long phases around ``now``; the second one is running."""
    from django.utils import timezone

    now = now or timezone.now()
    start = now - datetime.timedelta(days=8)
    created = []
    for index in range(count):
        created.append(
            PhaseFactory(
                project=project,
                type=Phase.Type.IDEAS if index % 2 else Phase.Type.INFORMATION,
                title=f"Phase Nummer {index + 1}",
                start=start + datetime.timedelta(days=7 * index),
                end=start + datetime.timedelta(days=7 * (index + 1)),
                allows_ideas=bool(index % 2),
                allows_comments=True,
            )
        )
    return created
