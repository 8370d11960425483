"""The routes registered for the page cache exist: a renamed URL must not silently
drop a page out of the cache (or, worse, a typo leave it uncached unnoticed)."""

from django.urls import URLPattern, URLResolver, get_resolver

from core import pagecache


def url_names(patterns=None, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_cached_route_is_a_url_of_the_site():
    routes = set(pagecache.registered_routes())
    assert routes - url_names() == set()
    assert {
        "pages:home",
        "measures:overview",
        "measures:measure-detail",
        "projects:project-detail",
        "ideas:idea-list",
        "ideas:idea-detail",
        "opendata:index",
        "ideas-api:idea-list",
        "measures-api:measure-list",
        "projects-api:project-list",
    } <= routes


def test_no_private_page_is_cached():
    routes = set(pagecache.registered_routes())
    for prefix in ("admin:", "account", "users:", "privacy:", "notifications:", "moderation"):
        assert not [name for name in routes if name.startswith(prefix)], prefix
    assert not [name for name in routes if name.startswith("reports")]
