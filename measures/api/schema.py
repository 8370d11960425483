"""The OpenAPI documentation of the strategy's endpoints: summaries, descriptions and
answers per operation, applied to the viewsets as decorators (``@schema.measures``).

What a field or a query parameter means is said where it is declared (a serializer's or
filter's ``help_text``); this module holds what belongs to the operations, so that the
views hold only code.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema

from core.api.errors import BAD_QUERY, NOT_FOUND
from core.api.schema import documented

from . import serializers

core_areas = documented(
    "core-areas",
    list=extend_schema(
        summary=_("Kernbereiche"),
        description=_("Die Kernbereiche der Strategie mit Fortschritt und Maßnahmenbündeln."),
    ),
    retrieve=extend_schema(
        summary=_("Ein Kernbereich"),
        description=_("Ein Kernbereich mit Fortschritt und Maßnahmenbündeln."),
        responses={200: serializers.CoreAreaSerializer, 404: NOT_FOUND},
    ),
)

fields = documented(
    "fields",
    list=extend_schema(
        summary=_("Handlungsfelder"),
        description=_("Die Handlungsfelder mit Fortschritt und Maßnahmenbündeln."),
    ),
    retrieve=extend_schema(
        summary=_("Ein Handlungsfeld"),
        description=_("Ein Handlungsfeld mit Fortschritt und Maßnahmenbündeln."),
        responses={200: serializers.FieldOfActionSerializer, 404: NOT_FOUND},
    ),
)

bundles = documented(
    "bundles",
    list=extend_schema(
        summary=pgettext_lazy("Mehrzahl", "Maßnahmenbündel"),
        description=_(
            "Die Maßnahmenbündel mit Handlungsfeld, Kernbereichen, Gewicht, Fortschritt "
            "und der Zahl der für Sie sichtbaren Maßnahmen."
        ),
    ),
    retrieve=extend_schema(
        summary=_("Ein Maßnahmenbündel"),
        description=_("Ein Maßnahmenbündel mit Fortschritt und Zahl der Maßnahmen."),
        responses={200: serializers.BundleSerializer, 404: NOT_FOUND},
    ),
)

measures = documented(
    "measures",
    list=extend_schema(
        summary=_("Maßnahmen"),
        description=_(
            "Die für Sie sichtbaren Maßnahmen, filterbar wie auf der Seite "
            "(Status, Handlungsfeld, Kernbereich, Bündel, Stelle, verzögert, ohne aktuellen "
            "Sachstand, Textsuche). Ein unbekannter Filter- oder Sortierwert ergibt 400."
        ),
        responses={200: serializers.MeasureSerializer, 400: BAD_QUERY},
    ),
    retrieve=extend_schema(
        summary=_("Eine Maßnahme"),
        description=_(
            "Die Maßnahme mit Beschreibung, Meilensteinen, Sachständen (Zeitleiste), "
            "Indikatoren mit Werten und verwandten Maßnahmen. Mit ?as_of=JJJJ-MM-TT "
            "zusätzlich ihr Zustand an diesem Tag."
        ),
        parameters=[serializers.AsOfQuerySerializer],
        responses={
            200: serializers.MeasureDetailSerializer,
            400: OpenApiResponse(BAD_QUERY.response, description=_("Ungültiges Datum in as_of.")),
            404: NOT_FOUND,
        },
    ),
)
