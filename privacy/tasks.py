"""Celery tasks of privacy: thin — an id in, a service call."""

from celery import shared_task

from . import services


@shared_task(name="privacy.build_data_export", ignore_result=True, acks_late=True)
def build_data_export(export_id: int) -> bool:
    return services.data_export_build(export_id)


@shared_task(name="privacy.expire_data_exports", ignore_result=True)
def expire_data_exports() -> int:
    """Periodic: delete expired copies of personal data."""
    return services.data_exports_expire()
