"""Benchmark: 10,000 followers of one measure, one progress update, delivered by a real
Celery worker to an SMTP server inside the test (aiosmtpd). Prints the total time from
publishing to the last mail received, and mails per second.

Not part of the unit suite. Needs PostgreSQL, Redis and redis-server like the
reliability tests; run from the repository root with:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jena_rel \\
    REDIS_URL=redis://127.0.0.1:6379/9 .venv/bin/pytest tests/bench/test_bench_notifications.py \\
        -m bench -p no:cacheprovider --override-ini addopts="" -q -s

BENCH_FOLLOWERS sets the number of followers (default 10,000), BENCH_WORKERS the worker
processes (default 2). The followers are
written with bulk_create (the benchmark measures notifying and sending, not signing up).
"""

import os
import time

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from measures.models import Status
from measures.services import progress_update_publish
from participation.notifications.models import (
    Delivery,
    Follow,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from tests.factories import MeasureFactory, SuperuserFactory
from tests.notifications_infra import (  # noqa: F401 - pytest fixtures
    celery_worker_process,
    private_redis,
    smtp_sink,
)

pytestmark = [pytest.mark.bench, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

FOLLOWERS = int(os.environ.get("BENCH_FOLLOWERS", "10000"))
# Worker processes (each pool solo) sharing the batches of NOTIFICATION_EMAIL_BATCH_SIZE.
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))


def create_followers(measure, count: int) -> None:
    User = get_user_model()
    users = User.objects.bulk_create(
        [
            User(email=f"follower{n}@example.org", display_name=f"Follower {n}",
                 password="!")  # noqa: S106 - unusable password
            for n in range(count)
        ],
        batch_size=2000,
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users],
        batch_size=2000,
    )
    Follow.objects.bulk_create([Follow(user=u, measure=measure) for u in users], batch_size=2000)
    NotificationPreference.objects.bulk_create(
        [
            NotificationPreference(
                user=u, kind=NotificationKind.PROGRESS_UPDATE, delivery=Delivery.IMMEDIATE
            )
            for u in users
        ],
        batch_size=2000,
    )


def test_bench_ten_thousand_followers_notified_by_a_real_worker(  # noqa: F811
    private_redis, smtp_sink, celery_worker_process  # noqa: F811
):
    measure = MeasureFactory()
    create_followers(measure, FOLLOWERS)
    staff = SuperuserFactory()
    first = celery_worker_process(private_redis.url(0), start=False)
    workers = [first] + [
        celery_worker_process(private_redis.url(0), queue=first.queue, start=False)
        for _ in range(WORKERS - 1)
    ]
    for worker in workers:
        worker.start()

    started = time.monotonic()
    progress_update_publish(
        measure=measure, actor=staff, date=timezone.localdate(),
        status=Status.IN_PROGRESS, progress=55, text="Ein Sachstand für alle.",
    )
    rows_written = time.monotonic() - started
    assert Notification.objects.count() == FOLLOWERS

    smtp_sink.wait_for(FOLLOWERS, timeout=max(120, FOLLOWERS / 20))
    total = time.monotonic() - started
    smtp_sink.settle(quiet=1.0)

    counts = smtp_sink.per_recipient()
    assert len(counts) == FOLLOWERS and set(counts.values()) == {1}
    print(
        f"\n[bench notifications] {FOLLOWERS} followers: rows written in "
        f"{rows_written:.2f} s; all mails received after {total:.1f} s "
        f"= {FOLLOWERS / total:.0f} mails/s ({WORKERS} worker process(es), pool solo, "
        f"batches of {settings.NOTIFICATION_EMAIL_BATCH_SIZE}, SMTP sink on 127.0.0.1, "
        f"PostgreSQL, private redis-server)"
    )
    assert all(worker.running for worker in workers)
