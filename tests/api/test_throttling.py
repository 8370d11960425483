"""The stricter limit for writes ("api-write", env API_THROTTLE_WRITE, default 120/hour)
on top of the general ones. The test settings switch throttling off; these tests put the
write throttle on the view they use."""

import uuid

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.test import override_settings

from core.api.throttling import WriteRateThrottle
from jena_smart import settings as production_settings
from participation.notifications.api.views import FollowViewSet
from tests.factories import MeasureFactory, UserFactory

pytestmark = pytest.mark.django_db

RATES = {"anon": None, "user": None, "api-write": "2/hour"}


@pytest.fixture
def write_throttled(monkeypatch, settings):
    monkeypatch.setattr(FollowViewSet, "throttle_classes", [WriteRateThrottle])
    # A cache of its own: no history from other tests (ids repeat after rollbacks).
    monkeypatch.setattr(WriteRateThrottle, "cache", LocMemCache("write-throttle-test", {}))
    with override_settings(
        REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": RATES}
    ):
        yield


def test_the_write_throttle_is_configured_for_production():
    config = production_settings.REST_FRAMEWORK
    assert "core.api.throttling.WriteRateThrottle" in config["DEFAULT_THROTTLE_CLASSES"]
    assert config["DEFAULT_THROTTLE_RATES"]["api-write"] == "120/hour"  # env API_THROTTLE_WRITE


def test_writes_beyond_the_limit_get_429_with_retry_after(api, write_throttled):
    client = api(UserFactory())
    measures = MeasureFactory.create_batch(3)

    answers = [client.post("/api/v1/follows/", {"measure": m.slug}) for m in measures]

    assert [a.status_code for a in answers] == [201, 201, 429]
    assert int(answers[2]["Retry-After"]) > 0
    assert answers[2].json()["detail"]


def test_reads_and_other_people_are_not_counted(api, write_throttled):
    first, second = api(UserFactory()), api(UserFactory())
    measures = MeasureFactory.create_batch(3)

    for _ in range(5):
        assert first.get("/api/v1/follows/").status_code == 200
    first.post("/api/v1/follows/", {"measure": measures[0].slug})
    first.post("/api/v1/follows/", {"measure": measures[1].slug})

    assert second.post("/api/v1/follows/", {"measure": measures[2].slug}).status_code == 201


# --- reading: sized for shared addresses, counted apart from writing --------------------------


def _requests_per_hour(rate: str) -> float:
    count, period = rate.split("/")
    return int(count) * {"second": 3600, "minute": 60, "hour": 1, "day": 1 / 24}[period]


def test_the_read_limits_leave_room_for_a_school_class_behind_one_address():
    config = production_settings.REST_FRAMEWORK
    assert config["DEFAULT_THROTTLE_CLASSES"] == [
        "core.api.throttling.AnonReadThrottle",
        "core.api.throttling.UserReadThrottle",
        "core.api.throttling.WriteRateThrottle",
    ]
    # 30 pupils browsing the idea map for an hour: the map's data on every view, filter
    # and page, about 2 requests a minute each.
    school_class_hour = 30 * 120
    for scope in ("anon", "user"):
        assert _requests_per_hour(config["DEFAULT_THROTTLE_RATES"][scope]) >= 5 * school_class_hour
    # Writes keep their own, much smaller limit.
    assert _requests_per_hour(config["DEFAULT_THROTTLE_RATES"]["api-write"]) <= 200


@pytest.fixture
def production_throttles(settings, monkeypatch):
    """The idea API with the production throttles (the test settings have none; a view's
    throttle classes are read when its class is made)."""
    from core.api.throttling import AnonReadThrottle, UserReadThrottle
    from participation.ideas.api.views.ideas import IdeaViewSet

    monkeypatch.setattr(
        IdeaViewSet, "throttle_classes", [AnonReadThrottle, UserReadThrottle, WriteRateThrottle]
    )
    cache = LocMemCache(f"read-throttle-test-{uuid.uuid4()}", {})  # its own history
    for throttle in (AnonReadThrottle, UserReadThrottle, WriteRateThrottle):
        monkeypatch.setattr(throttle, "cache", cache)
    rates = {**production_settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]}
    classes = production_settings.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"]
    with override_settings(
        REST_FRAMEWORK={
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_CLASSES": classes,
            "DEFAULT_THROTTLE_RATES": rates,
        }
    ):
        yield rates


def test_a_class_of_30_reading_the_map_from_one_address_is_never_refused(
    client, production_throttles
):
    """Ten map loads of each of 30 pupils through one address (the test client's), with
    the production limits: every one answered, and the address's count far below."""
    from core.api.throttling import AnonReadThrottle
    from tests.ideas.factories_ideas import ideas_project

    project = ideas_project()
    url = f"/api/v1/ideas/?project={project.slug}&format=geojson"
    answers = [client.get(url).status_code for _ in range(30 * 10)]

    assert set(answers) == {200}
    history = AnonReadThrottle.cache.get("throttle_anon_127.0.0.1") or []
    assert len(history) == 300
    assert len(history) < _requests_per_hour(production_throttles["anon"]) / 50


def test_reads_are_refused_only_beyond_their_own_limit(client, production_throttles):
    production_throttles["anon"] = "3/hour"
    from tests.ideas.factories_ideas import ideas_project

    project = ideas_project()
    url = f"/api/v1/ideas/?project={project.slug}&format=geojson"
    answers = [client.get(url) for _ in range(4)]

    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert int(answers[3]["Retry-After"]) > 0
    assert answers[3].json()["detail"]
