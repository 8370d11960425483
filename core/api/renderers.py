"""Renderers shared by the API's map endpoints."""

from rest_framework.renderers import JSONRenderer


class RenderedJSON(bytes):
    """JSON text (UTF-8) a selector has already written, e.g. a large FeatureCollection
    assembled from pieces the database hands over as text. The renderers below pass it
    on unchanged instead of encoding it again."""


class GeoJSONRenderer(JSONRenderer):
    """``?format=geojson`` (or ``Accept: application/geo+json``): the same endpoint
    answers with a GeoJSON FeatureCollection."""

    media_type = "application/geo+json"
    format = "geojson"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, RenderedJSON):
            return bytes(data)
        return super().render(data, accepted_media_type, renderer_context)
