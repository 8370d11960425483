"""How a correction after the board's confirmation reads on the public pages."""

from django import template

from ..models import Correction, ProposalStatus
from ..money import euros
from ..services.review import CORRECTABLE_FIELDS

register = template.Library()


def _shown(field: str, value: str) -> str:
    if field == "status":
        return str(dict(ProposalStatus.choices).get(value, value))
    if field == "reviewed_cost":
        return f"{money(int(value))} €" if value else "–"
    return value


@register.filter
def correction_field(correction: Correction) -> str:
    return str(CORRECTABLE_FIELDS.get(correction.field, correction.field))


@register.filter
def correction_old(correction: Correction) -> str:
    return _shown(correction.field, correction.old_value)


@register.filter
def correction_new(correction: Correction) -> str:
    return _shown(correction.field, correction.new_value)


@register.filter
def money(value) -> str:
    """Whole euros with the thousands grouped as the language does (9.000 / 9,000)."""
    if value in (None, ""):
        return ""
    return euros(value)
