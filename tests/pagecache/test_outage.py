"""The page cache on a real Redis that goes away (a redis-server of the test's own,
stopped during the test, as in tests/reliability/test_cache_outage.py): pages are
cached while it runs, still served — rendered anew — while it is away, and cached again
once it is back; nothing shown is outdated afterwards."""

import pytest
from django.test import Client

from participation.ideas.services.comments import comment_create
from tests import scenarios

pytestmark = pytest.mark.django_db

HEADER = "X-Page-Cache"


def test_pages_are_served_while_redis_is_away_and_cached_again_after(cache_on_private_redis):
    world = scenarios.idea_to_support_and_discuss()
    urls = [
        "/strategie/",
        f"/beteiligung/{world.project.slug}/ideen/{world.idea.pk}/",
        f"/api/v1/ideas/?project={world.project.slug}",
    ]
    for url in urls:
        Client().get(url)
        assert Client().get(url)[HEADER] == "hit", url

    cache_on_private_redis.stop()
    for url in urls:
        response = Client().get(url)
        assert response.status_code == 200, url
        assert response[HEADER] == "skip", url
    # a comment written meanwhile is shown at once (no cache to be outdated in)
    comment_create(author=world.resident, text="Während der Störung.", idea=world.idea)
    assert "Während der Störung." in Client().get(urls[1]).content.decode()

    cache_on_private_redis.start()  # a restarted Redis comes back empty
    assert Client().get(urls[1])[HEADER] == "miss"
    page = Client().get(urls[1])
    assert page[HEADER] == "hit"
    assert "Während der Störung." in page.content.decode()
