"""The cache (Redis) goes away while people use the site — a redis-server of the test's
own, stopped during the test:

* reading and posting keep working: the strategy page (its roll-up is cached), a list,
  the API (its throttles count in the cache), a comment saved at once;
* the posting limit per person still holds, counted in the database meanwhile;
* sign-in never goes on without its limits (a brute force must not get through an
  outage): it answers 503 with a clear page, and works again once Redis is back.
"""

import pytest
from django.urls import reverse

from participation.ideas.models import Comment
from tests import scenarios
from tests.factories import DEFAULT_PASSWORD, MeasureFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_throttled(monkeypatch):
    """The idea API with the production throttles (the test settings have none)."""
    from core.api.throttling import AnonReadThrottle, UserReadThrottle, WriteRateThrottle
    from participation.ideas.api.views.ideas import IdeaViewSet

    monkeypatch.setattr(
        IdeaViewSet, "throttle_classes", [AnonReadThrottle, UserReadThrottle, WriteRateThrottle]
    )


def test_reading_and_posting_go_on_and_the_posting_limit_holds(
    client, settings, cache_on_private_redis, api_throttled
):
    settings.POSTING_RATE_LIMITS = {"comment": "2/h"}
    world = scenarios.authors_idea_in_an_open_project()
    MeasureFactory(is_public=True)
    resident = UserFactory()
    client.force_login(resident)
    assert client.get(reverse("measures:overview")).status_code == 200  # cached roll-up

    cache_on_private_redis.stop()

    assert client.get(reverse("measures:overview")).status_code == 200
    assert client.get(reverse("measures:measure-list")).status_code == 200
    assert client.get(f"/api/v1/ideas/?project={world.project.slug}").status_code == 200
    url = reverse("ideas:comment-create-idea", args=[world.idea.pk])
    answers = [client.post(url, {"text": f"Kommentar {n}"}).status_code for n in range(3)]
    assert answers == [302, 302, 429]  # saved at once; the limit counted in the database
    assert Comment.objects.filter(author=resident).count() == 2


def test_sign_in_is_refused_with_503_while_redis_is_away_and_works_after(
    client, settings, cache_on_private_redis
):
    settings.ACCOUNT_RATE_LIMITS = {}  # allauth's limits on (its defaults), as in production
    del settings.ACCOUNT_RATE_LIMITS
    user = UserFactory(email="anna@example.org")
    login = reverse("account_login")
    data = {"login": user.email, "password": DEFAULT_PASSWORD}

    cache_on_private_redis.stop()
    refused = client.post(login, data)

    assert refused.status_code == 503
    assert int(refused["Retry-After"]) > 0
    assert "schützt" in refused.content.decode()
    assert "_auth_user_id" not in client.session

    cache_on_private_redis.start()
    assert client.post(login, data).status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
