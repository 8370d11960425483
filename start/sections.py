"""The home page's section (``core.sections``, page "home"): the facts of
``start.selectors`` for the template ``start/home.html``. The page is the same for every
anonymous visitor (no forms, no scripts), so the page cache can keep it."""

from django.utils import timezone

from core.sections import PageSection

from . import selectors


def home_section(request, obj=None) -> PageSection:
    now = timezone.now()
    open_items = selectors.open_participation(now=now)
    return PageSection(
        template="start/home.html",
        context={
            "today": timezone.localtime(now).date(),
            "open_items": open_items,
            "deadlines": selectors.upcoming_deadlines(now=now),
            "deadline_days": selectors.DEADLINE_DAYS,
            "updates": selectors.latest_progress_updates(),
            "strategy": selectors.strategy_summary(),
            "map": selectors.map_teaser(open_items),
        },
        order=10,
    )
