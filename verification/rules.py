"""Eligibility: who may act where a phase (or a process action) requires more than a
verified e-mail address. One predicate, asked by the apps' rules (``may_vote`` …).

A ``Requirement`` is what staff configured: being a verified resident of Jena, a
minimum age on a key date, living in one of some districts. ``eligibility_refusal``
answers with the reason and the next step (``code``):

* ``resident``: confirm your residence first (the page links the verification page);
* ``not_eligible``: confirmed, but not in the districts or not old enough — there is
  nothing to do.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext as _

from core.rules import Refusal, cached, is_active_user
from verification.models import Verification


@dataclass(frozen=True)
class Requirement:
    """``action_text`` completes "… to %s" in messages ("abzustimmen")."""

    resident: bool = False
    min_age: int | None = None
    key_date: datetime.date | None = None
    districts: dict[int, str] = field(default_factory=dict)  # district id → name
    action_text: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.resident or self.min_age or self.districts)


def current_verification(user) -> Verification | None:
    """The person's current confirmation (not ended, not expired), once per request."""
    if not is_active_user(user):
        return None

    def load():
        return (
            Verification.objects.current()
            .filter(user=user)
            .select_related("district")
            .prefetch_related("age_confirmations")
            .first()
        )

    return cached(user, "current_verification", load)


def is_verified_resident(user) -> bool:
    return current_verification(user) is not None


def age_decided(verification: Verification, min_age: int, key_date: datetime.date) -> bool | None:
    """True/False when the birth year (or a recorded confirmation) decides whether the
    person was ``min_age`` on ``key_date``; None when it cannot be told (born in the year
    the age is reached, no confirmation recorded)."""
    if verification.birth_year is None:
        return None
    threshold = key_date.year - min_age
    if verification.birth_year < threshold:
        return True
    if verification.birth_year > threshold:
        return False
    for confirmation in verification.age_confirmations.all():
        if confirmation.min_age == min_age and confirmation.key_date == key_date:
            return True
    return None


def eligibility_refusal(user, requirement: Requirement | None) -> Refusal | None:
    """Why ``user`` (signed in, e-mail verified: the caller asked that first) may not act
    under ``requirement``, or None."""
    if requirement is None or requirement.is_empty:
        return None
    verification = current_verification(user)
    action = requirement.action_text or _("teilzunehmen")
    if verification is None:
        return Refusal(
            "resident",
            _("Bestätigen Sie Ihren Wohnsitz in Jena, um %(action)s.") % {"action": action},
        )
    if requirement.districts and verification.district_id is None:
        return Refusal(
            "resident",
            _(
                "Hier zählt Ihr Ortsteil, und er ist bei Ihrer Bestätigung nicht bekannt. "
                "Bestätigen Sie Ihren Wohnsitz bitte über das Melderegister, per Brief oder "
                "beim Bürgerservice."
            ),
        )
    if requirement.districts and verification.district_id not in requirement.districts:
        names = ", ".join(sorted(requirement.districts.values()))
        return Refusal(
            "not_eligible",
            _("Teilnehmen können hier nur Einwohnerinnen und Einwohner von: %(names)s.")
            % {"names": names},
        )
    if requirement.min_age:
        key_date = requirement.key_date
        old_enough = age_decided(verification, requirement.min_age, key_date)
        if old_enough is False:
            return Refusal(
                "not_eligible",
                _("Teilnehmen kann hier, wer am %(date)s mindestens %(age)d Jahre alt ist.")
                % {
                    "date": formats.date_format(key_date, "DATE_FORMAT"),
                    "age": requirement.min_age,
                },
            )
        if old_enough is None:
            return Refusal(
                "resident",
                _(
                    "Teilnehmen kann hier, wer am %(date)s mindestens %(age)d Jahre alt ist. "
                    "Bestätigen Sie Ihren Wohnsitz bitte noch einmal mit Ihrem "
                    "Geburtsdatum, damit wir das prüfen können."
                )
                % {
                    "date": formats.date_format(key_date, "DATE_FORMAT"),
                    "age": requirement.min_age,
                },
            )
    return None
