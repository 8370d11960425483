"""The demo register extract of ``make run``: so the register check on /konto/wohnsitz/
can be tried, a generated extract of 500 made-up residents of Jena's districts plus the
documented sample person below, imported like staff would upload it (only keyed hashes,
district and birth year are stored)."""

from __future__ import annotations

import datetime
import io
import random

from geo.models import District
from verification.models import RegisterImport
from verification.register_import import register_import

# The person the README names for trying the register check.
SAMPLE = {
    "Familienname": "Mustermann",
    "Vornamen": "Erika",
    "Geburtsdatum": "12.08.1964",
    "Strasse": "Löbdergraben",
    "Hausnummer": "12a",
    "PLZ": "07743",
    "Ortsteil": "Jena-Zentrum",
}
GIVEN = ("Anna", "Jörg", "Lena", "Paul", "Marie", "Jürgen", "Sophie", "Lukas", "Emma", "Felix")
FAMILY = ("Müller", "Schmidt", "Weiß", "Fischer", "Schäfer", "Krüger", "Wagner", "Becker")
STREETS = ("Am Anger", "Teichgraben", "Wagnergasse", "Johannisstraße", "Saalstraße")


def demo_extract_csv(count: int = 500) -> bytes:
    districts = list(District.objects.order_by("name").values_list("name", flat=True))
    rng = random.Random(2026)
    lines = [";".join(SAMPLE), ";".join(SAMPLE.values())]
    for _n in range(count):
        born = datetime.date(1930, 1, 1) + datetime.timedelta(days=rng.randrange(33000))
        lines.append(
            ";".join(
                (
                    rng.choice(FAMILY),
                    rng.choice(GIVEN),
                    f"{born:%d.%m.%Y}",
                    rng.choice(STREETS),
                    str(rng.randrange(1, 90)),
                    "07743",
                    rng.choice(districts) if districts else "",
                )
            )
        )
    return ("\n".join(lines) + "\n").encode()


def demo_extract_ensure() -> RegisterImport | None:
    """Import the demo extract unless an extract is present. Returns the new import."""
    if RegisterImport.objects.filter(deleted_at__isnull=True).exists():
        return None
    result = register_import(
        file=io.BytesIO(demo_extract_csv()), source_name="demo-melderegister.csv"
    )
    return result.batch
