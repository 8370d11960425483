"""The stricter limit for writes ("api-write", env API_THROTTLE_WRITE, default 120/hour)
on top of the general ones. The test settings switch throttling off; these tests put the
write throttle on the view they use."""

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
