"""Benchmark: a request that notifies, with the Celery broker up and with it down.

tests/reliability's ``test_request_succeeds_quickly_with_the_broker_down_and_the_mail_
follows_later`` asserts only what proves "no hang on the broker" (handing the task over
gives up in less than ``CELERY_BROKER_CONNECTION_TIMEOUT``); the request's real latency,
which depends on the machine and its load, is measured here.

A staff member publishes a progress update through the admin (as in that test) for a
measure with one follower who wants e-mails at once, so each request writes the update
and the notification and then, after the commit, hands the mail task to the broker. The
broker is a private ``redis-server``: "up" answers (no worker runs: the tasks just wait in
its queue), "down" is the same server stopped (connections refused). Printed per state:
requests, median / 90th percentile / max of the whole request, and of the time spent
handing the task to the broker (Celery's ``send_task`` with kombu's connection attempts
and Celery's publish retries), beside the limit the reliability test uses.

A third row, "silent", is a broker that accepts the TCP connection and never answers
(an overloaded or wedged Redis): the hand-over alone is timed there, in a thread, and
given up after BENCH_SILENT_WAIT seconds (default 10).

Not part of the unit suite. Needs redis-server (any database works; the requests are
transactional so that the task is handed over after the commit, inside the request):

    .venv/bin/pytest tests/bench/test_bench_broker_down.py -m bench -p no:cacheprovider \\
        --override-ini addopts="" -q -s

BENCH_REQUESTS=N changes the 20 requests per state.
"""

import datetime
import os
import socket
import statistics
import threading
import time
import uuid

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from measures.models import Status
from participation.notifications.follows import follow_create
from participation.notifications.models import Delivery, Notification, NotificationKind
from participation.notifications.preferences import preference_set
from participation.notifications.services import safe_delay
from participation.notifications.tasks import send_notification_emails
from tests.factories import MeasureFactory, SuperuserFactory, UserFactory
from tests.notifications_infra import (  # noqa: F401 - pytest fixtures
    private_redis,
    tasks_routed_to,
    timed_publishing,
)

pytestmark = [pytest.mark.bench, pytest.mark.django_db(transaction=True)]

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "20"))
SILENT_WAIT_S = float(os.environ.get("BENCH_SILENT_WAIT", "10"))


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.0f}"


def summary(values: list[float]) -> str:
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    return f"{ms(statistics.median(ordered))} {ms(p90)} {ms(ordered[-1])}"


def publish_updates(client: Client, measure, count: int) -> tuple[list[float], list[float]]:
    """``count`` progress updates through the admin; the time of each request and of its
    hand-over to the broker."""
    requests, handovers = [], []
    for n in range(count):
        with timed_publishing() as publishing:
            started = time.perf_counter()
            response = client.post(
                reverse("admin:measures_progressupdate_add"),
                {
                    "measure": measure.pk,
                    "date": (timezone.localdate() - datetime.timedelta(days=n)).isoformat(),
                    "status": Status.IN_PROGRESS, "progress": str(10 + n % 80),
                    "text": f"Sachstand {n}.", "reason": "",
                },
            )
            requests.append(time.perf_counter() - started)
        assert response.status_code == 302, response.content[:2000]
        assert publishing.durations, "the request handed no task to the broker"
        handovers.append(publishing.total)
    return requests, handovers


def test_bench_request_latency_with_the_broker_up_and_down(private_redis, capsys):  # noqa: F811
    measure = MeasureFactory()
    resident = UserFactory(email="bench-folgerin@example.org")
    follow_create(user=resident, target=measure)
    preference_set(user=resident, kind=NotificationKind.PROGRESS_UPDATE,
                   delivery=Delivery.IMMEDIATE)
    client = Client()
    client.force_login(SuperuserFactory())
    rows = []
    with tasks_routed_to(private_redis.url(0), f"bench-{uuid.uuid4().hex[:8]}"):
        publish_updates(client, measure, 2)  # warm up: URL resolver, templates, connections
        for state in ("up", "down"):
            if state == "down":
                private_redis.stop()
            requests, handovers = publish_updates(client, measure, REQUESTS)
            rows.append((state, requests, handovers))
    assert Notification.objects.filter(recipient=resident).count() == 2 + 2 * REQUESTS

    silent = silent_broker_handover()
    limit = settings.CELERY_BROKER_CONNECTION_TIMEOUT
    with capsys.disabled():
        print(f"\n[bench broker] limit in the reliability test: hand-over < "
              f"CELERY_BROKER_CONNECTION_TIMEOUT = {limit} s")
        print("[bench broker]                   request (ms)               hand-over (ms)")
        print("[bench broker] broker   n    median      p90      max    median      p90      max")
        for state, requests, handovers in rows:
            print(f"[bench broker] {state:<6} {len(requests):>3} {summary(requests)} "
                  f"{summary(handovers)}")
        print(f"[bench broker] silent   1 {'-':>8} {'-':>8} {'-':>8}  {silent}")


def silent_broker_handover() -> str:
    """The hand-over alone, to a broker that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)  # the kernel completes the handshakes; nobody ever reads
    url = f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
    done = threading.Event()
    took: list[float] = []

    def hand_over():
        started = time.perf_counter()
        try:
            safe_delay(send_notification_emails, [])
        finally:
            took.append(time.perf_counter() - started)
            done.set()

    with tasks_routed_to(url, f"bench-silent-{uuid.uuid4().hex[:8]}"):
        thread = threading.Thread(target=hand_over, daemon=True)
        thread.start()
        finished = done.wait(SILENT_WAIT_S)
    # A thread still waiting keeps its socket; it ends with the process.
    if not finished:
        return f"still waiting after {SILENT_WAIT_S:.0f} s (no socket_timeout on the broker)"
    return f"{ms(took[0])} (gave up)"
