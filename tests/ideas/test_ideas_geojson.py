"""The map's GeoJSON (/api/v1/ideas/?format=geojson) written from the stored text of the
points: the same FeatureCollection as the ideas hold, current after every kind of write
(services, admin, bulk updates, data migrations), and fit for a compressing proxy."""

import json

import pytest

from geo.models import District
from participation.ideas.models import Idea, IdeaStatus
from tests.factories import CategoryFactory, IdeaFactory, UserFactory, point
from tests.ideas.factories_ideas import ideas_project

pytestmark = pytest.mark.django_db

API = "/api/v1/ideas/"
SQUARE = [[[11.5, 50.9], [11.7, 50.9], [11.7, 51.0], [11.5, 51.0], [11.5, 50.9]]]


def geojson(client, project, **headers):
    response = client.get(API, {"project": project.slug, "format": "geojson"}, **headers)
    assert response.status_code == 200, response.content[:500]
    return response


def expected_collection(ideas: list[Idea], *, omitted: int) -> dict:
    """What the map's data must say about ``ideas``, read from the rows as stored now."""
    features = []
    for idea in ideas:
        idea = Idea.objects.select_related("category", "district").get(pk=idea.pk)
        features.append(
            {
                "type": "Feature",
                "id": idea.pk,
                "geometry": idea.location,
                "properties": {
                    "id": idea.pk,
                    "title": idea.title,
                    "status": idea.status,
                    "status_label": str(IdeaStatus(idea.status).label),
                    "category": (
                        {"slug": idea.category.slug, "name": idea.category.name}
                        if idea.category
                        else None
                    ),
                    "district": (
                        {"slug": idea.district.slug, "name": idea.district.name}
                        if idea.district
                        else None
                    ),
                    "vote_count": idea.vote_count,
                    "comment_count": idea.comment_count,
                    "url": f"http://testserver{idea.get_absolute_url()}",
                },
            }
        )
    return {"type": "FeatureCollection", "features": features, "omitted_without_location": omitted}


def test_geojson_holds_exactly_what_the_ideas_hold(client):
    project = ideas_project()
    licht = CategoryFactory(project=project, name='Licht "hell" & Co', slug="licht")
    winzerla = District.objects.create(
        name="Winzerla", slug="winzerla", boundary={"type": "MultiPolygon", "coordinates": [SQUARE]}
    )
    tricky = 'Laterne „am Markt“ \\ "groß" </script> \u2028 neu 🚲'
    oldest = IdeaFactory(
        project=project,
        title=tricky,
        category=licht,
        district=winzerla,
        status=IdeaStatus.ACCEPTED,
        vote_count=12,
        comment_count=3,
        location=point(11.5861234, 50.9272345),
    )
    middle = IdeaFactory(project=project, status=IdeaStatus.IN_REVIEW)
    IdeaFactory(project=project, location=None, place_description="Irgendwo")
    IdeaFactory(project=project, is_hidden=True)  # never on an anonymous map
    newest = IdeaFactory(project=project, location={"type": "Point", "coordinates": [11.6, 51]})

    response = geojson(client, project)

    assert response["Content-Type"] == "application/geo+json"
    assert json.loads(response.content) == expected_collection([newest, middle, oldest], omitted=1)
    body = response.content.decode()
    # A strict subset of JavaScript, like every other answer of the API.
    assert "\u2028" not in body and "\\u2028" in body


def test_geojson_shows_counters_status_and_points_written_without_save(client):
    """Counters are refreshed, and admins or data migrations may write rows, with UPDATEs
    that no model code sees: the GeoJSON is built from the row as it is now, nothing
    precomputed. (Signed in: the anonymous page cache, which such an UPDATE does not
    reach, has its own tests in tests/pagecache/; a new release gets new keys.)"""
    client.force_login(UserFactory())
    project = ideas_project()
    idea = IdeaFactory(project=project)
    geojson(client, project)

    Idea.objects.filter(pk=idea.pk).update(
        vote_count=41,
        comment_count=7,
        status=IdeaStatus.IMPLEMENTED,
        location={"type": "Point", "coordinates": [11.61, 50.93]},
    )
    [feature] = geojson(client, project).json()["features"]

    assert feature["geometry"] == {"type": "Point", "coordinates": [11.61, 50.93]}
    assert feature["properties"]["vote_count"] == 41
    assert feature["properties"]["comment_count"] == 7
    assert feature["properties"]["status"] == "implemented"
    assert feature["properties"]["status_label"] == "umgesetzt"


def test_geojson_revalidates_through_a_compressing_proxy(client):
    """A proxy that compresses (nginx's gzip) turns the strong ETag into a weak one
    (W/"…"); the browser sends that back and must still get 304."""
    project = ideas_project()
    IdeaFactory(project=project)
    etag = geojson(client, project)["ETag"]

    again = client.get(
        API, {"project": project.slug, "format": "geojson"}, HTTP_IF_NONE_MATCH=f"W/{etag}"
    )

    assert again.status_code == 304
