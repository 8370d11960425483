"""The Celery app. Without REDIS_URL the settings make every task run eagerly."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jena_smart.settings")

app = Celery("jena_smart")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="jena_smart.ping")
def ping() -> str:
    """A task with no side effects: the health of the worker pipeline."""
    return "pong"
