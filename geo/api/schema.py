"""The OpenAPI documentation of the districts' endpoints: summaries, descriptions and
answers per operation, applied to the viewset as a decorator (``@schema.districts``).

What a field or a query parameter means is said where it is declared (a serializer's or
filter's ``help_text``); this module holds what belongs to the operations, so that the
views hold only code.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema

from core.api.errors import BAD_QUERY, NOT_FOUND
from core.api.schema import documented

from .serializers import (
    DistrictDetailSerializer,
    DistrictFeatureCollectionSerializer,
    DistrictSerializer,
)

districts = documented(
    "districts",
    list=extend_schema(
        summary=_("Ortsteile"),
        description=_(
            "Jenas Ortsteile nach Namen, seitenweise. Mit ?format=geojson dieselben "
            "Ortsteile mit ihren Grenzen als eine GeoJSON-FeatureCollection (nicht "
            "seitenweise), die Ebene der Karten. Antworten tragen ETag und Last-Modified; "
            "eine bedingte Anfrage ergibt 304."
        ),
        responses={
            (200, "application/json"): DistrictSerializer(many=True),
            (200, "application/geo+json"): DistrictFeatureCollectionSerializer,
            304: OpenApiResponse(
                description=_("Nicht geändert seit der Version aus If-None-Match.")
            ),
            400: BAD_QUERY,
        },
    ),
    retrieve=extend_schema(
        summary=_("Ein Ortsteil"),
        description=_("Ein Ortsteil mit seiner Grenze (GeoJSON-MultiPolygon)."),
        responses={200: DistrictDetailSerializer, 404: NOT_FOUND},
    ),
)
