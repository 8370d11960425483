from django import template
from django.utils import formats

register = template.Library()


@register.simple_tag
def percent(value) -> str:
    """A percentage in the active language ("42,5 %"); "–" when there is none."""
    if value is None or value == "":
        return "–"
    value = round(float(value), 1)
    shown = int(value) if value.is_integer() else value
    return f"{formats.number_format(shown, use_l10n=True)} %"


@register.filter
def share(value, total) -> float:
    """``value`` as a percentage of ``total`` (0 when the total is 0), for bar widths."""
    try:
        total = float(total)
        return round(float(value) / total * 100, 1) if total else 0.0
    except (TypeError, ValueError):
        return 0.0
