from django import template
from django.utils import formats
from django.utils.html import format_html

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


@register.simple_tag(takes_context=True)
def written_lang_attr(context) -> str:
    """`` lang="de"`` for an element holding what people wrote (titles, statements), in a
    rendition of a report in another language (``written_lang`` of
    ``reports.render.report_context``); nothing elsewhere."""
    language = context.get("written_lang")
    return format_html(' lang="{}"', language) if language else ""


@register.simple_tag(takes_context=True)
def written(context, value):
    """``value`` (escaped), in ``<span lang="de">`` where ``written_lang_attr`` would mark
    it: for passages inside a sentence of the document's language."""
    language = context.get("written_lang")
    if not language:
        return value  # escaped by the template engine
    return format_html('<span lang="{}">{}</span>', language, value)


@register.simple_tag(takes_context=True)
def sees_dashboard(context) -> bool:
    """For the header's "Dashboard" link: council members and staff
    (``rules.can_see_dashboard``; no query for anonymous visitors)."""
    from reports.rules import can_see_dashboard

    user = context.get("user")
    if user is None or not user.is_authenticated:
        return False
    return can_see_dashboard(user)
