"""A choropleth of Jena's Ortsteile as inline SVG, drawn from the district boundaries.

No JavaScript and no map tiles: it works in the PDF as on the page, and a data table with
the same numbers always stands beside it. The boundaries are projected once (a plain
equirectangular projection, corrected for Jena's latitude — fine for a city) and stored
with the report's snapshot, so a report keeps the map it was made with.
"""

from __future__ import annotations

import math

from geo.models import District

WIDTH = 600.0
# Light to dark blue; every class has at least 3:1 contrast with its neighbours' borders
# (white strokes) and the darkest text-free fill; the map is never the only way to read it.
PALETTE = ("#eef3fb", "#c6d7f0", "#8fb0e0", "#4f7fc4", "#1f4e96")
EMPTY_FILL = "#ffffff"


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


def classify(values: dict[str, float]) -> tuple[dict[str, int], list[tuple[float, float]]]:
    """Each slug's class (0..len(PALETTE)-1) by equal intervals from 0 to the maximum,
    and the class bounds (for the legend). Districts without a value get no class."""
    top = max(values.values(), default=0)
    classes = len(PALETTE)
    if top <= 0:
        return {slug: 0 for slug in values}, [(0.0, 0.0)]
    step = top / classes
    bounds = [(round(i * step, 1), round((i + 1) * step, 1)) for i in range(classes)]
    return {
        slug: min(int(value / step), classes - 1) if value > 0 else 0
        for slug, value in values.items()
    }, bounds


def choropleth(shapes: dict, values: dict[str, float]) -> dict:
    """What the template needs: the viewbox, each shape with its fill and value, and the
    legend (fill, from, to)."""
    classes, bounds = classify(values)
    drawn = []
    for shape in shapes.get("shapes", []):
        value = values.get(shape["slug"])
        fill = PALETTE[classes[shape["slug"]]] if value is not None else EMPTY_FILL
        drawn.append({**shape, "fill": fill, "value": value if value is not None else 0})
    legend = [
        {"fill": PALETTE[i], "low": low, "high": high} for i, (low, high) in enumerate(bounds)
    ]
    return {"viewbox": shapes.get("viewbox", "0 0 600 600"), "shapes": drawn, "legend": legend}
