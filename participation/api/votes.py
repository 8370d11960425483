"""/api/v1/votes/: support ideas through the same service as the site's button.

* ``GET /api/v1/votes/[?project=<slug>]``: the signed-in person's own votes (403 for
  anonymous callers), newest first.
* ``POST /api/v1/votes/`` ``{"idea": <id>}``: support an idea → 201 with the idea's new
  ``vote_count`` and the votes the person has left in the phase.
* ``DELETE /api/v1/votes/<idea_id>/``: withdraw the support for that idea → 204.

A vote is addressed by its idea (one vote per person and idea), so a client needs no
vote ids. Errors carry ``{"detail": "<message in German>"}``: 403 not signed in or
e-mail not verified; 400 phase closed or idea hidden; 409 already supported or the
phase's limit reached; 404 unknown idea or no vote to withdraw.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from projects.permissions import can_see_project

from ..models import Idea, Vote
from ..selectors.votes import votes_left
from ..services import votes as services
from .comments import ERROR_RESPONSES, NOT_FOUND, ParticipationErrorSerializer, participation_errors


class VoteSerializer(serializers.ModelSerializer):
    idea = serializers.IntegerField(source="idea_id", read_only=True, help_text=_("Id der Idee."))
    project = serializers.CharField(
        source="idea.project.slug", read_only=True, help_text=_("Kurzname des Projekts.")
    )

    class Meta:
        model = Vote
        fields = ["idea", "project", "created_at"]
        read_only_fields = fields


class VoteCreateSerializer(serializers.Serializer):
    idea = serializers.IntegerField(help_text=_("Id der Idee, die Sie unterstützen."))


class VoteResultSerializer(serializers.Serializer):
    idea = serializers.IntegerField(help_text=_("Id der Idee."))
    vote_count = serializers.IntegerField(help_text=_("Unterstützungen der Idee, jetzt."))
    votes_limit = serializers.IntegerField(
        allow_null=True, help_text=_("Stimmen je Person in dieser Phase; null: unbegrenzt.")
    )
    votes_left = serializers.IntegerField(
        allow_null=True,
        help_text=_("Ihre verbleibenden Stimmen in dieser Phase; null: unbegrenzt."),
    )


CONFLICT = OpenApiResponse(
    ParticipationErrorSerializer,
    description=_("Sie unterstützen die Idee bereits, oder Ihre Stimmen sind aufgebraucht."),
)
IDEA_ID = OpenApiParameter(
    "idea_id", OpenApiTypes.INT, OpenApiParameter.PATH, description=_("Id der Idee.")
)


@extend_schema_view(
    list=extend_schema(
        summary=_("Meine Unterstützungen"),
        description=_("Die Ideen, die Sie unterstützen (nur angemeldet)."),
        parameters=[
            OpenApiParameter(
                "project", OpenApiTypes.STR, OpenApiParameter.QUERY, required=False,
                description=_("Nur in diesem Projekt (Kurzname)."),
            )
        ],
        responses={200: VoteSerializer(many=True), 403: ERROR_RESPONSES[403]},
    ),
    create=extend_schema(
        summary=_("Idee unterstützen"),
        description=_(
            "Angemeldet mit bestätigter E-Mail-Adresse, während einer Abstimmungsphase, im "
            "Rahmen der Stimmen je Person. Eine Unterstützung je Person und Idee."
        ),
        request=VoteCreateSerializer,
        responses={201: VoteResultSerializer, **ERROR_RESPONSES, 404: NOT_FOUND, 409: CONFLICT},
    ),
    destroy=extend_schema(
        summary=_("Unterstützung zurückziehen"),
        description=_("Solange die Abstimmungsphase läuft."),
        parameters=[IDEA_ID],
        responses={204: None, **ERROR_RESPONSES, 404: NOT_FOUND},
    ),
)
@extend_schema(tags=["votes"])
class VoteViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = VoteSerializer
    permission_classes = [IsAuthenticated]
    filter_backends: list = []
    lookup_url_kwarg = "idea_id"
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        votes = (
            Vote.objects.filter(user=self.request.user)
            .select_related("idea__project")
            .order_by("-created_at", "-pk")
        )
        project = self.request.query_params.get("project")
        if project:
            votes = votes.filter(idea__project__slug=project)
        return votes

    def _idea(self, pk) -> Idea:
        idea = (
            Idea.objects.select_related("project")
            .prefetch_related("project__phases")
            .filter(pk=pk)
            .first()
        )
        if idea is None or not can_see_project(self.request.user, idea.project):
            raise NotFound(_("Diese Idee gibt es nicht."))
        return idea

    def create(self, request, *args, **kwargs):
        data = VoteCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        idea = self._idea(data.validated_data["idea"])
        with participation_errors():
            vote = services.vote_cast(user=request.user, idea=idea)
        budget = votes_left(request.user, idea.project, phase=vote.phase)
        result = {
            "idea": idea.pk,
            "vote_count": idea.vote_count,
            "votes_limit": budget.limit if budget else None,
            "votes_left": budget.left if budget else None,
        }
        return Response(VoteResultSerializer(result).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs):
        idea = self._idea(kwargs["idea_id"])
        with participation_errors():
            services.vote_withdraw(user=request.user, idea=idea)
        return Response(status=status.HTTP_204_NO_CONTENT)
