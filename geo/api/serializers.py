"""The districts in the REST API: name and slug in the list, the boundary in the detail,
and (for the schema only) the FeatureCollection of ``selectors.districts_geojson``."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from ..models import District

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
