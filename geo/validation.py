"""GeoJSON validation with GEOS (django.contrib.gis.geos), shared by every app."""

import json

from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException, GEOSGeometry
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

GEOMETRY_TYPES = (
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
)


def geometry_from_geojson(value: dict | str) -> GEOSGeometry:
    """Parse a GeoJSON geometry (dict or string) into a GEOS geometry (SRID 4326).

    Raises ValidationError with a message a person can act on.
    """
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as exc:
            raise ValidationError(_("Das ist kein gültiges GeoJSON.")) from exc
    if not isinstance(value, dict) or value.get("type") not in GEOMETRY_TYPES:
        raise ValidationError(_("Das ist keine GeoJSON-Geometrie (Punkt, Linie oder Fläche)."))
    try:
        geometry = GEOSGeometry(json.dumps(value), srid=4326)
    except (GEOSException, GDALException, ValueError, TypeError) as exc:
        # GEOS parses GeoJSON through GDAL; its errors name C functions, not the problem.
        raise ValidationError(
            _(
                "Die Geometrie lässt sich nicht lesen: die Koordinaten fehlen, sind "
                "unvollständig oder falsch verschachtelt."
            )
        ) from exc
    if geometry.empty:
        raise ValidationError(_("Die Geometrie ist leer."))
    return geometry


def validate_geojson_geometry(
    value: dict | str, *, allowed_types: tuple[str, ...] = GEOMETRY_TYPES
) -> GEOSGeometry:
    """Validate type, coordinate range and topology; return the GEOS geometry."""
    geometry = geometry_from_geojson(value)
    if geometry.geom_type not in allowed_types:
        raise ValidationError(
            _("Geometrietyp %(found)s ist hier nicht erlaubt (erlaubt: %(allowed)s).")
            % {"found": geometry.geom_type, "allowed": ", ".join(allowed_types)}
        )
    xmin, ymin, xmax, ymax = geometry.extent
    if not (-180 <= xmin <= xmax <= 180 and -90 <= ymin <= ymax <= 90):
        raise ValidationError(
            _("Die Koordinaten liegen außerhalb von Längengrad −180…180 / Breitengrad −90…90.")
        )
    if not geometry.valid:
        raise ValidationError(
            _("Die Geometrie ist ungültig: %(reason)s") % {"reason": geometry.valid_reason}
        )
    return geometry
