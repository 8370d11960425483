"""The texts of the legal pages as shipped with the code: one file per page and language,
``pages/content/<slug>.<language>.txt`` (format: pages/content/README.md).

An editor's override in the database wins over these (pages.selectors); the database holds
nothing else. The files are read when they change, not on every request.
"""

import datetime
import functools
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

CONTENT_DIR = Path(__file__).resolve().parent / "content"
DELIMITER = "---"


@dataclass(frozen=True)
class ShippedText:
    slug: str
    language: str
    title: str
    body: str
    updated: datetime.date


class ShippedTextError(ValueError):
    """A file under pages/content/ is missing or does not follow the format."""


def text_path(slug: str, language: str) -> Path:
    return CONTENT_DIR / f"{slug}.{language}.txt"


def shipped_text(slug: str, language: str) -> ShippedText:
    """The shipped text of a page in ``language``, or in the default language (German) when
    there is no file for that language."""
    path = text_path(slug, language)
    if not path.is_file():
        language = settings.LANGUAGE_CODE
        path = text_path(slug, language)
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError:
        raise ShippedTextError(f"{path}: no shipped text for this page") from None
    return _read(path, mtime, slug, language)


@functools.lru_cache(maxsize=64)
def _read(path: Path, mtime: int, slug: str, language: str) -> ShippedText:
    # ``mtime`` is part of the cache key only: a changed file is read again.
    return parse(path.read_text(encoding="utf-8"), slug=slug, language=language, source=path)


def parse(text: str, *, slug: str, language: str, source: object = "<text>") -> ShippedText:
    """``---``, the header lines ``title:`` and ``updated:`` (YYYY-MM-DD), ``---``, then the
    body exactly as the page shows it (plain text; blank lines separate paragraphs)."""
    lines = text.replace("\r\n", "\n").split("\n")
    if lines[0] != DELIMITER or DELIMITER not in lines[1:]:
        raise ShippedTextError(f"{source}: must start with a header between two '---' lines")
    end = lines.index(DELIMITER, 1)
    header = {}
    for line in lines[1:end]:
        key, colon, value = line.partition(":")
        if not colon:
            raise ShippedTextError(f"{source}: header line without 'name:' {line!r}")
        header[key.strip()] = value.strip()
    if set(header) != {"title", "updated"} or not header["title"]:
        raise ShippedTextError(f"{source}: the header needs exactly 'title:' and 'updated:'")
    try:
        updated = datetime.date.fromisoformat(header["updated"])
    except ValueError:
        raise ShippedTextError(f"{source}: 'updated:' must be a date, YYYY-MM-DD") from None
    body = "\n".join(lines[end + 1 :]).strip()
    if not body:
        raise ShippedTextError(f"{source}: the text is empty")
    return ShippedText(
        slug=slug, language=language, title=header["title"], body=body, updated=updated
    )
