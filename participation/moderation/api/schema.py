"""The OpenAPI documentation of the flags' endpoints: summaries, descriptions and answers
per operation, applied to the viewset as a decorator (``@schema.flags``).

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

from core.api.errors import BAD_REQUEST, NOT_FOUND, write_errors
from core.api.schema import documented

from .serializers import FlagCreateSerializer, FlagSerializer, ModeratorFlagSerializer

flags = documented(
    "flags",
    list=extend_schema(
        summary=_("Meldungen eines Projekts (Moderation)"),
        description=_(
            "Nur für die Moderation des Projekts: die Meldungen, neueste zuerst, je mit den "
            "Entscheidungen zum gemeldeten Beitrag."
        ),
        parameters=[
            OpenApiParameter(
                "project",
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                required=True,
                description=_("Kurzname des Projekts."),
            ),
        ],
        responses={
            200: ModeratorFlagSerializer(many=True),
            400: BAD_REQUEST,
            404: OpenApiResponse(NOT_FOUND.response, description=_("Projekt nicht gefunden.")),
        },
    ),
    create=extend_schema(
        summary=_("Idee oder Kommentar melden"),
        description=_(
            "Angemeldet mit bestätigter E-Mail-Adresse. Nicht den eigenen Beitrag; eine "
            "offene Meldung je Person und Beitrag. Nach mehreren Meldungen wird der "
            "Beitrag bis zur Entscheidung der Moderation ausgeblendet."
        ),
        request=FlagCreateSerializer,
        responses={201: FlagSerializer, **write_errors()},
    ),
)
