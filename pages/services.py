"""Writes to the pages with shipped texts (legal pages, Leichte Sprache): an editor saves an
own version or goes back to the shipped text; and the sign-language videos. Called by the
admin; nothing is notified."""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from core.exceptions import Invalid, NotAllowed, full_clean
from core.files import delete_files_on_commit

from .models import OVERRIDE_FIELDS, Page, SignLanguageVideo
from .shipped import shipped_text
from .video import VideoFacts


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


# --- Sign-language videos ------------------------------------------------------------------

VIDEO_FILE_FIELDS = ("video", "captions", "poster")


def _require_video_editor(actor, *, adding: bool) -> None:
    permission = "pages.add_signlanguagevideo" if adding else "pages.change_signlanguagevideo"
    if not actor.has_perm(permission):
        raise NotAllowed(_("Nur die Redaktion darf Videos in Gebärdensprache hochladen."))


@transaction.atomic
def sign_language_video_save(
    *, actor, video: SignLanguageVideo, facts: VideoFacts | None, file_size: int | None = None
) -> SignLanguageVideo:
    """Store a sign-language video with what ``pages.video.video_check`` read from its file
    (for staff with the right to add or change these videos). ``facts`` is required when
    the video file is new; files the row pointed at before and no longer does are deleted
    after the commit. Nothing is notified."""
    _require_video_editor(actor, adding=video.pk is None)
    if facts is not None:
        video.width, video.height = facts.width, facts.height
        video.frame_rate = Decimal(facts.frame_rate.numerator) / facts.frame_rate.denominator
        video.frame_rate = video.frame_rate.quantize(Decimal("0.001"))
        video.duration = facts.duration
        video.file_size = file_size if file_size is not None else video.video.size
    elif video.pk is None or video.width is None:
        raise Invalid({"video": [_("Das Video wurde noch nicht geprüft.")]})
    full_clean(video, exclude=["video", "captions", "poster"])
    before = SignLanguageVideo.objects.select_for_update().filter(pk=video.pk).first()
    video.save()
    if before is not None:
        delete_files_on_commit(
            *(
                getattr(before, name)
                for name in VIDEO_FILE_FIELDS
                if getattr(before, name).name != getattr(video, name).name
            )
        )
    return video


@transaction.atomic
def sign_language_video_delete(*, actor, video: SignLanguageVideo) -> None:
    """Remove a sign-language video and its files (for staff with the right to delete
    these videos); the page then says again that the video is being made."""
    if not actor.has_perm("pages.delete_signlanguagevideo"):
        raise NotAllowed(_("Nur die Redaktion darf Videos in Gebärdensprache löschen."))
    delete_files_on_commit(*(getattr(video, name) for name in VIDEO_FILE_FIELDS))
    video.delete()
