"""Presentation helpers for the strategy pages: progress bars, money, places, status."""

import json
from decimal import Decimal, InvalidOperation

from django import template
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from measures.charts import format_number
from measures.models import Status

register = template.Library()

STATUS_BADGE_VARIANTS = {
    Status.PLANNED: "",
    Status.PREPARING: "",
    Status.IN_PROGRESS: "info",
    Status.COMPLETED: "success",
    Status.PAUSED: "warning",
    Status.DISCONTINUED: "danger",
}


@register.filter
def percent(value) -> str:
    """40 → '40 %', 42.5 → '42,5 %' (German), None → '–'."""
    if value is None or value == "":
        return "–"
    number = Decimal(str(value)).quantize(Decimal("0.1"))
    decimals = 0 if number == number.to_integral_value() else 1
    return f"{formats.number_format(number, decimal_pos=decimals, use_l10n=True)}\u00a0%"


@register.filter
def number(value) -> str:
    """1234.50 → '1.234,5' in German: grouped, no trailing zeros; '' for None."""
    if value is None or value == "":
        return ""
    return format_number(value)


@register.filter
def eur(value) -> str:
    """1234567.5 → '1.234.567,50 €' in German; '' for None."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return ""
    formatted = formats.number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)
    return f"{formatted}\u00a0€"


@register.filter
def status_label(value) -> str:
    """The human label of a Status value ('in_progress' → 'in Umsetzung')."""
    try:
        return str(Status(value).label)
    except ValueError:
        return str(value)


@register.filter
def status_variant(value) -> str:
    """The KERN badge variant of a status (colour only supports the text beside it)."""
    try:
        return STATUS_BADGE_VARIANTS.get(Status(value), "")
    except ValueError:
        return ""


@register.inclusion_tag("measures/includes/progress.html")
def progress_bar(value, label: str, *, small: bool = False) -> dict:
    """A <progress> with an accessible name and the value as text beside it."""
    return {"value": value, "label": label, "small": small}


def _geometry(value) -> dict | None:
    if not value:
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    return value if isinstance(value, dict) and value.get("type") else None


@register.filter
def geojson_attr(value) -> str:
    """The geometry as compact GeoJSON text for a data-* attribute (autoescaped there)."""
    geometry = _geometry(value)
    return json.dumps(geometry, separators=(",", ":")) if geometry else ""


def _positions(geometry: dict) -> list[tuple[float, float]]:
    kind, coordinates = geometry.get("type"), geometry.get("coordinates") or []
    if kind == "Point":
        return [tuple(coordinates[:2])]
    if kind == "Polygon":
        return [tuple(position[:2]) for ring in coordinates for position in ring]
    if kind == "MultiPolygon":
        return [
            tuple(position[:2]) for polygon in coordinates for ring in polygon for position in ring
        ]
    return []


def _degrees(value: float, positive: str, negative: str) -> str:
    number = formats.number_format(round(abs(value), 2), decimal_pos=2, use_l10n=True)
    return f"{number}°\u00a0{positive if value >= 0 else negative}"


@register.simple_tag
def location_text(value) -> str:
    """The place in words: 'Punkt bei 50,93° N, 11,59° O' or 'Fläche um …' (its centre)."""
    geometry = _geometry(value)
    positions = _positions(geometry) if geometry else []
    if not positions:
        return ""
    longitudes = [lon for lon, _lat in positions]
    latitudes = [lat for _lon, lat in positions]
    lon = (min(longitudes) + max(longitudes)) / 2
    lat = (min(latitudes) + max(latitudes)) / 2
    where = "{lat}, {lon}".format(
        lat=_degrees(lat, pgettext("Himmelsrichtung", "N"), pgettext("Himmelsrichtung", "S")),
        lon=_degrees(lon, pgettext("Himmelsrichtung", "O"), pgettext("Himmelsrichtung", "W")),
    )
    if geometry["type"] == "Point":
        return _("Punkt bei %(where)s") % {"where": where}
    return _("Fläche um %(where)s (Mittelpunkt)") % {"where": where}
