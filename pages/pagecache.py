"""The home page in the page cache (``core.pagecache``): its own text changes with the
release only; ``start`` registers the route again with the tags of what it adds. The
legal pages are not cached: they cost three queries and an editor's version may be
written in any way."""

from core import pagecache


def connect() -> None:
    pagecache.cache_for_anonymous("pages:home")
