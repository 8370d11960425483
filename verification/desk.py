"""Confirming a resident at the desk of the Bürgerservice: the person shows an identity
document, staff find their account by e-mail address and confirm it.

Kept: who confirmed, when, the document *type* (``Verification.DocumentType``), the
district of the address on the document and the birth year. Not kept: the document
number (there is no field for it), the date of birth (it only decides the birth year and
the age rules the birth year alone cannot decide), the name and the address (when staff
enter them, they only make the keyed hash ``entry_digest`` that stops one person from
being confirmed with two accounts).

Also the section of the person's page ``/konto/wohnsitz/`` that tells residents how the
desk works (``desk_section``, registered in ``VerificationConfig.ready``).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import Invalid, NotAllowed
from geo.models import District
from verification.models import Method, Verification
from verification.person import Person
from verification.services import duplicates_recorded, verification_grant

VERIFY_AT_DESK = "verification.verify_at_desk"


def account_by_email(email: str):
    """The active account whose e-mail address is exactly ``email`` (case aside), or
    None. Staff type the whole address: there is no search over accounts."""
    email = (email or "").strip()
    if not email:
        return None
    return get_user_model().objects.filter(email__iexact=email, is_active=True).first()


def entry_holder(*, entry_digest: str, user) -> Verification | None:
    """The open confirmation of *another* account made with the same register entry (the
    reason a desk confirmation was refused as a duplicate)."""
    if not entry_digest:
        return None
    return (
        Verification.objects.filter(entry_digest=entry_digest, ended_at__isnull=True)
        .exclude(user=user)
        .select_related("user")
        .first()
    )


def verification_grant_at_desk(
    *,
    by,
    user,
    document_type: str,
    district: District | None,
    date_of_birth: datetime.date,
    person: Person | None = None,
) -> Verification:
    """Staff with ``verification.verify_at_desk`` confirm ``user`` after seeing an
    identity document of ``document_type``. ``person`` (name, date of birth, address
    from the document), when given, is used only for its keyed hash, so that the same
    person cannot be confirmed for a second account (``DuplicateEntry``, logged for
    staff as ``verification.duplicate``). Replaces the person's current confirmation."""
    if by is None or not by.has_perm(VERIFY_AT_DESK):
        raise NotAllowed(_("Nur der Bürgerservice kann Wohnsitze am Schalter bestätigen."))
    if document_type not in Verification.DocumentType.values:
        raise Invalid({"document_type": [_("Bitte wählen Sie das vorgelegte Dokument.")]})
    if date_of_birth > timezone.localdate() or date_of_birth.year < 1900:
        raise Invalid({"date_of_birth": [_("Bitte prüfen Sie das Geburtsdatum.")]})
    if person is not None and person.date_of_birth != date_of_birth:
        raise Invalid({"date_of_birth": [_("Bitte prüfen Sie das Geburtsdatum.")]})
    with duplicates_recorded(user):
        return verification_grant(
            user=user,
            method=Method.DESK,
            district=district,
            date_of_birth=date_of_birth,
            entry_digest=person.digest() if person is not None else "",
            verified_by=by,
            document_type=document_type,
        )


def desk_section(request) -> dict:
    """The section "At the desk" of ``/konto/wohnsitz/``: where to go and what to bring."""
    return {
        "template": "verification/includes/desk.html",
        "info": settings.VERIFICATION_DESK_INFO,
        "document_types": Verification.DocumentType.labels,
    }
