"""A choropleth of Jena's Ortsteile as inline SVG, drawn from the district boundaries.

No JavaScript and no map tiles: it works in the PDF as on the page, and a data table with
the same numbers always stands beside it. The boundaries are projected once
(``geo.svg.district_shapes``) and stored with the report's snapshot, so a report keeps
the map it was made with.
"""

from __future__ import annotations

from geo.svg import district_shapes  # noqa: F401 - the reports' snapshot takes it from here

# Light to dark blue; every class has at least 3:1 contrast with its neighbours' borders
# (white strokes) and the darkest text-free fill; the map is never the only way to read it.
PALETTE = ("#eef3fb", "#c6d7f0", "#8fb0e0", "#4f7fc4", "#1f4e96")
EMPTY_FILL = "#ffffff"


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
