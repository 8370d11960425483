import os
from pathlib import Path

import pytest
from django.conf import settings

from geo.selectors import district_cache_clear

SHARED_JENA_DATA = Path(settings.BASE_DIR).parent / "shared" / "data" / "jena"


@pytest.fixture(autouse=True)
def _fresh_district_cache():
    # Test transactions roll back without signals; no test may see another's boundaries.
    district_cache_clear()
    yield
    district_cache_clear()


@pytest.fixture
def osm_2014_geojson() -> Path:
    """The OSM 2014 district boundaries (ODbL), kept beside the repository, not in it."""
    path = SHARED_JENA_DATA / "ortsteile-osm-2014.geojson"
    if not path.is_file():
        message = f"{path} fehlt: der Ordner shared/ muss neben dem Repository liegen."
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path
