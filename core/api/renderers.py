"""Renderers shared by the API's map endpoints."""

from rest_framework.renderers import JSONRenderer


class GeoJSONRenderer(JSONRenderer):
    """``?format=geojson`` (or ``Accept: application/geo+json``): the same endpoint
    answers with a GeoJSON FeatureCollection."""

    media_type = "application/geo+json"
    format = "geojson"
