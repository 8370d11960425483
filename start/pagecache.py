"""The home page in the page cache (``core.pagecache``), for anonymous readers per
language. What it shows and what invalidates it:

* the latest progress updates, milestones and the strategy's progress: ``strategy``
  (a published progress update, any change of the strategy's data);
* open participation and the deadlines: ``projects`` (a project or phase saved) and
  ``start`` (a Bürgerbudget saved: it turns a project's page into the budget's);
* the map teaser: ``districts``.

A phase that starts or ends changes the page without any write: it is stored only until
the next such moment; a milestone's day changes it by the date, which is in every key.
``pages`` registers the route without tags (it shows nothing that changes by itself);
this app, higher up and ready later, registers it again with what it adds."""

from core import pagecache
from geo.apps import DISTRICTS
from measures.pagecache import STRATEGY
from projects.pagecache import PROJECTS, seconds_until_phase_change

HOME = "start"
ROUTE = "pages:home"


def connect() -> None:
    from participation.budgets.models import Budget

    pagecache.cache_for_anonymous(
        ROUTE, tags=[STRATEGY, PROJECTS, DISTRICTS, HOME], expires=seconds_until_phase_change
    )
    pagecache.invalidate_on_change([Budget], lambda instance: (HOME,), uid="pagecache.start")
