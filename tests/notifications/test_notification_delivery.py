"""Exactly-once e-mail delivery: claim, hand-over, sent (participation.notifications.delivery)
and the SMTP backend's hand-over checkpoint (core.mail), against an SMTP server
running inside the test (aiosmtpd)."""

import datetime
import smtplib
import uuid

import pytest
from django.core import mail
from django.core.mail import EmailMessage, get_connection
from django.utils import timezone

from core.mail import NotAccepted, send_with_checkpoint
from participation.notifications import delivery, tasks
from participation.notifications.models import Delivery, Notification, NotificationKind
from participation.notifications.services import enqueue_immediate, notify
from tests.factories import IdeaFactory, UserFactory
from tests.notifications_infra import smtp_sink  # noqa: F401 - pytest fixture

pytestmark = pytest.mark.django_db


def notify_people(people, *, event="e:1"):
    idea = IdeaFactory()
    notify(
        recipients=people,
        kind=NotificationKind.IDEA_RESPONSE,
        event_key=event,
        url=idea.get_absolute_url(),
        context={"idea": idea.title, "status": "accepted"},
        idea=idea,
        project=idea.project,
    )
    return list(Notification.objects.filter(event_key=event).order_by("pk"))


def long_ago():
    return timezone.now() - datetime.timedelta(hours=2)


@pytest.fixture
def smtp(settings, smtp_sink):  # noqa: F811 - the fixture above
    settings.EMAIL_BACKEND = "core.mail.EmailBackend"
    settings.EMAIL_HOST = smtp_sink.host
    settings.EMAIL_PORT = smtp_sink.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    return smtp_sink


# --- the states of a row ----------------------------------------------------------------------


def test_a_sent_row_went_through_claim_and_hand_over():
    [row] = notify_people([UserFactory()])
    assert delivery.send_pending([row.pk]).sent == 1
    row.refresh_from_db()
    assert row.email_claim is not None
    assert row.email_claimed_at <= row.email_handed_over_at <= row.emailed_at
    assert not row.email_uncertain


def test_rows_claimed_by_a_living_sender_are_left_alone():
    [row] = notify_people([UserFactory()])
    Notification.objects.filter(pk=row.pk).update(
        email_claim=uuid.uuid4(), email_claimed_at=timezone.now()
    )
    assert delivery.send_pending([row.pk]).sent == 0
    assert delivery.send_pending(older_than=datetime.timedelta(0)).sent == 0
    assert mail.outbox == []


def test_a_sender_that_died_before_the_hand_over_is_replaced_and_the_mail_sent_once():
    rows = notify_people(UserFactory.create_batch(3))
    Notification.objects.update(email_claim=uuid.uuid4(), email_claimed_at=long_ago())

    outcome = delivery.send_pending(older_than=datetime.timedelta(0))  # the sweeper

    assert (outcome.sent, outcome.uncertain) == (3, 0)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.recipient.email for r in rows)
    assert delivery.send_pending(older_than=datetime.timedelta(0)).sent == 0
    assert len(mail.outbox) == 3


def test_a_sender_that_died_after_the_hand_over_is_not_repeated_but_marked_uncertain():
    handed, claimed_only = notify_people(UserFactory.create_batch(2))
    Notification.objects.update(email_claim=uuid.uuid4(), email_claimed_at=long_ago())
    Notification.objects.filter(pk=handed.pk).update(email_handed_over_at=long_ago())

    delivery.send_pending(older_than=datetime.timedelta(0))

    handed.refresh_from_db()
    assert handed.email_uncertain and handed.emailed_at == handed.email_handed_over_at
    assert [m.to[0] for m in mail.outbox] == [claimed_only.recipient.email]


def test_the_sweeper_waits_for_the_claim_timeout(settings):
    settings.NOTIFICATION_CLAIM_TIMEOUT = 3 * 3600  # the claim is 2 hours old
    [row] = notify_people([UserFactory()])
    Notification.objects.update(email_claim=uuid.uuid4(), email_claimed_at=long_ago())
    assert delivery.send_pending(older_than=datetime.timedelta(0)).sent == 0
    settings.NOTIFICATION_CLAIM_TIMEOUT = 600
    assert delivery.send_pending(older_than=datetime.timedelta(0)).sent == 1


def test_a_sender_whose_claim_was_taken_over_sends_nothing():
    [row] = notify_people([UserFactory()])
    token, rows = delivery.claim(Notification.objects.filter(pk=row.pk))
    mails, _skipped = delivery.immediate_mails(token, rows)
    Notification.objects.filter(pk=row.pk).update(email_claim=uuid.uuid4())  # taken over

    outcome = delivery.deliver(token, mails)

    assert (outcome.sent, mail.outbox) == (0, [])
    row.refresh_from_db()
    assert row.email_handed_over_at is None and row.emailed_at is None


def test_the_message_id_is_the_same_for_the_same_notification():
    [row] = notify_people([UserFactory()])
    delivery.send_pending([row.pk])
    Notification.objects.update(
        emailed_at=None, email_claim=None, email_claimed_at=None, email_handed_over_at=None
    )
    delivery.send_pending([row.pk])
    first, second = (m.extra_headers["Message-ID"] for m in mail.outbox)
    assert first == second == f"<notification-{row.pk}@jena-smart.example>"


# --- batches --------------------------------------------------------------------------------


def test_an_event_for_many_people_becomes_one_task_per_batch(settings, monkeypatch):
    settings.NOTIFICATION_EMAIL_BATCH_SIZE = 2
    rows = notify_people(UserFactory.create_batch(5))
    batches = []
    monkeypatch.setattr(tasks.send_notification_emails, "delay", batches.append)

    enqueue_immediate(event_key="e:1", recipient_ids=[r.recipient_id for r in rows])

    assert [len(b) for b in batches] == [2, 2, 1]
    assert sorted(pk for b in batches for pk in b) == [r.pk for r in rows]


def test_one_smtp_connection_per_batch(settings, smtp):
    settings.NOTIFICATION_EMAIL_BATCH_SIZE = 4
    rows = notify_people(UserFactory.create_batch(10))
    opened = []
    original = smtplib.SMTP.connect

    def counting_connect(self, *args, **kwargs):
        opened.append(args)
        return original(self, *args, **kwargs)

    smtplib.SMTP.connect = counting_connect
    try:
        outcome = delivery.send_pending([r.pk for r in rows])
    finally:
        smtplib.SMTP.connect = original
    assert (outcome.sent, smtp.count()) == (10, 10)
    assert len(opened) == 3


def test_the_mail_server_gone_stops_the_batch_and_keeps_the_rows_pending(settings):
    settings.EMAIL_BACKEND = "core.mail.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1
    rows = notify_people(UserFactory.create_batch(6))

    outcome = delivery.send_pending([r.pk for r in rows])

    assert outcome.stopped and outcome.sent == 0
    assert len(outcome.failed_recipients) == delivery.FAILURES_IN_A_ROW
    pending = Notification.objects.filter(emailed_at__isnull=True, email_claim__isnull=True)
    assert pending.count() == 6
    assert sum(pending.values_list("email_attempts", flat=True)) == delivery.FAILURES_IN_A_ROW


# --- the SMTP hand-over checkpoint -----------------------------------------------------------


def _message(to="a@example.org"):
    return EmailMessage("Betreff", "Text\n.\nmit Punktzeile", "noreply@example.org", [to])


def test_the_checkpoint_runs_after_the_body_and_before_the_server_accepts(smtp):
    seen_at_checkpoint = []
    with get_connection() as connection:
        send_with_checkpoint(
            _message(), connection, lambda: seen_at_checkpoint.append(smtp.count())
        )
    assert seen_at_checkpoint == [0]
    [received] = smtp.messages
    assert received.text.replace("\r\n", "\n").strip() == "Text\n.\nmit Punktzeile"


def test_a_failing_checkpoint_sends_nothing_and_the_next_mail_goes_through(smtp):
    connection = get_connection()

    def refuse():
        raise delivery.ClaimLost("taken over")

    with pytest.raises(delivery.ClaimLost):
        send_with_checkpoint(_message("a@example.org"), connection, refuse)
    send_with_checkpoint(_message("b@example.org"), connection, lambda: None)
    connection.close()
    smtp.settle(quiet=0.2)
    assert smtp.per_recipient() == {"b@example.org": 1}


def test_a_refusal_after_the_data_is_not_accepted(smtp):
    smtp.data_refusal = 554
    with pytest.raises(NotAccepted):
        send_with_checkpoint(_message(), get_connection(), lambda: None)


def test_a_refused_mail_after_hand_over_stays_pending_and_is_retried(smtp):
    [row] = notify_people([UserFactory()])
    smtp.data_refusal = 554
    outcome = delivery.send_pending([row.pk])
    assert outcome.failed_recipients == [row.recipient_id] and outcome.uncertain == 0
    row.refresh_from_db()
    assert (row.emailed_at, row.email_handed_over_at, row.email_attempts) == (None, None, 1)

    smtp.data_refusal = None
    assert delivery.send_for_recipient(row.recipient_id).sent == 1
    assert smtp.count() == 1


def test_no_answer_after_the_hand_over_is_uncertain_and_not_sent_again(settings, smtp):
    """The server stored the mail but its "250" never came (timeout): sending it again
    would duplicate it."""
    settings.EMAIL_TIMEOUT = 1
    [row] = notify_people([UserFactory()])
    smtp.hold_reply(message_number=1, seconds=3)

    outcome = delivery.send_pending([row.pk])

    assert (outcome.uncertain, outcome.sent) == (1, 0)
    row.refresh_from_db()
    assert row.email_uncertain and row.emailed_at == row.email_handed_over_at
    smtp.hold_reply(message_number=0, seconds=0)
    assert delivery.send_pending([row.pk]).sent == 0
    assert delivery.send_pending(older_than=datetime.timedelta(0)).sent == 0
    assert smtp.count() == 1


def test_digests_use_the_same_claims(smtp):
    user = UserFactory()
    idea = IdeaFactory()
    for n in range(3):
        notify(
            recipients=[user],
            kind=NotificationKind.NEW_IDEA,
            event_key=f"d:{n}",
            url=idea.get_absolute_url(),
            context={"idea": idea.title, "project": "P"},
            idea=idea,
            project=idea.project,
        )
    assert set(Notification.objects.values_list("delivery", flat=True)) == {Delivery.DAILY}
    from participation.notifications import digests

    assert digests.send_digests(frequency=Delivery.DAILY).sent == 3
    assert digests.send_digests(frequency=Delivery.DAILY).sent == 0
    [received] = smtp.messages
    assert received.headers["Message-ID"].startswith("<digest-daily-")
    assert not Notification.objects.filter(email_handed_over_at__isnull=True).exists()


# --- the admin's view of deliveries ---------------------------------------------------------


def test_admins_see_uncertain_and_failed_deliveries_and_can_try_again(client):
    from django.urls import reverse

    from tests.factories import SuperuserFactory

    uncertain, given_up, fine = notify_people(UserFactory.create_batch(3))
    Notification.objects.filter(pk=uncertain.pk).update(
        email_uncertain=True, emailed_at=timezone.now()
    )
    Notification.objects.filter(pk=given_up.pk).update(
        email_attempts=delivery.MAX_ATTEMPTS, email_last_error="451 busy"
    )
    client.force_login(SuperuserFactory())
    url = reverse("admin:notifications_notification_changelist")

    page = client.get(url, {"email_state": "uncertain"})
    assert page.status_code == 200
    assert list(page.context["cl"].result_list) == [uncertain]
    page = client.get(url, {"email_state": "given_up"})
    assert list(page.context["cl"].result_list) == [given_up]

    response = client.post(
        url, {"action": "send_again", "_selected_action": [given_up.pk, fine.pk]}
    )
    assert response.status_code == 302
    given_up.refresh_from_db()
    assert (given_up.email_attempts, given_up.email_last_error) == (0, "")
    assert delivery.send_pending().sent == 2  # given_up and fine, not the uncertain one


def test_staff_without_superuser_rights_do_not_see_notifications(client):
    from django.urls import reverse

    from tests.factories import UserFactory as Factory

    client.force_login(Factory(is_staff=True))
    response = client.get(reverse("admin:notifications_notification_changelist"))
    assert response.status_code == 403


# --- many events at once (bulk loaders) --------------------------------------------------------


def test_events_gathered_in_a_block_are_mailed_together_after_the_commit(
    django_capture_on_commit_callbacks, monkeypatch
):
    from django.db import transaction

    from participation.notifications.services import immediate_mails_together

    calls = []
    real = tasks.send_notification_emails.delay
    monkeypatch.setattr(
        tasks.send_notification_emails, "delay", lambda ids: calls.append(ids) or real(ids)
    )
    people = UserFactory.create_batch(2)
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic(), immediate_mails_together():
            for number in range(5):
                notify_people(people, event=f"bulk:{number}")
            assert mail.outbox == []  # nothing before the commit

    assert len(calls) == 1 and len(calls[0]) == 10  # one batch, not a task per event
    assert sorted(m.to[0] for m in mail.outbox) == sorted([p.email for p in people] * 5)
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0


def test_a_block_that_fails_enqueues_nothing(django_capture_on_commit_callbacks):
    from participation.notifications.services import immediate_mails_together

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), immediate_mails_together():
            notify_people([UserFactory()], event="bulk:failed")
            raise RuntimeError("the loader broke")
    assert mail.outbox == []  # the row stays pending for the sweeper
    assert Notification.objects.get(event_key="bulk:failed").emailed_at is None
