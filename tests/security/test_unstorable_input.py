"""A NUL character (which PostgreSQL cannot store in text) in any query parameter, form
field or JSON text is a 400 with the reason — on every list and filter of the site and
on every operation of the API, never a database error (a 500 on PostgreSQL)."""

import json

import pytest
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator

from tests import scenarios

pytestmark = pytest.mark.django_db

NUL = "a\x00b"


@pytest.fixture
def city():
    return scenarios.city_with_every_role()


def _operations():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method not in ("get", "post", "patch", "delete"):
                continue
            names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
            yield path, method, names


def _concrete(path: str, city) -> str:
    """The schema's path with real ids and slugs of the city."""
    values = {
        "{slug}": city.project.slug,
        "{id}": str(city.idea.pk),
        "{idea_id}": str(city.idea.pk),
    }
    for placeholder, value in values.items():
        path = path.replace(placeholder, value)
    return path


def test_every_query_parameter_of_the_api_refuses_a_nul_with_a_400(client, city):
    client.force_login(city.person("staff"))
    checked = 0
    for path, method, names in _operations():
        for name in names or ["format"]:
            url = _concrete(path, city)
            response = getattr(client, method)(f"{url}?{name}={NUL}")
            assert response.status_code == 400, (method, path, name, response.status_code)
            assert "Nullzeichen" in response.json()["detail"], (method, path, name)
            checked += 1
    assert checked > 60  # every filter, sort and format parameter of the schema


@pytest.mark.parametrize(
    "url, params",
    [
        (lambda c: reverse("measures:measure-list"), ["q", "status", "bundle", "sort", "page"]),
        (lambda c: reverse("measures:overview"), ["stand"]),
        (
            lambda c: reverse("ideas:idea-list", args=[c.project.slug]),
            ["q", "district", "category", "status", "sort", "page"],
        ),
        (lambda c: reverse("projects:project-list"), ["page"]),
        (lambda c: reverse("moderation:queue", args=[c.project.slug]), ["status", "kind"]),
        (lambda c: reverse("reports:report-list"), ["page"]),
        (lambda c: reverse("notifications:list"), ["unread"]),
    ],
)
def test_every_filter_of_the_site_refuses_a_nul_with_a_400(client, city, url, params):
    client.force_login(city.person("staff"))
    for name in params:
        response = client.get(url(city), {name: NUL})
        assert response.status_code == 400, (name, response.status_code)
        assert "Nullzeichen" in response.content.decode(), name


def test_a_nul_in_a_form_field_or_in_json_is_a_400_and_saves_nothing(client, city):
    resident = city.person("resident")
    client.force_login(resident)
    page = client.post(
        reverse("ideas:comment-create-idea", args=[city.idea.pk]), {"text": "Ja\x00, bitte"}
    )
    assert page.status_code == 400
    assert "Nullzeichen" in page.content.decode()

    from core.api.tokens import api_token_issue

    token = api_token_issue(user=resident).key
    api = client.post(
        "/api/v1/comments/",
        json.dumps({"idea": city.idea.pk, "text": "Ja\x00, bitte"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token}",
    )
    assert api.status_code == 400
    assert "Nullzeichen" in api.json()["detail"]
    assert not city.idea.comments.filter(text__contains="Ja").exists()
