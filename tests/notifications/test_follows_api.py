"""/api/v1/follows/: GET lists one's own follows, POST {kind: slug or id} follows (201, or
200 when already following), DELETE /follows/<id>/ stops — own follows only."""

import pytest

from participation.notifications.models import Follow
from projects.models import Project
from tests.factories import IdeaFactory, MeasureFactory, ProjectFactory, UserFactory
from tests.notifications.factories_follows import (
    DistrictFactory,
    follow_everything,
    one_target_of_each_kind,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/follows/"


def post(client, **body):
    return client.post(URL, body, content_type="application/json")


def test_anonymous_callers_get_403(client):
    assert client.get(URL).status_code == 403
    assert post(client, measure=MeasureFactory().slug).status_code == 403


def test_following_a_measure_by_slug_returns_the_follow(client):
    measure = MeasureFactory()
    user = UserFactory()
    client.force_login(user)
    response = post(client, measure=measure.slug)
    assert response.status_code == 201
    body = response.json()
    assert body["kind"] == "measure"
    assert body["is_automatic"] is False
    assert body["target"] == {
        "id": measure.pk,
        "slug": measure.slug,
        "title": str(measure),
        "url": measure.get_absolute_url(),
    }
    assert Follow.objects.filter(user=user, measure=measure).exists()


@pytest.mark.parametrize("kind", ["measure", "bundle", "core_area", "project", "idea", "district"])
def test_each_kind_can_be_followed_by_id(client, kind):
    target = one_target_of_each_kind()[kind]
    client.force_login(UserFactory())
    response = post(client, **{kind: target.pk})
    assert response.status_code == 201
    assert response.json()["kind"] == kind
    assert response.json()["target"]["id"] == target.pk


def test_a_district_is_followed_by_slug_and_has_no_url(client):
    district = DistrictFactory()
    client.force_login(UserFactory())
    body = post(client, district=district.slug).json()
    assert body["target"]["url"] is None and body["target"]["title"] == district.name


def test_following_again_returns_the_existing_follow_with_200(client):
    measure = MeasureFactory()
    client.force_login(UserFactory())
    first = post(client, measure=measure.slug)
    second = post(client, measure=measure.slug)
    assert second.status_code == 200
    assert second.json()["id"] == first.json()["id"]
    assert Follow.objects.count() == 1


def test_exactly_one_target_is_needed(client):
    client.force_login(UserFactory())
    assert post(client).status_code == 400
    both = post(client, measure=MeasureFactory().slug, project=ProjectFactory().slug)
    assert both.status_code == 400


@pytest.mark.parametrize(
    "body",
    [
        lambda: {"measure": MeasureFactory(is_public=False).slug},
        lambda: {"project": ProjectFactory(status=Project.Status.DRAFT).slug},
        lambda: {"idea": IdeaFactory(is_hidden=True).pk},
        lambda: {"measure": "gibt-es-nicht"},
    ],
    ids=["non-public measure", "draft project", "hidden idea", "unknown slug"],
)
def test_what_is_not_public_is_a_404(client, body):
    client.force_login(UserFactory())
    response = post(client, **body())
    assert response.status_code == 404
    assert "detail" in response.json()
    assert not Follow.objects.exists()


def test_an_unverified_person_gets_403_with_the_reason(client):
    client.force_login(UserFactory(verified=False))
    response = post(client, measure=MeasureFactory().slug)
    assert response.status_code == 403
    assert "E-Mail-Adresse" in response.json()["detail"]


def test_the_list_holds_only_ones_own_follows(client):
    me = UserFactory()
    mine = Follow.objects.create(user=me, measure=MeasureFactory())
    Follow.objects.create(user=UserFactory(), measure=MeasureFactory())
    client.force_login(me)
    body = client.get(URL).json()
    rows = body["results"] if isinstance(body, dict) else body
    assert [row["id"] for row in rows] == [mine.pk]


@pytest.mark.parametrize("count", [1, 5])
def test_the_list_runs_a_fixed_number_of_queries(client, count, django_assert_max_num_queries):
    user = UserFactory()
    follow_everything(user, count)
    client.force_login(user)
    with django_assert_max_num_queries(5):
        response = client.get(URL)
    body = response.json()
    rows = body["results"] if isinstance(body, dict) else body
    assert len(rows) == 6 * count


def test_deleting_ones_own_follow(client):
    user = UserFactory()
    follow = Follow.objects.create(user=user, measure=MeasureFactory())
    client.force_login(user)
    assert client.delete(f"{URL}{follow.pk}/").status_code == 204
    assert not Follow.objects.exists()


def test_another_persons_follow_is_a_404_and_stays(client):
    follow = Follow.objects.create(user=UserFactory(), measure=MeasureFactory())
    client.force_login(UserFactory())
    assert client.delete(f"{URL}{follow.pk}/").status_code == 404
    assert Follow.objects.filter(pk=follow.pk).exists()


def test_anonymous_cannot_delete(client):
    follow = Follow.objects.create(user=UserFactory(), measure=MeasureFactory())
    assert client.delete(f"{URL}{follow.pk}/").status_code == 403
    assert Follow.objects.filter(pk=follow.pk).exists()
