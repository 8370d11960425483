from django.shortcuts import render
from django.utils.translation import get_language

from .selectors import page_shown


def home(request):
    return render(request, "pages/home.html")


def page(request, slug: str):
    """A legal page: the editor's version where there is one, otherwise the shipped text."""
    return render(
        request, "pages/page.html", {"page": page_shown(slug=slug, language=get_language())}
    )
