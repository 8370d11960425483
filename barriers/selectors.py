"""Reads of barrier reports: the staff inbox's counts, the people who hear of a new
report, and a person's own reports for the copy of their data (privacy)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q

from .models import BarrierReport


def staff_recipients() -> list[str]:
    """Where a new report is announced: BARRIER_FEEDBACK_EMAIL, or every active account
    holding the permission (directly, through a group, or as superuser)."""
    if settings.BARRIER_FEEDBACK_EMAIL:
        return [settings.BARRIER_FEEDBACK_EMAIL]
    permission = Permission.objects.filter(
        content_type__app_label="barriers", codename="handle_barrierreport"
    ).first()
    holders = Q(is_superuser=True)
    if permission is not None:
        holders |= Q(user_permissions=permission) | Q(groups__permissions=permission)
    emails = (
        get_user_model()
        .objects.filter(holders, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    return sorted(set(emails))


def personal_data(user) -> list[dict]:
    """The barrier reports a signed-in person sent, for their copy of their data. One
    query."""
    return [
        {
            "received_at": report.received_at.isoformat(),
            "page_url": report.page_url,
            "description": report.description,
            "assistive_technology": report.assistive_technology,
            "name": report.name,
            "email": report.email,
            "status": report.status,
            "answer": report.answer,
            "answered_at": report.answered_at.isoformat() if report.answered_at else None,
        }
        for report in BarrierReport.objects.filter(reporter=user).order_by("received_at")
    ]
