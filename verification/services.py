"""Writes of the verification app: confirming a person as a resident, ending a
confirmation, importing and deleting the register extract.

Every way of becoming verified (register check, letter code, desk, OIDC/SAML sign-in)
ends in :func:`verification_grant`, which keeps the rule "one current confirmation per
person and per register entry" in one place.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable
from contextlib import contextmanager

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import ratelimit
from core.exceptions import Conflict, Invalid, NotAllowed
from core.rules import forget, has_verified_email
from geo.models import District
from verification.backends import (
    RegisterAnswer,
    RegisterBackend,
    RegisterUnavailable,
    register_backend,
)
from verification.models import (
    AgeConfirmation,
    DuplicateAttempt,
    EndReason,
    Method,
    Verification,
)
from verification.person import Person, age_on

logger = logging.getLogger(__name__)

# Callables returning the (minimum age, key date) pairs of the requirements that are
# still to come; the projects app registers its phases' rules (``ProjectsConfig.ready``).
# A confirmation records "old enough" for those pairs the birth year cannot decide.
age_rules: list[Callable[[], Iterable[tuple[int, datetime.date]]]] = []


class DuplicateEntry(Conflict):
    """The register entry already confirms another account (``holder_id``)."""

    def __init__(self, *args, holder_id: int | None = None, way: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.holder_id = holder_id
        self.way = way


@contextmanager
def duplicates_recorded(user):
    """Around a way of confirming, outside its transaction: a ``DuplicateEntry`` is kept
    as a ``DuplicateAttempt`` for staff (the transaction that raised it was rolled
    back), then raised on."""
    try:
        yield
    except DuplicateEntry as error:
        if error.holder_id is not None:
            DuplicateAttempt.objects.create(
                holder_id=error.holder_id, attempted_by=user, method=error.way[:20]
            )
        raise


def not_confirmed_message() -> str:
    """One answer for "not in the register", "registered elsewhere", "found twice" and
    "not allowed": nobody learns from it whether a neighbour is registered."""
    return _(
        "Ihre Angaben konnten nicht bestätigt werden. Bitte prüfen Sie Schreibweise, "
        "Geburtsdatum und Anschrift (wie im Melderegister). Wenn es weiter nicht gelingt, "
        "bestätigt Sie der Bürgerservice oder ein Code per Brief."
    )


def _valid_until(now: datetime.datetime) -> datetime.datetime:
    return now + datetime.timedelta(days=settings.VERIFICATION_VALID_DAYS)


def end_stale_confirmations(**filters) -> None:
    """End confirmations that expired but were never marked (the nightly task marks
    them too); they would block the one-open-confirmation constraints."""
    now = timezone.now()
    Verification.objects.filter(ended_at__isnull=True, expires_at__lte=now, **filters).update(
        ended_at=now, end_reason=EndReason.EXPIRED
    )


@transaction.atomic
def verification_grant(
    *,
    user,
    method: str,
    district: District | None = None,
    birth_year: int | None = None,
    date_of_birth: datetime.date | None = None,
    entry_digest: str = "",
    verified_by=None,
    document_type: str = "",
    trust_level: str = "",
) -> Verification:
    """Confirm ``user`` as a resident of Jena. Called by the verification paths after
    their check succeeded (register check, letter code, desk, OIDC/SAML); it replaces the
    person's current confirmation. ``date_of_birth`` is used, never stored: it records
    the age rules the birth year alone cannot decide.

    Raises ``DuplicateEntry`` when ``entry_digest`` already confirms another account;
    the refusal is logged for staff (``verification.duplicate``)."""
    if method not in Method.values:
        raise Invalid(_("Unbekanntes Verfahren."))
    now = timezone.now()
    if entry_digest:
        end_stale_confirmations(entry_digest=entry_digest)
        refuse_if_entry_confirms_another(user=user, entry_digest=entry_digest, way=method)
    end_stale_confirmations(user=user)
    Verification.objects.filter(user=user, ended_at__isnull=True).update(
        ended_at=now, end_reason=EndReason.REPLACED
    )
    try:
        with transaction.atomic():
            verification = Verification.objects.create(
                user=user,
                method=method,
                verified_at=now,
                expires_at=_valid_until(now),
                district=district,
                birth_year=birth_year or (date_of_birth.year if date_of_birth else None),
                entry_digest=entry_digest,
                verified_by=verified_by,
                document_type=document_type,
                trust_level=trust_level,
            )
    except IntegrityError as error:  # the same entry confirmed at the same moment
        raise DuplicateEntry(not_confirmed_message(), code="duplicate") from error
    if date_of_birth is not None:
        _record_age_confirmations(verification, date_of_birth)
    forget(user)
    return verification


def _record_age_confirmations(verification: Verification, date_of_birth: datetime.date) -> None:
    pairs = {pair for rule in age_rules for pair in rule()}
    AgeConfirmation.objects.bulk_create(
        [
            AgeConfirmation(verification=verification, min_age=min_age, key_date=key_date)
            for min_age, key_date in sorted(pairs)
            if key_date.year - min_age == date_of_birth.year
            and age_on(date_of_birth, key_date) >= min_age
        ],
        ignore_conflicts=True,
    )


def refuse_if_entry_confirms_another(*, user, entry_digest: str, way: str) -> None:
    """Raise ``DuplicateEntry`` when the register entry already confirms another account
    (one person, one confirmed account), and tell staff in the log
    (``verification.duplicate``). ``way``: the method or step that asked."""
    other = (
        Verification.objects.filter(entry_digest=entry_digest, ended_at__isnull=True)
        .exclude(user=user)
        .values_list("user_id", flat=True)
        .first()
    )
    if other is None:
        return
    logger.warning(
        "verification.duplicate: register entry of user %s tried by user %s (%s)",
        other, user.pk, way,
    )
    raise DuplicateEntry(
        _(
            "Diese Person ist bereits mit einem anderen Konto bestätigt. Bitte wenden "
            "Sie sich an den Bürgerservice; die Verwaltung ist informiert."
        ),
        code="duplicate",
        holder_id=other,
        way=way,
    )


def district_by_slug(slug: str | None) -> District | None:
    return District.objects.filter(slug=slug).first() if slug else None


def register_lookup(
    *, user, person: Person, client_address: str = "", action: str = "register_check"
) -> tuple[RegisterBackend, RegisterAnswer]:
    """The start of every way that asks the register for a person (the register check,
    a letter request): a verified e-mail address first; ``action`` counted against
    ``POSTING_RATE_LIMITS[action]`` per person and ``[action + "_address"]`` per client
    address, every try; then the register (``VERIFICATION_REGISTER_BACKEND``). Not found,
    found twice, found elsewhere: one answer (``Invalid``). ``RegisterUnavailable`` when
    the register cannot be asked now."""
    if not has_verified_email(user):
        raise NotAllowed(_("Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse."), code="verify")
    ratelimit.enforce_for(action, str(user.pk))
    if client_address:
        ratelimit.enforce_for(f"{action}_address", f"ip:{client_address}")
    backend = register_backend()
    try:
        answer = backend.lookup(person)
    except RegisterUnavailable:
        logger.warning("%s for user %s: register unavailable", action, user.pk)
        raise
    if answer is None:
        logger.info("%s for user %s: not confirmed", action, user.pk)
        raise Invalid(not_confirmed_message(), code="not_confirmed")
    return backend, answer


def register_check(*, user, person: Person, client_address: str = "") -> Verification:
    """A resident asks to be confirmed by the register at once (``register_lookup``, limits
    ``RATE_LIMIT_REGISTER_CHECKS*``)."""
    backend, answer = register_lookup(user=user, person=person, client_address=client_address)
    with duplicates_recorded(user):
        return verification_grant(
            user=user,
            method=getattr(backend, "method", Method.REGISTER),
            district=district_by_slug(answer.district_slug),
            birth_year=answer.birth_year,
            date_of_birth=person.date_of_birth,
            entry_digest=answer.entry_digest,
        )


@transaction.atomic
def verification_end(
    *, verification: Verification, reason: str, note: str = "", by=None
) -> Verification:
    """End a confirmation: staff revoke it (``by``, with a ``note`` the person reads on
    their account page), the nightly task marks it expired, an import finds the person
    moved. Revoking needs ``verification.change_verification``."""
    if reason == EndReason.REVOKED:
        if by is None or not by.has_perm("verification.change_verification"):
            raise NotAllowed(_("Nur die Verwaltung kann Bestätigungen widerrufen."))
        if not note.strip():
            raise Invalid(
                {"end_note": [_("Bitte geben Sie einen Grund an; die Person liest ihn.")]}
            )
    if verification.ended_at is not None:
        return verification
    verification.ended_at = timezone.now()
    verification.end_reason = reason
    verification.end_note = note.strip()
    verification.ended_by = by
    verification.save(update_fields=["ended_at", "end_reason", "end_note", "ended_by"])
    forget(verification.user)
    return verification


def verifications_expire() -> int:
    """Mark confirmations past their date as ended (nightly). Returns how many."""
    now = timezone.now()
    return Verification.objects.filter(ended_at__isnull=True, expires_at__lte=now).update(
        ended_at=now, end_reason=EndReason.EXPIRED
    )
