"""Periodic notifications and the moderators' alerts about new reports.

* ``reminders.notify_phases``: followers of published projects hear that a phase started
  and that it ends soon — once per event, again when the date moves.
* ``reminders.remind_measure_managers``: the managers of a measure (object permission,
  in person or through their unit's group; not administrators) are reminded of a stale
  measure (once per staleness episode, then every MEASURE_STALE_REMINDER_DAYS) and of
  open milestones due soon — non-public measures included.
* Flag alerts: a moderator opts in per project (service, page toggle); a new report
  then tells them at once (not the reporter, not moderators who did not opt in).
"""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from measures.models import Status
from participation.ideas.models import Idea
from participation.moderation import services as moderation_services
from participation.moderation.models import FlagAlert, FlagReason
from participation.moderation.services import flag_alert_set
from participation.notifications import reminders, tasks
from participation.notifications.models import Delivery, Follow, Notification, NotificationKind
from projects.models import Project
from tests import scenarios
from tests.factories import (
    CommentFactory,
    MeasureFactory,
    MilestoneFactory,
    OrganisationalUnitFactory,
    PhaseFactory,
    ProjectFactory,
    StaffFactory,
    SuperuserFactory,
    UserFactory,
)
from tests.moderation.factories_moderation import (
    global_moderator,
    moderator_of,
    reports_on,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)
TODAY = datetime.date(2026, 3, 2)


def rows(**filters):
    return Notification.objects.filter(**filters)


def recipients(**filters) -> set[int]:
    return set(rows(**filters).values_list("recipient_id", flat=True))


# --- phases ---------------------------------------------------------------------------------


@pytest.fixture
def now():
    return timezone.now()


def followed_project(*, followers: int = 1, **kwargs):
    project = ProjectFactory(**kwargs)
    people = [UserFactory() for _ in range(followers)]
    for person in people:
        Follow.objects.create(user=person, project=project)
    return project, people


def test_a_started_phase_tells_the_projects_followers_once(now):
    project, (follower,) = followed_project()
    stranger = UserFactory()
    Follow.objects.create(user=stranger, project=ProjectFactory())
    phase = PhaseFactory(
        project=project, title="Ideen sammeln", start=now - HOUR, end=now + 20 * DAY
    )

    assert reminders.notify_phases(now=now) == 1
    assert reminders.notify_phases(now=now + DAY) == 0  # the next runs write nothing new

    row = rows(kind=NotificationKind.PHASE_STARTED).get()
    assert row.recipient == follower and row.project == project
    assert row.event_key == f"phase_started:{phase.pk}:{phase.start.isoformat()}"
    assert row.url == reverse("projects:project-detail", kwargs={"slug": project.slug})
    assert row.context == {
        "project": project.title,
        "phase": "Ideen sammeln",
        "phase_id": phase.pk,
        "end": phase.end.isoformat(),
    }
    assert row.delivery == Delivery.DAILY


def test_a_phase_is_not_announced_before_it_starts_nor_long_after(now):
    project, (follower,) = followed_project()
    PhaseFactory(project=project, start=now + DAY, end=now + 20 * DAY)
    PhaseFactory(project=project, start=now - 3 * DAY, end=now - DAY)  # long started
    assert reminders.notify_phases(now=now) == 0
    assert reminders.notify_phases(now=now + 2 * DAY) == 1
    assert recipients(kind=NotificationKind.PHASE_STARTED) == {follower.pk}


def test_a_phase_without_title_is_named_by_its_type_in_german(now):
    project, _ = followed_project()
    PhaseFactory(project=project, title="", start=now - DAY, end=now + 20 * DAY)
    reminders.notify_phases(now=now)
    assert rows(kind=NotificationKind.PHASE_STARTED).get().context["phase"] == "Ideen sammeln"


def test_a_moved_start_is_announced_again(now):
    project, (follower,) = followed_project()
    phase = PhaseFactory(project=project, start=now - DAY, end=now + 20 * DAY)
    reminders.notify_phases(now=now)
    phase.start = now - 2 * HOUR
    phase.save()
    assert reminders.notify_phases(now=now) == 1
    assert rows(recipient=follower, kind=NotificationKind.PHASE_STARTED).count() == 2


def test_phases_of_unpublished_projects_tell_nobody(now):
    project, (follower,) = followed_project(status=Project.Status.DRAFT)
    admin = SuperuserFactory()  # could see the draft: still not told
    Follow.objects.create(user=admin, project=project)
    PhaseFactory(project=project, start=now - DAY, end=now + DAY)
    assert reminders.notify_phases(now=now) == 0
    assert not rows().exists()


def test_a_phase_ending_within_the_notice_is_announced_once(now, settings):
    settings.PHASE_ENDING_NOTICE_DAYS = 3
    project, (follower,) = followed_project()
    ending = PhaseFactory(project=project, start=now - 10 * DAY, end=now + 2 * DAY)
    PhaseFactory(project=project, start=now - 10 * DAY, end=now + 5 * DAY)  # not yet
    PhaseFactory(project=project, start=now - 10 * DAY, end=now - DAY)  # over

    assert reminders.notify_phases(now=now) == 1
    assert reminders.notify_phases(now=now + DAY) == 0
    row = rows(kind=NotificationKind.PHASE_ENDING).get()
    assert row.recipient == follower
    assert row.event_key == f"phase_ending:{ending.pk}:{ending.end.isoformat()}"
    assert row.context["end"] == ending.end.isoformat()

    ending.end = now + 2 * DAY + HOUR  # extended: a new notice
    ending.save()
    assert reminders.notify_phases(now=now) == 1


def test_phases_run_a_constant_number_of_queries_whatever_the_followers(now):
    few, _ = followed_project(followers=1)
    many, _ = followed_project(followers=25)
    PhaseFactory(project=few, start=now - HOUR, end=now + 30 * DAY)
    PhaseFactory(project=many, start=now + 3 * DAY, end=now + 30 * DAY)
    with CaptureQueriesContext(connection) as one:
        assert reminders.notify_phases(now=now) == 1
    later = now + 3 * DAY + HOUR  # the first phase is out of the window by then
    with CaptureQueriesContext(connection) as many_followers:
        assert reminders.notify_phases(now=later) == 25
    assert len(many_followers.captured_queries) == len(one.captured_queries)


# --- measure managers -----------------------------------------------------------------------


def unit_with_manager():
    """An organisational unit whose group holds one manager."""
    unit = OrganisationalUnitFactory()
    manager = StaffFactory()
    manager.groups.add(unit.group)
    return unit, manager


def managed_measure(*, unit=None, managers=(), **kwargs):
    """A measure managed by ``unit``'s group and by ``managers`` in person (object
    permissions, as ``measure_save`` and the admin grant them)."""
    measure = MeasureFactory(responsible_unit=unit, **kwargs) if unit else MeasureFactory(**kwargs)
    if unit is not None:
        assign_perm("measures.change_measure", unit.group, measure)
    for manager in managers:
        assign_perm("measures.change_measure", manager, measure)
    return measure


def strategy_staff():
    """Strategy staff with the global permission: manages everything, is not reminded."""
    user = StaffFactory()
    user.user_permissions.add(
        Permission.objects.get(codename="change_measure", content_type__app_label="measures")
    )
    return user


def stale_days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


@pytest.fixture(autouse=True)
def _reminder_settings(settings):
    settings.MEASURE_STALE_AFTER_DAYS = 180
    settings.MEASURE_STALE_REMINDER_DAYS = 14
    settings.MILESTONE_DUE_NOTICE_DAYS = 14


def test_a_stale_measure_reminds_its_managers_in_person_and_through_their_unit():
    unit, by_group = unit_with_manager()
    in_person = StaffFactory()
    last = stale_days_ago(200)
    measure = managed_measure(unit=unit, managers=[in_person], last_update_on=last)
    SuperuserFactory()
    strategy_staff()
    UserFactory()
    managed_measure(managers=[UserFactory()], last_update_on=TODAY)  # up to date

    assert reminders.remind_measure_managers(today=TODAY) == 2
    assert recipients(kind=NotificationKind.MEASURE_STALE) == {by_group.pk, in_person.pk}
    row = rows(kind=NotificationKind.MEASURE_STALE, recipient=in_person).get()
    assert row.measure == measure and row.delivery == Delivery.IMMEDIATE
    assert row.url == reverse("admin:measures_measure_change", args=[measure.pk])
    assert row.event_key == f"measure_stale:{measure.pk}:{last.isoformat()}:1"
    assert row.context == {
        "measure": f"{measure.code} {measure.title}",
        "measure_id": measure.pk,
        "last_update": last.isoformat(),
    }


def test_a_stale_measure_is_reminded_once_then_every_reminder_days():
    manager = StaffFactory()
    # Stale since today: the last update was 181 days ago.
    measure = managed_measure(managers=[manager], last_update_on=stale_days_ago(181))
    assert reminders.remind_measure_managers(today=TODAY) == 1
    for day in range(1, 14):
        assert reminders.remind_measure_managers(today=TODAY + day * DAY) == 0
    assert reminders.remind_measure_managers(today=TODAY + 14 * DAY) == 1
    keys = list(rows(recipient=manager).order_by("pk").values_list("event_key", flat=True))
    last = stale_days_ago(181).isoformat()
    assert keys == [f"measure_stale:{measure.pk}:{last}:0", f"measure_stale:{measure.pk}:{last}:1"]


def test_a_new_update_ends_the_episode_and_a_later_one_starts_anew():
    manager = StaffFactory()
    measure = managed_measure(managers=[manager], last_update_on=stale_days_ago(190))
    reminders.remind_measure_managers(today=TODAY)
    measure.last_update_on = TODAY
    measure.save()
    assert reminders.remind_measure_managers(today=TODAY) == 0
    assert reminders.remind_measure_managers(today=TODAY + 181 * DAY) == 1
    assert rows(recipient=manager).latest("pk").event_key == (
        f"measure_stale:{measure.pk}:{TODAY.isoformat()}:0"
    )


def test_a_measure_never_updated_counts_as_stale_with_never_in_the_key():
    manager = StaffFactory()
    measure = managed_measure(managers=[manager], last_update_on=None)
    reminders.remind_measure_managers(today=timezone.localdate())
    row = rows(recipient=manager).get()
    assert row.event_key == f"measure_stale:{measure.pk}:never:0"
    assert row.context["last_update"] == ""


def test_closed_measures_need_no_reminder():
    manager = StaffFactory()
    managed_measure(managers=[manager], last_update_on=stale_days_ago(400), status=Status.COMPLETED)
    closed = managed_measure(managers=[manager], last_update_on=TODAY, status=Status.DISCONTINUED)
    MilestoneFactory(measure=closed, due_on=TODAY + 3 * DAY)
    assert reminders.remind_measure_managers(today=TODAY) == 0


def test_the_manager_of_a_non_public_measure_is_reminded_too():
    unit, manager = unit_with_manager()
    outsider = UserFactory()
    Follow.objects.create(user=outsider, measure=MeasureFactory())
    measure = managed_measure(unit=unit, is_public=False, last_update_on=stale_days_ago(300))
    MilestoneFactory(measure=measure, due_on=TODAY + 5 * DAY)
    assert reminders.remind_measure_managers(today=TODAY) == 2
    assert set(rows(recipient=manager).values_list("kind", flat=True)) == {
        NotificationKind.MEASURE_STALE,
        NotificationKind.MILESTONE_DUE,
    }
    assert recipients() == {manager.pk}


def test_a_manager_who_left_the_unit_is_no_longer_reminded():
    unit, manager = unit_with_manager()
    managed_measure(unit=unit, last_update_on=stale_days_ago(300))
    manager.groups.remove(unit.group)
    assert reminders.remind_measure_managers(today=TODAY) == 0


def test_a_milestone_due_soon_reminds_the_managers_once():
    unit, by_group = unit_with_manager()
    in_person = StaffFactory()
    measure = managed_measure(unit=unit, managers=[in_person], last_update_on=TODAY)
    due = MilestoneFactory(measure=measure, title="Ausschreibung", due_on=TODAY + 14 * DAY)
    MilestoneFactory(measure=measure, due_on=TODAY + 20 * DAY)  # later
    MilestoneFactory(measure=measure, due_on=TODAY - DAY)  # overdue: the measure is delayed
    SuperuserFactory()

    assert reminders.remind_measure_managers(today=TODAY) == 2
    assert reminders.remind_measure_managers(today=TODAY + DAY) == 0
    assert recipients(kind=NotificationKind.MILESTONE_DUE) == {by_group.pk, in_person.pk}
    row = rows(recipient=in_person).get()
    assert row.event_key == f"milestone_due:{due.pk}:{due.due_on.isoformat()}"
    assert row.url == reverse("admin:measures_measure_change", args=[measure.pk])
    assert row.context["milestone"] == "Ausschreibung"
    assert row.context["measure"] == f"{measure.code} {measure.title}"
    assert row.context["due_on"] == due.due_on.isoformat()

    due.due_on = TODAY + 10 * DAY  # moved: a new reminder
    due.save()
    assert reminders.remind_measure_managers(today=TODAY) == 2


def test_a_completed_milestone_needs_no_reminder():
    manager = StaffFactory()
    measure = managed_measure(managers=[manager], last_update_on=TODAY)
    MilestoneFactory(measure=measure, due_on=TODAY + 3 * DAY, completed_on=TODAY)
    assert reminders.remind_measure_managers(today=TODAY) == 0


def test_reminders_run_a_constant_number_of_queries_whatever_the_managers():
    unit_few, _ = unit_with_manager()
    unit_many, _ = unit_with_manager()
    for _ in range(15):
        StaffFactory().groups.add(unit_many.group)
    managed_measure(unit=unit_few, last_update_on=stale_days_ago(300))
    with CaptureQueriesContext(connection) as few:
        assert reminders.remind_measure_managers(today=TODAY) == 1
    managed_measure(unit=unit_many, last_update_on=stale_days_ago(300))
    Notification.objects.all().delete()
    with CaptureQueriesContext(connection) as many:
        assert reminders.remind_measure_managers(today=TODAY) == 17
    # Two measures now: the same queries per measure, whatever the number of managers.
    assert len(many.captured_queries) == 2 * len(few.captured_queries) - 2


# --- alerts about new reports ---------------------------------------------------------------


@pytest.fixture
def world():
    return scenarios.two_projects_with_their_moderators()


def report(item, reporter=None):
    target = {"idea": item} if isinstance(item, Idea) else {"comment": item}
    return moderation_services.flag_create(
        reporter=reporter or UserFactory(), reason=FlagReason.SPAM, **target
    )


def test_a_moderator_opts_in_and_out_for_their_project(world):
    assert flag_alert_set(user=world.moderator_a, project=world.project_a, enabled=True)
    assert not flag_alert_set(user=world.moderator_a, project=world.project_a, enabled=True)
    assert FlagAlert.objects.filter(user=world.moderator_a, project=world.project_a).count() == 1
    assert flag_alert_set(user=world.moderator_a, project=world.project_a, enabled=False)
    assert not FlagAlert.objects.exists()


@pytest.mark.parametrize("who", ["moderator_b", "resident", "staff"])
def test_only_moderators_of_the_project_may_opt_in(world, who):
    user = StaffFactory() if who == "staff" else getattr(world, who)
    with pytest.raises(PermissionDenied):
        flag_alert_set(user=user, project=world.project_a, enabled=True)
    assert not FlagAlert.objects.exists()


def test_global_moderators_may_opt_in_anywhere(world):
    assert flag_alert_set(user=global_moderator(), project=world.project_b, enabled=True)


def test_a_new_report_tells_the_moderators_who_opted_in_at_once(
    world, django_capture_on_commit_callbacks
):
    other_moderator_a = moderator_of(world.project_a, via_group=True)
    flag_alert_set(user=world.moderator_a, project=world.project_a, enabled=True)
    flag_alert_set(user=world.moderator_b, project=world.project_b, enabled=True)
    with django_capture_on_commit_callbacks(execute=True):
        created = report(world.comment_a)

    row = rows(kind=NotificationKind.NEW_REPORT).get()
    assert row.recipient == world.moderator_a  # not other_moderator_a, not moderator_b
    assert other_moderator_a.pk not in recipients()
    assert row.event_key == f"report:{created.pk}"
    assert row.project == world.project_a and row.idea is None and row.comment is None
    assert row.url == reverse(
        "moderation:queue", kwargs={"project_slug": world.project_a.slug}
    )
    assert row.context["project"] == world.project_a.title
    assert row.context["reason"] == FlagReason.SPAM
    assert row.delivery == Delivery.IMMEDIATE
    assert [m.to for m in mail.outbox] == [[world.moderator_a.email]]


def test_the_reporter_is_not_told_about_their_own_report(world):
    reporting_moderator = moderator_of(world.project_a)
    for user in (reporting_moderator, world.moderator_a):
        flag_alert_set(user=user, project=world.project_a, enabled=True)
    report(world.idea_a, reporter=reporting_moderator)
    assert recipients(kind=NotificationKind.NEW_REPORT) == {world.moderator_a.pk}


def test_a_moderator_who_lost_the_role_is_no_longer_told(world):
    flag_alert_set(user=world.moderator_a, project=world.project_a, enabled=True)
    remove_perm("projects.moderate_project", world.moderator_a, world.project_a)
    report(world.idea_a)
    assert not rows(kind=NotificationKind.NEW_REPORT).exists()


def test_a_report_that_hides_the_item_still_tells_the_moderator(world, settings):
    settings.PARTICIPATION_AUTO_HIDE_REPORTS = 2
    flag_alert_set(user=world.moderator_a, project=world.project_a, enabled=True)
    reports_on(world.idea_a, 1)
    created = report(world.idea_a)
    world.idea_a.refresh_from_db()
    assert world.idea_a.is_hidden
    assert rows(kind=NotificationKind.NEW_REPORT, recipient=world.moderator_a).get().event_key == (
        f"report:{created.pk}"
    )


def test_reports_in_a_draft_project_reach_its_moderator(world):
    Project.objects.filter(pk=world.project_a.pk).update(status=Project.Status.DRAFT)
    flag_alert_set(user=world.moderator_a, project=world.project_a, enabled=True)
    idea = Idea.objects.get(pk=world.idea_a.pk)
    comment = CommentFactory(idea=idea, author=UserFactory())
    moderator = moderator_of(world.project_a)  # reporters must see it: a moderator reports
    moderation_services.flag_create(reporter=moderator, reason=FlagReason.SPAM, comment=comment)
    assert recipients(kind=NotificationKind.NEW_REPORT) == {world.moderator_a.pk}


# --- the toggle on the moderation queue -----------------------------------------------------


def queue_url(project) -> str:
    return reverse("moderation:queue", kwargs={"project_slug": project.slug})


def alert_url(project) -> str:
    return reverse("moderation:flag-alert", kwargs={"project_slug": project.slug})


def toggle_button(html: str) -> str:
    start = html.index('id="report-alert"')
    return html[start : html.index("</section>", start)]


def test_the_queue_toggles_the_alert_with_a_post_form(client, world):
    client.force_login(world.moderator_a)
    section = toggle_button(client.get(queue_url(world.project_a)).content.decode())
    assert 'method="post"' in section and "csrfmiddlewaretoken" in section
    assert f'action="{alert_url(world.project_a)}"' in section
    assert 'aria-pressed="false"' in section
    assert "Bei neuen Meldungen benachrichtigen" in section

    response = client.post(alert_url(world.project_a), {"enabled": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"{queue_url(world.project_a)}#report-alert"
    assert FlagAlert.objects.filter(user=world.moderator_a, project=world.project_a).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Sie werden bei neuen Meldungen im Projekt" in page  # the success message
    section = toggle_button(page)
    assert 'aria-pressed="true"' in section and 'name="enabled" value="0"' in section
    assert "Bei neuen Meldungen benachrichtigen" in section  # a toggle keeps its name
    assert "Benachrichtigungen über Meldungen abzubestellen" in section

    response = client.post(alert_url(world.project_a), {"enabled": "0"})
    assert response.status_code == 302
    assert not FlagAlert.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "nicht mehr benachrichtigt" in page
    assert 'aria-pressed="false"' in toggle_button(page)


def test_the_toggle_is_post_only_and_only_for_the_projects_moderators(client, world):
    assert client.post(alert_url(world.project_a), {"enabled": "1"}).status_code == 302  # login
    client.force_login(world.moderator_b)
    assert client.post(alert_url(world.project_a), {"enabled": "1"}).status_code == 403
    client.force_login(world.moderator_a)
    assert client.get(alert_url(world.project_a)).status_code == 405
    assert not FlagAlert.objects.exists()


def test_the_toggle_ignores_a_foreign_next_url(client, world):
    client.force_login(world.moderator_a)
    response = client.post(
        alert_url(world.project_a), {"enabled": "1", "next": "https://evil.example/"}
    )
    assert response["Location"] == f"{queue_url(world.project_a)}#report-alert"


def test_the_measures_queue_has_no_toggle(client, world):
    client.force_login(global_moderator())
    html = client.get(reverse("moderation:measures-queue")).content.decode()
    assert 'id="report-alert"' not in html


# --- wiring ---------------------------------------------------------------------------------


def test_the_beat_schedule_runs_both_reminder_tasks(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE
    phases = schedule["notifications-phases"]
    managers = schedule["measure-manager-reminders"]
    assert phases["task"] == tasks.notify_phases.name == "notifications.notify_phases"
    assert managers["task"] == tasks.remind_measure_managers.name
    assert managers["task"] == "notifications.remind_measure_managers"
    assert phases["schedule"].minute == {5}
    assert managers["schedule"].hour == {6} and managers["schedule"].minute == {30}


def test_the_tasks_call_the_reminders(now):
    project, (follower,) = followed_project()
    PhaseFactory(project=project, start=now - HOUR, end=now + 20 * DAY)
    assert tasks.notify_phases.delay().get() == 1
    manager = StaffFactory()
    managed_measure(managers=[manager], last_update_on=None)
    assert tasks.remind_measure_managers.delay().get() == 1
    assert recipients() == {follower.pk, manager.pk}
