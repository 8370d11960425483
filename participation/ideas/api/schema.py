"""The OpenAPI documentation of the endpoints of ideas, comments and votes: summaries,
descriptions and answers per operation, applied to the viewsets as decorators
(``@schema.ideas``, ``@schema.comments``, ``@schema.votes``).

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

from core.api.errors import BAD_QUERY, CONFLICT, FORBIDDEN, NOT_FOUND, write_errors
from core.api.schema import documented

from .serializers.comments import (
    CommentCreateSerializer,
    CommentSerializer,
    CommentUpdateSerializer,
)
from .serializers.ideas import (
    IdeaCreateSerializer,
    IdeaFeatureCollectionSerializer,
    IdeaSerializer,
    IdeaUpdateSerializer,
)
from .serializers.votes import VoteCreateSerializer, VoteResultSerializer, VoteSerializer

# --- Ideas ----------------------------------------------------------------------------------

PROJECT_PARAMETER = OpenApiParameter(
    "project",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    required=True,
    description=_("Kurzname (slug) des Beteiligungsprojekts."),
)
NOT_MODIFIED = OpenApiResponse(
    description=_("Nicht geändert seit der Version aus If-None-Match/If-Modified-Since.")
)


ideas = documented(
    "ideas",
    list=extend_schema(
        summary=_("Ideen eines Projekts"),
        description=_(
            "Die Ideen eines veröffentlichten Beteiligungsprojekts, gefiltert und sortiert "
            "wie die Liste auf der Seite (Ortsteil, Kategorie, Status, Text; neueste, meiste "
            "Unterstützung, meiste Kommentare). Als JSON seitenweise; mit ?format=geojson "
            "alle passenden Ideen als GeoJSON-FeatureCollection für Karten (Ideen ohne Punkt "
            "fehlen dort und werden in omitted_without_location gezählt). Antworten tragen "
            "ETag und Last-Modified; eine bedingte Anfrage ergibt 304."
        ),
        parameters=[PROJECT_PARAMETER],
        responses={
            (200, "application/json"): IdeaSerializer(many=True),
            (200, "application/geo+json"): IdeaFeatureCollectionSerializer,
            304: NOT_MODIFIED,
            400: OpenApiResponse(
                BAD_QUERY.response,
                description=_("Projekt nicht angegeben oder ungültiger Filter- oder Sortierwert."),
            ),
            404: OpenApiResponse(
                NOT_FOUND.response, description=_("Dieses Projekt gibt es nicht (öffentlich).")
            ),
        },
    ),
    retrieve=extend_schema(
        summary=_("Eine Idee"),
        description=_("Eine sichtbare Idee mit Status und Antwort der Stadt."),
        responses={200: IdeaSerializer, 404: NOT_FOUND},
    ),
    create=extend_schema(
        summary=_("Idee einreichen"),
        description=_(
            "Angemeldet mit bestätigter E-Mail-Adresse, solange eine Phase des Projekts "
            "Ideen erlaubt. Der Ort ist ein GeoJSON-Punkt im Projektgebiet oder, ohne Punkt, "
            "Ortsteil und Ortsbeschreibung. Ein Bild nur mit multipart/form-data (location "
            "dann als JSON-Text)."
        ),
        request={
            "application/json": IdeaCreateSerializer,
            "multipart/form-data": IdeaCreateSerializer,
        },
        responses={201: IdeaSerializer, **write_errors()},
    ),
    partial_update=extend_schema(
        summary=_("Eigene Idee ändern"),
        description=_(
            "Nur wer die Idee eingereicht hat, solange die Ideenphase läuft. Nicht "
            "angegebene Felder behalten ihren Wert."
        ),
        request={
            "application/json": IdeaUpdateSerializer,
            "multipart/form-data": IdeaUpdateSerializer,
        },
        responses={200: IdeaSerializer, **write_errors(404)},
    ),
    destroy=extend_schema(
        summary=_("Idee löschen"),
        description=_(
            "Wer sie eingereicht hat, solange die Ideenphase läuft; die Moderation des "
            "Projekts jederzeit. Kommentare und Unterstützungen werden mitgelöscht."
        ),
        responses={204: None, **write_errors(404)},
    ),
)


# --- Comments -------------------------------------------------------------------------------

comments = documented(
    "comments",
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


# --- Votes ----------------------------------------------------------------------------------

ALREADY_OR_LIMIT = OpenApiResponse(
    CONFLICT.response,
    description=_("Sie unterstützen die Idee bereits, oder Ihre Stimmen sind aufgebraucht."),
)
IDEA_ID = OpenApiParameter(
    "idea_id", OpenApiTypes.INT, OpenApiParameter.PATH, description=_("Id der Idee.")
)


votes = documented(
    "votes",
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
