"""/api/v1/notifications/: the signed-in person's own notifications.

* ``GET /api/v1/notifications/[?unread=true]``: newest first, paginated; title and text
  in the request's language.
* ``POST /api/v1/notifications/<id>/read/``: mark one read → the notification.
* ``POST /api/v1/notifications/read-all/``: mark all read → ``{"marked": <n>}``.

Anonymous callers get 403; someone else's notification is 404 (it does not exist for you).
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from ..models import Notification
from ..notifications.services import (
    describe,
    notification_text,
    notification_title,
    notifications_mark_all_read,
)


class NotificationSerializer(serializers.ModelSerializer):
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


@extend_schema_view(
    list=extend_schema(
        summary=_("Eigene Benachrichtigungen"),
        parameters=[
            OpenApiParameter(
                "unread", OpenApiTypes.BOOL, description=_("nur ungelesene"), required=False
            )
        ],
    ),
)
class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = NotificationSerializer
    permission_classes = [IsAuthenticated]
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        queryset = Notification.objects.filter(recipient=self.request.user).order_by(
            "-created_at", "-pk"
        )
        if self.request.query_params.get("unread") in ("true", "1"):
            queryset = queryset.filter(read_at__isnull=True)
        return queryset

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        describe(page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(summary=_("Als gelesen markieren"), request=None)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = self.get_object()
        if notification.read_at is None:
            notification.read_at = timezone.now()
            Notification.objects.filter(pk=notification.pk).update(read_at=notification.read_at)
        return Response(self.get_serializer(notification).data)

    @extend_schema(
        summary=_("Alle als gelesen markieren"),
        request=None,
        responses=inline_serializer(
            "NotificationsMarked", fields={"marked": serializers.IntegerField()}
        ),
    )
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"marked": notifications_mark_all_read(user=request.user)})
