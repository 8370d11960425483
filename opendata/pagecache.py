"""Open data in the page cache (``core.pagecache``): the page, the downloads and the
catalogue are built from everything public, so they depend on every broad tag. The
CSV downloads are streamed and therefore never stored. The results of a poll join the
open data when its phase ends: stored copies last until the next phase changes."""

from core import pagecache
from projects.pagecache import seconds_until_phase_change

TAGS = ("strategy", "projects", "ideas", "people", "districts")


def connect() -> None:
    from .catalogue import FORMATS
    from .datasets import all_distributions

    expires = seconds_until_phase_change
    pagecache.cache_for_anonymous("opendata:index", tags=TAGS, expires=expires)
    for _dataset, dist in all_distributions():
        pagecache.cache_for_anonymous(f"opendata:{dist.url_name}", tags=TAGS, expires=expires)
    for extension in FORMATS:
        pagecache.cache_for_anonymous(
            f"opendata:catalogue-{extension}", tags=TAGS, expires=expires
        )
