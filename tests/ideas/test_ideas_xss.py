"""Text from residents never becomes markup: escaped in the list, on the idea page, in
the sections, plain data in the GeoJSON, and the map scripts insert it as text only."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import IdeaFactory, MeasureFactory, UserFactory
from tests.ideas.factories_ideas import ideas_project

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
JS_FILES = ["static/js/idea-map.js", "static/js/idea-location-picker.js"]


@pytest.fixture
def evil():
    project = ideas_project()
    author = UserFactory(display_name='<img src=x onerror="alert(3)">')
    return IdeaFactory(
        project=project,
        author=author,
        title=SCRIPT,
        text=f"{SCRIPT}\n<a href='javascript:alert(2)'>klick</a>",
        place_description=SCRIPT,
        official_response=SCRIPT,
        status="accepted",
        measure=MeasureFactory(),
    )


def assert_no_markup_from_residents(html: str) -> None:
    assert SCRIPT not in html
    assert "<img src=x" not in html
    assert not re.search(r"href=[\"']javascript:", html)
    assert ESCAPED in html


def test_list_page_escapes_title_text_place_and_response(client, evil):
    url = reverse("ideas:idea-list", kwargs={"project_slug": evil.project.slug})

    assert_no_markup_from_residents(client.get(url).content.decode())


def test_idea_page_escapes_everything_residents_wrote(client, evil):
    html = client.get(evil.get_absolute_url()).content.decode()

    assert_no_markup_from_residents(html)
    assert "<title>&lt;script&gt;" in html


def test_measure_section_escapes_the_idea_title(client, evil):
    html = client.get(evil.measure.get_absolute_url()).content.decode()

    assert SCRIPT not in html
    assert ESCAPED in html


def test_geojson_carries_the_title_as_plain_json_data(client, evil):
    response = client.get(
        "/api/v1/ideas/", {"project": evil.project.slug, "format": "geojson"}
    )

    feature = response.json()["features"][0]
    assert feature["properties"]["title"] == SCRIPT  # data, not markup: the JS uses textContent
    assert response["Content-Type"] == "application/geo+json"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", JS_FILES)
def test_map_scripts_insert_resident_text_only_as_text(path):
    source = (Path(settings.BASE_DIR) / path).read_text()
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", source, flags=re.S)  # comments out

    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in code, f"{path} uses {sink}"
    # Leaflet turns strings given to bindPopup/bindTooltip/divIcon into HTML.
    assert not re.search(r"bindTooltip\(", code)
    for call in re.findall(r"bindPopup\(([^)]*)\)", code):
        assert call.startswith("popupContent("), call
    if "textContent" not in code:
        pytest.fail(f"{path} should set text with textContent")


def test_pages_have_no_inline_scripts_or_styles(client, evil):
    client.force_login(evil.author)
    pages = [
        reverse("ideas:idea-list", kwargs={"project_slug": evil.project.slug}),
        evil.get_absolute_url(),
        reverse("ideas:idea-create", kwargs={"project_slug": evil.project.slug}),
        reverse(
            "ideas:idea-update",
            kwargs={"project_slug": evil.project.slug, "pk": evil.pk},
        ),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert not re.search(r'<script(?![^>]*\b(src=|type="application/json"))[^>]*>', html), url
        assert " style=" not in html, url
        assert not re.search(r"\son[a-z]+=\"", html), url
