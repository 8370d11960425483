"""/api/v1/notifications/: the signed-in person's own notifications.

* ``GET /api/v1/notifications/[?unread=true]``: newest first, paginated; title and text
  in the request's language.
* ``POST /api/v1/notifications/<id>/read/``: mark one read → the notification.
* ``POST /api/v1/notifications/read-all/``: mark all read → ``{"marked": <n>}``.

Both marks go through ``notifications.services`` like the site's buttons. Anonymous
callers get 403; someone else's notification is 404 (it does not exist for you).
"""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from core.api.errors import FORBIDDEN, NOT_FOUND, THROTTLED
from core.api.filters import StrictBooleanFilter
from participation.notifications.models import Notification, NotificationKind
from participation.notifications.services import (
    describe,
    notification_mark_read,
    notification_text,
    notification_title,
    notifications_mark_all_read,
)


class NotificationSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=NotificationKind.choices, read_only=True)
    title = serializers.SerializerMethodField(help_text=_("Überschrift, in Ihrer Sprache."))
    text = serializers.SerializerMethodField(help_text=_("Auszug oder Begründung, Klartext."))
    url = serializers.SerializerMethodField(help_text=_("Adresse des Gegenstands."))
    is_read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "text", "url", "created_at", "read_at", "is_read"]
        read_only_fields = fields

    def get_title(self, obj) -> str:
        return getattr(obj, "title", None) or notification_title(obj)

    def get_text(self, obj) -> str:
        return getattr(obj, "text", None) or notification_text(obj)

    def get_url(self, obj) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(obj.url) if request else obj.url

    def get_is_read(self, obj) -> bool:
        return obj.read_at is not None


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text=_("Wie viele jetzt als gelesen markiert wurden."))


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


NOTIFICATION_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description=_("Id der Benachrichtigung.")
)


@extend_schema_view(
    list=extend_schema(
        summary=_("Eigene Benachrichtigungen"),
        description=_("Ihre Benachrichtigungen, neueste zuerst (nur angemeldet)."),
        responses={200: NotificationSerializer(many=True), 403: FORBIDDEN},
    ),
)
@extend_schema(tags=["notifications"])
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

    @extend_schema(
        summary=_("Als gelesen markieren"),
        parameters=[NOTIFICATION_ID],
        request=None,
        responses={200: NotificationSerializer, 403: FORBIDDEN, 404: NOT_FOUND, 429: THROTTLED},
    )
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        try:
            notification_mark_read(user=request.user, notification_id=int(pk))
        except Notification.DoesNotExist:
            raise NotFound(_("Diese Benachrichtigung gibt es nicht.")) from None
        notification = self.get_queryset().get(pk=pk)
        return Response(self.get_serializer(notification).data)

    @extend_schema(
        summary=_("Alle als gelesen markieren"),
        request=None,
        responses={200: MarkedSerializer, 403: FORBIDDEN, 429: THROTTLED},
    )
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"marked": notifications_mark_all_read(user=request.user)})
