"""Map and list always show the same set: the list page, the map's GeoJSON and the JSON
API give the same ideas, in the same order, for every filter and sort."""

import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from geo.selectors import district_cache_clear
from participation.ideas.models import IdeaStatus
from tests import scenarios
from tests.ideas.factories_ideas import moderator_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_district_cache():
    district_cache_clear()
    yield
    district_cache_clear()


@pytest.fixture
def world():
    return scenarios.ideas_to_filter_and_sort()


def page_ids(client, project, params) -> list[int]:
    url = reverse("ideas:idea-list", kwargs={"project_slug": project.slug})
    html = client.get(f"{url}?{urlencode(params)}").content.decode()
    return [int(pk) for pk in re.findall(r'id="idea-(\d+)-title"', html)]


def map_url(client, project, params) -> str:
    url = reverse("ideas:idea-list", kwargs={"project_slug": project.slug})
    html = client.get(f"{url}?{urlencode(params)}").content.decode()
    return re.search(r'data-geojson-url="([^"]+)"', html).group(1).replace("&amp;", "&")


def geojson_ids(client, url) -> tuple[list[int], int]:
    data = client.get(url).json()
    return [f["id"] for f in data["features"]], data["omitted_without_location"]


def api_ids(client, project, params) -> list[int]:
    data = client.get("/api/v1/ideas/", {"project": project.slug, **params}).json()
    return [row["id"] for row in data["results"]]


CASES = [
    ({}, None),
    ({"district": "winzerla"}, ["Baum ohne Punkt", "Laterne Winzerla", "Bank Winzerla"]),
    ({"category": "licht"}, None),
    ({"status": "submitted"}, None),
    ({"q": "laterne"}, ["Laterne Winzerla", "Laterne Markt"]),
    ({"sort": "most_supported"}, None),
    ({"sort": "most_discussed", "district": "winzerla"}, None),
    ({"category": "gruen", "status": "accepted"}, ["Bank Winzerla"]),
]


@pytest.mark.parametrize("params, expected_titles", CASES)
@pytest.mark.parametrize("who", ["anonymous", "author", "moderator"])
def test_list_map_and_api_show_the_same_ideas_in_the_same_order(
    client, world, params, expected_titles, who
):
    project, ideas = world.project, world.ideas
    if who == "author":
        client.force_login(world.author)
    elif who == "moderator":
        client.force_login(moderator_of(project))

    listed = page_ids(client, project, params)
    mapped, omitted = geojson_ids(client, map_url(client, project, params))
    from_api = api_ids(client, project, params)

    assert listed == from_api
    located = {pk for pk in listed if ideas_by_pk(ideas)[pk].location}
    assert mapped == [pk for pk in listed if pk in located]
    assert omitted == len(listed) - len(mapped)
    if expected_titles is not None and who == "anonymous":
        assert [ideas_by_pk(ideas)[pk].title for pk in listed] == expected_titles


def ideas_by_pk(ideas):
    return {idea.pk: idea for idea in ideas.values()}


def test_sorts_order_by_support_and_by_discussion(client, world):
    project, ideas = world.project, world.ideas
    titles = {idea.pk: idea.title for idea in ideas.values()}

    supported = [titles[pk] for pk in page_ids(client, project, {"sort": "most_supported"})]
    discussed = [titles[pk] for pk in page_ids(client, project, {"sort": "most_discussed"})]

    assert supported[:2] == ["Laterne Winzerla", "Laterne Markt"]
    assert discussed[0] == "Bank Winzerla"
    assert "Versteckte Laterne" not in supported


def test_newest_is_the_default_sort(client, world):
    project = world.project

    assert page_ids(client, project, {}) == page_ids(client, project, {"sort": "newest"})
    assert page_ids(client, project, {})[0] == max(page_ids(client, project, {}))


def test_status_filter_offers_every_status(client, world):
    url = reverse("ideas:idea-list", kwargs={"project_slug": world.project.slug})
    html = client.get(url).content.decode()

    for value in IdeaStatus.values:
        assert f'value="{value}"' in html
    assert "Winzerla" in html and "Licht" in html  # district and category choices
