"""/api/v1/ideas/: a project's ideas as JSON (paginated) and as a GeoJSON
FeatureCollection for maps (``?format=geojson``, all matching ideas, not paginated);
proposing, editing and deleting through the same services as the site.

* ``GET /api/v1/ideas/?project=<slug>``: the HTML list's selectors and its FilterSet
  (``IdeaFilter``), so the API, the map and the list show the same ideas to the same
  person. Published projects only (drafts only for their moderators), hidden ideas only
  for their author and the moderators. No personal data beyond the author's display name
  (and not even that in the GeoJSON). Each list carries an ETag and Last-Modified; a
  conditional GET gets 304 after one aggregate query.
* ``POST /api/v1/ideas/`` (JSON, or multipart with an ``image``): ``idea_create`` —
  signed in with a verified e-mail address, while a phase of the project allows ideas.
* ``PATCH /api/v1/ideas/<id>/``: ``idea_update`` — the author while the ideas phase runs;
  fields left out keep their value.
* ``DELETE /api/v1/ideas/<id>/``: ``idea_delete`` — the author while the ideas phase
  runs, the project's moderators (and global moderators) always.

Refusals carry the site's words: 403 ``{"detail"}`` for who (not signed in, e-mail not
verified, not the author), 400 ``{"detail"}`` for when (phase closed), 400 with a list
of messages per field for what (title missing, point outside the project area, …).
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
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from core.api.errors import BAD_QUERY, NOT_FOUND, write_errors
from core.api.filters import StrictOrderingFilter
from core.api.renderers import GeoJSONRenderer
from core.rules import require
from geo.models import District
from participation.ideas.models import Idea, IdeaStatus
from participation.ideas.rules import may_propose_idea, may_update_idea
from participation.ideas.selectors.ideas import (
    IdeaFilter,
    idea_url_builder,
    ideas_fingerprint,
    ideas_for_list,
    ideas_geojson,
)
from participation.ideas.services.ideas import idea_create, idea_delete, idea_update
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
# The fields only check types; the rules (required, lengths, the point inside the project
# area, the picture) are the service's, whose messages come back per field.


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
            "ETag und Last-Modified; eine bedingte Anfrage ergibt 304."
        ),
        parameters=[PROJECT_PARAMETER],
        responses={
            (200, "application/json"): IdeaSerializer(many=True),
            (200, "application/geo+json"): IdeaFeatureCollectionSerializer,
            304: NOT_MODIFIED,
            400: OpenApiResponse(
                BAD_QUERY.response,
                description=_("Projekt nicht angegeben oder ungültiger Filter- oder Sortierwert."),
            ),
            404: OpenApiResponse(
                NOT_FOUND.response, description=_("Dieses Projekt gibt es nicht (öffentlich).")
            ),
        },
    ),
    retrieve=extend_schema(
        summary=_("Eine Idee"),
        description=_("Eine sichtbare Idee mit Status und Antwort der Stadt."),
        responses={200: IdeaSerializer, 404: NOT_FOUND},
    ),
    create=extend_schema(
        summary=_("Idee einreichen"),
        description=_(
            "Angemeldet mit bestätigter E-Mail-Adresse, solange eine Phase des Projekts "
            "Ideen erlaubt. Der Ort ist ein GeoJSON-Punkt im Projektgebiet oder, ohne Punkt, "
            "Ortsteil und Ortsbeschreibung. Ein Bild nur mit multipart/form-data (location "
            "dann als JSON-Text)."
        ),
        request={
            "application/json": IdeaCreateSerializer,
            "multipart/form-data": IdeaCreateSerializer,
        },
        responses={201: IdeaSerializer, **write_errors()},
    ),
    partial_update=extend_schema(
        summary=_("Eigene Idee ändern"),
        description=_(
            "Nur wer die Idee eingereicht hat, solange die Ideenphase läuft. Nicht "
            "angegebene Felder behalten ihren Wert."
        ),
        request={
            "application/json": IdeaUpdateSerializer,
            "multipart/form-data": IdeaUpdateSerializer,
        },
        responses={200: IdeaSerializer, **write_errors(404)},
    ),
    destroy=extend_schema(
        summary=_("Idee löschen"),
        description=_(
            "Wer sie eingereicht hat, solange die Ideenphase läuft; die Moderation des "
            "Projekts jederzeit. Kommentare und Unterstützungen werden mitgelöscht."
        ),
        responses={204: None, **write_errors(404)},
    ),
)
@extend_schema(tags=["ideas"])
class IdeaViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = IdeaSerializer
    filter_backends = [ProjectIdeaFilterBackend, StrictOrderingFilter]
    filterset_class = IdeaFilter
    ordering_fields = ["created_at", "vote_count", "comment_count", "title"]
    parser_classes = [JSONParser, MultiPartParser]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    lookup_value_regex = r"[0-9]+"
    project: Project | None = None

    def get_renderers(self):
        if getattr(self, "action", None) == "list":
            return [JSONRenderer(), GeoJSONRenderer()]
        return [JSONRenderer()]

    def _project(self) -> Project:
        slug = self.request.query_params.get("project", "").strip()
        if not slug:
            raise ValidationError(
                {"project": [_("Bitte geben Sie das Projekt an: ?project=<Kurzname>.")]}
            )
        return visible_project_or_404(user=self.request.user, slug=slug, with_phases=False)

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

    def get_object(self) -> Idea:
        """The idea as the site shows it to this person: hidden ones only to their author
        and the moderators, drafts' ideas only to the moderators (else 404)."""
        project = (
            Project.objects.prefetch_related("phases", "districts")
            .filter(ideas__pk=self.kwargs["pk"])
            .first()
        )
        if project is None:
            raise Http404
        self.project = project
        try:
            idea = ideas_for_list(user=self.request.user, project=project).get(pk=self.kwargs["pk"])
        except Idea.DoesNotExist:
            raise Http404 from None
        idea.project = project  # with its prefetched phases, for the phase rules
        return idea

    def _respond(self, idea: Idea, status_code: int = status.HTTP_200_OK) -> Response:
        self.project = idea.project
        return Response(
            IdeaSerializer(idea, context=self.get_serializer_context()).data, status=status_code
        )

    # --- reading ----------------------------------------------------------------------------

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

    # --- writing: the services decide ------------------------------------------------------

    def create(self, request, *args, **kwargs):
        serializer = IdeaCreateSerializer(data=request.data, context={"request": request})
        valid = serializer.is_valid()
        project = getattr(serializer, "project", None)
        if project is not None:
            # Who and when before what: a closed phase (400), sign-in and e-mail (403) —
            # before any complaint about the input.
            require(may_propose_idea(request.user, project))
        if not valid:
            raise ValidationError(serializer.errors)
        data = serializer.validated_data
        idea = idea_create(
            author=request.user,
            project=project,
            category=serializer.resolve_category(project, data.get("category")),
            **_place_and_text(data),
            image=data.get("image"),
        )
        return self._respond(idea, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        idea = self.get_object()
        # Who (403) and when (400) before what: the input is not even read.
        require(may_update_idea(request.user, idea))
        serializer = IdeaUpdateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        values = {**_current_values(idea), **_place_and_text(data)}
        if "category" in data:
            values["category"] = serializer.resolve_category(idea.project, data["category"])
        idea = idea_update(
            idea=idea,
            actor=request.user,
            **values,
            image=data.get("image"),
            remove_image=data.get("remove_image", False),
        )
        return self._respond(idea)

    def update(self, request, *args, **kwargs):  # PUT is not offered (see http_method_names)
        return self.partial_update(request, *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        idea = self.get_object()
        idea_delete(idea=idea, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _place_and_text(data: dict) -> dict:
    """The given text and place fields, as the services name them."""
    names = ("title", "text", "location", "district", "place_description", "image_alt")
    return {name: data[name] for name in names if name in data}


def _current_values(idea: Idea) -> dict:
    return {
        "title": idea.title,
        "text": idea.text,
        "category": idea.category,
        "location": idea.location,
        "district": idea.district,
        "place_description": idea.place_description,
        "image_alt": idea.image_alt,
    }
