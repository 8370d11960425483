"""Marking content shown in another language than the page's.

``<h1{% lang_of measure "title" %}>{{ measure.title }}</h1>`` renders ` lang="de"` on an
English page where the measure has no English title and the German one is shown, so that
screen readers read it with a German voice (WCAG 3.1.2). On German pages, and where the
text exists in the page's language, it renders nothing. It reads only the object's own
columns (no query).
"""

from django import template
from django.utils.html import format_html

from core.translation import active_content_language, shown_language

register = template.Library()


@register.simple_tag
def lang_of(obj, field: str) -> str:
    if obj is None or not hasattr(obj, f"{field}_{active_content_language()}"):
        return ""
    language = shown_language(obj, field)
    if language == active_content_language():
        return ""
    return format_html(' lang="{}"', language)
