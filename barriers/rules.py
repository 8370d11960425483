"""Who may handle barrier reports (``may_<action>(user, obj) -> Refusal | None``, see
``core.rules``). Anyone may send a report, with or without an account; reading the
reports and answering them is for the accessibility officer: the model permission
``barriers.handle_barrierreport`` (through a group such as "Barrierefreiheit")."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.rules import Refusal, has_global_perm, is_active_user

from .models import HANDLE_PERMISSION


def may_handle_barrier_reports(user, report=None) -> Refusal | None:
    if not is_active_user(user):
        return Refusal("sign_in", _("Bitte melden Sie sich an."))
    if not has_global_perm(user, HANDLE_PERMISSION):
        return Refusal(
            "forbidden",
            _("Nur die Beauftragten für Barrierefreiheit bearbeiten Barrieremeldungen."),
        )
    return None
