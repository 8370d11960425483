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


import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from core.api.errors import NOT_FOUND, write_errors
from core.api.filters import IdFilter
from measures.models import Measure
from measures.selectors import measures_visible_to
from participation.ideas.models import Comment, Idea
from participation.ideas.selectors.comments import comments_for_api
from participation.ideas.services import comments as services
from projects.models import Project
from projects.rules import can_see_project

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
        source="parent_id",
        allow_null=True,
        read_only=True,
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


def target_visible(user, target) -> bool:
    """The site's rule for the comment forms and buttons: ideas and projects of a
    project the person may see (a hidden idea is then the service's refusal, with its
    reason), measures the person may see. What fails it does not exist for them."""
    if isinstance(target, Idea):
        return can_see_project(user, target.project)
    if isinstance(target, Measure):
        return target.is_public or measures_visible_to(user).filter(pk=target.pk).exists()
    return can_see_project(user, target)


NOT_THERE = {
    "idea": _("Diese Idee gibt es nicht."),
    "measure": _("Diese Maßnahme gibt es nicht."),
    "project": _("Dieses Beteiligungsprojekt gibt es nicht."),
}


class CommentCreateSerializer(serializers.Serializer):
    # ``text`` is checked by the service (empty, too long), in the site's words.
    text = serializers.CharField(
        allow_blank=True, trim_whitespace=False, help_text=_("Der Kommentar (reiner Text).")
    )
    idea = serializers.PrimaryKeyRelatedField(
        queryset=Idea.objects.select_related("project"),
        required=False,
        help_text=_("Id der Idee, die kommentiert wird."),
    )
    measure = serializers.SlugRelatedField(
        queryset=Measure.objects.all(),
        slug_field="slug",
        required=False,
        help_text=_("Kurzname der Maßnahme, die kommentiert wird."),
    )
    project = serializers.SlugRelatedField(
        queryset=Project.objects.prefetch_related("phases"),
        slug_field="slug",
        required=False,
        help_text=_("Kurzname des Projekts, das (als Ganzes) kommentiert wird."),
    )
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Comment.objects.all(),
        required=False,
        help_text=_("Id des Kommentars, auf den geantwortet wird (optional)."),
    )

    def _visible(self, value, kind: str):
        if not target_visible(self.context["request"].user, value):
            raise serializers.ValidationError(NOT_THERE[kind])
        return value

    def validate_idea(self, value):
        return self._visible(value, "idea")

    def validate_measure(self, value):
        return self._visible(value, "measure")

    def validate_project(self, value):
        return self._visible(value, "project")

    def validate(self, attrs):
        targets = [name for name in ("idea", "measure", "project") if attrs.get(name)]
        if len(targets) != 1:
            raise serializers.ValidationError(
                _("Bitte geben Sie genau eines an: idea, measure oder project.")
            )
        return attrs


class CommentUpdateSerializer(serializers.Serializer):
    text = serializers.CharField(
        allow_blank=True, trim_whitespace=False, help_text=_("Der neue Text.")
    )


class CommentFilter(django_filters.FilterSet):
    idea = IdFilter(field_name="idea_id", help_text=_("Id einer Idee."))
    measure = django_filters.CharFilter(
        field_name="measure__slug", help_text=_("Kurzname einer Maßnahme.")
    )
    project = django_filters.CharFilter(
        field_name="project__slug",
        help_text=_("Kurzname eines Projekts: die Kommentare zum Projekt selbst."),
    )
    parent = IdFilter(
        field_name="parent_id", help_text=_("Nur die Antworten auf diesen Kommentar.")
    )

    class Meta:
        model = Comment
        fields = ["idea", "measure", "project", "parent"]


# --- The viewset ---------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary=_("Kommentare"),
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
        responses={201: CommentSerializer, **write_errors()},
    ),
    partial_update=extend_schema(
        summary=_("Eigenen Kommentar ändern"),
        description=_("Nur wer ihn geschrieben hat, solange Kommentieren möglich ist."),
        request=CommentUpdateSerializer,
        responses={200: CommentSerializer, **write_errors(404)},
    ),
    destroy=extend_schema(
        summary=_("Eigenen Kommentar löschen"),
        description=_("Der Kommentar bleibt als Platzhalter „Dieser Kommentar wurde gelöscht.“"),
        responses={204: None, **write_errors(404)},
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
    filterset_class = CommentFilter
    ordering_fields = ["created_at"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return comments_for_api()

    def get_object(self) -> Comment:
        if self.action in ("partial_update", "destroy"):
            # As the site's edit and delete buttons: any comment whose target the person
            # may see (also on an idea hidden since); the service decides who may act.
            comment = (
                Comment.objects.select_related("author", "idea__project", "measure", "project")
                .filter(pk=self.kwargs["pk"])
                .first()
            )
            if comment is not None and not target_visible(
                self.request.user, services.comment_target(comment)
            ):
                comment = None
        else:
            comment = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if comment is None:
            raise NotFound(_("Diesen Kommentar gibt es nicht."))
        return comment

    def create(self, request, *args, **kwargs):
        data = CommentCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = data.validated_data
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
        comment = services.comment_update(
            comment=comment, user=request.user, text=data.validated_data["text"]
        )
        return Response(CommentSerializer(comment).data)

    def update(self, request, *args, **kwargs):  # PUT is not offered (see http_method_names)
        return self.partial_update(request, *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        comment = self.get_object()
        services.comment_delete(comment=comment, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
