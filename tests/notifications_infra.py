"""Test infrastructure for the notification reliability tests: real services in the test.

* ``RedisServer`` / ``private_redis``: a ``redis-server`` of the test's own on a free port
  (never the machine's shared Redis), which a test may stop and start again to simulate
  a broker outage. The port stays the same across restarts, so URLs stay valid.
* ``SmtpSink`` / ``smtp_sink``: an aiosmtpd server on 127.0.0.1 collecting every message
  (recipient, subject, headers, body) in a thread-safe list; ``reject(address, code)``
  refuses one recipient (451: temporary, 550: permanent) until ``accept(address)``.
* ``CeleryWorker`` / ``celery_worker_process``: a real ``celery worker`` subprocess
  (pool solo, one process) on a queue of its own, against the test database (PostgreSQL,
  a transactional test so that the worker sees committed rows), a given Redis broker and
  the SMTP sink. ``kill()`` sends SIGKILL; ``start()`` starts it again.
* ``tasks_routed_to(broker_url, queue)``: the test process's Celery app (eager in the unit
  suite) sends its tasks to that broker and queue instead.
* ``timed_publishing()``: how long each hand-over of a task to the broker took in this
  process (Celery's ``send_task``), and whether it failed.

The worker is started as ``celery -A tests.notifications_infra:worker_app worker ...``:
that is the project's app (``jena_smart.celery.app``, identical configuration) whose
default queue is set to the test's queue (env ``JENA_TEST_CELERY_QUEUE``), so the tasks
the worker itself sends (fan-out, retries, the sweeper's re-sends) stay on the test's
queue as well. This module imports nothing from Django at import time, because the worker
imports it before Django is set up.
"""

from __future__ import annotations

import asyncio
import contextlib
import email
import email.policy
import functools
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest

ROOT = Path(__file__).resolve().parent.parent
CELERY = Path(sys.executable).parent / "celery"
# How long to wait before giving up (every wait returns as soon as its condition holds):
# generous, so that a busy machine (the suite runs on all cores) slows a test, never fails it.
WORKER_READY_TIMEOUT_S = 60
QUEUE_ENV = "JENA_TEST_CELERY_QUEUE"
# "module.ATTRIBUTE=integer,...": constants set in the worker once it is ready, e.g. a
# retry countdown of 2 s instead of 60 s so that a retry happens within the test.
PATCHES_ENV = "JENA_TEST_WORKER_PATCHES"


def _apply_worker_patches(**kwargs) -> None:
    import importlib

    for item in filter(None, os.environ.get(PATCHES_ENV, "").split(",")):
        target, value = item.split("=", 1)
        module_name, attribute = target.rsplit(".", 1)
        module = importlib.import_module(module_name)
        assert hasattr(module, attribute), f"{target} does not exist"
        setattr(module, attribute, int(value))


def __getattr__(name: str):
    """``worker_app``: the project's Celery app with the test's default queue (for the
    worker subprocess; see the module docstring)."""
    if name == "worker_app":
        from celery.signals import worker_ready

        from jena_smart.celery import app

        queue = os.environ.get(QUEUE_ENV)
        if queue:
            app.conf.task_default_queue = queue
        if os.environ.get(PATCHES_ENV):
            worker_ready.connect(_apply_worker_patches, weak=False)
        return app
    raise AttributeError(name)


def _service_missing(reason: str) -> None:
    from tests.conftest import service_missing

    service_missing(reason)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate, *, timeout: float, interval: float = 0.05, message: str = ""):
    """Poll ``predicate`` until it returns something truthy; fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s: {message or predicate}", pytrace=False)
        time.sleep(interval)


# --- A private Redis ------------------------------------------------------------------------


class RedisServer:
    """A ``redis-server`` subprocess on a fixed free port, without persistence."""

    def __init__(self, binary: str, port: int | None = None) -> None:
        self.binary = binary
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        if self.running:
            return
        self.process = subprocess.Popen(
            [
                self.binary, "--port", str(self.port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no",
                "--loglevel", "warning",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(self.answers, timeout=10, message=f"redis-server on port {self.port}")

    def stop(self) -> None:
        """Stop the server (SIGKILL: an outage, not a shutdown) and wait for the port to
        refuse connections."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None
        wait_until(lambda: not self.answers(), timeout=5, message="redis-server stopped")

    def restart(self) -> None:
        self.stop()
        self.start()

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False


@pytest.fixture
def private_redis() -> Iterator[RedisServer]:
    """A redis-server of this test's own (start/stop/restart it at will)."""
    binary = shutil.which("redis-server")
    if not binary:
        _service_missing("redis-server is not installed (needed for a private broker)")
    server = RedisServer(binary)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def cache_on_private_redis(settings, private_redis) -> RedisServer:
    """Django's cache on a private redis-server that the test may stop: one-second
    timeouts, so an outage shows at once."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": private_redis.url(1),
            "KEY_PREFIX": "outage-test",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    return private_redis


# --- An SMTP sink ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ReceivedMail:
    """What the sink received; parsed when first read (the sink itself stays cheap, so
    that a benchmark measures the sender, not the parser)."""

    recipients: tuple[str, ...]
    sender: str
    raw: bytes = field(repr=False)

    @functools.cached_property
    def message(self):
        return email.message_from_bytes(self.raw, policy=email.policy.default)

    @property
    def subject(self) -> str:
        return str(self.message.get("Subject", ""))

    @property
    def headers(self) -> dict[str, str]:
        return {key: " ".join(str(value).split()) for key, value in self.message.items()}

    def _body(self, kind: str) -> str:
        part = self.message.get_body(preferencelist=(kind,))
        return part.get_content() if part is not None else ""

    @property
    def text(self) -> str:
        return self._body("plain")

    @property
    def html(self) -> str:
        return self._body("html")


class _SinkHandler:
    def __init__(self, sink: SmtpSink) -> None:
        self.sink = sink

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        code = self.sink.rejection_for(address)
        if code:
            self.sink._count_rejection(address)
            if code >= 500:
                return f"{code} 5.1.1 <{address}>: rejected by the test sink"
            return f"{code} 4.3.0 <{address}>: temporarily unavailable (test sink)"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        refusal = self.sink.data_refusal
        if refusal:
            return f"{refusal} 5.7.1 message refused (test sink)"
        number = self.sink._store(envelope)
        hold = self.sink._hold_for(number)
        if hold:
            self.sink.holding.set()
            await asyncio.sleep(hold)
        return "250 Message accepted for delivery"


class SmtpSink:
    """An SMTP server in a thread of the test process that keeps what it receives."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._messages: list[ReceivedMail] = []
        self._rejections: dict[str, int] = {}
        self.rejected: dict[str, int] = {}  # address -> refused RCPT attempts
        self.port = free_port()
        self.host = "127.0.0.1"
        self._controller = None
        self._hold: tuple[int, float] | None = None
        self.holding = threading.Event()
        self.data_refusal: int | None = None  # answer the end of DATA with this code

    def hold_reply(self, *, message_number: int, seconds: float) -> None:
        """Keep the n-th message (1-based) stored but delay the server's "250 accepted"
        by ``seconds``: the sender does not know yet that the mail was delivered (the
        window between SMTP acceptance and the sender's bookkeeping)."""
        with self._lock:
            self._hold = (message_number, seconds)

    def _hold_for(self, number: int) -> float:
        with self._lock:
            if self._hold and self._hold[0] == number:
                return self._hold[1]
        return 0.0

    # knobs
    def reject(self, address: str, code: int = 451) -> None:
        """Refuse mail for ``address`` with ``code`` (451 temporary, 550 permanent)."""
        with self._lock:
            self._rejections[address.lower()] = code

    def accept(self, address: str) -> None:
        with self._lock:
            self._rejections.pop(address.lower(), None)

    def rejection_for(self, address: str) -> int | None:
        with self._lock:
            return self._rejections.get(address.lower())

    def _count_rejection(self, address: str) -> None:
        with self._lock:
            self.rejected[address.lower()] = self.rejected.get(address.lower(), 0) + 1

    # collection
    def _store(self, envelope) -> int:
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode()
        mail = ReceivedMail(
            recipients=tuple(address.lower() for address in envelope.rcpt_tos),
            sender=envelope.mail_from,
            raw=raw,
        )
        with self._lock:
            self._messages.append(mail)
            return len(self._messages)

    @property
    def messages(self) -> list[ReceivedMail]:
        with self._lock:
            return list(self._messages)

    def count(self) -> int:
        with self._lock:
            return len(self._messages)

    def to(self, address: str) -> list[ReceivedMail]:
        address = address.lower()
        return [mail for mail in self.messages if address in mail.recipients]

    def per_recipient(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for mail in self.messages:
            for address in mail.recipients:
                counts[address] = counts.get(address, 0) + 1
        return counts

    def wait_for(self, count: int, *, timeout: float) -> list[ReceivedMail]:
        """Wait until at least ``count`` messages arrived; fail with what did."""
        wait_until(
            lambda: self.count() >= count,
            timeout=timeout,
            message=f"{count} mails (received {self.count()})",
        )
        return self.messages

    def settle(self, *, quiet: float = 1.0, timeout: float = 10) -> int:
        """Wait until no new message arrived for ``quiet`` seconds (late duplicates)."""
        deadline = time.monotonic() + timeout
        seen, since = self.count(), time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.05)
            now = self.count()
            if now != seen:
                seen, since = now, time.monotonic()
            elif time.monotonic() - since >= quiet:
                break
        return seen

    @property
    def email_url(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    def start(self) -> None:
        import logging

        from aiosmtpd.controller import Controller

        logging.getLogger("mail.log").setLevel(logging.WARNING)  # a line per SMTP command

        self._controller = Controller(
            _SinkHandler(self), hostname=self.host, port=self.port, ready_timeout=10
        )
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    pytest.importorskip("aiosmtpd", reason="aiosmtpd is a dev dependency (requirements-dev)")
    sink = SmtpSink()
    sink.start()
    try:
        yield sink
    finally:
        sink.stop()


# --- A real Celery worker -------------------------------------------------------------------


def database_url_for_subprocess() -> str:
    """The URL of the test database (PostgreSQL) for a subprocess."""
    from django.db import connection

    params = connection.settings_dict
    user = quote(params.get("USER") or "", safe="")
    password = quote(params.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = params.get("HOST") or "127.0.0.1"
    port = params.get("PORT") or 5432
    return f"postgres://{auth}{host}:{port}/{quote(params['NAME'], safe='')}"


class CeleryWorker:
    """A ``celery worker`` subprocess (pool solo) on its own queue."""

    def __init__(self, *, broker_url: str, email_url: str, queue: str | None = None,
                 extra_env: dict[str, str] | None = None,
                 patches: dict[str, int] | None = None) -> None:
        self.broker_url = broker_url
        self.email_url = email_url
        self.queue = queue or f"test-notify-{uuid.uuid4().hex[:12]}"
        self.extra_env = dict(extra_env or {})
        if patches:
            self.extra_env[PATCHES_ENV] = ",".join(f"{k}={v}" for k, v in patches.items())
        self.process: subprocess.Popen | None = None
        self._output: list[str] = []
        self._lock = threading.Lock()
        self._reader: threading.Thread | None = None
        self.starts = 0

    @property
    def output(self) -> str:
        with self._lock:
            return "".join(self._output)

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def _env(self) -> dict[str, str]:
        env = {
            key: value for key, value in os.environ.items()
            if not key.startswith(("PYTEST_", "CELERY_"))
        }
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "jena_smart.settings",
                "DEBUG": "true",
                "SECRET_KEY": "test-only-secret-key-for-the-worker-subprocess-0123456789",
                "DATABASE_URL": database_url_for_subprocess(),
                "CONN_MAX_AGE": "0",
                "REDIS_URL": self.broker_url,
                "EMAIL_URL": self.email_url,
                "PYTHONUNBUFFERED": "1",
                "PYTHONPATH": os.pathsep.join(
                    filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])
                ),
                "LOG_LEVEL": "INFO",
                QUEUE_ENV: self.queue,
                **self.extra_env,
            }
        )
        return env

    def start(self, *, wait: bool = True) -> None:
        assert not self.running, "the worker is already running"
        self.starts += 1
        command = [
            str(CELERY) if CELERY.exists() else "celery",
            "-A", "tests.notifications_infra:worker_app",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-Q", self.queue,
            "-n", f"{self.queue}-{self.starts}@%h",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
            "--loglevel=INFO",
        ]
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self._env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        marker = len(self.output)
        self._reader = threading.Thread(target=self._read, args=(self.process,), daemon=True)
        self._reader.start()
        if wait:
            def ready():
                if self.process.poll() is not None:
                    pytest.fail(
                        f"the worker exited with {self.process.returncode}:\n{self.output}",
                        pytrace=False,
                    )
                return " ready." in self.output[marker:]

            wait_until(ready, timeout=WORKER_READY_TIMEOUT_S, message="the worker is ready")

    def _read(self, process: subprocess.Popen) -> None:
        for line in process.stdout:
            with self._lock:
                self._output.append(line)

    def kill(self) -> None:
        """SIGKILL: the worker dies at once, whatever it was doing."""
        if self.process is None:
            return
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        if self._reader:
            self._reader.join(timeout=5)
        self.process = None

    def stop(self) -> None:
        """Warm shutdown (SIGTERM), SIGKILL after 10 s."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
                return
        if self._reader:
            self._reader.join(timeout=5)
        self.process = None

    def restart(self) -> None:
        self.kill()
        self.start()


def require_postgres_for_worker() -> None:
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        _service_missing(
            f"a real worker needs the test database in PostgreSQL, not "
            f"{engine.rsplit('.', 1)[-1]}; set DATABASE_URL=postgres://..."
        )


@contextlib.contextmanager
def tasks_routed_to(broker_url: str, queue: str) -> Iterator[None]:
    """Make this process's Celery app publish to ``broker_url`` on ``queue`` (not eager).

    The result backend stays as configured (results are not read by these tests)."""
    from jena_smart.celery import app

    keys = ("task_always_eager", "broker_url", "broker_write_url", "task_default_queue")
    before = {key: app.conf.get(key) for key in keys}

    def reset_pools():
        app._pool = None
        with contextlib.suppress(AttributeError, KeyError):
            app.__dict__["amqp"]._producer_pool = None

    app.conf.update(
        task_always_eager=False,
        broker_url=broker_url,
        broker_write_url=broker_url,
        task_default_queue=queue,
    )
    reset_pools()
    try:
        yield
    finally:
        from kombu import pools as kombu_pools

        app.conf.update(before)
        reset_pools()
        # kombu keeps connection and producer pools per broker URL in process-wide
        # registries; closing only ours left a closed pool there that the next test on
        # the same broker got back ("Acquire on closed pool"). Close and forget them all.
        with contextlib.suppress(Exception):
            kombu_pools.reset()


@dataclass
class PublishTimes:
    """What ``timed_publishing`` saw: one duration (s) per hand-over to the broker."""

    durations: list[float] = field(default_factory=list)
    failures: int = 0

    @property
    def total(self) -> float:
        return sum(self.durations)


@contextlib.contextmanager
def timed_publishing() -> Iterator[PublishTimes]:
    """Time every task this process's Celery app hands to its broker (``app.send_task``,
    which ``delay``/``apply_async`` call), including kombu's connection attempts and
    Celery's publish retries: the part of a request that could hang on the broker."""
    from jena_smart.celery import app

    times = PublishTimes()
    send_task = app.send_task

    def timed_send_task(*args, **kwargs):
        started = time.monotonic()
        try:
            return send_task(*args, **kwargs)
        except BaseException:
            times.failures += 1
            raise
        finally:
            times.durations.append(time.monotonic() - started)

    app.send_task = timed_send_task  # an instance attribute in front of the method
    try:
        yield times
    finally:
        del app.send_task


@pytest.fixture
def celery_worker_process(transactional_db, smtp_sink):
    """A factory: ``celery_worker_process(broker_url)`` starts a real worker against the
    test database, that broker and the SMTP sink, routes this process's tasks to its queue,
    and returns the ``CeleryWorker`` (kill/start/restart it at will). Everything is
    stopped at the end of the test, before the database is flushed."""
    require_postgres_for_worker()
    workers: list[CeleryWorker] = []
    routes: list[contextlib.ExitStack] = []

    def make(broker_url: str, *, start: bool = True, **kwargs) -> CeleryWorker:
        worker = CeleryWorker(broker_url=broker_url, email_url=smtp_sink.email_url, **kwargs)
        workers.append(worker)
        stack = contextlib.ExitStack()
        stack.enter_context(tasks_routed_to(broker_url, worker.queue))
        routes.append(stack)
        if start:
            worker.start()
        return worker

    yield make

    for worker in workers:
        worker.kill()
        print(f"--- worker {worker.queue} output ---\n{worker.output}")  # shown on failure
    for stack in reversed(routes):
        stack.close()
    from django.db import connections

    connections.close_all()
