"""The files: what they hold (public data only, no personal data), their format, and a
constant number of queries whatever their length."""

import datetime

import pytest
from django.test import override_settings

from measures.models import Milestone
from opendata.datasets import all_distributions
from tests.opendata.conftest import (
    DRAFT_TITLE,
    HIDDEN_TITLE,
    INTERNAL_MEASURE_TITLE,
    SECRET_EMAIL,
    SECRET_NAME,
    build_city,
)
from tests.opendata.helpers import assert_feature_collection, body_of, read_csv, read_json

pytestmark = pytest.mark.django_db

BASE = "/offene-daten/"


def fetch(client, filename: str) -> bytes:
    response = client.get(BASE + filename)
    assert response.status_code == 200, filename
    return body_of(response)


# --- Format -------------------------------------------------------------------------------


def test_csv_is_comma_separated_utf8_without_bom_with_crlf_and_a_header(client, city):
    content = fetch(client, "massnahmen.csv")

    assert not content.startswith(b"\xef\xbb\xbf")
    first_line = content.split(b"\r\n")[0].decode()
    assert first_line.startswith("code,title,summary,bundle_number,")
    assert "Maßnahme".encode() in content or b"Datenplattform" in content
    assert content.endswith(b"\r\n")


def test_files_are_downloads_with_a_file_name_and_usable_from_other_sites(client, city):
    response = client.get(BASE + "ideen.geojson")

    assert response["Content-Type"] == "application/geo+json"
    assert response["Content-Disposition"] == 'attachment; filename="jena-smart-ideen.geojson"'
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_long_csv_files_are_streamed(client, city):
    for name in ("sachstaende.csv", "indikatoren.csv", "ideen.csv", "massnahmen.csv"):
        assert client.get(BASE + name).streaming, name


# --- Measures -----------------------------------------------------------------------------


@override_settings(SITE_URL="https://smart.jena.example")
def test_measures_csv_has_the_catalogue_with_current_status_of_public_measures(client, city):
    rows = read_csv(fetch(client, "massnahmen.csv"))

    assert [row["code"] for row in rows] == ["1.1"]
    row = rows[0]
    assert row["title"] == "Urbane Datenplattform"
    assert row["bundle_title"] == "Daten für alle"
    assert row["core_areas"].endswith("Digitale Verwaltung")
    assert row["status"] == "in_progress" and row["status_label"] == "in Umsetzung"
    assert row["progress_percent"] == "40"
    assert row["planned_start"] == "2023-01-01" and row["planned_end"] == "2027-08-31"
    assert row["delayed"] == "false" and row["stale"] in {"true", "false"}
    assert row["responsible_unit"].startswith("Fachdienst")
    assert row["url"] == f"https://smart.jena.example/strategie/massnahmen/{city.measure.slug}/"
    assert INTERNAL_MEASURE_TITLE.encode() not in fetch(client, "massnahmen.csv")


def test_measures_mark_delayed_ones(client, city):
    Milestone.objects.create(
        measure=city.measure, title="Überfällig", due_on=datetime.date(2020, 1, 1)
    )

    assert read_csv(fetch(client, "massnahmen.csv"))[0]["delayed"] == "true"
    assert read_json(fetch(client, "massnahmen.json"))["measures"][0]["delayed"] is True


def test_measures_json_has_licence_and_nested_structure(client, city):
    data = read_json(fetch(client, "massnahmen.json"))

    assert data["license"] == {
        "name": "Datenlizenz Deutschland – Namensnennung – Version 2.0",
        "url": "https://www.govdata.de/dl-de/by-2-0",
    }
    assert data["attribution"] == "Stadt Jena, Jena Smart"
    assert data["publisher"] == "Stadt Jena"
    (measure,) = data["measures"]
    assert measure["code"] == "1.1"
    assert measure["core_areas"][0]["title"] == "Digitale Verwaltung"
    assert measure["bundle"]["title"] == "Daten für alle"
    assert measure["field_of_action"]["code"].startswith("HF")
    assert measure["planned_end"] == "2027-08-31"


@override_settings(OPEN_DATA_LICENSE_NAME="Andere Lizenz", OPEN_DATA_ATTRIBUTION="Quelle X")
def test_the_licence_comes_from_the_settings(client, city):
    data = read_json(fetch(client, "massnahmen.json"))

    assert data["license"]["name"] == "Andere Lizenz"
    assert data["attribution"] == "Quelle X"
    assert "Andere Lizenz" in client.get(BASE).content.decode()


# --- Progress history and indicators ------------------------------------------------------


def test_progress_history_has_every_report_of_public_measures_without_authors(client, city):
    content = fetch(client, "sachstaende.csv")
    rows = read_csv(content)

    assert len(rows) == 1
    assert rows[0]["measure_code"] == "1.1"
    assert rows[0]["date"] == "2025-01-01"
    assert rows[0]["status_label"] == "in Umsetzung"
    assert rows[0]["text"].startswith("Sachstand 0")
    assert "author" not in rows[0]
    assert b"Interner Sachstand" not in content


def test_indicators_have_one_row_per_value_and_one_for_an_indicator_without_values(client, city):
    content = fetch(client, "indikatoren.csv")
    rows = read_csv(content)

    with_values = [row for row in rows if row["indicator"] == "Angebundene Datensätze 0"]
    assert [row["value"] for row in with_values] == ["12.50", "20.00"]
    assert with_values[0]["unit"] == "Stück"
    assert with_values[0]["baseline_value"] == "0.00" and with_values[0]["target_value"] == "100.00"
    (empty,) = [row for row in rows if row["indicator"] == "Indikator ohne Werte"]
    assert empty["date"] == "" and empty["value"] == ""
    assert b"Walross" not in content


# --- Ideas --------------------------------------------------------------------------------


def test_idea_files_hold_no_personal_data(client, city):
    for name in ("ideen.csv", "ideen.geojson"):
        content = fetch(client, name).decode()
        assert SECRET_NAME not in content, name
        assert SECRET_EMAIL not in content, name
        assert "author" not in content and "@" not in content, name


def test_idea_files_leave_out_hidden_ideas_and_ideas_of_draft_projects(client, city):
    for name in ("ideen.csv", "ideen.geojson"):
        content = fetch(client, name).decode()
        assert HIDDEN_TITLE not in content, name
        assert DRAFT_TITLE not in content, name


def test_ideas_csv_rows(client, city):
    rows = {row["id"]: row for row in read_csv(fetch(client, "ideen.csv"))}

    assert len(rows) == 2  # the idea with a place and the one without
    row = rows[str(city.idea.pk)]
    assert row["title"] == "'=Laterne am Markt"  # defused for spreadsheets
    assert row["status"] == "submitted" and row["status_label"] == "eingereicht"
    assert row["project"] == "smarte-laternen" and row["project_title"] == "Smarte Laternen"
    assert row["category"] == "Beleuchtung"
    assert row["district"] == "lobeda" and row["district_name"] == "Lobeda"
    assert row["support_count"] == "1" and row["comment_count"] == "1"
    assert (row["longitude"], row["latitude"]) == ("11.5861", "50.9272")
    assert datetime.date.fromisoformat(row["created_on"])
    assert row["url"].endswith(f"/beteiligung/smarte-laternen/ideen/{city.idea.pk}/")
    (without_place,) = [r for r in rows.values() if r["title"] == "Idee ohne Ort"]
    assert without_place["longitude"] == "" and without_place["district"] == ""


def test_ideas_geojson_features(client, city):
    data = read_json(fetch(client, "ideen.geojson"))

    assert_feature_collection(data)
    features = {feature["id"]: feature for feature in data["features"]}
    feature = features[city.idea.pk]
    assert feature["geometry"] == {"type": "Point", "coordinates": [11.5861, 50.9272]}
    assert feature["properties"]["title"] == "=Laterne am Markt"  # JSON keeps it as written
    assert feature["properties"]["district"] == "lobeda"
    assert feature["properties"]["support_count"] == 1
    assert [f["geometry"] for f in data["features"] if f["id"] != city.idea.pk] == [None]
    assert data["license"]["url"] == "https://www.govdata.de/dl-de/by-2-0"


# --- Districts ----------------------------------------------------------------------------


def test_districts_geojson_has_boundaries_sources_and_the_odbl(client, city):
    data = read_json(fetch(client, "ortsteile.geojson"))

    assert_feature_collection(data)
    by_slug = {f["properties"]["slug"]: f for f in data["features"]}
    assert set(by_slug) == {"lobeda", "zentrum"}
    assert by_slug["lobeda"]["geometry"]["type"] == "MultiPolygon"
    assert by_slug["lobeda"]["properties"]["name"] == "Lobeda"
    assert by_slug["zentrum"]["properties"]["source"] == "ortsteile-osm-2014.geojson"
    assert "odbl" in data["license"]["url"]
    assert "OpenStreetMap" in data["attribution"]


# --- Participation statistics -------------------------------------------------------------


def test_statistics_per_project_count_only_published_projects(client, city):
    rows = read_csv(fetch(client, "beteiligung-projekte.csv"))

    by_slug = {row["project"]: row for row in rows}
    assert "entwurf" not in by_slug
    row = by_slug["smarte-laternen"]
    # ideas: with place, without place (hidden excluded); comments: on the idea and on the
    # project; the idea's vote; people: the author and the voter
    assert (row["ideas"], row["comments"], row["votes"], row["participants"]) == (
        "2",
        "2",
        "1",
        "2",
    )
    assert row["url"].endswith("/beteiligung/smarte-laternen/")


def test_statistics_per_district_and_month(client, city):
    districts = {
        row["district"]: row for row in read_csv(fetch(client, "beteiligung-ortsteile.csv"))
    }
    assert districts["lobeda"]["ideas"] == "1"
    assert districts["zentrum"]["ideas"] == "0"
    assert districts[""]["district_name"] == "ohne Ortsteil"

    months = read_csv(fetch(client, "beteiligung-monate.csv"))
    assert list(months[0]) == ["month", "ideas", "comments", "votes", "participants"]
    assert sum(int(row["ideas"]) for row in months) == 2


# --- Queries ------------------------------------------------------------------------------

# Reads per file: one query per table it joins from (measures: core areas + measures;
# districts: boundaries + sources; statistics per project/district: counts + names).
MAX_QUERIES = 2
# Poll results: the polls, their questions, choices and matrix rows, then three
# aggregates (answered per question, counts per choice, counts per district).
MAX_QUERIES_OF = {"umfragen-ergebnisse.csv": 7}


@pytest.mark.parametrize("size", [1, 12])
@pytest.mark.parametrize("filename", [dist.filename for _ds, dist in all_distributions()])
def test_every_file_runs_a_constant_number_of_queries(
    client, db, size, filename, django_assert_max_num_queries
):
    build_city(size)

    with django_assert_max_num_queries(MAX_QUERIES_OF.get(filename, MAX_QUERIES)):
        response = client.get(BASE + filename)
        content = body_of(response)  # streamed files read while they are sent
    assert response.status_code == 200
    assert content
