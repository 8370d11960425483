"""Test data of the verification tests: register extracts written as CSV (as staff
upload them) and imported through the service, confirmations, and phases that require
a confirmed residence."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

import factory
from django.utils import timezone
from django.utils.text import slugify

from geo.models import District
from tests.factories import PhaseFactory, ProjectFactory, UserFactory, VotingPhaseFactory
from tests.notifications.factories_follows import DistrictFactory
from verification.models import Method, Verification
from verification.register_import import register_import


@dataclass(frozen=True)
class Resident:
    """One row of the population register."""

    given_names: str
    family_name: str
    date_of_birth: datetime.date
    street: str
    house_number: str
    postcode: str = "07743"
    district: str = ""

    def form_data(self, **changes) -> dict:
        data = {
            "given_names": self.given_names,
            "family_name": self.family_name,
            "date_of_birth": self.date_of_birth.strftime("%d.%m.%Y"),
            "street": self.street,
            "house_number": self.house_number,
            "postcode": self.postcode,
            "consent": "on",
        }
        data.update(changes)
        return data


ANNA = Resident("Anna Maria", "Müller", datetime.date(1990, 5, 24), "Löbdergraben", "12a",
                district="Zentrum")
JOERG = Resident("Jörg", "Weiß", datetime.date(1975, 1, 3), "Karl-Liebknecht-Straße", "7",
                 district="Lobeda-Ost")


def extract_csv(residents, *, delimiter: str = ";") -> bytes:
    lines = [delimiter.join(
        ["Familienname", "Vornamen", "Geburtsdatum", "Strasse", "Hausnummer", "PLZ", "Ortsteil"]
    )]
    for r in residents:
        lines.append(delimiter.join([
            r.family_name, r.given_names, r.date_of_birth.strftime("%d.%m.%Y"), r.street,
            r.house_number, r.postcode, r.district,
        ]))
    return ("\n".join(lines) + "\n").encode()


def import_extract(*residents, by=None):
    """Import ``residents`` as the register extract (districts named in the rows are
    created when missing)."""
    for name in {r.district for r in residents if r.district}:
        if not District.objects.filter(name=name).exists():
            DistrictFactory(name=name, slug=slugify(name))
    return register_import(file=io.BytesIO(extract_csv(residents)), by=by,
                           source_name="melderegister.csv")


class VerificationFactory(factory.django.DjangoModelFactory):
    """A current confirmation (by the register check), valid for two years."""

    class Meta:
        model = Verification

    user = factory.SubFactory(UserFactory)
    method = Method.REGISTER
    verified_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=730))
    birth_year = 1990


def residents_only_voting_phase(**fields):
    """A published project whose voting phase counts only confirmed residents."""
    project = ProjectFactory()
    return VotingPhaseFactory(project=project, **{"requires_resident": True, **fields})


def residents_only_ideas_phase(**fields):
    project = ProjectFactory()
    return PhaseFactory(project=project, requires_resident=True, eligibility_scope="all",
                        **fields)
