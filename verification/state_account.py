"""Sign-in with the state's account (BundID/DeutschlandID through OpenID Connect or SAML,
or the city's own identity provider): what the identity provider says about a person
becomes a residence confirmation when it is trustworthy enough and names Jena.

Both sign-in ways (``verification/oidc.py``, ``verification/saml.py``) turn the answer
of their identity provider into ``StateAccountClaims`` and call
:func:`state_account_confirm`. Only the outcome is stored (method, trust level, district,
birth year, the register entry's keyed hash when the register knows the person); the
claims themselves are not kept.

Trust levels ("Vertrauensniveau", eIDAS): ``low`` < ``substantial`` < ``high``. The
identity providers name them differently: eIDAS URIs
(``http://eidas.europa.eu/LoA/substantial``), BundID's ``STORK-QAA-Level-1`` … ``-4``, or
plain words; :func:`trust_level_of` maps them. ``VERIFICATION_STATE_ACCOUNT_MIN_LEVEL``
(default ``substantial``) is the lowest level that confirms a residence.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings

from verification.backends import RegisterUnavailable, register_backend
from verification.models import Method, Verification
from verification.person import Person, _plain
from verification.services import (
    DuplicateEntry,
    district_by_slug,
    duplicates_recorded,
    verification_grant,
)

logger = logging.getLogger(__name__)

LEVELS = ("low", "substantial", "high")
STORK = {"1": "low", "2": "low", "3": "substantial", "4": "high"}


def trust_level_of(value: str | None) -> str:
    """"low", "substantial" or "high" for the identity provider's name of it ("" when
    unknown: never enough)."""
    text = (value or "").strip().casefold()
    if not text:
        return ""
    if "stork-qaa-level-" in text:
        return STORK.get(text.rsplit("-", 1)[-1], "")
    for level in reversed(LEVELS):
        if text.endswith(level) or text.endswith(f"/{level}"):
            return level
    if text in ("normal", "basic"):
        return "low"
    return ""


def level_suffices(level: str) -> bool:
    wanted = getattr(settings, "VERIFICATION_STATE_ACCOUNT_MIN_LEVEL", "substantial")
    return level in LEVELS and LEVELS.index(level) >= LEVELS.index(wanted)


@dataclass(frozen=True)
class StateAccountClaims:
    """What an identity provider told about the person (from the ID card's chip for
    BundID): used to decide, then dropped."""

    trust_level: str  # as the provider names it (acr, AuthnContextClassRef)
    given_names: str = ""
    family_name: str = ""
    date_of_birth: datetime.date | None = None
    street: str = ""  # may include the house number ("Löbdergraben 12a")
    house_number: str = ""
    postcode: str = ""
    city: str = ""

    def lives_in_jena(self) -> bool:
        return _plain(self.city).strip() == "jena"

    def street_and_number(self) -> tuple[str, str]:
        if self.house_number:
            return self.street, self.house_number
        street, _space, number = self.street.strip().rpartition(" ")
        if street and number[:1].isdigit():
            return street, number
        return self.street, ""


def state_account_confirm(
    *, user, method: str, claims: StateAccountClaims
) -> Verification | None:
    """Confirm ``user`` as a resident after a sign-in with the state's account, when the
    trust level suffices and the identity provider returned an address in Jena and a
    date of birth. The register is asked (when it can be) for the district and the
    entry's hash, so one person stays one account. Returns None when the sign-in does
    not confirm a residence (the sign-in itself still succeeds)."""
    if method not in (Method.OIDC, Method.SAML):
        raise ValueError(f"not a state account method: {method}")
    level = trust_level_of(claims.trust_level)
    if not level_suffices(level):
        logger.info("state account sign-in of user %s: trust level too low", user.pk)
        return None
    if claims.date_of_birth is None or not claims.lives_in_jena():
        logger.info("state account sign-in of user %s: no Jena address or birth date", user.pk)
        return None
    street, number = claims.street_and_number()
    district = None
    entry_digest = ""
    if claims.family_name and street and number:
        person = Person(
            given_names=claims.given_names,
            family_name=claims.family_name,
            date_of_birth=claims.date_of_birth,
            street=street,
            house_number=number,
            postcode=claims.postcode,
        )
        try:
            answer = register_backend().lookup(person)
        except RegisterUnavailable:
            answer = None
        if answer is not None:
            district = district_by_slug(answer.district_slug)
            entry_digest = answer.entry_digest
    try:
        with duplicates_recorded(user):
            return verification_grant(
                user=user,
                method=method,
                district=district,
                date_of_birth=claims.date_of_birth,
                entry_digest=entry_digest,
                trust_level=level,
            )
    except DuplicateEntry:
        # Logged for staff by verification_grant; the person keeps the sign-in.
        return None
