"""Writes to the legal pages: an editor saves an own version or goes back to the shipped
text. Called by the admin; nothing is notified."""

from django.db import transaction
from django.utils.translation import gettext as _

from core.exceptions import NotAllowed

from .models import OVERRIDE_FIELDS, Page
from .shipped import shipped_text


def normalised(text: str) -> str:
    """A text as the page would show it: browsers send CRLF from a textarea, and surrounding
    whitespace makes no difference to the page."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _require_editor(actor) -> None:
    if not actor.has_perm("pages.change_page"):
        raise NotAllowed(_("Nur die Redaktion darf die Rechtstexte ändern."))


def _shipped_value(slug: str, field: str) -> str:
    part, language = field.rsplit("_", 1)
    text = shipped_text(slug, language)
    return text.title if part == "title" else text.body


_UNCHANGED = object()


@transaction.atomic
def page_override_save(*, actor, slug: str, texts: dict[str, str], reviewed_on=_UNCHANGED) -> Page:
    """Store what an editor changed on the page ``slug`` (for staff with the right to change
    pages). ``texts`` maps fields of OVERRIDE_FIELDS to what the editor submitted; a text
    equal to the shipped one, or empty, is stored as empty, so the page keeps following the
    shipped file. ``reviewed_on``: the day the accessibility statement was last reviewed
    (None: the shipped text's date)."""
    _require_editor(actor)
    page, _created = Page.objects.select_for_update().get_or_create(slug=slug)
    if reviewed_on is not _UNCHANGED:
        page.reviewed_on = reviewed_on if slug == Page.Kind.ACCESSIBILITY else None
    for field in OVERRIDE_FIELDS:
        if field not in texts:
            continue
        value = normalised(texts[field] or "")
        setattr(page, field, "" if value == _shipped_value(slug, field) else value)
    page.save()
    return page


@transaction.atomic
def page_reset(*, actor, page: Page) -> Page:
    """Drop the editor's version of ``page``: it shows the shipped text again (for staff with
    the right to change pages)."""
    _require_editor(actor)
    for field in OVERRIDE_FIELDS:
        setattr(page, field, "")
    page.save()
    return page


def pages_ensure_entries(*, using: str | None = None, model=Page) -> None:
    """One row per legal page, so that the admin lists all of them. The rows hold no text.
    Run after ``migrate`` and ``flush`` (pages.apps); ``model`` is the migration state's."""
    manager = model.objects.db_manager(using)
    for slug in Page.Kind.values:
        manager.get_or_create(slug=slug)
