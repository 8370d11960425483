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

import django_filters
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

from core.api.errors import CONFLICT, FORBIDDEN, write_errors
from participation.ideas.models import Idea, Vote
from participation.ideas.selectors.votes import votes_left
from participation.ideas.services import votes as services
from projects.rules import can_see_project


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
    idea = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, help_text=_("Id der Idee, die Sie unterstützen.")
    )


class VoteFilter(django_filters.FilterSet):
    project = django_filters.CharFilter(
        field_name="idea__project__slug", help_text=_("Nur in diesem Projekt (Kurzname).")
    )

    class Meta:
        model = Vote
        fields = ["project"]


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


ALREADY_OR_LIMIT = OpenApiResponse(
    CONFLICT.response,
    description=_("Sie unterstützen die Idee bereits, oder Ihre Stimmen sind aufgebraucht."),
)
IDEA_ID = OpenApiParameter(
    "idea_id", OpenApiTypes.INT, OpenApiParameter.PATH, description=_("Id der Idee.")
)


@extend_schema_view(
    list=extend_schema(
        summary=_("Meine Unterstützungen"),
        description=_("Die Ideen, die Sie unterstützen (nur angemeldet)."),
        responses={200: VoteSerializer(many=True), 403: FORBIDDEN},
    ),
    create=extend_schema(
        summary=_("Idee unterstützen"),
        description=_(
            "Angemeldet mit bestätigter E-Mail-Adresse, während einer Abstimmungsphase, im "
            "Rahmen der Stimmen je Person. Eine Unterstützung je Person und Idee."
        ),
        request=VoteCreateSerializer,
        responses={201: VoteResultSerializer, **write_errors(404), 409: ALREADY_OR_LIMIT},
    ),
    destroy=extend_schema(
        summary=_("Unterstützung zurückziehen"),
        description=_("Solange die Abstimmungsphase läuft."),
        parameters=[IDEA_ID],
        responses={204: None, **write_errors(404)},
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
    filterset_class = VoteFilter
    ordering_fields = ["created_at"]
    lookup_url_kwarg = "idea_id"
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Vote.objects.none()
        return (
            Vote.objects.filter(user=self.request.user)
            .select_related("idea__project")
            .order_by("-created_at", "-pk")
        )

    def _idea(self, pk) -> Idea:
        """The idea, as the site's vote buttons find it: in a project the person may see
        (a hidden idea is then the service's refusal, with its reason)."""
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
        services.vote_withdraw(user=request.user, idea=idea)
        return Response(status=status.HTTP_204_NO_CONTENT)
