"""The home page in the page cache (``core.pagecache``): it shows nothing that changes,
so only the release, the language and the day make a new entry. The legal pages are not
cached: they cost three queries and an editor's version may be written in any way."""

from core import pagecache


def connect() -> None:
    pagecache.cache_for_anonymous("pages:home")
