"""The test infrastructure itself: a private Redis that can fail, an SMTP sink that can
refuse one recipient, and a real worker that runs the project's tasks from its queue."""

import smtplib
from email.message import EmailMessage

import pytest

from jena_smart.celery import ping
from tests.notifications_infra import WORKER_READY_TIMEOUT_S, wait_until

pytestmark = pytest.mark.worker


def test_private_redis_stops_and_starts_again_on_the_same_port(private_redis):
    import redis

    client = redis.Redis.from_url(private_redis.url(3), socket_connect_timeout=0.5)
    client.set("k", "v")

    private_redis.stop()
    with pytest.raises(redis.exceptions.ConnectionError):
        client.ping()

    private_redis.start()
    assert client.ping()
    assert client.get("k") is None  # nothing persisted: an outage loses the queue
    client.close()


def _send(sink, to: str, subject: str = "Hallo") -> None:
    message = EmailMessage()
    message["From"] = "noreply@example.org"
    message["To"] = to
    message["Subject"] = subject
    message["List-Unsubscribe"] = "<https://example.org/u/1>"
    message.set_content("Text")
    with smtplib.SMTP(sink.host, sink.port, timeout=5) as smtp:
        smtp.send_message(message)


def test_smtp_sink_collects_mail_and_refuses_one_recipient_until_accepted(smtp_sink):
    _send(smtp_sink, "a@example.org")
    smtp_sink.reject("b@example.org", 451)
    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        _send(smtp_sink, "b@example.org")
    assert refused.value.recipients["b@example.org"][0] == 451

    smtp_sink.accept("b@example.org")
    _send(smtp_sink, "b@example.org")

    assert smtp_sink.per_recipient() == {"a@example.org": 1, "b@example.org": 1}
    mail = smtp_sink.to("a@example.org")[0]
    assert mail.subject == "Hallo"
    assert mail.headers["List-Unsubscribe"] == "<https://example.org/u/1>"
    assert mail.text.strip() == "Text"
    assert smtp_sink.rejected == {"b@example.org": 1}


@pytest.mark.django_db(transaction=True)
def test_real_worker_runs_a_task_sent_by_the_django_app_and_survives_sigkill(
    private_redis, celery_worker_process
):
    worker = celery_worker_process(private_redis.url(0))

    ping.delay()  # the project's app, routed to the worker's queue on the private Redis
    wait_until(lambda: "succeeded" in worker.output, timeout=WORKER_READY_TIMEOUT_S,
               message="ping succeeded")

    worker.kill()
    assert not worker.running
    worker.start()  # waits until it is ready (at most WORKER_READY_TIMEOUT_S)
    ping.delay()
    wait_until(lambda: worker.output.count("succeeded") >= 2, timeout=WORKER_READY_TIMEOUT_S,
               message="2 pings")
