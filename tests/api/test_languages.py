"""The API and the open data offer the texts in every language: ``title`` stays the
German text (as before, whatever language the request asks for), ``title_de`` and
``title_en`` follow it; null where there is no English text."""

import pytest
from django.core.cache import cache

from tests.factories import (
    CoreAreaFactory,
    MeasureBundleFactory,
    MeasureFactory,
    PhaseFactory,
    ProjectFactory,
)
from tests.opendata.helpers import body_of, read_csv, read_json

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def measure():
    area = CoreAreaFactory(title="Teilhabe", title_en="Participation")
    bundle = MeasureBundleFactory(
        title="Daten für alle", title_en="Data for everyone", core_areas=[area]
    )
    return MeasureFactory(
        bundle=bundle,
        title="Urbane Datenplattform",
        title_en="Urban data platform",
        summary="Alle Daten an einem Ort.",
        description="Die Plattform bündelt Daten.",
        description_en="The platform brings data together.",
    )


@pytest.mark.parametrize("accept_language", ["de", "en"])
def test_measure_in_the_api_has_german_title_and_both_languages(client, measure, accept_language):
    data = client.get(
        f"{API}/measures/{measure.slug}/", HTTP_ACCEPT_LANGUAGE=accept_language
    ).json()

    assert data["title"] == "Urbane Datenplattform"
    assert data["title_de"] == "Urbane Datenplattform"
    assert data["title_en"] == "Urban data platform"
    assert data["summary"] == "Alle Daten an einem Ort."
    assert data["summary_en"] is None  # no English summary
    assert data["description_en"] == "The platform brings data together."


def test_bundles_and_core_areas_in_the_api_have_both_languages(client, measure):
    bundle = client.get(f"{API}/bundles/{measure.bundle.slug}/").json()
    areas = client.get(f"{API}/core-areas/").json()
    listed = client.get(f"{API}/measures/").json()["results"][0]

    assert (bundle["title"], bundle["title_en"]) == ("Daten für alle", "Data for everyone")
    area = areas["results"][0] if isinstance(areas, dict) else areas[0]
    assert (area["title_de"], area["title_en"]) == ("Teilhabe", "Participation")
    assert area["bundles"][0]["title_en"] == "Data for everyone"
    assert (listed["title_de"], listed["title_en"]) == (
        "Urbane Datenplattform",
        "Urban data platform",
    )


def test_project_and_its_phases_in_the_api_have_both_languages(client):
    project = ProjectFactory(
        title="Smarte Laternen", title_en="Smart street lights", description="Text"
    )
    PhaseFactory(project=project, title="Ideen sammeln", title_en="Collecting ideas")

    data = client.get(f"{API}/projects/{project.slug}/", HTTP_ACCEPT_LANGUAGE="en").json()

    assert (data["title"], data["title_en"]) == ("Smarte Laternen", "Smart street lights")
    assert data["description_en"] is None
    phase = data["phases"][0]
    assert (phase["title"], phase["title_de"], phase["title_en"]) == (
        "Ideen sammeln",
        "Ideen sammeln",
        "Collecting ideas",
    )


def test_the_schema_says_that_title_is_the_german_text(client):
    schema = client.get("/api/schema/?format=json").json()

    measure = schema["components"]["schemas"]["MeasureDetail"]["properties"]
    assert "Deutsch" in measure["title"]["description"]
    assert measure["title_en"]["nullable"] is True


def test_open_data_measures_carry_the_english_texts(client, measure):
    rows = read_csv(body_of(client.get("/offene-daten/massnahmen.csv")))
    data = read_json(body_of(client.get("/offene-daten/massnahmen.json")))

    (row,) = rows
    assert row["title"] == "Urbane Datenplattform"
    assert (row["title_de"], row["title_en"]) == ("Urbane Datenplattform", "Urban data platform")
    assert row["summary_en"] == ""
    assert row["bundle_title_en"] == "Data for everyone"
    (record,) = data["measures"]
    assert (record["title"], record["title_en"]) == ("Urbane Datenplattform", "Urban data platform")
    assert record["summary_en"] is None
    assert record["bundle"]["title_en"] == "Data for everyone"
    assert record["core_areas"][0] == {
        "number": measure.bundle.core_areas.get().number,
        "title": "Teilhabe",
        "title_de": "Teilhabe",
        "title_en": "Participation",
    }


def test_english_open_data_page_still_serves_german_titles(client, measure):
    data = read_json(body_of(client.get("/en/offene-daten/massnahmen.json")))

    assert data["measures"][0]["title"] == "Urbane Datenplattform"
