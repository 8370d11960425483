"""Notifications: who is told (events), the rows (notify), immediate e-mails claimed
under a lock (delivery), digests — nothing lost, nothing twice.

This module also serves as the URL configuration of the notification tests
(``urlpatterns`` below): the site's URLs with the notification pages in the
``participation`` namespace, placed before the projects' ``<slug>/`` catch-all.
"""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from measures import events as measure_events
from measures import services as measure_services
from measures.models import Status
from participation.moderation.models import FlagReason, ModerationDecision
from participation.notifications import delivery, digests, tasks
from participation.notifications import receivers as events
from participation.notifications.models import (
    Delivery,
    Follow,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from participation.notifications.services import notify
from projects.models import Project
from tests.factories import (
    CommentFactory,
    CoreAreaFactory,
    IdeaFactory,
    MeasureBundleFactory,
    MeasureFactory,
    MilestoneFactory,
    ProjectFactory,
    SuperuserFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://jena-smart.example"


def rows(**filters):
    return Notification.objects.filter(**filters)


def make_notification(recipient, *, kind=NotificationKind.COMMENT_ON_MY_IDEA, idea=None, key=None,
                      **extra):
    idea = idea or IdeaFactory()
    notify(
        recipients=[recipient],
        kind=kind,
        event_key=key or f"test:{kind}:{idea.pk}:{recipient.pk}",
        url=idea.get_absolute_url(),
        context={"idea": idea.title, "actor": "Anna", "excerpt": "Gute Idee!"},
        idea=idea,
        project=idea.project,
        **extra,
    )
    return Notification.objects.get(recipient=recipient, idea=idea, kind=kind)


# --- notify ---------------------------------------------------------------------------------


def test_nobody_is_notified_about_their_own_action():
    idea = IdeaFactory()
    other = UserFactory()
    notify(
        recipients=[idea.author, other], kind=NotificationKind.NEW_IDEA, event_key="e1",
        url="/x/", context={}, idea=idea, project=idea.project, actor=idea.author,
    )
    assert list(rows().values_list("recipient_id", flat=True)) == [other.pk]


def test_people_who_cannot_see_a_hidden_idea_are_not_notified_but_its_author_is():
    idea = IdeaFactory(is_hidden=True)
    follower = UserFactory()
    notify(
        recipients=[idea.author, follower], kind=NotificationKind.CONTENT_HIDDEN,
        event_key="hidden", url="/x/", context={}, idea=idea, project=idea.project,
    )
    assert list(rows().values_list("recipient_id", flat=True)) == [idea.author.pk]


def test_nobody_but_moderators_is_notified_about_a_draft_project():
    project = ProjectFactory(status=Project.Status.DRAFT)
    staff = SuperuserFactory()
    notify(
        recipients=[UserFactory(), staff], kind=NotificationKind.PHASE_STARTED,
        event_key="draft", url="/x/", context={}, project=project,
    )
    assert list(rows().values_list("recipient_id", flat=True)) == [staff.pk]


def test_non_public_measure_notifies_only_those_who_manage_it():
    measure = MeasureFactory(is_public=False)
    admin = SuperuserFactory()
    notify(
        recipients=[UserFactory(), admin], kind=NotificationKind.PROGRESS_UPDATE,
        event_key="np", url="/x/", context={}, measure=measure,
    )
    assert list(rows().values_list("recipient_id", flat=True)) == [admin.pk]


def test_the_same_event_notifies_a_person_once():
    user = UserFactory()
    idea = IdeaFactory()
    for _ in range(2):
        created = notify(
            recipients=[user], kind=NotificationKind.NEW_IDEA, event_key="same",
            url="/x/", context={}, idea=idea, project=idea.project,
        )
    assert created == 0
    assert rows(recipient=user).count() == 1


def test_delivery_is_the_preference_or_the_default():
    own, follow, custom = UserFactory(), UserFactory(), UserFactory()
    NotificationPreference.objects.create(
        user=custom, kind=NotificationKind.PROGRESS_UPDATE, delivery=Delivery.WEEKLY
    )
    measure = MeasureFactory()
    notify(recipients=[follow, custom], kind=NotificationKind.PROGRESS_UPDATE, event_key="p",
           url="/x/", context={}, measure=measure)
    notify(recipients=[own], kind=NotificationKind.IDEA_RESPONSE, event_key="r",
           url="/x/", context={}, measure=measure)
    assert rows(recipient=follow).get().delivery == Delivery.DAILY
    assert rows(recipient=custom).get().delivery == Delivery.WEEKLY
    assert rows(recipient=own).get().delivery == Delivery.IMMEDIATE


def test_immediate_notifications_are_enqueued_after_commit(django_capture_on_commit_callbacks):
    user = UserFactory()
    idea = IdeaFactory()  # made before: saving it has after-commit work of its own (page cache)
    with mock.patch.object(tasks.send_notification_emails, "delay") as delay:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            with transaction.atomic():
                notification = make_notification(user, idea=idea)
                assert not delay.called
        assert len(callbacks) == 1
        callbacks[0]()
    delay.assert_called_once_with([notification.pk])


def test_a_broker_that_is_down_never_fails_the_action_and_the_sweeper_sends_later(
    django_capture_on_commit_callbacks,
):
    user = UserFactory()
    boom = OperationalError("Error 111 connecting to redis: Connection refused.")
    with mock.patch.object(tasks.send_notification_emails, "delay", side_effect=boom):
        with django_capture_on_commit_callbacks(execute=True):
            notification = make_notification(user)
    notification.refresh_from_db()
    assert notification.emailed_at is None and mail.outbox == []

    tasks.sweep_pending_notifications.delay()  # too young for the sweeper
    assert mail.outbox == []
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    tasks.sweep_pending_notifications.delay()
    tasks.sweep_pending_notifications.delay()
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_with_eager_celery_the_mail_goes_out_inline(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        make_notification(user)
    assert [m.to for m in mail.outbox] == [[user.email]]


# --- events ---------------------------------------------------------------------------------


@pytest.fixture
def measure_receivers():
    measure_events.progress_update_published.connect(
        events.on_progress_update_published, dispatch_uid="test-notif-progress"
    )
    measure_events.milestone_reached.connect(
        events.on_milestone_reached, dispatch_uid="test-notif-milestone"
    )
    yield
    measure_events.progress_update_published.disconnect(dispatch_uid="test-notif-progress")
    measure_events.milestone_reached.disconnect(dispatch_uid="test-notif-milestone")


def test_progress_update_reaches_followers_of_measure_bundle_and_core_area(
    measure_receivers, django_capture_on_commit_callbacks
):
    area = CoreAreaFactory()
    measure = MeasureFactory(bundle=MeasureBundleFactory(core_areas=[area]))
    by_measure, by_bundle, by_area, stranger = (UserFactory() for _ in range(4))
    Follow.objects.create(user=by_measure, measure=measure)
    Follow.objects.create(user=by_bundle, bundle=measure.bundle)
    Follow.objects.create(user=by_area, core_area=area)
    Follow.objects.create(user=stranger, measure=MeasureFactory())
    manager = SuperuserFactory()
    Follow.objects.create(user=manager, measure=measure)
    with django_capture_on_commit_callbacks(execute=True):
        update = measure_services.progress_update_publish(
            measure=measure, actor=manager, date=datetime.date(2026, 1, 2),
            status=Status.IN_PROGRESS, progress=60, text="Es geht voran.",
        )
    notified = set(rows(event_key=f"progress_update:{update.pk}").values_list(
        "recipient_id", flat=True))
    assert notified == {by_measure.pk, by_bundle.pk, by_area.pk}  # not the author
    assert set(rows().values_list("delivery", flat=True)) == {Delivery.DAILY}
    assert mail.outbox == []  # a follow goes into the daily digest


def test_milestone_reached_reaches_the_measures_followers(
    measure_receivers, django_capture_on_commit_callbacks
):
    milestone = MilestoneFactory()
    follower = UserFactory()
    Follow.objects.create(user=follower, measure=milestone.measure)
    milestone.completed_on = datetime.date(2026, 1, 2)
    with django_capture_on_commit_callbacks(execute=True):
        measure_services.measure_part_save(obj=milestone, actor=SuperuserFactory())
    row = rows(recipient=follower).get()
    assert row.kind == NotificationKind.MILESTONE_REACHED
    assert milestone.title in row.context["milestone"]


def test_new_idea_reaches_followers_of_the_project_and_of_its_district():
    from tests.users.factories_accounts import DistrictFactory

    district = DistrictFactory(name="Winzerla")
    idea = IdeaFactory(district=district)
    by_project, by_district = UserFactory(), UserFactory()
    Follow.objects.create(user=by_project, project=idea.project)
    Follow.objects.create(user=by_district, district=district)
    Follow.objects.create(user=idea.author, project=idea.project)
    events.notify_new_idea(idea=idea)
    assert set(rows(kind=NotificationKind.NEW_IDEA).values_list("recipient_id", flat=True)) == {
        by_project.pk, by_district.pk}


def test_comment_tells_the_ideas_author_and_followers_and_a_reply_its_parents_author_once():
    idea = IdeaFactory()
    follower = UserFactory()
    Follow.objects.create(user=follower, idea=idea)
    first = CommentFactory(idea=idea, author=follower)
    events.notify_comment(comment=first)
    assert set(rows(event_key=f"comment:{first.pk}").values_list("recipient_id", "kind")) == {
        (idea.author.pk, NotificationKind.COMMENT_ON_MY_IDEA)}

    reply = CommentFactory(idea=idea, author=idea.author, parent=first)
    events.notify_comment(comment=reply)
    assert set(rows(event_key=f"comment:{reply.pk}").values_list("recipient_id", "kind")) == {
        (follower.pk, NotificationKind.REPLY_TO_MY_COMMENT)}


def test_idea_response_tells_the_author_and_content_hidden_carries_the_statement():
    idea = IdeaFactory(status="accepted", official_response="Wird umgesetzt.")
    moderator = SuperuserFactory()
    events.notify_idea_response(idea=idea, actor=moderator)
    row = rows(recipient=idea.author, kind=NotificationKind.IDEA_RESPONSE).get()
    assert "angenommen" in delivery.describe([row])[0].title

    comment = CommentFactory(is_hidden=True)
    decision = ModerationDecision.objects.create(
        comment=comment, action=ModerationDecision.Action.HIDE, rule=FlagReason.INSULT,
        statement="Beleidigung einer Person.", moderator=moderator,
    )
    events.notify_content_hidden(decision=decision)
    row = rows(recipient=comment.author, kind=NotificationKind.CONTENT_HIDDEN).get()
    text = delivery.describe([row])[0].text
    assert "Beleidigung einer Person." in text


# --- immediate e-mail -----------------------------------------------------------------------


def test_sending_twice_sends_one_mail():
    user = UserFactory()
    notification = make_notification(user)
    assert delivery.send_pending([notification.pk]).sent == 1
    assert delivery.send_pending([notification.pk]).sent == 0
    tasks.send_notification_emails.delay([notification.pk])
    assert len(mail.outbox) == 1


def test_a_failure_for_one_recipient_leaves_only_that_one_pending_and_a_later_run_sends_once():
    good, bad = UserFactory(), UserFactory()
    a, b = make_notification(good), make_notification(bad)
    original = EmailBackend.send_messages

    def flaky(self, messages):
        if any(bad.email in m.to for m in messages):
            raise ConnectionRefusedError("SMTP down for this one")
        return original(self, messages)

    with mock.patch.object(EmailBackend, "send_messages", flaky):
        outcome = delivery.send_pending([a.pk, b.pk])
    assert outcome.failed_recipients == [bad.pk]
    assert [m.to for m in mail.outbox] == [[good.email]]
    b.refresh_from_db()
    assert b.emailed_at is None and b.email_attempts == 1
    assert "SMTP down" in b.email_last_error

    tasks.send_notification_emails_for.delay(bad.pk)
    delivery.send_pending()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([good.email, bad.email])


def test_a_notification_about_content_hidden_since_is_skipped_not_mailed():
    follower = UserFactory()
    idea = IdeaFactory()
    notification = make_notification(follower, kind=NotificationKind.NEW_IDEA, idea=idea)
    idea.is_hidden = True
    idea.save()
    outcome = delivery.send_pending()
    assert outcome.sent == 0 and outcome.skipped == 0  # a follow kind: not immediate
    NotificationPreference.objects.create(
        user=follower, kind=NotificationKind.COMMENT_ON_MY_IDEA, delivery=Delivery.IMMEDIATE
    )
    other = make_notification(follower, idea=IdeaFactory())
    Notification.objects.filter(pk=other.pk).update(idea=idea)
    outcome = delivery.send_pending()
    assert (outcome.sent, outcome.skipped) == (0, 1)
    assert mail.outbox == []
    assert Notification.objects.get(pk=other.pk).email_skipped
    assert Notification.objects.get(pk=notification.pk).emailed_at is None


def test_english_speaking_people_get_english_mail():
    user = UserFactory(preferred_language="en")
    make_notification(user)
    delivery.send_pending()
    message = mail.outbox[0]
    html = message.alternatives[0][0]
    assert message.extra_headers["Content-Language"] == "en"
    assert '<html lang="en">' in html
    assert "Privacy" in message.body and "Datenschutz" not in message.body
    assert "https://jena-smart.example/en/" in message.body


def test_mail_has_html_and_text_and_one_click_unsubscribe(client):
    user = UserFactory()
    make_notification(user, kind=NotificationKind.COMMENT_ON_MY_IDEA)
    delivery.send_pending()
    message = mail.outbox[0]
    assert message.alternatives[0][1] == "text/html"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert link.startswith("https://jena-smart.example/beteiligung/benachrichtigungen/abbestellen/")
    assert link in message.body

    path = link.removeprefix("https://jena-smart.example")
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert NotificationPreference.objects.get(
        user=user, kind=NotificationKind.COMMENT_ON_MY_IDEA
    ).delivery == Delivery.OFF
    make_notification(user, key="second")
    delivery.send_pending()
    assert len(mail.outbox) == 1


# --- digests --------------------------------------------------------------------------------


def _follow_rows(user, idea, n):
    for i in range(n):
        notify(recipients=[user], kind=NotificationKind.NEW_IDEA, event_key=f"d{idea.pk}-{i}",
               url=idea.get_absolute_url(), context={"idea": idea.title, "project": "P"},
               idea=idea, project=idea.project)


def test_digest_groups_by_item_and_marks_everything_sent():
    user = UserFactory()
    first, second = IdeaFactory(title="Laternen"), IdeaFactory(title="Bänke")
    _follow_rows(user, first, 2)
    _follow_rows(user, second, 1)
    outcome = digests.send_digests(frequency=Delivery.DAILY)
    assert outcome.sent == 3
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert body.count("== Laternen ==") == 1 and body.count("== Bänke ==") == 1
    assert mail.outbox[0].extra_headers["List-Unsubscribe-Post"]
    assert not rows(emailed_at__isnull=True).exists()
    assert digests.send_digests(frequency=Delivery.DAILY).sent == 0
    assert len(mail.outbox) == 1


def test_digest_leaves_out_hidden_content_and_is_never_empty():
    user = UserFactory()
    idea = IdeaFactory()
    _follow_rows(user, idea, 2)
    idea.is_hidden = True
    idea.save()
    outcome = digests.send_digests(frequency=Delivery.DAILY)
    assert (outcome.sent, outcome.skipped) == (0, 2)
    assert mail.outbox == []


def test_digest_is_only_for_people_with_something_pending():
    idea = IdeaFactory()
    with_news = UserFactory()
    _follow_rows(with_news, idea, 1)

    def run():
        mail.outbox.clear()
        Notification.objects.update(
            emailed_at=None, email_claim=None, email_claimed_at=None, email_handed_over_at=None
        )
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            digests.send_digests(frequency=Delivery.DAILY)
        return len(queries)

    few = run()
    for user in UserFactory.create_batch(8):  # subscribers with nothing pending
        Follow.objects.create(user=user, idea=idea)
    _follow_rows(UserFactory(), idea, 0)
    many = run()
    assert few == many
    assert len(mail.outbox) == 1


def test_weekly_digest_takes_only_weekly_rows():
    user = UserFactory()
    NotificationPreference.objects.create(
        user=user, kind=NotificationKind.NEW_IDEA, delivery=Delivery.WEEKLY
    )
    _follow_rows(user, IdeaFactory(), 1)
    assert digests.send_digests(frequency=Delivery.DAILY).sent == 0
    assert tasks.send_weekly_digests.delay().get() == 1
    assert "Woche" in mail.outbox[0].subject
