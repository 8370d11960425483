"""The OpenAPI documentation of the projects' endpoints: summaries, descriptions and
answers per operation, applied to the viewset as a decorator (``@schema.projects``).

What a field or a query parameter means is said where it is declared (a serializer's or
filter's ``help_text``); this module holds what belongs to the operations, so that the
views hold only code.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema

from core.api.errors import NOT_FOUND
from core.api.schema import documented

from . import serializers

projects = documented(
    "projects",
    list=extend_schema(
        summary=_("Beteiligungsprojekte"),
        description=_(
            "Die für Sie sichtbaren Beteiligungsprojekte, laufende zuerst, mit Phasen "
            "(was jede erlaubt und welche gerade läuft), Ortsteilen, Gebiet und "
            "verknüpften Maßnahmen. Entwürfe sehen nur ihre Moderierenden und die "
            "Verwaltung."
        ),
    ),
    retrieve=extend_schema(
        summary=_("Ein Beteiligungsprojekt"),
        description=_("Ein Beteiligungsprojekt mit Phasen, Ortsteilen, Gebiet und Maßnahmen."),
        responses={200: serializers.ProjectSerializer, 404: NOT_FOUND},
    ),
)
