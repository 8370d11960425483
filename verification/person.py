"""What a register check compares: a person's name, date of birth and address,
normalised so that the register's spelling and the resident's typing meet, and the
keyed hash of it that is all the site keeps.

Normalisation (both sides alike): letters are case-folded; ä, ö, ü become ae, oe, ue and
ß becomes ss (the register and people write both); other accents are dropped (é → e);
punctuation and hyphens separate words. Names are compared as a set of words, so the
order of given and family names does not matter ("Anna Maria Müller" = "Müller, Anna
Maria"). Streets drop a trailing "strasse"/"str" spelling difference; house numbers drop
spaces ("12 a" = "12a").
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.utils.encoding import force_bytes

_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss"})
_WORDS = re.compile(r"[a-z0-9]+")


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFC", text or "").casefold().translate(_GERMAN)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def name_key(given_names: str, family_name: str) -> str:
    return " ".join(sorted(_WORDS.findall(_plain(f"{given_names} {family_name}"))))


def street_key(street: str) -> str:
    words = _WORDS.findall(_plain(street))
    text = " ".join(words)
    text = re.sub(r"(str|strasse)$", "str", text)
    return text.replace(" ", "")


def house_number_key(number: str) -> str:
    return "".join(_WORDS.findall(_plain(number)))


@dataclass(frozen=True)
class Person:
    """What a resident enters (or a register row holds) to be found in the register."""

    given_names: str
    family_name: str
    date_of_birth: datetime.date
    street: str
    house_number: str
    postcode: str = ""

    def normalised(self) -> str:
        return "|".join(
            (
                name_key(self.given_names, self.family_name),
                self.date_of_birth.isoformat(),
                street_key(self.street),
                house_number_key(self.house_number),
            )
        )

    def digest(self) -> str:
        return digest_of(self.normalised())


def hash_key() -> bytes:
    """The secret the digests are keyed with: ``VERIFICATION_HASH_KEY``, by default
    derived from SECRET_KEY. Without it a digest cannot be recomputed from guessed data
    (a date of birth has only some 36,500 values). Changing it invalidates the imported
    extract (import it again) and the one-account-per-entry check of older
    confirmations."""
    configured = getattr(settings, "VERIFICATION_HASH_KEY", "")
    if configured:
        return force_bytes(configured)
    return hmac.new(
        force_bytes(settings.SECRET_KEY), b"jena-smart-verification-register", hashlib.sha256
    ).digest()


def digest_of(normalised: str, *, key: bytes | None = None) -> str:
    return hmac.new(key or hash_key(), normalised.encode(), hashlib.sha256).hexdigest()


def age_on(date_of_birth: datetime.date, day: datetime.date) -> int:
    """Completed years on ``day`` (someone born on 29 February turns a year older on
    1 March in other years, as German law counts it: § 187 BGB, the day of birth counts)."""
    years = day.year - date_of_birth.year
    if (day.month, day.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years
