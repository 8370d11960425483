"""Celery tasks of verification: thin, periodic (CELERY_BEAT_SCHEDULE), each a service
call."""

import datetime

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from verification.models import RegisterImport
from verification.register_import import register_extract_delete
from verification.services import verifications_expire


@shared_task(name="verification.expire_verifications", ignore_result=True)
def expire_verifications() -> int:
    """Nightly: confirmations past their date are marked ended ("abgelaufen"), so that
    the person's page says so and they can confirm again."""
    return verifications_expire()


@shared_task(name="verification.delete_old_register_extract", ignore_result=True)
def delete_old_register_extract() -> int:
    """Nightly: the imported register extract is deleted once its import is older than
    ``VERIFICATION_REGISTER_RETENTION_DAYS`` (what the privacy page promises).
    Confirmations made with it stay valid until they expire. Returns the number of
    entries deleted (0: nothing was due)."""
    cutoff = timezone.now() - datetime.timedelta(days=settings.VERIFICATION_REGISTER_RETENTION_DAYS)
    if not RegisterImport.objects.filter(deleted_at__isnull=True, created_at__lte=cutoff).exists():
        return 0
    return register_extract_delete(by=None)
