"""The register check against the extract staff imported (``RegisterEntry``)."""

from __future__ import annotations

from verification.backends import RegisterAnswer, RegisterBackend, RegisterUnavailable
from verification.models import RegisterEntry, RegisterImport
from verification.person import Person


class RegisterExtractBackend(RegisterBackend):
    def lookup(self, person: Person) -> RegisterAnswer | None:
        digest = person.digest()
        entry = (
            RegisterEntry.objects.filter(digest=digest, batch__deleted_at__isnull=True)
            .select_related("district")
            .only("birth_year", "district__slug")
            .first()
        )
        if entry is None:
            if not RegisterImport.objects.filter(deleted_at__isnull=True).exists():
                raise RegisterUnavailable("no register extract is imported")
            return None
        return RegisterAnswer(
            entry_digest=digest,
            district_slug=entry.district.slug if entry.district_id else None,
            birth_year=entry.birth_year,
        )
