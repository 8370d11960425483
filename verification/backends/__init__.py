"""Where a register check asks: a backend answers whether a person is registered in
Jena, and with what district and birth year. ``VERIFICATION_REGISTER_BACKEND`` names the
class (dotted path):

* ``verification.backends.extract.RegisterExtractBackend`` (default): the extract staff
  imported (hashed, see ``verification.person``);
* ``verification.backends.xmeld.XMeldBackend``: a municipal register service with
  XMeld's "einfache Melderegisterauskunft".

Both answer "no match" for a person not found, found more than once or found with
another address: the person sees one answer for all of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

from verification.person import Person


@dataclass(frozen=True)
class RegisterAnswer:
    """A person found exactly once under the given address. ``entry_digest`` identifies
    the register entry (keyed hash) so one entry confirms one account only."""

    entry_digest: str
    district_slug: str | None
    birth_year: int


class RegisterUnavailable(Exception):
    """The register could not be asked (timeout, server error, not configured): the
    person is asked to try again later; nothing is counted against them."""


class RegisterBackend:
    method = "register"

    def lookup(self, person: Person) -> RegisterAnswer | None:  # pragma: no cover
        raise NotImplementedError


def register_backend() -> RegisterBackend:
    return import_string(settings.VERIFICATION_REGISTER_BACKEND)()
