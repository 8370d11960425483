"""Importing an extract of the population register (Meldedaten) as staff upload it: a
CSV file, read as a stream, of which only keyed hashes, districts and birth years stay.

Columns (header row, ``;`` or ``,``, UTF-8; German or English names):
``familienname``/``family_name``, ``vornamen``/``given_names``, ``geburtsdatum``/
``date_of_birth`` (``TT.MM.JJJJ`` or ``JJJJ-MM-TT``), ``strasse``/``street``,
``hausnummer``/``house_number``, ``plz``/``postcode`` (optional), ``ortsteil``/
``district`` (name or short name; optional).

An import replaces the previous extract. Confirmations made from the register whose
entry is not in the new extract end as "moved" (the person moved or left Jena); the
person reads it on their account page and can confirm again.
"""

from __future__ import annotations

import csv
import datetime
import io
import logging
from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.exceptions import Invalid
from geo.models import District
from verification.models import EndReason, Method, RegisterEntry, RegisterImport, Verification
from verification.person import Person, digest_of, hash_key

logger = logging.getLogger(__name__)

COLUMNS = {
    "family_name": ("familienname", "nachname", "family_name"),
    "given_names": ("vornamen", "vorname", "given_names"),
    "date_of_birth": ("geburtsdatum", "date_of_birth"),
    "street": ("strasse", "straße", "street"),
    "house_number": ("hausnummer", "house_number"),
    "postcode": ("plz", "postleitzahl", "postcode"),
    "district": ("ortsteil", "district"),
}
REQUIRED = ("family_name", "given_names", "date_of_birth", "street", "house_number")
BATCH_SIZE = 5000


def parse_date(text: str) -> datetime.date:
    text = text.strip()
    for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, pattern).date()  # noqa: DTZ007
        except ValueError:
            continue
    raise ValueError(text)


@dataclass
class ImportResult:
    batch: RegisterImport
    rows: int
    skipped: int
    ambiguous: int
    moved: int


def _columns(header: list[str]) -> dict[str, int]:
    positions = {name.strip().casefold(): i for i, name in enumerate(header)}
    found = {}
    for column, names in COLUMNS.items():
        for name in names:
            if name in positions:
                found[column] = positions[name]
                break
    missing = [COLUMNS[c][0] for c in REQUIRED if c not in found]
    if missing:
        raise Invalid(
            {"file": [_("Es fehlen die Spalten: %(columns)s.") % {"columns": ", ".join(missing)}]}
        )
    return found


def _text_stream(file) -> io.TextIOBase:
    raw = file.open("rb") if hasattr(file, "open") else file
    raw.seek(0)
    return io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")


def _district_lookup() -> dict[str, int]:
    lookup = {}
    for pk, name, slug in District.objects.values_list("pk", "name", "slug"):
        lookup[name.casefold()] = pk
        lookup[slug] = pk
        lookup[slugify(name)] = pk
    return lookup


def register_import(*, file, by=None, source_name: str = "") -> ImportResult:
    """Replace the register extract by the CSV ``file``. Needs
    ``verification.add_registerimport`` (checked by the admin view). Rows without the
    required data are skipped and counted; a digest that occurs more than once (two
    people the check could not tell apart) is left out, so both get "no match"."""
    stream = _text_stream(file)
    sample = stream.read(4096)
    stream.seek(0)
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    reader = csv.reader(stream, delimiter=delimiter)
    try:
        columns = _columns(next(reader))
    except StopIteration as error:
        raise Invalid({"file": [_("Die Datei ist leer.")]}) from error
    districts = _district_lookup()
    key = hash_key()
    entries: dict[str, tuple[int | None, int]] = {}
    counts: Counter[str] = Counter()
    skipped = 0
    for row in reader:
        try:
            person = Person(
                given_names=row[columns["given_names"]],
                family_name=row[columns["family_name"]],
                date_of_birth=parse_date(row[columns["date_of_birth"]]),
                street=row[columns["street"]],
                house_number=row[columns["house_number"]],
            )
        except (IndexError, ValueError):
            skipped += 1
            continue
        if not person.family_name.strip() or not person.street.strip():
            skipped += 1
            continue
        district_id = None
        if "district" in columns and len(row) > columns["district"]:
            text = row[columns["district"]].strip()
            district_id = districts.get(text.casefold()) or districts.get(slugify(text))
        digest = digest_of(person.normalised(), key=key)
        counts[digest] += 1
        entries[digest] = (district_id, person.date_of_birth.year)
    ambiguous = [digest for digest, count in counts.items() if count > 1]
    for digest in ambiguous:
        del entries[digest]
    if not entries:
        raise Invalid({"file": [_("Die Datei enthält keinen gültigen Eintrag.")]})
    return _replace_extract(
        entries,
        by=by,
        source_name=source_name,
        skipped=skipped,
        ambiguous=sum(counts[d] for d in ambiguous),
    )


@transaction.atomic
def _replace_extract(entries, *, by, source_name, skipped, ambiguous) -> ImportResult:
    RegisterEntry.objects.all().delete()
    RegisterImport.objects.filter(deleted_at__isnull=True).update(deleted_at=timezone.now())
    batch = RegisterImport.objects.create(
        imported_by=by,
        source_name=source_name[:200],
        rows=len(entries),
        skipped=skipped + ambiguous,
    )
    items = list(entries.items())
    for start in range(0, len(items), BATCH_SIZE):
        RegisterEntry.objects.bulk_create(
            [
                RegisterEntry(digest=digest, district_id=district_id, birth_year=year, batch=batch)
                for digest, (district_id, year) in items[start : start + BATCH_SIZE]
            ]
        )
    moved = _end_moved(set(entries))
    batch.moved = moved
    batch.save(update_fields=["moved"])
    logger.info(
        "register extract imported: %s entries, %s skipped, %s moved",
        len(entries),
        skipped + ambiguous,
        moved,
    )
    return ImportResult(
        batch=batch, rows=len(entries), skipped=skipped, ambiguous=ambiguous, moved=moved
    )


def _end_moved(digests: set[str]) -> int:
    """Confirmations from the extract whose entry is gone end as "moved"."""
    now = timezone.now()
    open_ones = (
        Verification.objects.filter(
            ended_at__isnull=True, method__in=(Method.REGISTER, Method.LETTER)
        )
        .exclude(entry_digest="")
        .values_list("pk", "entry_digest")
    )
    gone = [pk for pk, digest in open_ones if digest not in digests]
    for start in range(0, len(gone), BATCH_SIZE):
        Verification.objects.filter(pk__in=gone[start : start + BATCH_SIZE]).update(
            ended_at=now, end_reason=EndReason.MOVED
        )
    return len(gone)


@transaction.atomic
def register_extract_delete(*, by=None) -> int:
    """Delete the imported extract (admin action, and automatically after
    ``VERIFICATION_REGISTER_RETENTION_DAYS``). Confirmations stay valid until they
    expire. Returns the number of entries deleted."""
    count = RegisterEntry.objects.count()
    RegisterEntry.objects.all().delete()
    RegisterImport.objects.filter(deleted_at__isnull=True).update(deleted_at=timezone.now())
    logger.info("register extract deleted (%s entries) by %s", count, getattr(by, "pk", None))
    return count
