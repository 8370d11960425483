"""Immediate e-mails sent by parallel senders (the task run twice, the sweeper at the
same moment) on PostgreSQL: the rows are claimed with SELECT … FOR UPDATE SKIP LOCKED and
marked sent in the same transaction, so every notification is mailed exactly once.
(SQLite has no row locks and serialises writers; it cannot show the race.)"""

import threading
import time
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection

from participation.notifications import delivery, tasks
from participation.notifications.models import Notification, NotificationKind
from participation.notifications.services import notify
from tests.factories import IdeaFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True)]


def run_in_parallel(calls) -> list:
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except Exception as exc:  # asserted on by the test
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread hangs (deadlock?)"
    return results


def _notify_each(people):
    for person in people:
        for _ in range(2):
            idea = IdeaFactory()
            notify(
                recipients=[person], kind=NotificationKind.COMMENT_ON_MY_IDEA,
                event_key=f"c:{idea.pk}", url=idea.get_absolute_url(),
                context={"idea": idea.title}, idea=idea, project=idea.project,
            )


def test_four_senders_at_once_mail_each_notification_exactly_once(requires_postgres):
    people = UserFactory.create_batch(6)
    with mock.patch.object(tasks.send_notification_emails, "delay"):  # left pending
        _notify_each(people)
    original = EmailBackend.send_messages

    def slow(self, messages):
        time.sleep(0.05)  # hold the claim while the others try
        return original(self, messages)

    with mock.patch.object(EmailBackend, "send_messages", slow):
        results = run_in_parallel([delivery.send_pending for _ in range(4)])
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sum(r.sent for r in results) == 12
    assert len(mail.outbox) == 12
    assert len({(m.to[0], m.subject) for m in mail.outbox}) == 12
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
