"""The nightly tasks of verification: confirmations past their date end as "abgelaufen"
(and the person reads it), and the register extract is deleted once its import is older
than VERIFICATION_REGISTER_RETENTION_DAYS — what the privacy page promises."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from jena_smart.celery import app
from tests.verification.factories import ANNA, JOERG, VerificationFactory, import_extract
from tests.verification.test_admin import client_of
from verification import tasks
from verification.models import EndReason, RegisterEntry, RegisterImport, Verification

pytestmark = pytest.mark.django_db


def test_the_beat_schedule_runs_both_tasks_nightly(settings):
    schedule = {entry["task"]: entry for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    for name in ("verification.expire_verifications", "verification.delete_old_register_extract"):
        assert name in schedule
        assert name in app.tasks  # the worker knows it (autodiscovered)
        assert schedule[name]["schedule"].hour == {2}


def test_a_confirmation_past_its_date_ends_as_expired_and_the_person_reads_it():
    expired = VerificationFactory(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    current = VerificationFactory()
    tasks.expire_verifications.delay()  # eager without a broker, as in the embedded default
    expired.refresh_from_db()
    current.refresh_from_db()
    assert expired.end_reason == EndReason.EXPIRED and expired.ended_at is not None
    assert current.ended_at is None

    page = client_of(expired.user).get(reverse("verification:status")).content.decode()
    assert "Ihre Bestätigung endete am" in page
    assert "abgelaufen" in page


def test_expiring_again_changes_nothing():
    VerificationFactory(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert tasks.expire_verifications() == 1
    ended_at = Verification.objects.get().ended_at
    assert tasks.expire_verifications() == 0
    assert Verification.objects.get().ended_at == ended_at


def age_import(days: int) -> RegisterImport:
    RegisterImport.objects.filter(deleted_at__isnull=True).update(
        created_at=timezone.now() - datetime.timedelta(days=days)
    )
    return RegisterImport.objects.get(deleted_at__isnull=True)


def test_the_extract_is_deleted_once_older_than_the_retention_period(settings):
    settings.VERIFICATION_REGISTER_RETENTION_DAYS = 90
    import_extract(ANNA, JOERG)
    confirmation = VerificationFactory()
    batch = age_import(91)

    assert tasks.delete_old_register_extract() == 2
    assert RegisterEntry.objects.count() == 0
    batch.refresh_from_db()
    assert batch.deleted_at is not None
    confirmation.refresh_from_db()
    assert confirmation.is_current  # confirmations stay valid until they expire


def test_a_younger_extract_is_kept(settings):
    settings.VERIFICATION_REGISTER_RETENTION_DAYS = 90
    import_extract(ANNA, JOERG)
    age_import(89)
    assert tasks.delete_old_register_extract() == 0
    assert RegisterEntry.objects.count() == 2
    assert RegisterImport.objects.get().deleted_at is None


def test_the_retention_period_comes_from_the_settings(settings):
    settings.VERIFICATION_REGISTER_RETENTION_DAYS = 7
    import_extract(ANNA)
    age_import(8)
    tasks.delete_old_register_extract.delay()
    assert RegisterEntry.objects.count() == 0


def test_without_an_extract_the_task_does_nothing():
    assert tasks.delete_old_register_extract() == 0
    assert not RegisterImport.objects.exists()
