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
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from rest_framework import viewsets
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from core.api.renderers import GeoJSONRenderer

from ..models import District
from ..selectors import districts_geojson
from . import schema
from .serializers import DistrictDetailSerializer, DistrictSerializer


class DistrictFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        field_name="name", lookup_expr="icontains", help_text=_("Suche im Namen.")
    )

    class Meta:
        model = District
        fields = ["q"]


@schema.districts
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
