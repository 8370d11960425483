"""Writes of Jena's districts: approximate demo boundaries and GeoJSON imports.

Both are administrative tasks (management commands, the demo data loader); they write
District rows only and notify nobody. The point-in-district cache is cleared after the
writes are committed (and by the model signals on every save).
"""

from __future__ import annotations

import csv
import json
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol

from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Polygon
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .models import District
from .selectors import district_cache_clear
from .validation import validate_geojson_geometry

DEMO_SOURCE = "angenähert aus Mittelpunkten (Demo)"
CENTRES_CSV = Path(__file__).resolve().parent / "data" / "ortsteile.csv"

# The city's bounding box (lon_min, lat_min, lon_max, lat_max), WGS 84.
CITY_BOUNDS = (11.499, 50.856, 11.673, 50.989)
# Near Jena a degree of longitude is cos(50.93°) times as long as a degree of latitude;
# the Voronoi partition is computed in this locally true-to-scale plane.
_LON_SCALE = math.cos(math.radians(50.93))
# Six decimals (about 10 cm) keep the files small and make neighbours share exact vertices.
_DEMO_PRECISION = 6

_NAME_PROPERTIES = ("name", "Name", "NAME")
_BOUNDARY_TYPES = ("Polygon", "MultiPolygon")
_WGS84_CRS_NAMES = {
    "urn:ogc:def:crs:OGC:1.3:CRS84",
    "urn:ogc:def:crs:OGC::CRS84",
    "urn:ogc:def:crs:EPSG::4326",
    "urn:ogc:def:crs:EPSG:4326",
    "EPSG:4326",
}
_GERMAN_TRANSLITERATION = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "/": " "}
)


class DistrictImportError(Exception):
    """The file as a whole cannot be imported (unreadable, not a GeoJSON FeatureCollection)."""


class _Writer(Protocol):
    def write(self, msg: str, /) -> Any: ...


@dataclass
class ImportReport:
    """What an import did (or, with ``dry_run``, would do), by district name."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    # (feature label, reason): the label is the name, or "Objekt Nr. N" without a name.
    rejected: list[tuple[str, str]] = field(default_factory=list)
    dry_run: bool = False


def district_slug(name: str) -> str:
    """The slug of a district name: German transliteration, "/" as a word break.

    "Göschwitz" → "goeschwitz", "Jenaprießnitz / Wogau" and "Jenaprießnitz/Wogau" →
    "jenapriessnitz-wogau", so the spellings of the centre list and of OpenStreetMap
    match the same row.
    """
    return slugify(name.translate(_GERMAN_TRANSLITERATION))


# --- Demo boundaries ---------------------------------------------------------------------


def _read_centres() -> list[tuple[str, float, float]]:
    with CENTRES_CSV.open(encoding="utf-8", newline="") as fh:
        return [(row["name"], float(row["lon"]), float(row["lat"])) for row in csv.DictReader(fh)]


def _half_plane(*, own: tuple[float, float], other: tuple[float, float], reach: float) -> Polygon:
    """A large rectangle covering the side of the bisector of own/other that holds own."""
    (ox, oy), (px, py) = own, other
    length = math.hypot(px - ox, py - oy)
    if length == 0:
        raise ValueError("Two district centres coincide.")
    dx, dy = (px - ox) / length, (py - oy) / length  # towards the other centre
    nx, ny = -dy, dx  # along the bisector
    mx, my = (ox + px) / 2, (oy + py) / 2
    corners = [
        (mx + reach * nx, my + reach * ny),
        (mx + reach * nx - reach * dx, my + reach * ny - reach * dy),
        (mx - reach * nx - reach * dx, my - reach * ny - reach * dy),
        (mx - reach * nx, my - reach * ny),
    ]
    return Polygon([*corners, corners[0]])


def _voronoi_cells(
    *, centres: list[tuple[float, float]], bounds: tuple[float, float, float, float]
) -> list[Polygon]:
    """Voronoi cells of lon/lat centres clipped to bounds, by half-plane intersection."""
    lon_min, lat_min, lon_max, lat_max = bounds
    box = Polygon.from_bbox((lon_min * _LON_SCALE, lat_min, lon_max * _LON_SCALE, lat_max))
    reach = 10 * max((lon_max - lon_min) * _LON_SCALE, lat_max - lat_min)
    sites = [(lon * _LON_SCALE, lat) for lon, lat in centres]
    cells = []
    for index, site in enumerate(sites):
        cell: GEOSGeometry = box
        for other_index, other in enumerate(sites):
            if other_index != index:
                cell = cell.intersection(_half_plane(own=site, other=other, reach=reach))
        ring = [
            (round(x / _LON_SCALE, _DEMO_PRECISION), round(y, _DEMO_PRECISION))
            for x, y in cell.exterior_ring.coords  # a convex cell has no holes
        ]
        cells.append(Polygon(ring, srid=4326))
    return cells


@transaction.atomic
def districts_create_demo(
    *, stdout: _Writer | None = None, replace_imported: bool = False
) -> dict[str, int]:
    """Create or update Jena's 30 districts with approximate boundaries (demo data).

    Each district gets the Voronoi cell of its centre point within the city's box: every
    place belongs to the district whose centre is nearest. Good enough for a demo and for
    tests, not for official use. Idempotent (matched by slug). Districts whose boundary
    came from somewhere else (an import) are left alone unless ``replace_imported``.
    For administrators (management command, demo data loader); notifies nobody.
    Returns the counts ``{"created": …, "updated": …, "unchanged": …, "skipped": …}``.
    """
    centres = _read_centres()
    cells = _voronoi_cells(centres=[(lon, lat) for _name, lon, lat in centres], bounds=CITY_BOUNDS)
    existing = {
        slug: (name, boundary, source)
        for slug, name, boundary, source in District.objects.values_list(
            "slug", "name", "boundary", "source"
        )
    }
    counts = {"created": 0, "updated": 0, "unchanged": 0, "skipped": 0}
    for (name, _lon, _lat), cell in zip(centres, cells, strict=True):
        slug = district_slug(name)
        boundary = json.loads(MultiPolygon(cell).json)
        source = existing.get(slug, (None, None, None))[2]
        if slug in existing and source != DEMO_SOURCE and not replace_imported:
            counts["skipped"] += 1
            outcome = _("übersprungen (Grenze aus „%(source)s“)") % {"source": source}
        elif existing.get(slug) == (name, boundary, DEMO_SOURCE):
            # A second run writes nothing (and sends no signals) when nothing changed.
            counts["unchanged"] += 1
            outcome = _("unverändert")
        else:
            _district, created = District.objects.update_or_create(
                slug=slug, defaults={"name": name, "boundary": boundary, "source": DEMO_SOURCE}
            )
            counts["created" if created else "updated"] += 1
            outcome = _("angelegt") if created else _("aktualisiert")
        if stdout is not None:
            stdout.write(f"{name}: {outcome}")
    transaction.on_commit(district_cache_clear)
    return counts


# --- GeoJSON import -----------------------------------------------------------------------


def _read_feature_collection(path_or_file: str | os.PathLike | IO) -> list:
    try:
        if isinstance(path_or_file, (str, os.PathLike)):
            with open(path_or_file, "rb") as fh:
                raw = fh.read()
        else:
            raw = path_or_file.read()
    except OSError as exc:
        raise DistrictImportError(
            _("Die Datei lässt sich nicht lesen: %(error)s") % {"error": exc.strerror or exc}
        ) from exc
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DistrictImportError(
                _("Die Datei ist kein GeoJSON: sie ist nicht UTF-8-kodiert.")
            ) from exc
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise DistrictImportError(
            _("Die Datei ist kein GeoJSON (kein gültiges JSON: %(error)s).") % {"error": exc}
        ) from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        found = data.get("type") if isinstance(data, dict) else type(data).__name__
        raise DistrictImportError(
            _(
                "Die Datei ist keine GeoJSON-FeatureCollection (gefunden: %(found)s). "
                "Erwartet wird eine FeatureCollection mit einem Feature je Ortsteil."
            )
            % {"found": found or "?"}
        )
    if not isinstance(data.get("features"), list):
        raise DistrictImportError(_("Der FeatureCollection fehlt die Liste „features“."))
    crs_name = ((data.get("crs") or {}).get("properties") or {}).get("name")
    if crs_name and crs_name not in _WGS84_CRS_NAMES:
        raise DistrictImportError(
            _(
                "Das Koordinatensystem %(crs)s wird nicht unterstützt. Bitte die Datei "
                "nach WGS 84 (EPSG:4326) umwandeln, z. B. mit „ogr2ogr -t_srs EPSG:4326“."
            )
            % {"crs": crs_name}
        )
    return data["features"]


def _feature_name(feature: dict) -> str:
    properties = feature.get("properties")
    if not isinstance(properties, dict):
        return ""
    for key in _NAME_PROPERTIES:
        value = properties.get(key)
        if isinstance(value, str) and value.strip():
            return re.sub(r"\s+", " ", value.strip())
    return ""


def _feature_boundary(feature: dict) -> dict:
    """The feature's geometry as a GeoJSON MultiPolygon dict; ValidationError if unusable."""
    geometry = feature.get("geometry")
    if not geometry:
        raise ValidationError(_("Das Objekt hat keine Geometrie."))
    shape = validate_geojson_geometry(geometry, allowed_types=_BOUNDARY_TYPES)
    if isinstance(shape, Polygon):
        shape = MultiPolygon(shape, srid=4326)
    return json.loads(shape.json)


@transaction.atomic
def districts_import_geojson(
    *, path_or_file: str | os.PathLike | IO, source: str, dry_run: bool = False
) -> ImportReport:
    """Create or update districts from a GeoJSON FeatureCollection (one feature each).

    Features are matched to districts by the slug of their name (property ``name``,
    ``Name`` or ``NAME``); Polygon or MultiPolygon geometries in WGS 84, valid by GEOS.
    A feature that fails is listed in ``rejected`` with the reason and the others are
    imported. Raises DistrictImportError if the file as a whole is unusable. With
    ``dry_run`` nothing is written and the report says what would happen.
    For administrators (management command); notifies nobody.
    """
    features = _read_feature_collection(path_or_file)
    report = ImportReport(dry_run=dry_run)
    source = source[: District._meta.get_field("source").max_length]
    slug_of_name = dict(District.objects.values_list("name", "slug"))
    existing_slugs = set(slug_of_name.values())
    name_max_length = District._meta.get_field("name").max_length
    seen_slugs: set[str] = set()

    for number, feature in enumerate(features, start=1):
        label = _("Objekt Nr. %(number)d") % {"number": number}
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            report.rejected.append((label, _("Das ist kein GeoJSON-Feature.")))
            continue
        name = _feature_name(feature)
        if not name:
            report.rejected.append(
                (label, _("Der Name fehlt (Eigenschaft „name“, „Name“ oder „NAME“)."))
            )
            continue
        label = name
        slug = district_slug(name)
        if len(name) > name_max_length or not slug:
            report.rejected.append(
                (label, _("Der Name ist zu lang oder enthält keine Buchstaben oder Ziffern."))
            )
            continue
        if slug in seen_slugs:
            report.rejected.append((label, _("Dieser Ortsteil kommt in der Datei mehrfach vor.")))
            continue
        if slug_of_name.get(name, slug) != slug:
            report.rejected.append(
                (
                    label,
                    _("Der Name gehört schon zu einem anderen Ortsteil (%(slug)s).")
                    % {"slug": slug_of_name[name]},
                )
            )
            continue
        try:
            boundary = _feature_boundary(feature)
        except ValidationError as exc:
            report.rejected.append((label, " ".join(exc.messages)))
            continue
        seen_slugs.add(slug)

        if dry_run:
            (report.updated if slug in existing_slugs else report.created).append(name)
            continue
        _district, created = District.objects.update_or_create(
            slug=slug, defaults={"name": name, "boundary": boundary, "source": source}
        )
        (report.created if created else report.updated).append(name)

    if not dry_run and (report.created or report.updated):
        transaction.on_commit(district_cache_clear)
    return report
