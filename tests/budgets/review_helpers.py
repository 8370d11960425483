"""People and objects of the review tests."""

import datetime

from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from participation.budgets.models import BoardConfirmation
from tests.factories import StaffFactory

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def with_perms(user, *codenames: str):
    for codename in codenames:
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label="budgets", codename=codename)
        )
    return type(user).objects.get(pk=user.pk)  # fresh permission cache


def review_office(**kwargs):
    """Staff of the Bürgerbudget office: the global permission to review."""
    return with_perms(StaffFactory(**kwargs), "review_proposal")


def board_office(**kwargs):
    """The board's office: records the board's decision."""
    return with_perms(StaffFactory(**kwargs), "record_board_decision")


def minutes_pdf(name: str = "protokoll.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def confirm(budget, **kwargs) -> BoardConfirmation:
    """The board's confirmation as a row (the freeze), without the service."""
    kwargs.setdefault("meeting_date", datetime.date(2026, 9, 1))
    kwargs.setdefault("decision", "Der Beirat bestätigt die Liste.")
    kwargs.setdefault("proposal_count", 0)
    confirmation = BoardConfirmation.objects.create(budget=budget, **kwargs)
    budget.confirmation = confirmation
    return confirmation


def review_kwargs(**overrides) -> dict:
    values = {
        "city_responsible": True,
        "lawful": True,
        "feasible": True,
        "reviewed_cost": None,
        "decision": "valid",
        "reason": "",
        "notes": "",
    }
    values.update(overrides)
    return values
