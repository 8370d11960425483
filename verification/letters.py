"""The letter code: a resident the register knows asks for a letter, staff print the
pending letters as one PDF for the print shop, the resident enters the 6-digit code from
the letter on ``/konto/wohnsitz/`` and is confirmed (``verification_grant``).

What is kept (``LetterCode``): the register's outcome (entry hash, district, birth
year, the age confirmations the date of birth decided), the postal address only until
the letter is printed, the code only as a keyed hash bound to the letter. The clear code
is made while the PDF is rendered and exists nowhere else.
"""

from __future__ import annotations

import datetime
import hmac
import logging
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.exceptions import Invalid, NotAllowed
from verification.backends import RegisterAnswer
from verification.models import AgeConfirmation, LetterCode, Method, Verification
from verification.person import Person, age_on, digest_of
from verification.services import (
    age_rules,
    district_by_slug,
    duplicates_recorded,
    end_stale_confirmations,
    refuse_if_entry_confirms_another,
    register_lookup,
    verification_grant,
)

logger = logging.getLogger(__name__)

CODE_DIGITS = 6
PRINT_PERMISSION = "verification.print_lettercode"


def code_digest(letter_id: int, code: str) -> str:
    """The keyed hash of ``code`` for the letter ``letter_id``: a code is worth nothing
    for another letter, and without the key the million possible codes cannot be tried
    against the stored hash."""
    return digest_of(f"letter-code:{letter_id}:{code}")


def new_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def max_tries() -> int:
    return settings.VERIFICATION_LETTER_MAX_TRIES


def tries_left(letter: LetterCode) -> int:
    return max(max_tries() - letter.tries, 0)


def _age_confirmations(date_of_birth: datetime.date) -> list[list]:
    """The (minimum age, key date) pairs of the rules still to come that the birth year
    alone cannot decide and the date of birth decides "old enough" (as
    ``verification_grant`` records them), as JSON values."""
    pairs = {pair for rule in age_rules for pair in rule()}
    return [
        [min_age, key_date.isoformat()]
        for min_age, key_date in sorted(pairs)
        if key_date.year - min_age == date_of_birth.year
        and age_on(date_of_birth, key_date) >= min_age
    ]


def _void_open(user, now: datetime.datetime) -> None:
    """A new request replaces the person's open letter (its code stops working); a
    letter not yet printed loses its address at once."""
    for letter in LetterCode.objects.open().filter(user=user):
        expired = letter.state == LetterCode.State.EXPIRED
        letter.voided_at = now
        letter.void_reason = (
            LetterCode.VoidReason.EXPIRED if expired else LetterCode.VoidReason.REPLACED
        )
        letter.name = letter.street = letter.house_number = letter.postcode = ""
        letter.save(
            update_fields=[
                "voided_at",
                "void_reason",
                "name",
                "street",
                "house_number",
                "postcode",
            ]
        )


def letter_request(*, user, person: Person, client_address: str = "") -> LetterCode:
    """A resident asks for a letter with a code. Only a person the register knows at
    that address gets one (``VERIFICATION_REGISTER_BACKEND``): not found, found twice,
    found elsewhere get the register check's one answer (``Invalid``); the register not
    reachable: ``RegisterUnavailable``. Limited per person and per client address
    (``RATE_LIMIT_LETTER_REQUESTS*``), every try counts. Replaces the person's open
    letter. Keeps the address until the letter is printed (``letters_print``)."""
    _backend, answer = register_lookup(
        user=user, person=person, client_address=client_address, action="letter_request"
    )
    with duplicates_recorded(user):
        return _letter_create(user=user, person=person, answer=answer)


@transaction.atomic
def _letter_create(*, user, person: Person, answer: RegisterAnswer) -> LetterCode:
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()  # one at a time
    # "current" here: an expired confirmation does not block a letter
    end_stale_confirmations(entry_digest=answer.entry_digest)
    refuse_if_entry_confirms_another(user=user, entry_digest=answer.entry_digest, way="letter")
    now = timezone.now()
    _void_open(user, now)
    district = district_by_slug(answer.district_slug)
    return LetterCode.objects.create(
        user=user,
        created_at=now,
        entry_digest=answer.entry_digest,
        district=district,
        birth_year=answer.birth_year,
        age_confirmations=_age_confirmations(person.date_of_birth),
        name=f"{person.given_names.strip()} {person.family_name.strip()}",
        street=person.street.strip(),
        house_number=person.house_number.strip(),
        postcode=person.postcode.strip(),
    )


@dataclass(frozen=True)
class PrintedBatch:
    """The print shop's PDF (one letter per page) and how many letters it holds."""

    pdf: bytes
    count: int
    printed_at: datetime.datetime

    @property
    def filename(self) -> str:
        return f"briefe-{timezone.localtime(self.printed_at):%Y%m%d-%H%M%S}.pdf"


@transaction.atomic
def letters_print(*, by) -> PrintedBatch:
    """Staff with ``verification.print_lettercode`` export the letters waiting for print
    (at most ``VERIFICATION_LETTER_BATCH_MAX``, oldest first) as one PDF. Each letter
    gets its code now (only its hash is stored), its print date and its expiry
    (``VERIFICATION_LETTER_VALID_DAYS`` later); its address is erased. If rendering
    fails nothing changes. The PDF cannot be made again: a lost batch means the people
    ask for a new letter."""
    from verification.pdf import render_letters

    if by is None or not by.is_authenticated or not by.has_perm(PRINT_PERMISSION):
        raise NotAllowed(_("Sie dürfen keine Briefe mit Codes drucken."))
    letters = list(
        LetterCode.objects.to_print()
        .select_for_update(of=("self",))
        .select_related("user")[: settings.VERIFICATION_LETTER_BATCH_MAX]
    )
    if not letters:
        raise Invalid(_("Es warten keine Briefe auf den Druck."), code="nothing_to_print")
    now = timezone.now()
    expires_at = now + datetime.timedelta(days=settings.VERIFICATION_LETTER_VALID_DAYS)
    pages = []
    for letter in letters:
        code = new_code()
        pages.append({"letter": letter, "code": f"{code[:3]} {code[3:]}"})
        letter.code_hash = code_digest(letter.pk, code)
        letter.printed_at = now
        letter.expires_at = expires_at
    pdf = render_letters(pages, printed_at=now, expires_at=expires_at)
    del pages
    for letter in letters:
        letter.name = letter.street = letter.house_number = letter.postcode = ""
    LetterCode.objects.bulk_update(
        letters,
        ["code_hash", "printed_at", "expires_at", "name", "street", "house_number", "postcode"],
    )
    logger.info("%s letters with codes printed by user %s", len(letters), by.pk)
    return PrintedBatch(pdf=pdf, count=len(letters), printed_at=now)


def normalise_code(text: str) -> str:
    """The digits of what was typed ("123 456", "123-456" → "123456")."""
    return "".join(c for c in text if not c.isspace() and c != "-")


def letter_code_redeem(*, user, code: str) -> Verification:
    """The resident enters the code of their letter. Right: they are confirmed
    (``verification_grant``, method letter) with the register's outcome kept in the
    letter and its age confirmations. Wrong: the try is counted and kept even though
    ``Invalid`` is raised; after ``VERIFICATION_LETTER_MAX_TRIES`` wrong tries, or after
    the expiry, the letter is void and a new one can be asked for. Codes are compared
    in constant time."""
    code = normalise_code(code)
    with duplicates_recorded(user):
        return _letter_code_check(user=user, code=code)


def _letter_code_check(*, user, code: str) -> Verification:
    with transaction.atomic():
        letter = (
            LetterCode.objects.open()
            .filter(user=user, printed_at__isnull=False)
            .select_for_update()
            .first()
        )
        if letter is None:
            raise Invalid(
                _("Für Ihr Konto ist kein Brief mit Code unterwegs. Bitte fordern Sie einen an."),
                code="no_letter",
            )
        now = timezone.now()
        if letter.expires_at is not None and letter.expires_at <= now:
            letter.voided_at = now
            letter.void_reason = LetterCode.VoidReason.EXPIRED
            letter.save(update_fields=["voided_at", "void_reason"])
            refusal = Invalid(
                _("Der Code ist abgelaufen. Bitte fordern Sie einen neuen Brief an."),
                code="expired",
            )
        elif hmac.compare_digest(code_digest(letter.pk, code), letter.code_hash):
            letter.used_at = now
            letter.save(update_fields=["used_at"])
            return _grant(letter, user=user)
        else:
            letter.tries += 1
            fields = ["tries"]
            if letter.tries >= max_tries():
                letter.voided_at = now
                letter.void_reason = LetterCode.VoidReason.TRIES
                fields += ["voided_at", "void_reason"]
                refusal = Invalid(
                    _(
                        "Der Code stimmt nicht. Sie haben ihn zu oft falsch eingegeben; der "
                        "Brief ist jetzt ungültig. Bitte fordern Sie einen neuen Brief an."
                    ),
                    code="tries",
                )
            else:
                left = tries_left(letter)
                refusal = Invalid(
                    ngettext(
                        "Der Code stimmt nicht. Noch %(count)d Versuch.",
                        "Der Code stimmt nicht. Noch %(count)d Versuche.",
                        left,
                    )
                    % {"count": left},
                    code="wrong_code",
                )
            letter.save(update_fields=fields)
            logger.info("wrong letter code by user %s (%s tries)", user.pk, letter.tries)
    # Raised after the transaction, so the counted try and a void letter are kept.
    raise refusal


def _grant(letter: LetterCode, *, user) -> Verification:
    verification = verification_grant(
        user=user,
        method=Method.LETTER,
        entry_digest=letter.entry_digest,
        district=letter.district,
        birth_year=letter.birth_year,
    )
    AgeConfirmation.objects.bulk_create(
        [
            AgeConfirmation(
                verification=verification,
                min_age=min_age,
                key_date=datetime.date.fromisoformat(key_date),
            )
            for min_age, key_date in letter.age_confirmations
        ],
        ignore_conflicts=True,
    )
    return verification
