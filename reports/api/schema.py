"""The OpenAPI documentation of the status reports' endpoints: summaries, descriptions
and answers per operation, applied to the viewset as a decorator
(``@schema.status_reports``).

What a field or a query parameter means is said where it is declared (a serializer's or
filter's ``help_text``); this module holds what belongs to the operations, so that the
views hold only code.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema

from core.api.schema import documented

status_reports = documented(
    "status-reports",
    list=extend_schema(
        summary=_("Veröffentlichte Sachstandsberichte"),
        description=_(
            "Die veröffentlichten Sachstandsberichte an den Stadtrat, der neueste zuerst: "
            "Zeitraum, Stichtag, Drucksache, Eckzahlen und Links zur Seite und zum PDF. "
            "Entwürfe erscheinen nie."
        ),
    ),
    retrieve=extend_schema(
        summary=_("Ein veröffentlichter Sachstandsbericht"),
        description=_("Ein veröffentlichter Bericht; ein Entwurf ergibt 404."),
    ),
)
