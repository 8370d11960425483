import re

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import get_language

from core.sections import page_sections

from .models import Page
from .selectors import page_shown


def home(request):
    """The start page: its fixed text here, what is happening now from the higher apps
    (``start``) through the page sections registry."""
    return render(request, "pages/home.html", {"sections": page_sections("home", request, None)})


def enforcement_body() -> dict:
    """The enforcement body the accessibility statement names (settings
    ACCESSIBILITY_ENFORCEMENT_BODY); address lines separated by ";" or line breaks."""
    body = dict(settings.ACCESSIBILITY_ENFORCEMENT_BODY)
    address = body.get("address") or ""
    body["address_lines"] = [line.strip() for line in re.split(r"[;\n]", address) if line.strip()]
    return body


def page(request, slug: str):
    """A legal page: the editor's version where there is one, otherwise the shipped text."""
    context = {"page": page_shown(slug=slug, language=get_language())}
    if slug == Page.Kind.ACCESSIBILITY:
        context.update(
            enforcement=enforcement_body(),
            answer_days=settings.BARRIER_FEEDBACK_ANSWER_DAYS,
        )
    return render(request, "pages/page.html", context)
