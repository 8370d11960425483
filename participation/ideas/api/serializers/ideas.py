"""Ideas in the REST API: the idea as JSON, the schema of the map's GeoJSON, and the
input of proposing and editing.

No serializer runs a query: the selector joined what they show. The input fields only
check types; the rules (required, lengths, the point inside the project area, the
picture) are the service's, whose messages come back per field.
"""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from geo.models import District
from participation.ideas.models import Idea, IdeaStatus
from projects.models import Category, Project
from projects.selectors import visible_project_or_404

GEOJSON_POINT = {
    "type": "object",
    "description": "GeoJSON-Punkt (WGS 84: Längengrad, Breitengrad).",
    "properties": {
        "type": {"type": "string", "enum": ["Point"]},
        "coordinates": {
            "type": "array",
            "items": {"type": "number"},
            "minItems": 2,
            "maxItems": 2,
        },
    },
    "required": ["type", "coordinates"],
}
NULLABLE_GEOJSON_POINT = {**GEOJSON_POINT, "nullable": True}


class NamedSlugSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)


@extend_schema_field(NULLABLE_GEOJSON_POINT)
class PointField(serializers.JSONField):
    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)


class IdeaSerializer(serializers.ModelSerializer):
    project = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text=_("Kurzname des Projekts.")
    )
    category = NamedSlugSerializer(read_only=True, allow_null=True)
    status = serializers.ChoiceField(choices=IdeaStatus.choices, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    district = NamedSlugSerializer(
        read_only=True,
        allow_null=True,
        help_text=_("Ortsteil, aus dem Punkt ermittelt oder bei Ideen ohne Punkt gewählt."),
    )
    location = PointField(help_text=_("Ort als GeoJSON-Punkt oder null (Idee ohne Punkt)."))
    image = serializers.SerializerMethodField(help_text=_("Bild (absolute URL) oder null."))
    author = serializers.SerializerMethodField(
        help_text=_("Anzeigename der Person, die die Idee eingereicht hat (nie die E-Mail).")
    )
    is_hidden = serializers.BooleanField(
        read_only=True,
        help_text=_(
            "Von der Moderation ausgeblendet; solche Ideen sehen nur ihre Verfasserin oder "
            "ihr Verfasser und die Moderation."
        ),
    )
    official_response = serializers.CharField(
        read_only=True, help_text=_("Die Antwort der Stadt; leer, solange es keine gibt.")
    )
    url = serializers.SerializerMethodField(help_text=_("Die Seite der Idee (absolute URL)."))

    class Meta:
        model = Idea
        fields = [
            "id",
            "project",
            "title",
            "text",
            "category",
            "status",
            "status_label",
            "district",
            "place_description",
            "location",
            "image",
            "image_alt",
            "vote_count",
            "comment_count",
            "author",
            "is_hidden",
            "official_response",
            "created_at",
            "url",
        ]
        read_only_fields = fields

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path

    def get_image(self, obj: Idea) -> str | None:
        return self._absolute(obj.image.url) if obj.image else None

    def get_author(self, obj: Idea) -> str | None:
        return str(obj.author.public_name) if obj.author_id else None

    def get_url(self, obj: Idea) -> str:
        return self._absolute(self.context["idea_path"](obj.pk))


# Schema-only serializers: they document the FeatureCollection built by ideas_geojson().


class IdeaFeaturePropertiesSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=IdeaStatus.choices)
    status_label = serializers.CharField()
    category = NamedSlugSerializer(allow_null=True)
    district = NamedSlugSerializer(allow_null=True)
    vote_count = serializers.IntegerField()
    comment_count = serializers.IntegerField()
    url = serializers.URLField(help_text=_("Die Seite der Idee (absolute URL)."))


@extend_schema_field(GEOJSON_POINT)
class _PointSchemaField(serializers.JSONField):
    pass


class IdeaFeatureSerializer(serializers.Serializer):
    type = serializers.CharField(help_text="Feature")
    id = serializers.IntegerField()
    geometry = _PointSchemaField()
    properties = IdeaFeaturePropertiesSerializer()


@extend_schema_serializer(many=False)
class IdeaFeatureCollectionSerializer(serializers.Serializer):
    type = serializers.CharField(help_text="FeatureCollection")
    features = IdeaFeatureSerializer(many=True)
    omitted_without_location = serializers.IntegerField(
        help_text=_("Wie viele passende Ideen keinen Punkt haben (nur in der JSON-Liste).")
    )


# --- Input ------------------------------------------------------------------------------------


@extend_schema_field(NULLABLE_GEOJSON_POINT)
class PointInputField(serializers.JSONField):
    # In multipart/form-data the point comes as JSON text; text nested deeper than
    # Python's recursion limit is invalid JSON like any other.
    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except RecursionError:
            self.fail("invalid")


class _IdeaInputSerializer(serializers.Serializer):
    title = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, help_text=_("Titel.")
    )
    text = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, help_text=_("Beschreibung.")
    )
    category = serializers.CharField(
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text=_("Kurzname einer Kategorie des Projekts oder null."),
    )
    location = PointInputField(
        required=False,
        allow_null=True,
        help_text=_(
            "Ort als GeoJSON-Punkt im Projektgebiet; der Ortsteil ergibt sich daraus. Ohne "
            "Punkt sind district und place_description nötig."
        ),
    )
    district = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=District.objects.only("pk", "name", "slug"),
        required=False,
        allow_null=True,
        help_text=_("Kurzname des Ortsteils (nötig ohne Punkt)."),
    )
    place_description = serializers.CharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        help_text=_("Adresse oder Ortsbeschreibung (nötig ohne Punkt)."),
    )
    image = serializers.FileField(
        required=False,
        allow_null=True,
        use_url=False,
        help_text=_("Ein Foto (JPEG, PNG oder WebP; nur mit multipart/form-data)."),
    )
    image_alt = serializers.CharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        help_text=_("Was auf dem Bild zu sehen ist (nötig mit Bild)."),
    )

    def resolve_category(self, project: Project, slug: str | None) -> Category | None:
        if not slug:
            return None
        # Slugs are unique per project: the project's own first; one of another project
        # goes to the service, which refuses it with its message.
        category = project.categories.filter(slug=slug).first()
        category = category or Category.objects.filter(slug=slug).order_by("pk").first()
        if category is None:
            raise ValidationError({"category": [_("Diese Kategorie gibt es nicht.")]})
        return category


class IdeaCreateSerializer(_IdeaInputSerializer):
    project = serializers.CharField(help_text=_("Kurzname (slug) des Beteiligungsprojekts."))
    title = serializers.CharField(allow_blank=True, trim_whitespace=False, help_text=_("Titel."))
    text = serializers.CharField(
        allow_blank=True, trim_whitespace=False, help_text=_("Beschreibung.")
    )

    def validate_project(self, slug: str) -> Project:
        try:
            project = visible_project_or_404(user=self.context["request"].user, slug=slug)
        except Http404:
            raise serializers.ValidationError(
                _("Dieses Beteiligungsprojekt gibt es nicht.")
            ) from None
        self.project = project  # for the refusal check, even when other fields are invalid
        return project


class IdeaUpdateSerializer(_IdeaInputSerializer):
    remove_image = serializers.BooleanField(
        required=False, default=False, help_text=_("Das bisherige Bild entfernen.")
    )
