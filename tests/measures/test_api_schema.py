"""The OpenAPI schema of /api/v1/ and its documentation page."""

import re
from urllib.parse import urlparse

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command

pytestmark = pytest.mark.django_db

STRATEGY_PATHS = [
    "/api/v1/core-areas/",
    "/api/v1/core-areas/{slug}/",
    "/api/v1/fields/",
    "/api/v1/fields/{slug}/",
    "/api/v1/bundles/",
    "/api/v1/bundles/{slug}/",
    "/api/v1/measures/",
    "/api/v1/measures/{slug}/",
]


@pytest.fixture
def schema(client):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def parameters(schema, path, method="get"):
    return {p["name"]: p for p in schema["paths"][path][method]["parameters"]}


def test_schema_generates_without_warnings_and_validates(tmp_path):
    # Raises SchemaGenerationError on any warning, SchemaValidationError on an invalid schema.
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml")
    )
    assert "/api/v1/measures/{slug}/" in (tmp_path / "schema.yml").read_text()


def test_schema_endpoint_serves_yaml_by_default(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/v1/measures/" in response.content


def test_schema_documents_every_strategy_endpoint_as_read_only(schema):
    for path in STRATEGY_PATHS:
        assert path in schema["paths"], path
        assert set(schema["paths"][path]) == {"get"}, path


def test_schema_documents_the_measure_filters_and_the_ordering_allow_list(schema):
    params = parameters(schema, "/api/v1/measures/")
    assert {"q", "status", "field", "core_area", "bundle", "unit", "delayed", "stale"} <= set(
        params
    )
    assert params["delayed"]["schema"]["enum"] == ["false", "true"]
    assert "paused" in params["status"]["schema"]["enum"]
    ordering = params["ordering"]["schema"]
    assert set(ordering["items"]["enum"]) == {
        name
        for field in ("code", "progress", "planned_end", "last_update_on", "title")
        for name in (field, f"-{field}")
    }
    assert "page" in params
    assert "400" in schema["paths"]["/api/v1/measures/"]["get"]["responses"]


def test_schema_documents_as_of_on_the_measure_detail(schema):
    params = parameters(schema, "/api/v1/measures/{slug}/")
    assert params["as_of"]["in"] == "query"
    assert params["as_of"]["schema"] == {"type": "string", "format": "date"}
    detail = schema["components"]["schemas"]["MeasureDetail"]["properties"]
    assert "state_as_of" in detail
    assert {"milestones", "progress_updates", "indicators"} <= set(detail)


def test_schema_offers_no_email_field(schema):
    for name, component in schema["components"]["schemas"].items():
        assert "email" not in component.get("properties", {}), name


def test_docs_page_loads_only_from_this_site(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    absolute = re.findall(r"https?://[^\s\"'<>)]+", html)
    foreign = [url for url in absolute if urlparse(url).netloc != "testserver"]
    assert foreign == []
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    static_assets = [a for a in assets if a.startswith("/static/")]
    for asset in static_assets:
        assert finders.find(asset.removeprefix("/static/")), asset


def test_docs_page_has_no_inline_script(client):
    html = client.get("/api/docs/").content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)


def test_docs_page_documents_every_operation_without_javascript(client, schema):
    """The reference is rendered on the server from the schema (no Swagger UI: its
    injected styles break the CSP, its markup axe): each operation has its heading."""
    html = client.get("/api/docs/").content.decode()
    assert '<html lang="de"' in html
    assert "swagger" not in html.lower()
    assert 'href="/api/schema/"' in html
    for path, item in schema["paths"].items():
        for method in ("get", "post", "put", "patch", "delete"):
            if method in item:
                assert f"<code>{method.upper()} {path}</code>" in html, (method, path)


def test_docs_page_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    client.get("/api/docs/")  # the schema is generated once per process
    with django_assert_max_num_queries(3):
        assert client.get("/api/docs/").status_code == 200
