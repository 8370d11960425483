"""Celery tasks of the barrier feedback: thin — an id in, a service call."""

from celery import shared_task

from . import services


@shared_task(name="barriers.notify_staff_of_barrier_report", ignore_result=True, acks_late=True)
def notify_staff_of_barrier_report(report_id: int) -> bool:
    return services.barrier_staff_notify(report_id)


@shared_task(name="barriers.send_barrier_report_answer", ignore_result=True, acks_late=True)
def send_barrier_report_answer(report_id: int) -> bool:
    return services.barrier_answer_deliver(report_id)


@shared_task(name="barriers.sweep_pending_mails", ignore_result=True)
def sweep_pending_mails() -> dict:
    return services.barrier_reports_sweep()


@shared_task(name="barriers.apply_retention", ignore_result=True)
def apply_retention() -> int:
    return services.barrier_reports_apply_retention()
