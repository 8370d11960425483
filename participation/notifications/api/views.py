"""/api/v1/follows/ and /api/v1/notifications/: what the signed-in person follows and
their own notifications, through the same services as the site's buttons.

Follows:

* ``GET /api/v1/follows/``: one's own follows, newest first (403 for anonymous callers).
* ``POST /api/v1/follows/`` with exactly one of ``measure``, ``bundle``, ``core_area``,
  ``project``, ``district`` (slug or id) or ``idea`` (id) → 201 with the follow; 200 with
  the existing one when already following (idempotent).
* ``DELETE /api/v1/follows/<id>/``: stop following → 204; someone else's follow is a 404.

Errors carry ``{"detail": "<message in German>"}``: 403 not signed in or e-mail not
verified; 404 unknown or not public; 400 not exactly one target.

Notifications:

* ``GET /api/v1/notifications/[?unread=true]``: newest first, paginated; title and text
  in the request's language.
* ``POST /api/v1/notifications/<id>/read/``: mark one read → the notification.
* ``POST /api/v1/notifications/read-all/``: mark all read → ``{"marked": <n>}``.

Both marks go through ``notifications.services`` like the site's buttons. Anonymous
callers get 403; someone else's notification is 404 (it does not exist for you).
"""

import django_filters
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from core.api.errors import as_api_exception
from core.api.filters import StrictBooleanFilter
from participation.notifications import follows as services
from participation.notifications.follows import KINDS, MODEL_OF_KIND, follow_target
from participation.notifications.models import Follow, Notification, NotificationKind
from participation.notifications.rules import target_is_visible
from participation.notifications.selectors import follows_with_targets
from participation.notifications.services import (
    describe,
    notification_mark_read,
    notifications_mark_all_read,
)

from . import schema
from .serializers import FollowCreateSerializer, FollowSerializer, NotificationSerializer

# --- Follows ----------------------------------------------------------------------------------


def _resolve(kind: str, key: str, user):
    objects = MODEL_OF_KIND[kind].objects
    if kind == "idea":
        objects = objects.select_related("project")
    if key.isascii() and key.isdigit():
        lookup = {"pk": int(key)}
    elif kind != "idea":  # ideas have no slug
        lookup = {"slug": key}
    else:
        lookup = None
    target = objects.filter(**lookup).first() if lookup else None
    if target is None or not target_is_visible(user, target):
        raise NotFound(_("Das gibt es nicht (oder es ist nicht öffentlich)."))
    return target


class FollowFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        choices=[(kind, kind) for kind in KINDS],
        method="filter_kind",
        help_text=_("Nur Abonnements dieser Art."),
    )

    class Meta:
        model = Follow
        fields = ["kind"]

    def filter_kind(self, queryset, name, value):
        return queryset.filter(**{f"{value}__isnull": False})


@schema.follows
class FollowViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = FollowSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = FollowFilter
    ordering_fields = ["created_at"]
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return follows_with_targets(self.request.user)

    def create(self, request, *args, **kwargs):
        data = FollowCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        target = _resolve(data.validated_data["kind"], data.validated_data["key"], request.user)
        kind = services.follow_kind(target)
        existed = Follow.objects.filter(user=request.user, **{kind: target}).exists()
        try:
            follow = services.follow_create(user=request.user, target=target)
        except ValidationError as exc:  # not visible: it does not exist for this person
            raise NotFound(" ".join(exc.messages)) from None
        except PermissionDenied as exc:  # NotAllowed: 403 with the reason
            raise as_api_exception(exc) from None
        follow = self.get_queryset().get(pk=follow.pk)
        return Response(
            FollowSerializer(follow).data,
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )

    def destroy(self, request, *args, **kwargs):
        follow = self.get_object()  # own follows only: someone else's is a 404
        services.follow_delete(user=request.user, target=follow_target(follow))
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Notifications ----------------------------------------------------------------------------


class NotificationFilter(django_filters.FilterSet):
    unread = StrictBooleanFilter(
        method="filter_unread", help_text=_("true: nur ungelesene; false: nur gelesene.")
    )
    kind = django_filters.ChoiceFilter(
        choices=NotificationKind.choices, help_text=_("Nur Benachrichtigungen dieser Art.")
    )

    class Meta:
        model = Notification
        fields = ["unread", "kind"]

    def filter_unread(self, queryset, name, value):
        return queryset.filter(read_at__isnull=value)


@schema.notifications
class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = NotificationSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = NotificationFilter
    ordering_fields = ["created_at"]
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        return Notification.objects.filter(recipient=self.request.user).order_by(
            "-created_at", "-pk"
        )

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        describe(page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        try:
            notification_mark_read(user=request.user, notification_id=int(pk))
        except Notification.DoesNotExist:
            raise NotFound(_("Diese Benachrichtigung gibt es nicht.")) from None
        notification = self.get_queryset().get(pk=pk)
        return Response(self.get_serializer(notification).data)

    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"marked": notifications_mark_all_read(user=request.user)})
