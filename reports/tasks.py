"""Celery tasks of the reports: thin — an id in, a service call."""

from celery import shared_task

from . import services


@shared_task(name="reports.generate_status_report", ignore_result=True, acks_late=True)
def generate_status_report(report_id: int) -> bool:
    """Snapshot, then HTML and PDF in every language of the site, of a queued report; a
    failure is stored on the report (shown on its page, retried from there)."""
    return services.report_generate(report_id)
