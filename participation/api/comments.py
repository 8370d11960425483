"""/api/v1/comments/: read the discussions; write through the same services as the site.

* ``GET /api/v1/comments/?idea=<id>|measure=<slug>|project=<slug>``: comments everyone
  may read (on ideas that are not hidden in published projects, on public measures, on
  published projects), oldest first, paginated; ``project`` selects the comments on the
  project itself (each idea has its own). Deleted and hidden comments keep their place
  (so replies keep their ``parent``) but show neither text nor author. Authors appear
  only by their public name. A fixed number of queries per page.
* ``POST`` (signed in, verified e-mail, while the phase allows it): ``{"text", one of
  "idea"|"measure"|"project", optional "parent"}``; a reply to a reply is attached to its
  top-level comment.
* ``PATCH /api/v1/comments/<id>/`` ``{"text"}``: the author, while commenting is possible.
* ``DELETE /api/v1/comments/<id>/``: the author; the comment becomes a placeholder.

Errors carry ``{"detail": "<message in German>"}``: 403 when the person may not (not
signed in, e-mail not verified, not the author), 400 when a rule refuses (phase closed,
comments closed, hidden idea, empty or too long text), 409 for a conflict with existing
state (vote limit reached, already supported: see votes).
"""

from contextlib import contextmanager

import django_filters
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import APIException, NotFound, PermissionDenied
from rest_framework.response import Response

from measures.models import Measure
from projects.models import Project

from ..exceptions import ParticipationError, VoteLimitReached
from ..models import Comment, Idea
from ..selectors.comments import comments_for_api
from ..services import comments as services
from ..services.comments import TEXT_MAX_LENGTH
from ..services.votes import DUPLICATE

# --- Errors: domain exceptions → HTTP ------------------------------------------------------


class ParticipationErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=_("Warum die Aktion nicht möglich ist."))


class Refused(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("Das ist gerade nicht möglich.")
    default_code = "refused"


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Das widerspricht dem aktuellen Stand.")
    default_code = "conflict"


def _message(exc: Exception) -> str:
    if isinstance(exc, ParticipationError):
        return " ".join(exc.messages)
    return str(exc)


@contextmanager
def participation_errors():
    """Turn the services' exceptions into API errors with ``{"detail": message}``:
    NotAllowed → 403; VoteLimitReached and duplicates → 409; a missing vote → 404;
    every other ParticipationError (PhaseClosed, …) → 400."""
    try:
        yield
    except ParticipationError as exc:
        code = getattr(exc, "code", None)
        if isinstance(exc, VoteLimitReached) or code == DUPLICATE:
            raise Conflict(_message(exc), code=code or "conflict") from None
        if code == "no_vote":
            raise NotFound(_message(exc)) from None
        raise Refused(_message(exc), code=code or "refused") from None
    except DjangoPermissionDenied as exc:
        raise PermissionDenied(_message(exc) or None) from None


ERROR_RESPONSES = {
    400: OpenApiResponse(
        ParticipationErrorSerializer,
        description=_("Eine Regel lässt es nicht zu (z. B. Phase geschlossen); oder ungültige "
                      "Eingaben (dann je Feld eine Liste von Meldungen)."),
    ),
    403: OpenApiResponse(
        ParticipationErrorSerializer,
        description=_("Nicht angemeldet, E-Mail-Adresse nicht bestätigt oder nicht berechtigt."),
    ),
}
NOT_FOUND = OpenApiResponse(
    ParticipationErrorSerializer, description=_("Nicht gefunden (oder nicht sichtbar).")
)


# --- Serializers ---------------------------------------------------------------------------


class CommentSerializer(serializers.ModelSerializer):
    idea = serializers.IntegerField(
        source="idea_id", allow_null=True, read_only=True, help_text=_("Id der Idee oder null.")
    )
    measure = serializers.SerializerMethodField(help_text=_("Kurzname der Maßnahme oder null."))
    project = serializers.SerializerMethodField(
        help_text=_("Kurzname des Projekts (Kommentar zum Projekt selbst) oder null.")
    )
    parent = serializers.IntegerField(
        source="parent_id", allow_null=True, read_only=True,
        help_text=_("Id des Kommentars, auf den dies antwortet, oder null."),
    )
    author = serializers.SerializerMethodField(
        help_text=_("Öffentlicher Anzeigename; null bei gelöschten oder ausgeblendeten.")
    )
    text = serializers.SerializerMethodField(
        help_text=_("Der Text (reiner Text); leer bei gelöschten oder ausgeblendeten.")
    )

    class Meta:
        model = Comment
        fields = [
            "id",
            "idea",
            "measure",
            "project",
            "parent",
            "author",
            "text",
            "is_deleted",
            "is_hidden",
            "is_highlighted",
            "created_at",
            "edited_at",
        ]
        read_only_fields = fields

    @staticmethod
    def _shown(comment: Comment) -> bool:
        return not comment.is_deleted and not comment.is_hidden

    def get_measure(self, comment: Comment) -> str | None:
        return comment.measure.slug if comment.measure_id else None

    def get_project(self, comment: Comment) -> str | None:
        return comment.project.slug if comment.project_id else None

    def get_author(self, comment: Comment) -> str | None:
        if not self._shown(comment) or comment.author is None:
            return None
        return comment.author.public_name

    def get_text(self, comment: Comment) -> str:
        return comment.text if self._shown(comment) else ""


class CommentCreateSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=TEXT_MAX_LENGTH)
    idea = serializers.PrimaryKeyRelatedField(
        queryset=Idea.objects.select_related("project"), required=False,
        help_text=_("Id der Idee, die kommentiert wird."),
    )
    measure = serializers.SlugRelatedField(
        queryset=Measure.objects.all(), slug_field="slug", required=False,
        help_text=_("Kurzname der Maßnahme, die kommentiert wird."),
    )
    project = serializers.SlugRelatedField(
        queryset=Project.objects.all(), slug_field="slug", required=False,
        help_text=_("Kurzname des Projekts, das (als Ganzes) kommentiert wird."),
    )
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Comment.objects.all(), required=False,
        help_text=_("Id des Kommentars, auf den geantwortet wird (optional)."),
    )

    def validate(self, attrs):
        targets = [name for name in ("idea", "measure", "project") if attrs.get(name)]
        if len(targets) != 1:
            raise serializers.ValidationError(
                _("Bitte geben Sie genau eines an: idea, measure oder project.")
            )
        return attrs


class CommentUpdateSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=TEXT_MAX_LENGTH)


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    pass


class CommentFilter(django_filters.FilterSet):
    idea = IdFilter(field_name="idea_id", help_text=_("Id einer Idee."))
    measure = django_filters.CharFilter(
        field_name="measure__slug", help_text=_("Kurzname einer Maßnahme.")
    )
    project = django_filters.CharFilter(
        field_name="project__slug",
        help_text=_("Kurzname eines Projekts: die Kommentare zum Projekt selbst."),
    )

    class Meta:
        model = Comment
        fields = ["idea", "measure", "project"]


# --- The viewset ---------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary=_("Kommentare"),
        parameters=[
            OpenApiParameter(
                "idea", OpenApiTypes.INT, OpenApiParameter.QUERY, required=False,
                description=_("Nur die Kommentare dieser Idee (Id)."),
            )
        ],
        description=_(
            "Kommentare zu Ideen, Maßnahmen und Projekten, älteste zuerst. Gelöschte und "
            "ausgeblendete Kommentare behalten ihren Platz ohne Text und Namen."
        ),
    ),
    retrieve=extend_schema(
        summary=_("Ein Kommentar"), responses={200: CommentSerializer, 404: NOT_FOUND}
    ),
    create=extend_schema(
        summary=_("Kommentieren"),
        description=_(
            "Angemeldet mit bestätigter E-Mail-Adresse, solange die Phase es erlaubt "
            "(Maßnahmen: solange die Kommentare offen sind). Antworten sind eine Ebene tief."
        ),
        request=CommentCreateSerializer,
        responses={201: CommentSerializer, **ERROR_RESPONSES},
    ),
    partial_update=extend_schema(
        summary=_("Eigenen Kommentar ändern"),
        request=CommentUpdateSerializer,
        responses={200: CommentSerializer, **ERROR_RESPONSES, 404: NOT_FOUND},
    ),
    destroy=extend_schema(
        summary=_("Eigenen Kommentar löschen"),
        description=_("Der Kommentar bleibt als Platzhalter „Dieser Kommentar wurde gelöscht.“"),
        responses={204: None, 403: ERROR_RESPONSES[403], 404: NOT_FOUND},
    ),
)
@extend_schema(tags=["comments"])
class CommentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = CommentSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = CommentFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return comments_for_api()

    def get_object(self) -> Comment:
        queryset = self.get_queryset()
        if self.action in ("partial_update", "destroy"):
            # The author may change or delete their comment also where the API's public
            # list no longer shows it (e.g. on an idea hidden since); the service checks.
            queryset = Comment.objects.select_related("author", "measure", "project")
        comment = queryset.filter(pk=self.kwargs["pk"]).first()
        if comment is None:
            raise NotFound(_("Diesen Kommentar gibt es nicht."))
        return comment

    def create(self, request, *args, **kwargs):
        data = CommentCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        with participation_errors():
            comment = services.comment_create(
                author=request.user,
                text=values["text"],
                idea=values.get("idea"),
                measure=values.get("measure"),
                project=values.get("project"),
                parent=values.get("parent"),
            )
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        comment = self.get_object()
        data = CommentUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with participation_errors():
            comment = services.comment_update(
                comment=comment, user=request.user, text=data.validated_data["text"]
            )
        return Response(CommentSerializer(comment).data)

    def update(self, request, *args, **kwargs):  # PUT is not offered (see http_method_names)
        return self.partial_update(request, *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        comment = self.get_object()
        with participation_errors():
            services.comment_delete(comment=comment, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
