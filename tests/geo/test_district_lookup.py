import pytest

from geo.models import District
from geo.selectors import district_for_point, districts_geojson
from geo.services import districts_create_demo

pytestmark = pytest.mark.django_db

WINZERLA_CENTRE = {"lon": 11.5727, "lat": 50.8907}


def _square(lon: float, lat: float, size: float = 0.01) -> dict:
    ring = [
        [lon - size, lat - size],
        [lon + size, lat - size],
        [lon + size, lat + size],
        [lon - size, lat + size],
        [lon - size, lat - size],
    ]
    return {"type": "MultiPolygon", "coordinates": [[ring]]}


def test_point_in_winzerla_centre_is_in_winzerla():
    districts_create_demo()

    district = district_for_point(**WINZERLA_CENTRE)

    assert district is not None
    assert district.slug == "winzerla"


def test_point_far_outside_jena_is_in_no_district():
    districts_create_demo()

    assert district_for_point(lon=13.4050, lat=52.5200) is None  # Berlin
    assert district_for_point(lon=11.70, lat=50.93) is None  # just east of the city box


@pytest.mark.parametrize(
    "lon, lat", [(float("nan"), 50.9), (11.5, float("inf")), (200, 50.9), (11.5, -95)]
)
def test_impossible_coordinates_are_in_no_district(lon, lat):
    districts_create_demo()

    assert district_for_point(lon=lon, lat=lat) is None


def test_lookup_needs_one_query_once_boundaries_are_cached(django_assert_num_queries):
    districts_create_demo()
    district_for_point(**WINZERLA_CENTRE)

    with django_assert_num_queries(1):
        assert district_for_point(**WINZERLA_CENTRE).slug == "winzerla"


def test_lookup_sees_a_changed_boundary_at_once():
    district = District.objects.create(name="Probe", slug="probe", boundary=_square(11.57, 50.89))
    assert district_for_point(lon=11.57, lat=50.89) == district

    district.boundary = _square(11.60, 50.95)
    district.save()

    assert district_for_point(lon=11.57, lat=50.89) is None
    assert district_for_point(lon=11.60, lat=50.95) == district


def test_lookup_sees_new_and_deleted_districts_at_once():
    assert district_for_point(lon=11.57, lat=50.89) is None

    district = District.objects.create(name="Probe", slug="probe", boundary=_square(11.57, 50.89))
    assert district_for_point(lon=11.57, lat=50.89) == district

    district.delete()
    assert district_for_point(lon=11.57, lat=50.89) is None


def test_lookup_recovers_from_rows_deleted_without_signals():
    District.objects.create(name="Probe", slug="probe", boundary=_square(11.57, 50.89))
    assert district_for_point(lon=11.57, lat=50.89) is not None

    District.objects.all()._raw_delete(District.objects.db)  # no post_delete signal

    assert district_for_point(lon=11.57, lat=50.89) is None


def test_districts_geojson_is_a_feature_collection_for_maps(django_assert_num_queries):
    districts_create_demo()

    with django_assert_num_queries(1):
        collection = districts_geojson()

    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == 30
    winzerla = next(f for f in collection["features"] if f["properties"]["slug"] == "winzerla")
    assert winzerla["type"] == "Feature"
    assert winzerla["properties"] == {"name": "Winzerla", "slug": "winzerla"}
    assert winzerla["geometry"]["type"] == "MultiPolygon"
