"""Writes to the legal pages."""

from .models import Page


def pages_ensure_entries(*, using: str | None = None, model=Page) -> None:
    """One row per legal page, so that the admin lists all of them. The rows hold no text.
    Run after ``migrate`` and ``flush`` (pages.apps); ``model`` is the migration state's."""
    manager = model.objects.db_manager(using)
    for slug in Page.Kind.values:
        manager.get_or_create(slug=slug)
