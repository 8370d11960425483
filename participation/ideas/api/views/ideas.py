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
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from core.api.filters import StrictOrderingFilter
from core.api.renderers import GeoJSONRenderer, RenderedJSON
from core.rules import require
from participation.ideas.models import Idea
from participation.ideas.rules import may_propose_idea, may_update_idea
from participation.ideas.selectors.ideas import (
    IdeaFilter,
    idea_url_builder,
    ideas_fingerprint,
    ideas_for_list,
    ideas_geojson,
)
from participation.ideas.services.ideas import idea_create, idea_delete, idea_update
from projects.models import Project
from projects.selectors import visible_project_or_404

from .. import schema
from ..filters import ProjectIdeaFilterBackend
from ..serializers.ideas import IdeaCreateSerializer, IdeaSerializer, IdeaUpdateSerializer


@schema.ideas
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
            return self._with_validators(Response(RenderedJSON(data)), etag, last_modified)
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
