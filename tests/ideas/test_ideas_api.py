"""The ideas API (/api/v1/ideas/): JSON list, GeoJSON FeatureCollection, conditional GET,
visibility and query counts, tested from the outside."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from participation.ideas.models import Idea
from participation.ideas.services.counters import idea_counters_refresh
from projects.models import Project
from tests.factories import (
    CategoryFactory,
    IdeaFactory,
    ProjectFactory,
    UserFactory,
    VoteFactory,
    VotingPhaseFactory,
    point,
)
from tests.ideas.factories_ideas import ideas_project, moderator_of

pytestmark = pytest.mark.django_db

API = "/api/v1/ideas/"
LIST_KEYS = {
    "id",
    "project",
    "image",
    "image_alt",
    "is_hidden",
    "title",
    "text",
    "category",
    "status",
    "status_label",
    "district",
    "place_description",
    "location",
    "vote_count",
    "comment_count",
    "author",
    "official_response",
    "created_at",
    "url",
}
FEATURE_PROPERTY_KEYS = {
    "id",
    "title",
    "status",
    "status_label",
    "category",
    "district",
    "vote_count",
    "comment_count",
    "url",
}


def get(client, project, expect=200, **params):
    response = client.get(API, {"project": project.slug, **params})
    assert response.status_code == expect, response.content[:500]
    return response


def geojson(client, project, **params):
    return get(client, project, format="geojson", **params)


def test_list_gives_the_documented_fields_and_only_the_display_name(client):
    project = ideas_project()
    category = CategoryFactory(project=project, name="Licht", slug="licht")
    author = UserFactory(display_name="Laterna", email="geheim@example.org")
    idea = IdeaFactory(project=project, author=author, category=category, place_description="Markt")

    data = get(client, project).json()

    assert data["count"] == 1
    row = data["results"][0]
    assert set(row) == LIST_KEYS
    assert row["id"] == idea.pk
    assert row["author"] == "Laterna"
    assert row["category"] == {"slug": "licht", "name": "Licht"}
    assert row["status"] == "submitted" and row["status_label"] == "eingereicht"
    assert row["location"] == {"type": "Point", "coordinates": [11.5861, 50.9272]}
    assert row["url"] == f"http://testserver{idea.get_absolute_url()}"
    assert "geheim" not in get(client, project).content.decode()


def test_geojson_is_a_feature_collection_without_personal_data(client):
    project = ideas_project()
    author = UserFactory(display_name="Laterna", email="geheim@example.org")
    with_point = IdeaFactory(project=project, author=author, vote_count=3)
    IdeaFactory(project=project, location=None, place_description="Irgendwo")

    response = geojson(client, project)

    assert response["Content-Type"] == "application/geo+json"
    data = response.json()
    assert data["type"] == "FeatureCollection"
    assert data["omitted_without_location"] == 1
    [feature] = data["features"]
    assert feature["type"] == "Feature" and feature["id"] == with_point.pk
    assert feature["geometry"] == {"type": "Point", "coordinates": [11.5861, 50.9272]}
    assert set(feature["properties"]) == FEATURE_PROPERTY_KEYS
    assert feature["properties"]["vote_count"] == 3
    assert feature["properties"]["url"].endswith(with_point.get_absolute_url())
    body = response.content.decode()
    assert "Laterna" not in body and "geheim" not in body


def test_geojson_is_not_paginated(client):
    project = ideas_project()
    IdeaFactory.create_batch(60, project=project)

    assert len(geojson(client, project).json()["features"]) == 60
    assert len(get(client, project).json()["results"]) == 50


def test_project_is_required(client):
    response = client.get(API)

    assert response.status_code == 400
    assert "project" in response.json()


def test_unknown_and_draft_projects_are_not_found(client):
    draft = ideas_project(status=Project.Status.DRAFT)
    IdeaFactory(project=draft)

    assert client.get(API, {"project": "gibt-es-nicht"}).status_code == 404
    assert client.get(API, {"project": draft.slug}).status_code == 404
    assert client.get(API, {"project": draft.slug, "format": "geojson"}).status_code == 404


def test_invalid_filter_value_is_a_400_naming_the_parameter(client):
    project = ideas_project()

    response = get(client, project, expect=400, sort="beliebt")

    assert "sort" in response.json()


def test_hidden_ideas_only_for_their_author_and_moderators(client):
    project = ideas_project()
    author = UserFactory()
    IdeaFactory(project=project, title="Sichtbar")
    IdeaFactory(project=project, title="Ausgeblendet", author=author, is_hidden=True)

    def titles():
        return sorted(row["title"] for row in get(client, project).json()["results"])

    assert titles() == ["Sichtbar"]
    client.force_login(UserFactory())
    assert titles() == ["Sichtbar"]
    client.force_login(author)
    assert titles() == ["Ausgeblendet", "Sichtbar"]
    client.force_login(moderator_of(project))
    assert titles() == ["Ausgeblendet", "Sichtbar"]
    client.force_login(moderator_of(ProjectFactory()))
    assert titles() == ["Sichtbar"]


def test_one_idea_in_json(client):
    idea = IdeaFactory(project=ideas_project())
    hidden = IdeaFactory(project=idea.project, is_hidden=True)
    draft = IdeaFactory(project=ideas_project(status=Project.Status.DRAFT))

    response = client.get(reverse("ideas-api:idea-detail", kwargs={"pk": idea.pk}))

    assert response.status_code == 200
    assert set(response.json()) == LIST_KEYS
    for other in (hidden, draft):
        url = reverse("ideas-api:idea-detail", kwargs={"pk": other.pk})
        assert client.get(url).status_code == 404
    assert client.get(f"{API}999999/").status_code == 404
    assert client.get(f"{API}abc/").status_code == 404


def test_anonymous_callers_cannot_propose_ideas(client):
    project = ideas_project()

    response = client.post(
        API,
        {"project": project.slug, "title": "x", "text": "y", "location": point()},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert response.json() == {"detail": "Bitte melden Sie sich an, um eine Idee einzureichen."}
    assert not Idea.objects.exists()


# --- Conditional GET ------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "geojson"])
def test_etag_gives_304_until_something_changes(client, fmt):
    project = ideas_project()
    idea = IdeaFactory(project=project)

    first = get(client, project, format=fmt)
    etag = first["ETag"]
    assert first["Last-Modified"]
    assert "no-cache" in first["Cache-Control"]

    again = client.get(API, {"project": project.slug, "format": fmt}, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again["ETag"] == etag

    VotingPhaseFactory(project=project)
    VoteFactory(idea=idea, phase=project.phases.get(type="voting"))
    idea_counters_refresh(idea_id=idea.pk)  # an UPDATE that leaves updated_at alone
    changed = client.get(API, {"project": project.slug, "format": fmt}, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_etag_depends_on_the_filters_and_the_visible_set(client):
    project = ideas_project()
    IdeaFactory(project=project)
    IdeaFactory(project=project, is_hidden=True)

    plain = get(client, project)["ETag"]
    filtered = get(client, project, status="accepted")["ETag"]
    client.force_login(moderator_of(project))
    as_moderator = get(client, project)["ETag"]

    assert len({plain, filtered, as_moderator}) == 3


def test_if_modified_since_gives_304(client):
    project = ideas_project()
    IdeaFactory(project=project)
    last_modified = geojson(client, project)["Last-Modified"]

    response = client.get(
        API, {"project": project.slug, "format": "geojson"}, HTTP_IF_MODIFIED_SINCE=last_modified
    )

    assert response.status_code == 304


def test_editing_an_idea_changes_the_etag(client):
    project = ideas_project()
    idea = IdeaFactory(project=project)
    etag = geojson(client, project)["ETag"]

    idea.title = "Neu"
    idea.save()

    assert geojson(client, project)["ETag"] != etag


# --- Query counts ---------------------------------------------------------------------------


MAX_LIST_QUERIES = {"anonymous": 5, "resident": 12}


@pytest.mark.parametrize("fmt", ["json", "geojson"])
@pytest.mark.parametrize("who", ["anonymous", "resident"])
def test_list_runs_the_same_queries_for_10_and_200_ideas(
    client, django_assert_num_queries, fmt, who
):
    project = ideas_project()
    category = CategoryFactory(project=project)
    if who == "resident":
        client.force_login(UserFactory())
    IdeaFactory.create_batch(10, project=project, category=category)
    with CaptureQueriesContext(connection) as at_10:
        get(client, project, format=fmt, category=category.slug)
    IdeaFactory.create_batch(190, project=project, category=category)

    with django_assert_num_queries(len(at_10.captured_queries)):
        response = get(client, project, format=fmt, category=category.slug)

    body = response.json()
    shown = body["features"] if fmt == "geojson" else body["results"]
    assert len(shown) == (200 if fmt == "geojson" else 50)
    assert len(at_10.captured_queries) <= MAX_LIST_QUERIES[who]


# --- OpenAPI ---------------------------------------------------------------------------------


def test_schema_documents_json_and_geojson_and_the_filters(client):
    schema = client.get("/api/schema/?format=json").json()

    operation = schema["paths"]["/api/v1/ideas/"]
    assert set(operation) == {"get", "post"}
    assert set(schema["paths"]["/api/v1/ideas/{id}/"]) == {"get", "patch", "delete"}
    params = {p["name"]: p for p in operation["get"]["parameters"]}
    assert params["project"]["required"] is True
    assert {"q", "district", "category", "status", "sort", "page"} <= set(params)
    assert "geojson" in params["format"]["schema"]["enum"]
    content = operation["get"]["responses"]["200"]["content"]
    assert set(content) == {"application/json", "application/geo+json"}
    collection = schema["components"]["schemas"]["IdeaFeatureCollection"]["properties"]
    assert "omitted_without_location" in collection
    idea = schema["components"]["schemas"]["Idea"]["properties"]
    assert set(idea) == LIST_KEYS
