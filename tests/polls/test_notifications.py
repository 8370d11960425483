"""Polls in the notifications: the followers of a project hear that its poll opened
(instead of a bare "new phase") and that its results are published — "after the phase"
when the phase ends, "live" said in the opening notification, "staff" never — once per
event, however often the periodic task and the mail task run.
"""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from participation.notifications import reminders, tasks
from participation.notifications.models import Delivery, Follow, Notification, NotificationKind
from participation.notifications.services import describe
from participation.polls.models import ResultsVisibility
from projects.models import Project
from tests.factories import ProjectFactory, UserFactory
from tests.polls.factories import PollFactory, PollPhaseFactory, ended

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


def followed_poll(*, followers: int = 1, slug: str = "probierladen", **poll_fields):
    project = ProjectFactory(title="Probierladen", slug=slug)
    people = [UserFactory() for _ in range(followers)]
    for person in people:
        Follow.objects.create(user=person, project=project)
    now = timezone.now()
    poll = PollFactory(
        phase=PollPhaseFactory(project=project, start=now - HOUR, end=now + 20 * DAY),
        title="Wie kommen Sie zum Probierladen?",
        **poll_fields,
    )
    return poll, people


def kinds() -> list[str]:
    return list(Notification.objects.values_list("kind", flat=True))


def test_an_opened_poll_tells_the_followers_once_with_one_mail(
    django_capture_on_commit_callbacks,
):
    poll, (follower,) = followed_poll()
    Follow.objects.create(user=UserFactory(), project=ProjectFactory())  # someone else's

    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.notify_phases() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.notify_phases() == 0  # the next hour's run writes nothing new

    row = Notification.objects.get()
    assert row.kind == NotificationKind.POLL_OPENED  # not also "new phase"
    assert row.recipient == follower and row.delivery == Delivery.IMMEDIATE
    assert row.url == reverse("polls:poll-detail", kwargs={"slug": "probierladen", "pk": poll.pk})
    assert row.event_key == f"poll_opened:{poll.pk}:{poll.phase.start.isoformat()}"
    assert [m.to for m in mail.outbox] == [[follower.email]]
    message = mail.outbox[0]
    assert "Neue Umfrage im Projekt „Probierladen“: Wie kommen Sie zum Probierladen?" in (
        message.subject
    )
    assert "Die Ergebnisse werden nach dem Ende der Umfrage veröffentlicht." in message.body
    html = message.alternatives[0][0]
    assert "Wie kommen Sie zum Probierladen?" in html and row.url in html

    tasks.send_notification_emails.delay([row.pk])  # the mail task run twice
    tasks.sweep_pending_notifications.delay()
    assert len(mail.outbox) == 1


def test_the_texts_are_in_the_recipients_language():
    poll, (follower,) = followed_poll(results_visibility=ResultsVisibility.LIVE, anonymous=True)
    reminders.notify_phases()
    with translation.override("en"):
        [row] = describe(Notification.objects.all())
    assert row.title == "New poll in the project “Probierladen”: Wie kommen Sie zum Probierladen?"
    assert "The results can be seen while the poll is running." in row.text
    assert "The poll is anonymous" in row.text
    with translation.override("de"):
        [row] = describe(Notification.objects.all())
    assert "Die Ergebnisse sind schon während der Umfrage zu sehen." in row.text


def test_results_after_the_phase_are_announced_when_it_ends_once():
    poll, (follower,) = followed_poll()
    reminders.notify_phases()
    ended(poll)
    assert reminders.notify_phases() == 1
    assert reminders.notify_phases() == 0

    row = Notification.objects.get(kind=NotificationKind.POLL_RESULTS)
    assert row.recipient == follower and row.project == poll.phase.project
    assert row.url == f"/beteiligung/{poll.phase.project.slug}/umfragen/{poll.pk}/ergebnisse/"
    assert row.context["poll"] == "Wie kommen Sie zum Probierladen?"
    with translation.override("de"):
        [row] = describe([row])
    assert row.title == "Ergebnisse der Umfrage „Wie kommen Sie zum Probierladen?“ veröffentlicht"


def test_results_are_not_announced_before_the_end_nor_long_after():
    poll, _people = followed_poll()
    assert reminders.notify_phases(now=timezone.now()) == 1  # the opening only
    later = poll.phase.end + 3 * DAY  # the beat was down for longer than the lookback
    assert reminders.notify_phases(now=later) == 0
    assert NotificationKind.POLL_RESULTS not in kinds()


@pytest.mark.parametrize("visibility", [ResultsVisibility.LIVE, ResultsVisibility.STAFF])
def test_live_and_staff_results_are_not_announced_at_the_end(visibility):
    poll, _people = followed_poll(results_visibility=visibility)
    reminders.notify_phases()
    ended(poll)
    reminders.notify_phases()
    assert kinds() == [NotificationKind.POLL_OPENED]


def test_a_poll_phase_without_a_poll_is_a_new_phase_and_drafts_tell_nobody():
    project = ProjectFactory()
    follower = UserFactory()
    Follow.objects.create(user=follower, project=project)
    PollPhaseFactory(project=project, start=timezone.now() - HOUR)
    draft_poll, _people = followed_poll()
    Project.objects.filter(pk=draft_poll.phase.project_id).update(status=Project.Status.DRAFT)
    reminders.notify_phases()
    assert kinds() == [NotificationKind.PHASE_STARTED]


def test_a_moved_start_announces_the_poll_again():
    poll, (follower,) = followed_poll()
    reminders.notify_phases()
    poll.phase.start = timezone.now() - 2 * HOUR
    poll.phase.save()
    reminders.notify_phases()
    assert kinds().count(NotificationKind.POLL_OPENED) == 2


def test_polls_run_a_constant_number_of_queries_whatever_the_followers():
    def queries(followers: int) -> int:
        Notification.objects.all().delete()
        Follow.objects.all().delete()
        poll, _people = followed_poll(followers=followers)
        closed, _ = followed_poll(followers=followers, slug="geschlossen")
        ended(closed)
        with CaptureQueriesContext(connection) as captured:
            reminders.notify_phases()
        assert Notification.objects.count() == 2 * followers
        Project.objects.all().delete()
        return len(captured)

    assert queries(1) == queries(6)


def test_the_preferences_page_lists_the_poll_kinds(client):
    person = UserFactory()
    client.force_login(person)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "neue Umfrage in einem gefolgten Projekt" in page
    assert "Ergebnisse einer Umfrage in einem gefolgten Projekt veröffentlicht" in page
