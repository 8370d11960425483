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
