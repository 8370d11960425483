import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from geo.models import District
from geo.selectors import district_for_point
from geo.services import (
    CENTRES_CSV,
    DistrictImportError,
    district_slug,
    districts_create_demo,
    districts_import_geojson,
)

pytestmark = pytest.mark.django_db

SQUARE = [[[11.55, 50.90], [11.60, 50.90], [11.60, 50.95], [11.55, 50.95], [11.55, 50.90]]]
BOWTIE = [[[11.55, 50.90], [11.60, 50.95], [11.60, 50.90], [11.55, 50.95], [11.55, 50.90]]]


def _feature(geometry: dict | None, **properties) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def _write(tmp_path: Path, data, name: str = "ortsteile.geojson") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def crafted_file(tmp_path) -> Path:
    features = [
        _feature({"type": "Polygon", "coordinates": SQUARE}, name="Winzerla"),
        _feature({"type": "MultiPolygon", "coordinates": [SQUARE]}, Name="Göschwitz"),
        _feature({"type": "Polygon", "coordinates": SQUARE}, NAME="Jenaprießnitz / Wogau"),
        _feature({"type": "Polygon", "coordinates": BOWTIE}, name="Maua"),
        _feature({"type": "Polygon", "coordinates": SQUARE}, admin_level="9"),
        _feature({"type": "LineString", "coordinates": SQUARE[0]}, name="Saale"),
        _feature(
            {"type": "Polygon", "coordinates": [[[x + 200, y] for x, y in SQUARE[0]]]},
            name="Leutra",
        ),
        _feature(None, name="Ilmnitz"),
    ]
    return _write(tmp_path, {"type": "FeatureCollection", "features": features})


def test_osm_2014_file_creates_30_districts_then_updates_them(osm_2014_geojson):
    out = io.StringIO()
    call_command("import_districts", str(osm_2014_geojson), stdout=out)

    assert "30 neu, 0 aktualisiert, 0 abgelehnt" in out.getvalue()
    assert District.objects.count() == 30
    assert set(District.objects.values_list("source", flat=True)) == {"ortsteile-osm-2014.geojson"}
    assert District.objects.get(slug="winzerla").boundary["type"] == "MultiPolygon"

    out = io.StringIO()
    call_command("import_districts", str(osm_2014_geojson), "--source", "OSM 2014", stdout=out)

    assert "0 neu, 30 aktualisiert, 0 abgelehnt" in out.getvalue()
    assert "  aktualisiert: Winzerla" in out.getvalue()
    assert District.objects.count() == 30
    assert set(District.objects.values_list("source", flat=True)) == {"OSM 2014"}


def test_osm_2014_districts_match_the_demo_districts_by_slug(osm_2014_geojson):
    districts_create_demo()

    report = districts_import_geojson(path_or_file=osm_2014_geojson, source="OSM 2014")

    assert len(report.updated) == 30
    assert report.created == []
    assert District.objects.count() == 30
    assert District.objects.get(slug="jenapriessnitz-wogau").name == "Jenaprießnitz / Wogau"


def test_osm_2014_lookup_finds_winzerla(osm_2014_geojson):
    districts_import_geojson(path_or_file=osm_2014_geojson, source="OSM 2014")

    assert district_for_point(lon=11.5727, lat=50.8907).slug == "winzerla"
    assert district_for_point(lon=13.4050, lat=52.5200) is None


def test_crafted_file_imports_good_features_and_rejects_bad_ones_with_reasons(crafted_file):
    report = districts_import_geojson(path_or_file=crafted_file, source="Test")

    assert report.created == ["Winzerla", "Göschwitz", "Jenaprießnitz / Wogau"]
    assert report.updated == []
    reasons = dict(report.rejected)
    assert list(reasons) == ["Maua", "Objekt Nr. 5", "Saale", "Leutra", "Ilmnitz"]
    assert "Self-intersection" in reasons["Maua"]
    assert "Name fehlt" in reasons["Objekt Nr. 5"]
    assert "LineString" in reasons["Saale"]
    assert "außerhalb" in reasons["Leutra"]
    assert "keine Geometrie" in reasons["Ilmnitz"]
    assert sorted(District.objects.values_list("slug", flat=True)) == [
        "goeschwitz",
        "jenapriessnitz-wogau",
        "winzerla",
    ]
    assert District.objects.get(slug="winzerla").boundary == {
        "type": "MultiPolygon",
        "coordinates": [SQUARE],
    }


def test_import_command_prints_one_line_per_district_with_reasons(crafted_file):
    out = io.StringIO()
    call_command("import_districts", str(crafted_file), stdout=out)

    output = out.getvalue()
    assert "3 neu, 0 aktualisiert, 5 abgelehnt" in output
    assert "  neu: Göschwitz" in output
    assert "  abgelehnt: Maua – Die Geometrie ist ungültig: Self-intersection" in output
    assert "  abgelehnt: Objekt Nr. 5 – Der Name fehlt" in output


def test_dry_run_writes_nothing_but_reports(crafted_file):
    District.objects.create(
        name="Winzerla", slug="winzerla", boundary={"type": "MultiPolygon", "coordinates": [SQUARE]}
    )
    out = io.StringIO()

    call_command("import_districts", str(crafted_file), "--dry-run", stdout=out)

    assert "2 neu, 1 aktualisiert, 5 abgelehnt" in out.getvalue()
    assert "Probelauf: nichts gespeichert." in out.getvalue()
    assert list(District.objects.values_list("slug", "source")) == [("winzerla", "")]


def test_dry_run_of_osm_2014_writes_nothing(osm_2014_geojson):
    report = districts_import_geojson(path_or_file=osm_2014_geojson, source="OSM", dry_run=True)

    assert len(report.created) == 30
    assert District.objects.count() == 0


def test_duplicate_district_in_file_is_rejected_once(tmp_path):
    polygon = {"type": "Polygon", "coordinates": SQUARE}
    path = _write(
        tmp_path,
        {
            "type": "FeatureCollection",
            "features": [_feature(polygon, name="Maua"), _feature(polygon, name="Maua")],
        },
    )

    report = districts_import_geojson(path_or_file=path, source="Test")

    assert report.created == ["Maua"]
    assert report.rejected == [("Maua", "Dieser Ortsteil kommt in der Datei mehrfach vor.")]


def test_import_accepts_an_open_file(tmp_path, crafted_file):
    with crafted_file.open("rb") as fh:
        report = districts_import_geojson(path_or_file=fh, source="Upload")

    assert len(report.created) == 3


@pytest.mark.parametrize(
    "content, expected",
    [
        (
            '{"type": "Polygon", "coordinates": []}',
            "keine GeoJSON-FeatureCollection (gefunden: Polygon)",
        ),
        ("[1, 2, 3]", "keine GeoJSON-FeatureCollection (gefunden: list)"),
        ("name;lat;lon\nWinzerla;50.89;11.57\n", "kein gültiges JSON"),
        ('{"type": "FeatureCollection"}', "fehlt die Liste „features“"),
        (
            '{"type": "FeatureCollection", "features": [], '
            '"crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::25832"}}}',
            "EPSG::25832 wird nicht unterstützt",
        ),
    ],
)
def test_file_that_is_not_a_feature_collection_fails_the_command(tmp_path, content, expected):
    path = _write(tmp_path, content)

    with pytest.raises(CommandError) as excinfo:
        call_command("import_districts", str(path))

    assert expected in str(excinfo.value)
    assert District.objects.count() == 0


def test_missing_file_fails_the_command(tmp_path):
    with pytest.raises(CommandError, match="lässt sich nicht lesen"):
        call_command("import_districts", str(tmp_path / "fehlt.geojson"))


def test_binary_file_is_not_geojson(tmp_path):
    path = tmp_path / "bild.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")

    with pytest.raises(DistrictImportError, match="nicht UTF-8"):
        districts_import_geojson(path_or_file=path, source="Test")


def test_each_centre_of_the_project_list_lies_in_its_osm_2014_district(osm_2014_geojson):
    districts_import_geojson(path_or_file=osm_2014_geojson, source="OSM 2014")

    with CENTRES_CSV.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            found = district_for_point(lon=float(row["lon"]), lat=float(row["lat"]))
            assert found is not None, row["name"]
            assert found.slug == district_slug(row["name"])
