"""The strategy's pages in the page cache (``core.pagecache``): which routes are cached,
what they show, and which changes invalidate them.

Every page of the strategy shows the roll-up, so any change of the strategy's data
(``strategy``) invalidates all of them; a measure's page also shows its comments
(``measure:<slug>``, bumped by participation) and the ideas taken up by it
(``ideas:taken-up``)."""

from core import pagecache

STRATEGY = "strategy"
API_ROUTES = ("core-area", "field", "bundle", "measure")


def measure_tag(slug: str) -> str:
    return f"measure:{slug}"


def _measure_page_tags(request, slug, **kwargs):
    return (STRATEGY, measure_tag(slug), "ideas:taken-up", "people")


def on_progress_update_published(sender, *, update, measure, **kwargs) -> None:
    pagecache.invalidate(STRATEGY, measure_tag(measure.slug))


def on_measure_changed(sender, *, measure, **kwargs) -> None:
    pagecache.invalidate(STRATEGY, measure_tag(measure.slug))


def connect() -> None:
    from . import events

    for name in ("measures:overview", "measures:measure-list", "measures:bundle-detail"):
        pagecache.cache_for_anonymous(name, tags=[STRATEGY])
    pagecache.cache_for_anonymous("measures:measure-detail", tags=_measure_page_tags)
    for route in API_ROUTES:
        for kind in ("list", "detail"):
            pagecache.cache_for_anonymous(
                f"measures-api:{route}-{kind}", tags=[STRATEGY], vary_on_accept=True
            )

    events.progress_update_published.connect(
        on_progress_update_published, dispatch_uid="pagecache.progress_update_published"
    )
    events.measure_changed.connect(on_measure_changed, dispatch_uid="pagecache.measure_changed")
    pagecache.invalidate_on_change(
        pagecache.app_models("measures"), lambda instance: (STRATEGY,), uid="pagecache.measures"
    )
