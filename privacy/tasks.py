"""Celery tasks of privacy: thin — an id in, a service call."""

from celery import shared_task

from . import services


@shared_task(name="privacy.build_data_export", ignore_result=True, acks_late=True)
def build_data_export(export_id: int) -> bool:
    return services.data_export_build(export_id)


@shared_task(name="privacy.apply_retention", ignore_result=True)
def apply_retention() -> dict:
    """Periodic (nightly): delete old notifications, never confirmed accounts and expired
    copies of personal data."""
    return services.apply_retention()
