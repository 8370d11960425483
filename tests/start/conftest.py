"""Fixtures of the home page's tests."""

import pytest

from geo.models import District


def square(lon: float, lat: float, size: float = 0.01) -> dict:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "MultiPolygon", "coordinates": [[ring]]}


@pytest.fixture
def jena_districts(db):
    """Two districts side by side: Lobeda and Zentrum (small squares)."""
    return (
        District.objects.create(name="Lobeda", slug="lobeda", boundary=square(11.60, 50.88)),
        District.objects.create(name="Zentrum", slug="zentrum", boundary=square(11.58, 50.92)),
    )
