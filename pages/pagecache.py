"""The home page and the legal pages in the page cache (``core.pagecache``): the home
page shows nothing that changes (only the release and the language make a new entry);
the legal pages change when an editor saves a version in the admin (``pages``)."""

from core import pagecache

PAGES = "pages"


def connect() -> None:
    from .models import Page

    pagecache.cache_for_anonymous("pages:home")
    for name in ("impressum", "datenschutz", "barrierefreiheit"):
        pagecache.cache_for_anonymous(f"pages:{name}", tags=[PAGES])
    pagecache.invalidate_on_change([Page], lambda instance: (PAGES,), uid="pagecache.pages")
