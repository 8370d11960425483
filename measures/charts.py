"""Server-side geometry for the indicator charts: plain numbers for an inline <svg>.

The page draws the chart without JavaScript; the same values are always in a data table
beside it, so the chart is a visual aid, never the only way to read the figures.
"""

import datetime
import math
from decimal import Decimal

from django.utils import formats

# Room for the axis labels around the plot area (in SVG user units).
PAD_LEFT = 64
PAD_RIGHT = 20
PAD_TOP = 16
PAD_BOTTOM = 40
MAX_X_TICKS = 5
TARGET_Y_TICKS = 5


def format_number(value, decimal_pos: int | None = None) -> str:
    """A number in the active language's style (German: 1.234,5)."""
    if decimal_pos is None:
        decimal_pos = _decimals_needed(Decimal(str(value)))
    return formats.number_format(
        Decimal(str(value)), decimal_pos=decimal_pos, use_l10n=True, force_grouping=True
    )


def format_date(value: datetime.date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def _decimals_needed(value: Decimal) -> int:
    """0 for 12.00, 1 for 12.50, 2 for 12.25: no trailing zeros."""
    normalized = value.normalize()
    exponent = normalized.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def nice_step(span: float, target_ticks: int = TARGET_Y_TICKS) -> float:
    """A round step (1, 2, 2.5 or 5 × 10^k) giving about ``target_ticks`` intervals."""
    if span <= 0:
        return 1.0
    raw = span / target_ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns


def _value_range(values: list[float]) -> tuple[float, float, float]:
    """(low, high, step): the y axis from a round number below to one above the values."""
    low, high = min(values), max(values)
    if low > 0 and low <= high * 0.5:
        low = 0.0  # counts and shares read best from zero when the data is near it
    if low == high:
        pad = abs(low) * 0.1 or 1.0
        low, high = low - pad, high + pad
        if min(values) >= 0 and low < 0:
            low = 0.0
    step = nice_step(high - low)
    low = math.floor(low / step) * step
    high = math.ceil(high / step) * step
    return low, high, step


def _step_decimals(step: float) -> int:
    return _decimals_needed(Decimal(str(step)).quantize(Decimal("0.0001")))


def line_chart(
    points: list[tuple[datetime.date, Decimal]],
    *,
    baseline: Decimal | None = None,
    target: Decimal | None = None,
    width: int = 600,
    height: int = 240,
) -> dict:
    """The geometry of a line chart of dated values.

    Returns a dict with ``width``/``height`` (the viewBox), the ``plot`` box, the line's
    ``path`` (SVG path data, "" without points), the ``dots`` (x, y, label), the axis
    ticks ``x_ticks``/``y_ticks`` (position and localised label), and ``baseline`` /
    ``target`` reference lines (y and label) or None. ``empty`` is True without points.
    """
    points = sorted(points, key=lambda point: point[0])
    left, right = PAD_LEFT, width - PAD_RIGHT
    top, bottom = PAD_TOP, height - PAD_BOTTOM
    chart = {
        "width": width,
        "height": height,
        "plot": {"left": left, "right": right, "top": top, "bottom": bottom},
        "path": "",
        "dots": [],
        "x_ticks": [],
        "y_ticks": [],
        "baseline": None,
        "target": None,
        "empty": not points,
    }
    if not points:
        return chart

    values = [float(value) for _date, value in points]
    references = [float(v) for v in (baseline, target) if v is not None]
    low, high, step = _value_range(values + references)
    decimals = _step_decimals(step)

    def y_of(value: float) -> float:
        return round(bottom - (value - low) / (high - low) * (bottom - top), 2)

    first, last = points[0][0], points[-1][0]
    days = (last - first).days

    def x_of(date: datetime.date) -> float:
        if days == 0:
            return round((left + right) / 2, 2)
        return round(left + (date - first).days / days * (right - left), 2)

    dots = [
        {
            "x": x_of(date),
            "y": y_of(float(value)),
            "label": f"{format_date(date)}: {format_number(value)}",
        }
        for date, value in points
    ]
    chart["dots"] = dots
    chart["path"] = " ".join(
        f"{'M' if i == 0 else 'L'}{dot['x']:g} {dot['y']:g}" for i, dot in enumerate(dots)
    )

    tick_count = round((high - low) / step)
    chart["y_ticks"] = [
        {"y": y_of(low + i * step), "label": format_number(low + i * step, decimals)}
        for i in range(tick_count + 1)
    ]
    tick_dates = _x_tick_dates(points)
    chart["x_ticks"] = [
        {"x": x_of(date), "label": format_date(date), "anchor": _anchor(i, len(tick_dates))}
        for i, date in enumerate(tick_dates)
    ]
    if baseline is not None:
        chart["baseline"] = {"y": y_of(float(baseline)), "label": format_number(baseline)}
    if target is not None:
        chart["target"] = {"y": y_of(float(target)), "label": format_number(target)}
    return chart


def _anchor(index: int, count: int) -> str:
    """Keep the outermost date labels inside the drawing."""
    if count > 1 and index == 0:
        return "start"
    if count > 1 and index == count - 1:
        return "end"
    return "middle"


def _x_tick_dates(points: list[tuple[datetime.date, Decimal]]) -> list[datetime.date]:
    """Up to MAX_X_TICKS of the data's dates, evenly spread, first and last included."""
    dates = sorted({date for date, _value in points})
    if len(dates) <= MAX_X_TICKS:
        return dates
    last_index = len(dates) - 1
    indexes = sorted({round(i * last_index / (MAX_X_TICKS - 1)) for i in range(MAX_X_TICKS)})
    return [dates[i] for i in indexes]
