"""What a page with a shipped text (the legal pages, the pages in Leichte Sprache) shows:
an editor's override where there is one, otherwise the text shipped with the code, field
by field and language by language; and the sign-language videos."""

import datetime
from dataclasses import dataclass

from django.conf import settings

from .models import Page, SignLanguageVideo
from .shipped import ShippedText, shipped_text


@dataclass(frozen=True)
class ShownPage:
    slug: str
    title: str
    body: str
    # When the shown text last changed: the override's save time, else the file's date.
    changed_at: datetime.date | datetime.datetime
    # The language of title and body: the requested one, or German as the fallback.
    language: str
    overridden: bool
    # The accessibility statement: the day it was last reviewed (an editor's date, else
    # the shipped text's date).
    reviewed_on: datetime.date | None = None


def page_shown(*, slug: str, language: str) -> ShownPage:
    """The page ``slug`` as a reader in ``language`` sees it. One query."""
    page = Page.objects.filter(slug=slug).first() or Page(slug=slug)
    return shown(page, language)


def shown(page: Page, language: str) -> ShownPage:
    shipped = shipped_text(page.slug, language)
    # A language without a shipped file falls back to German, overrides included.
    language = shipped.language
    title = getattr(page, f"title_{language}", "")
    body = getattr(page, f"body_{language}", "")
    overridden = bool(title or body)
    return ShownPage(
        slug=page.slug,
        title=title or shipped.title,
        body=body or shipped.body,
        changed_at=page.updated_at if overridden else shipped.updated,
        language=language,
        overridden=overridden,
        reviewed_on=page.reviewed_on or shipped.updated,
    )


def shipped_for(page: Page) -> dict[str, ShippedText]:
    """The shipped texts of ``page`` by language, for the editor's comparison."""
    return {code: shipped_text(page.slug, code) for code, _name in settings.LANGUAGES}


def pages_shown(*, slugs: list[str], language: str) -> dict[str, ShownPage]:
    """The pages ``slugs`` as a reader in ``language`` sees them, by slug. One query."""
    stored = {page.slug: page for page in Page.objects.filter(slug__in=slugs)}
    return {slug: shown(stored.get(slug) or Page(slug=slug), language) for slug in slugs}


def sign_language_videos() -> dict[str, SignLanguageVideo]:
    """The uploaded sign-language videos by topic (EasyTopic value). One query."""
    return {video.topic: video for video in SignLanguageVideo.objects.all()}
