"""/api/v1/districts/: Jena's districts (Ortsteile), public.

* ``GET /api/v1/districts/``: name and slug of each district, by name, paginated;
  ``?q=`` searches the name, ``?ordering=name|-name``.
* ``GET /api/v1/districts/?format=geojson`` (or ``Accept: application/geo+json``): the
  same districts with their boundaries as one GeoJSON FeatureCollection (not paginated;
  the map layer of the site, ``selectors.districts_geojson``).
* ``GET /api/v1/districts/<slug>/``: one district with its boundary (GeoJSON
  MultiPolygon).

Lists carry an ETag and Last-Modified; a conditional GET gets 304. A fixed number of
queries whatever the number of districts.
"""

import hashlib
from calendar import timegm

import django_filters
from django.db.models import Count, Max
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
    extend_schema_view,
)
from rest_framework import serializers, viewsets
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from core.api.errors import BAD_QUERY, NOT_FOUND
from core.api.renderers import GeoJSONRenderer

from .models import District
from .selectors import districts_geojson

API_NAMESPACE = "geo-api"

MULTIPOLYGON = {
    "type": "object",
    "description": "GeoJSON-MultiPolygon (WGS 84: Längengrad, Breitengrad).",
    "properties": {
        "type": {"type": "string", "enum": ["MultiPolygon"]},
        "coordinates": {"type": "array", "items": {"type": "array", "items": {}}},
    },
    "required": ["type", "coordinates"],
}


@extend_schema_field(MULTIPOLYGON)
class BoundaryField(serializers.JSONField):
    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)


class DistrictSerializer(serializers.ModelSerializer):
    api_url = serializers.SerializerMethodField(help_text=_("Dieser Ortsteil in der API."))

    class Meta:
        model = District
        fields = ["name", "slug", "api_url"]
        read_only_fields = fields

    def get_api_url(self, district: District) -> str:
        path = reverse(f"{API_NAMESPACE}:district-detail", kwargs={"slug": district.slug})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class DistrictDetailSerializer(DistrictSerializer):
    boundary = BoundaryField(help_text=_("Die Grenze des Ortsteils."))
    source = serializers.CharField(read_only=True, help_text=_("Herkunft der Grenze."))

    class Meta(DistrictSerializer.Meta):
        fields = [*DistrictSerializer.Meta.fields, "source", "boundary", "updated_at"]
        read_only_fields = fields


# Schema-only: the FeatureCollection of ``selectors.districts_geojson``.


class DistrictFeaturePropertiesSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()


class DistrictFeatureSerializer(serializers.Serializer):
    type = serializers.CharField(help_text="Feature")
    id = serializers.CharField(help_text=_("Kurzname des Ortsteils."))
    geometry = BoundaryField()
    properties = DistrictFeaturePropertiesSerializer()


@extend_schema_serializer(many=False)
class DistrictFeatureCollectionSerializer(serializers.Serializer):
    type = serializers.CharField(help_text="FeatureCollection")
    features = DistrictFeatureSerializer(many=True)


class DistrictFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        field_name="name", lookup_expr="icontains", help_text=_("Suche im Namen.")
    )

    class Meta:
        model = District
        fields = ["q"]


@extend_schema_view(
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
@extend_schema(tags=["districts"])
class DistrictViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    filterset_class = DistrictFilter
    ordering_fields = ["name"]

    def get_queryset(self):
        queryset = District.objects.order_by("name", "pk")
        if self.action == "list":
            return queryset.only("pk", "name", "slug")  # not the boundaries
        return queryset

    def get_serializer_class(self):
        if self.action == "retrieve":
            return DistrictDetailSerializer
        return DistrictSerializer

    def get_renderers(self):
        if getattr(self, "action", None) == "list":
            return [JSONRenderer(), GeoJSONRenderer()]
        return [JSONRenderer()]

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        fmt = request.accepted_renderer.format
        state = queryset.order_by().aggregate(n=Count("pk"), changed=Max("updated_at"))
        changed = state["changed"]
        stamp = changed.isoformat() if changed else ""
        source = f"{fmt}|{request.get_full_path()}|{state['n']}|{stamp}"
        etag = f'"{hashlib.sha256(source.encode()).hexdigest()[:32]}"'
        last_modified = timegm(changed.utctimetuple()) if changed else None
        response = get_conditional_response(
            request._request, etag=etag, last_modified=last_modified
        )
        if response is None:
            if fmt == GeoJSONRenderer.format:
                response = Response(_feature_collection(queryset))
            else:
                page = self.paginate_queryset(queryset)
                response = self.get_paginated_response(self.get_serializer(page, many=True).data)
        response["ETag"] = etag
        if last_modified is not None:
            response["Last-Modified"] = http_date(last_modified)
        patch_cache_control(response, no_cache=True)
        return response


def _feature_collection(queryset) -> dict:
    """The site's map layer (``districts_geojson``), restricted to ``queryset`` and in
    its order: two queries."""
    slugs = list(queryset.values_list("slug", flat=True))
    collection = districts_geojson()
    by_slug = {feature["id"]: feature for feature in collection["features"]}
    collection["features"] = [by_slug[slug] for slug in slugs if slug in by_slug]
    return collection


router = SimpleRouter()
router.register("districts", DistrictViewSet, basename="district")

app_name = API_NAMESPACE
urlpatterns = router.urls
