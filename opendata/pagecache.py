"""Open data in the page cache (``core.pagecache``): the page, the downloads and the
catalogue are built from everything public, so they depend on every broad tag. The
CSV downloads are streamed and therefore never stored."""

from core import pagecache

TAGS = ("strategy", "projects", "ideas", "people", "districts")


def connect() -> None:
    from .catalogue import FORMATS
    from .datasets import all_distributions

    pagecache.cache_for_anonymous("opendata:index", tags=TAGS)
    for _dataset, dist in all_distributions():
        pagecache.cache_for_anonymous(f"opendata:{dist.url_name}", tags=TAGS)
    for extension in FORMATS:
        pagecache.cache_for_anonymous(f"opendata:catalogue-{extension}", tags=TAGS)
