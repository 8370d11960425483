"""/api/v1/districts/: Jena's districts as a paginated list, as the maps' GeoJSON layer
(the site's ``districts_geojson``) and one by one with the boundary."""

import pytest

from geo.selectors import districts_geojson
from tests.ideas.factories_ideas import load_demo_districts

pytestmark = pytest.mark.django_db

URL = "/api/v1/districts/"


@pytest.fixture
def districts():
    return load_demo_districts()


def test_list_gives_name_slug_and_link_by_name(client, districts):
    body = client.get(URL).json()

    assert body["count"] == 30
    first = body["results"][0]
    assert first == {
        "name": "Ammerbach",
        "slug": "ammerbach",
        "api_url": "http://testserver/api/v1/districts/ammerbach/",
    }
    names = [row["name"] for row in body["results"]]
    assert names == sorted(names)


def test_geojson_is_the_maps_layer_of_the_site(client, districts):
    response = client.get(URL, {"format": "geojson"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert response.json() == districts_geojson()


def test_geojson_follows_the_search_and_the_ordering(client, districts):
    body = client.get(URL, {"format": "geojson", "q": "jena-", "ordering": "-name"}).json()

    assert [f["id"] for f in body["features"]] == [
        "jena-zentrum",
        "jena-west",
        "jena-sued",
        "jena-nord",
    ]
    assert body["features"][0]["geometry"]["type"] == "MultiPolygon"


def test_one_district_with_its_boundary(client, districts):
    body = client.get(f"{URL}winzerla/").json()

    assert body["name"] == "Winzerla" and body["slug"] == "winzerla"
    assert body["boundary"] == districts["winzerla"].boundary
    assert set(body) == {"name", "slug", "api_url", "source", "boundary", "updated_at"}
    assert client.get(f"{URL}atlantis/").status_code == 404


@pytest.mark.parametrize("fmt", ["json", "geojson"])
def test_a_conditional_get_is_304_until_a_district_changes(client, districts, fmt):
    first = client.get(URL, {"format": fmt})
    etag = first["ETag"]

    again = client.get(URL, {"format": fmt}, HTTP_IF_NONE_MATCH=etag)
    districts["winzerla"].source = "neu vermessen"
    districts["winzerla"].save()
    changed = client.get(URL, {"format": fmt}, HTTP_IF_NONE_MATCH=etag)

    assert again.status_code == 304
    assert changed.status_code == 200 and changed["ETag"] != etag


@pytest.mark.parametrize("fmt", ["json", "geojson"])
def test_the_list_runs_the_same_queries_for_few_and_all_districts(
    client, fmt, django_assert_num_queries
):
    from tests.users.factories_accounts import DistrictFactory

    DistrictFactory.create_batch(3)
    with django_assert_num_queries(3):  # aggregate for the ETag, count or slugs, rows
        client.get(URL, {"format": fmt})
    DistrictFactory.create_batch(40)
    with django_assert_num_queries(3):
        client.get(URL, {"format": fmt})
