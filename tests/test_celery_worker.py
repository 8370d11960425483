"""A real Celery worker against the real Redis: the production path of every task.

The unit suite runs tasks eagerly. This test starts `celery -A jena_smart worker`, the
command docker-compose.yml runs, as a separate process on a queue of its own, sends it
`jena_smart.ping` through the Redis broker and reads "pong" from the Redis result backend.
In CI a missing Redis fails the test; on a laptop it is skipped.
"""

import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from celery import Celery
from django.conf import settings

pytestmark = pytest.mark.worker

ROOT = Path(settings.BASE_DIR)
CELERY = Path(sys.executable).parent / "celery"
# How long to wait for "pong" (the worker starts, loads Django, takes the task): a limit
# for giving up, not a speed requirement; generous, so that a busy machine fails nothing.
START_TIMEOUT_S = 60


@pytest.fixture
def worker(redis_url: str):
    """A real worker process consuming a fresh queue on ``redis_url``; yields the queue."""
    queue = f"test-worker-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jena_smart.settings",
        "DEBUG": "true",
        "REDIS_URL": redis_url,
        "PYTHONUNBUFFERED": "1",
    }
    command = [
        str(CELERY) if CELERY.exists() else "celery",
        "-A",
        "jena_smart",
        "worker",
        "--pool=solo",
        "--concurrency=1",
        "-Q",
        queue,
        "-n",
        f"{queue}@%h",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "--loglevel=INFO",
    ]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield queue
    finally:
        process.send_signal(signal.SIGTERM)  # warm shutdown
        try:
            output, _ = process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        print(output)  # shown by pytest when the test fails


def test_real_worker_runs_ping_through_redis(worker: str, redis_url: str):
    # A client app of its own: the Django-configured app runs tasks eagerly in tests.
    client = Celery("worker-test", broker=redis_url, backend=redis_url)
    client.conf.broker_connection_timeout = 2

    result = client.send_task("jena_smart.ping", queue=worker)

    try:
        assert result.get(timeout=START_TIMEOUT_S) == "pong"
        assert result.successful()
    finally:
        result.forget()
        client.close()
