"""Read-only API of ideas: a project's ideas as JSON (paginated) and as a GeoJSON
FeatureCollection for maps (``?format=geojson``, all matching ideas, not paginated).

Both use the HTML list's selectors and its FilterSet (``IdeaFilter``), so the API, the
map and the list show the same ideas to the same person. Published projects only (drafts
only for their moderators), hidden ideas only for their author and the moderators. No
personal data beyond the author's display name (and not even that in the GeoJSON).
Each response carries an ETag and Last-Modified; a conditional GET gets 304 after one
aggregate query. Creating ideas through the API is not offered yet: residents propose
them on the site (the same service, ``idea_create``, will back a future POST).
"""

from calendar import timegm

from django.http import Http404
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
    extend_schema_view,
)
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from projects.models import Project
from projects.permissions import can_see_project

from ..models import Idea, IdeaStatus
from ..selectors.ideas import (
    IdeaFilter,
    idea_url_builder,
    ideas_fingerprint,
    ideas_for_list,
    ideas_geojson,
)

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


class GeoJSONRenderer(JSONRenderer):
    """``?format=geojson``: the same endpoint answers with a FeatureCollection."""

    media_type = "application/geo+json"
    format = "geojson"


class ProjectIdeaFilterBackend(DjangoFilterBackend):
    """The site's ``IdeaFilter``, given the project so its choices are the project's."""

    def get_filterset_kwargs(self, request, queryset, view):
        return {**super().get_filterset_kwargs(request, queryset, view), "project": view.project}


# --- Serializers (no serializer runs a query: the selector joined what they show) ---------


class NamedSlugSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)


@extend_schema_field(NULLABLE_GEOJSON_POINT)
class PointField(serializers.JSONField):
    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)


class IdeaSerializer(serializers.ModelSerializer):
    category = NamedSlugSerializer(read_only=True, allow_null=True)
    status = serializers.ChoiceField(choices=IdeaStatus.choices, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    district = NamedSlugSerializer(
        read_only=True,
        allow_null=True,
        help_text=_("Ortsteil, aus dem Punkt ermittelt oder bei Ideen ohne Punkt gewählt."),
    )
    location = PointField(help_text=_("Ort als GeoJSON-Punkt oder null (Idee ohne Punkt)."))
    author = serializers.SerializerMethodField(
        help_text=_("Anzeigename der Person, die die Idee eingereicht hat (nie die E-Mail).")
    )
    official_response = serializers.CharField(
        read_only=True, help_text=_("Die Antwort der Stadt; leer, solange es keine gibt.")
    )
    url = serializers.SerializerMethodField(help_text=_("Die Seite der Idee (absolute URL)."))

    class Meta:
        model = Idea
        fields = [
            "id",
            "title",
            "text",
            "category",
            "status",
            "status_label",
            "district",
            "place_description",
            "location",
            "vote_count",
            "comment_count",
            "author",
            "official_response",
            "created_at",
            "url",
        ]
        read_only_fields = fields

    def get_author(self, obj: Idea) -> str | None:
        return str(obj.author.public_name) if obj.author_id else None

    def get_url(self, obj: Idea) -> str:
        path = self.context["idea_path"](obj.pk)
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


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


# --- The viewset -------------------------------------------------------------------------

PROJECT_PARAMETER = OpenApiParameter(
    "project",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    required=True,
    description=_("Kurzname (slug) des Beteiligungsprojekts."),
)
NOT_MODIFIED = OpenApiResponse(
    description=_("Nicht geändert seit der Version aus If-None-Match/If-Modified-Since.")
)


@extend_schema_view(
    list=extend_schema(
        summary=_("Ideen eines Projekts"),
        description=_(
            "Die Ideen eines veröffentlichten Beteiligungsprojekts, gefiltert und sortiert "
            "wie die Liste auf der Seite (Ortsteil, Kategorie, Status, Text; neueste, meiste "
            "Unterstützung, meiste Kommentare). Als JSON seitenweise; mit ?format=geojson "
            "alle passenden Ideen als GeoJSON-FeatureCollection für Karten (Ideen ohne Punkt "
            "fehlen dort und werden in omitted_without_location gezählt). Antworten tragen "
            "ETag und Last-Modified; eine bedingte Anfrage ergibt 304. Ideen einreichen "
            "geht bisher nur auf der Website."
        ),
        parameters=[PROJECT_PARAMETER],
        responses={
            (200, "application/json"): IdeaSerializer(many=True),
            (200, "application/geo+json"): IdeaFeatureCollectionSerializer,
            304: NOT_MODIFIED,
            400: OpenApiResponse(
                description=_("Projekt nicht angegeben oder ungültiger Filter- oder Sortierwert.")
            ),
            404: OpenApiResponse(description=_("Dieses Projekt gibt es nicht (öffentlich).")),
        },
    ),
    retrieve=extend_schema(
        summary=_("Eine Idee"),
        description=_("Eine sichtbare Idee mit Status und Antwort der Stadt."),
        responses={
            200: IdeaSerializer,
            404: OpenApiResponse(description=_("Nicht gefunden (oder für Sie nicht sichtbar).")),
        },
    ),
)
@extend_schema(tags=["ideas"])
class IdeaViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = IdeaSerializer
    filter_backends = [ProjectIdeaFilterBackend]
    filterset_class = IdeaFilter
    lookup_value_regex = r"[0-9]+"
    project: Project | None = None

    def get_renderers(self):
        if getattr(self, "action", None) == "retrieve":
            return [JSONRenderer()]
        return [JSONRenderer(), GeoJSONRenderer()]

    def _project(self) -> Project:
        slug = self.request.query_params.get("project", "").strip()
        if not slug:
            raise ValidationError(
                {"project": [_("Bitte geben Sie das Projekt an: ?project=<Kurzname>.")]}
            )
        project = Project.objects.filter(slug=slug).first()
        if project is None or not can_see_project(self.request.user, project):
            raise Http404(_("Dieses Beteiligungsprojekt gibt es nicht."))
        return project

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Idea.objects.none()
        if self.project is None:
            self.project = self._project()
        return ideas_for_list(user=self.request.user, project=self.project)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.project is not None:
            context["idea_path"] = idea_url_builder(self.project)
        return context

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        fmt = request.accepted_renderer.format
        etag, changed = ideas_fingerprint(queryset, variant=f"{fmt}|{request.get_full_path()}")
        last_modified = timegm(changed.utctimetuple()) if changed else None
        not_modified = get_conditional_response(
            request._request, etag=etag, last_modified=last_modified
        )
        if not_modified is not None:
            return self._with_validators(not_modified, etag, last_modified)

        if fmt == GeoJSONRenderer.format:
            data = ideas_geojson(
                queryset=queryset, project=self.project, absolute=request.build_absolute_uri
            )
            return self._with_validators(Response(data), etag, last_modified)
        page = self.paginate_queryset(queryset)
        serializer = self.get_serializer(page, many=True)
        return self._with_validators(
            self.get_paginated_response(serializer.data), etag, last_modified
        )

    @staticmethod
    def _with_validators(response, etag: str, last_modified: int | None):
        response["ETag"] = etag
        if last_modified is not None:
            response["Last-Modified"] = http_date(last_modified)
        # Browsers may keep the map data, but must ask (conditionally) before reusing it.
        patch_cache_control(response, no_cache=True)
        return response

    def get_object(self) -> Idea:
        project = (
            Project.objects.prefetch_related("phases")
            .filter(ideas__pk=self.kwargs["pk"])
            .first()
        )
        if project is None:
            raise Http404
        self.project = project
        try:
            return ideas_for_list(user=self.request.user, project=project).get(
                pk=self.kwargs["pk"]
            )
        except Idea.DoesNotExist:
            raise Http404 from None
