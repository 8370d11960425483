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
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from participation.ideas.models import Idea, Vote
from participation.ideas.selectors.votes import votes_left
from participation.ideas.services import votes as services
from projects.rules import can_see_project

from .. import schema
from ..filters import VoteFilter
from ..serializers.votes import VoteCreateSerializer, VoteResultSerializer, VoteSerializer


@schema.votes
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
