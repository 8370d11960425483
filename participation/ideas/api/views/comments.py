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

from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from participation.ideas.models import Comment
from participation.ideas.rules import can_see_comment_target
from participation.ideas.selectors.comments import comments_for_api
from participation.ideas.services import comments as services

from .. import schema
from ..filters import CommentFilter
from ..serializers.comments import (
    CommentCreateSerializer,
    CommentSerializer,
    CommentUpdateSerializer,
)


@schema.comments
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
            if comment is not None and not can_see_comment_target(
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
