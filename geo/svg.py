"""Jena's Ortsteile as SVG paths: the boundaries projected once (a plain equirectangular
projection, corrected for Jena's latitude — fine for a city) into a box ``WIDTH`` wide.
No JavaScript and no map tiles: the reports' choropleth and the home page's map teaser
draw from it."""

from __future__ import annotations

import math

from .models import District

WIDTH = 600.0


def _rings(boundary: dict):
    geometry_type = boundary.get("type")
    coordinates = boundary.get("coordinates") or []
    if geometry_type == "Polygon":
        coordinates = [coordinates]
    elif geometry_type != "MultiPolygon":
        return
    for polygon in coordinates:
        yield from polygon


def district_shapes() -> dict:
    """{"viewbox": "0 0 W H", "shapes": [{"slug", "name", "d"}]} for every district."""
    districts = list(District.objects.order_by("name").only("name", "slug", "boundary"))
    points = [
        (float(lon), float(lat))
        for d in districts
        for ring in _rings(d.boundary or {})
        for lon, lat, *_ in ring
    ]
    if not points:
        return {"viewbox": f"0 0 {WIDTH:g} {WIDTH:g}", "shapes": []}
    min_lon = min(p[0] for p in points)
    max_lon = max(p[0] for p in points)
    min_lat = min(p[1] for p in points)
    max_lat = max(p[1] for p in points)
    x_scale = math.cos(math.radians((min_lat + max_lat) / 2))
    span_x = max((max_lon - min_lon) * x_scale, 1e-9)
    span_y = max(max_lat - min_lat, 1e-9)
    k = WIDTH / span_x
    height = round(span_y * k, 1)

    def xy(lon, lat) -> str:
        return f"{(float(lon) - min_lon) * x_scale * k:.1f},{(max_lat - float(lat)) * k:.1f}"

    shapes = []
    for district in districts:
        parts = []
        for ring in _rings(district.boundary or {}):
            coords = [xy(lon, lat) for lon, lat, *_ in ring]
            if len(coords) >= 3:
                parts.append("M" + " L".join(coords) + " Z")
        shapes.append({"slug": district.slug, "name": district.name, "d": " ".join(parts)})
    return {"viewbox": f"0 0 {WIDTH:g} {height:g}", "shapes": shapes}
