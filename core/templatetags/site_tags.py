from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_info

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """The current page in every language: plain links, so switching needs no JS."""
    request = context["request"]
    path = request.get_full_path()
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name_local": info["name_local"],
                "url": translate_url(path, code),
                "active": code == context.get("LANGUAGE_CODE"),
            }
        )
    return links


@register.simple_tag(takes_context=True)
def nav_active(context, prefix: str) -> str:
    """'page' when the current URL lies under ``prefix``: for aria-current."""
    path = context["request"].path
    return "page" if path.startswith(prefix) else ""


WIDGET_CLASSES = {
    "select": "kern-form-input__select",
    "selectmultiple": "kern-form-input__select",
    "checkbox": "kern-form-check__checkbox",
    "radio": "kern-form-check__radio",
}


@register.filter
def kern_widget(bound_field):
    """Render a form field's widget with KERN's class, error state and described-by."""
    input_type = getattr(bound_field.field.widget, "input_type", "") or ""
    widget_name = type(bound_field.field.widget).__name__.lower()
    key = "select" if "select" in widget_name else input_type
    css = WIDGET_CLASSES.get(key, "kern-form-input__input")
    described_by = []
    if bound_field.help_text:
        described_by.append(f"{bound_field.auto_id}_hint")
    attrs = {"class": css}
    if bound_field.errors:
        attrs["class"] = f"{css} {css}--error"
        attrs["aria-invalid"] = "true"
        described_by.append(f"{bound_field.auto_id}_error")
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return bound_field.as_widget(attrs=attrs)


@register.filter
def is_checkbox(bound_field) -> bool:
    return getattr(bound_field.field.widget, "input_type", "") in ("checkbox", "radio")
