"""Reads of Jena's districts: point-in-district lookup and the districts map layer.

The lookup keeps the parsed boundaries as GEOS prepared geometries in process memory,
so finding the district of a point costs no SQL for the geometry test and one query
for the district row. Saving or deleting a District clears the cache (signal handlers
connected in ``GeoConfig.ready()``); a version stamp in Django's cache (Redis in
production) tells the other processes — gunicorn workers, Celery workers — that a
management command or another worker changed the boundaries.
"""

from __future__ import annotations

import logging
import math
import threading
import uuid
from dataclasses import dataclass

from django.contrib.gis.geos import GEOSGeometry, Point
from django.contrib.gis.geos.prepared import PreparedGeometry
from django.core.cache import cache
from django.db import transaction

from .models import District
from .validation import geometry_from_geojson

logger = logging.getLogger(__name__)

SHARED_VERSION_KEY = "geo:districts:version"


@dataclass(frozen=True)
class _DistrictShape:
    pk: int
    prepared: PreparedGeometry


@dataclass(frozen=True)
class _ShapeCache:
    local_generation: int
    shared_version: str | None
    shapes: tuple[_DistrictShape, ...]


# Bumped on every local invalidation; each thread compares it with its own cache.
_generation = 0
_generation_lock = threading.Lock()
# Per thread, because a GEOS prepared geometry builds its index lazily and is not safe to
# share between threads. Thirty boundaries parse in a few milliseconds.
_thread_state = threading.local()


def _read_shared_version() -> str | None:
    """The cross-process version stamp; None when the cache cannot be reached."""
    try:
        version = cache.get(SHARED_VERSION_KEY)
        if version is None:
            cache.add(SHARED_VERSION_KEY, uuid.uuid4().hex, timeout=None)
            version = cache.get(SHARED_VERSION_KEY)
    except Exception:  # a lookup must not fail because Redis is down
        logger.warning(
            "District cache version unreadable; using this process's cache.", exc_info=True
        )
        return None
    return version


def _bump_shared_version() -> None:
    try:
        cache.set(SHARED_VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        logger.warning("District cache version not updated (cache unreachable).", exc_info=True)


def district_cache_clear() -> None:
    """Forget the parsed boundaries here and tell the other processes to do the same."""
    global _generation
    with _generation_lock:
        _generation += 1
    _bump_shared_version()


def district_cache_clear_on_commit() -> None:
    """Clear now (reads in this transaction) and again after commit.

    The second clear drops what another thread or process may have parsed from the old,
    still committed boundaries between the write and the commit.
    """
    district_cache_clear()
    transaction.on_commit(district_cache_clear)


def _load_shapes() -> tuple[_DistrictShape, ...]:
    shapes = []
    for pk, name, boundary in District.objects.order_by("name").values_list(
        "pk", "name", "boundary"
    ):
        try:
            geometry: GEOSGeometry = geometry_from_geojson(boundary)
        except Exception:
            logger.warning("District %s has an unreadable boundary; skipped in lookups.", name)
            continue
        shapes.append(_DistrictShape(pk=pk, prepared=geometry.prepared))
    return tuple(shapes)


def _district_shapes() -> tuple[_DistrictShape, ...]:
    shared_version = _read_shared_version()
    local_generation = _generation
    current: _ShapeCache | None = getattr(_thread_state, "cache", None)
    if (
        current is None
        or current.local_generation != local_generation
        or current.shared_version != shared_version
    ):
        current = _ShapeCache(
            local_generation=local_generation,
            shared_version=shared_version,
            shapes=_load_shapes(),
        )
        _thread_state.cache = current
    return current.shapes


def district_for_point(*, lon: float, lat: float) -> District | None:
    """Return the district containing the point (WGS 84), or None outside all districts.

    A point on the border of two districts belongs to the first by name.
    """
    try:
        lon, lat = float(lon), float(lat)
    except (TypeError, ValueError):
        return None
    if not (math.isfinite(lon) and math.isfinite(lat)):
        return None
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        return None
    point = Point(lon, lat, srid=4326)
    for _attempt in range(2):
        pk = next((shape.pk for shape in _district_shapes() if shape.prepared.covers(point)), None)
        if pk is None:
            return None
        district = District.objects.filter(pk=pk).first()
        if district is not None:
            return district
        # The row went away without a signal (bulk delete, restored database): reload once.
        district_cache_clear()
    return None


def districts_geojson() -> dict:
    """All districts as a GeoJSON FeatureCollection (properties: name, slug) for maps."""
    features = [
        {
            "type": "Feature",
            "id": slug,
            "geometry": boundary,
            "properties": {"name": name, "slug": slug},
        }
        for name, slug, boundary in District.objects.order_by("name").values_list(
            "name", "slug", "boundary"
        )
    ]
    return {"type": "FeatureCollection", "features": features}
