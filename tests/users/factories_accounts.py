"""Factories of the account tests (districts for the home-district choice)."""

import factory

from geo.models import District


def square(lon: float, lat: float, size: float = 0.01) -> dict:
    ring = [
        [lon, lat],
        [lon + size, lat],
        [lon + size, lat + size],
        [lon, lat + size],
        [lon, lat],
    ]
    return {"type": "MultiPolygon", "coordinates": [[ring]]}


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    name = factory.Sequence(lambda n: f"Ortsteil {n}")
    slug = factory.Sequence(lambda n: f"ortsteil-{n}")
    boundary = factory.Sequence(lambda n: square(11.5 + (n % 10) * 0.01, 50.9))
