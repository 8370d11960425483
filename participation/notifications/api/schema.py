"""The OpenAPI documentation of the endpoints of follows and notifications: summaries,
descriptions and answers per operation (also of the "mark read" actions), applied to the
viewsets as decorators (``@schema.follows``, ``@schema.notifications``).

What a field or a query parameter means is said where it is declared (a serializer's or
filter's ``help_text``); this module holds what belongs to the operations, so that the
views hold only code.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)

from core.api.errors import FORBIDDEN, NOT_FOUND, THROTTLED, write_errors
from core.api.schema import documented

from .serializers import (
    FollowCreateSerializer,
    FollowSerializer,
    MarkedSerializer,
    NotificationSerializer,
)

# --- Follows ----------------------------------------------------------------------------------

FOLLOW_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description=_("Id des Abonnements.")
)


follows = documented(
    "follows",
    list=extend_schema(
        summary=_("Meine Abonnements"),
        description=_("Dem folgen Sie (nur angemeldet), das Neueste zuerst."),
        responses={200: FollowSerializer(many=True), 403: FORBIDDEN},
    ),
    create=extend_schema(
        summary=_("Folgen"),
        description=_(
            "Angemeldet mit bestätigter E-Mail-Adresse; nur Öffentliches. Folgen Sie schon, "
            "kommt das bestehende Abonnement mit 200 zurück."
        ),
        request=FollowCreateSerializer,
        responses={
            201: FollowSerializer,
            200: OpenApiResponse(FollowSerializer, description=_("Sie folgen schon.")),
            **write_errors(404),
        },
    ),
    destroy=extend_schema(
        summary=_("Nicht mehr folgen"),
        parameters=[FOLLOW_ID],
        responses={204: None, **write_errors(404)},
    ),
)

# --- Notifications ----------------------------------------------------------------------------

NOTIFICATION_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description=_("Id der Benachrichtigung.")
)


notifications = documented(
    "notifications",
    list=extend_schema(
        summary=_("Eigene Benachrichtigungen"),
        description=_("Ihre Benachrichtigungen, neueste zuerst (nur angemeldet)."),
        responses={200: NotificationSerializer(many=True), 403: FORBIDDEN},
    ),
    read=extend_schema(
        summary=_("Als gelesen markieren"),
        parameters=[NOTIFICATION_ID],
        request=None,
        responses={200: NotificationSerializer, 403: FORBIDDEN, 404: NOT_FOUND, 429: THROTTLED},
    ),
    read_all=extend_schema(
        summary=_("Alle als gelesen markieren"),
        request=None,
        responses={200: MarkedSerializer, 403: FORBIDDEN, 429: THROTTLED},
    ),
)
