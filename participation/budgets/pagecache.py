"""The published results in the page cache (``core.pagecache``): the results page for
anonymous readers, per language. A result changes when it is published or an update on
a funded proposal's implementation is published (both bump ``projects``, see
``services.counting``), when the project changes (``projects``) or a district is renamed
(``districts``). The API answer is not cached: its language follows Accept-Language,
which the cache's key does not hold."""

from core import pagecache
from geo.apps import DISTRICTS
from projects.pagecache import PROJECTS


def connect() -> None:
    pagecache.cache_for_anonymous("budgets:results", tags=[PROJECTS, DISTRICTS])
