import csv
from itertools import combinations

import pytest
from django.contrib.gis.geos import GEOSGeometry, Point
from django.core.management import call_command

from geo.models import District
from geo.services import (
    CENTRES_CSV,
    DEMO_SOURCE,
    district_slug,
    districts_create_demo,
)
from geo.validation import geometry_from_geojson

pytestmark = pytest.mark.django_db


def _centres() -> dict[str, Point]:
    with CENTRES_CSV.open(encoding="utf-8", newline="") as fh:
        return {
            row["name"]: Point(float(row["lon"]), float(row["lat"]), srid=4326)
            for row in csv.DictReader(fh)
        }


def _boundaries() -> dict[str, GEOSGeometry]:
    return {d.name: geometry_from_geojson(d.boundary) for d in District.objects.all()}


def test_centres_file_lists_jenas_30_districts():
    centres = _centres()
    assert len(centres) == 30
    assert len({district_slug(name) for name in centres}) == 30


def test_demo_creates_30_valid_multipolygons_with_demo_source():
    counts = districts_create_demo()

    assert counts == {"created": 30, "updated": 0, "unchanged": 0, "skipped": 0}
    assert District.objects.count() == 30
    assert set(District.objects.values_list("source", flat=True)) == {DEMO_SOURCE}
    for name, boundary in _boundaries().items():
        assert boundary.geom_type == "MultiPolygon", name
        assert boundary.valid, (name, boundary.valid_reason)


def test_each_demo_district_contains_its_own_centre():
    districts_create_demo()
    boundaries = _boundaries()

    for name, centre in _centres().items():
        assert boundaries[name].contains(centre), name


def test_demo_districts_do_not_overlap_and_cover_the_city_box():
    districts_create_demo()
    boundaries = _boundaries()

    for (name_a, a), (name_b, b) in combinations(boundaries.items(), 2):
        assert a.intersection(b).area < 1e-9, (name_a, name_b)
    box = GEOSGeometry(
        "POLYGON((11.499 50.856, 11.673 50.856, 11.673 50.989, 11.499 50.989, 11.499 50.856))"
    )
    assert sum(b.area for b in boundaries.values()) == pytest.approx(box.area, rel=1e-6)


def test_second_demo_run_changes_nothing():
    districts_create_demo()
    first = {d.slug: d.boundary for d in District.objects.all()}

    counts = districts_create_demo()

    assert counts == {"created": 0, "updated": 0, "unchanged": 30, "skipped": 0}
    assert District.objects.count() == 30
    assert {d.slug: d.boundary for d in District.objects.all()} == first


def test_demo_run_keeps_imported_boundaries_unless_asked():
    districts_create_demo()
    District.objects.filter(slug="winzerla").update(source="Vermessungsamt 2024")

    counts = districts_create_demo()
    assert counts == {"created": 0, "updated": 0, "unchanged": 29, "skipped": 1}
    assert District.objects.get(slug="winzerla").source == "Vermessungsamt 2024"

    counts = districts_create_demo(replace_imported=True)
    assert counts == {"created": 0, "updated": 1, "unchanged": 29, "skipped": 0}
    assert District.objects.get(slug="winzerla").source == DEMO_SOURCE


def test_demo_command_prints_counts():
    from io import StringIO

    out = StringIO()
    call_command("create_demo_districts", stdout=out)

    assert "30 angelegt, 0 aktualisiert, 0 unverändert, 0 übersprungen" in out.getvalue()
