"""API-only filter backends. The measure filters themselves are ``measures.filters``."""

from django.db.models import F
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter


class StrictOrderingFilter(OrderingFilter):
    """``?ordering=`` from an allow-list; an unknown field is a 400, not silently ignored.

    The view declares ``ordering_fields`` as a mapping from public name to model field or
    annotation (``{"code": "sort_key"}``), so the public name can differ from the column.
    Nulls sort last in both directions (same on SQLite and PostgreSQL), and
    ``ordering_tiebreak`` keeps pages stable when values repeat.
    """

    ordering_description = gettext_lazy(
        "Sortierung, kommagetrennt; ein „-“ davor kehrt die Richtung um."
    )

    def allowed_fields(self, view) -> dict[str, str]:
        return dict(view.ordering_fields)

    def get_ordering(self, request, queryset, view):
        raw = request.query_params.get(self.ordering_param)
        if raw is None or not raw.strip():
            return None
        allowed = self.allowed_fields(view)
        terms = [term.strip() for term in raw.split(",") if term.strip()]
        unknown = [term for term in terms if term.removeprefix("-") not in allowed]
        if unknown:
            raise ValidationError(
                {
                    self.ordering_param: [
                        _("Unbekanntes Sortierfeld „%(field)s“. Erlaubt: %(allowed)s.")
                        % {"field": field, "allowed": ", ".join(allowed)}
                        for field in unknown
                    ]
                }
            )
        return terms

    def filter_queryset(self, request, queryset, view):
        terms = self.get_ordering(request, queryset, view)
        if not terms:
            return queryset
        allowed = self.allowed_fields(view)
        order_by = []
        for term in terms:
            column = allowed[term.removeprefix("-")]
            if term.startswith("-"):
                order_by.append(F(column).desc(nulls_last=True))
            else:
                order_by.append(F(column).asc(nulls_last=True))
        order_by.extend(getattr(view, "ordering_tiebreak", ("pk",)))
        return queryset.order_by(*order_by)

    def get_schema_operation_parameters(self, view):
        names = list(self.allowed_fields(view))
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": force_str(self.ordering_description),
                "schema": {
                    "type": "array",
                    "items": {
                        "type": "string",
                        "enum": [value for name in names for value in (name, f"-{name}")],
                    },
                },
                "style": "form",
                "explode": False,
            }
        ]
