import pytest
from django.core.exceptions import ValidationError

from geo.validation import geometry_from_geojson, validate_geojson_geometry

BOWTIE = {
    "type": "Polygon",
    "coordinates": [
        [[11.55, 50.90], [11.60, 50.95], [11.60, 50.90], [11.55, 50.95], [11.55, 50.90]]
    ],
}
SQUARE = {
    "type": "Polygon",
    "coordinates": [
        [[11.55, 50.90], [11.60, 50.90], [11.60, 50.95], [11.55, 50.95], [11.55, 50.90]]
    ],
}


def _messages(excinfo) -> str:
    return " ".join(excinfo.value.messages)


def test_valid_polygon_string_becomes_a_geos_geometry_in_wgs84():
    geometry = validate_geojson_geometry(
        '{"type": "Point", "coordinates": [11.5861, 50.9272]}', allowed_types=("Point",)
    )
    assert geometry.geom_type == "Point"
    assert geometry.srid == 4326
    assert geometry.coords == (11.5861, 50.9272)


def test_valid_polygon_dict_passes():
    assert validate_geojson_geometry(SQUARE).geom_type == "Polygon"


def test_invalid_json_string_is_rejected():
    with pytest.raises(ValidationError) as excinfo:
        geometry_from_geojson('{"type": "Point", "coordinates": [11.5,')
    assert "kein gültiges GeoJSON" in _messages(excinfo)


@pytest.mark.parametrize(
    "value",
    [{"type": "Feature", "geometry": SQUARE}, {"type": "Circle"}, [11.5, 50.9], 42],
)
def test_what_is_not_a_geometry_is_rejected(value):
    with pytest.raises(ValidationError) as excinfo:
        validate_geojson_geometry(value)
    assert "keine GeoJSON-Geometrie" in _messages(excinfo)


def test_geometry_type_not_allowed_here_is_rejected():
    line = {"type": "LineString", "coordinates": [[11.55, 50.90], [11.60, 50.95]]}

    with pytest.raises(ValidationError) as excinfo:
        validate_geojson_geometry(line, allowed_types=("Polygon", "MultiPolygon"))

    message = _messages(excinfo)
    assert "LineString" in message
    assert "Polygon, MultiPolygon" in message


def test_unreadable_coordinates_are_rejected():
    with pytest.raises(ValidationError) as excinfo:
        validate_geojson_geometry({"type": "Point", "coordinates": "Jena"})
    assert "lässt sich nicht lesen" in _messages(excinfo)


@pytest.mark.parametrize("coordinates", [[181, 50.9], [11.5, 91], [-200, -100]])
def test_coordinates_out_of_range_are_rejected(coordinates):
    with pytest.raises(ValidationError) as excinfo:
        validate_geojson_geometry({"type": "Point", "coordinates": coordinates})
    assert "außerhalb von Längengrad" in _messages(excinfo)


def test_projected_coordinates_are_rejected_as_out_of_range():
    # ETRS89 / UTM 32N, as German cities often publish: must be converted first.
    with pytest.raises(ValidationError) as excinfo:
        validate_geojson_geometry({"type": "Point", "coordinates": [681000, 5643000]})
    assert "außerhalb" in _messages(excinfo)


def test_self_intersecting_bowtie_is_rejected_with_the_geos_reason():
    with pytest.raises(ValidationError) as excinfo:
        validate_geojson_geometry(BOWTIE)

    message = _messages(excinfo)
    assert "Die Geometrie ist ungültig" in message
    assert "Self-intersection" in message
