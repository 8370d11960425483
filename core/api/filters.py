"""The filter backends of every list endpoint (settings.REST_FRAMEWORK
["DEFAULT_FILTER_BACKENDS"]): django-filter's backend, whose invalid values already
answer 400 with a message per parameter, and a strict ``?ordering=``.

DRF's own OrderingFilter silently ignores a field it does not know, so a client with a
typo gets an unsorted page and never learns why; here that is a 400 naming the field and
the allowed ones. Each view declares its allow-list in ``ordering_fields``: a list of
public names, or a mapping from public name to model field or annotation
(``{"code": "sort_key"}``). A view without ``ordering_fields`` cannot be sorted.
"""

import django_filters
from django import forms
from django.db.models import F
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter


class StrictOrderingFilter(OrderingFilter):
    """``?ordering=`` from an allow-list; an unknown field is a 400, not silently ignored.

    Nulls sort last in both directions (same on SQLite and PostgreSQL), and
    ``ordering_tiebreak`` (default: the primary key) keeps pages stable when values repeat.
    Without ``?ordering=`` the selector's order stays.
    """

    ordering_description = gettext_lazy(
        "Sortierung, kommagetrennt; ein „-“ davor kehrt die Richtung um."
    )

    def allowed_fields(self, view) -> dict[str, str]:
        declared = getattr(view, "ordering_fields", None) or {}
        if declared == "__all__":  # never: an allow-list is the point of this class
            raise TypeError(f"{type(view).__name__}.ordering_fields must be an allow-list")
        if isinstance(declared, dict):
            return dict(declared)
        return {name: name for name in declared}

    def get_ordering(self, request, queryset, view):
        raw = request.query_params.get(self.ordering_param)
        if raw is None or not raw.strip():
            return None
        allowed = self.allowed_fields(view)
        terms = [term.strip() for term in raw.split(",") if term.strip()]
        if not allowed:
            raise ValidationError(
                {self.ordering_param: [_("Diese Liste lässt sich nicht sortieren.")]}
            )
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
        if not names:
            return []
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


# --- Filters that refuse what they cannot read -----------------------------------------------
# django-filter's BooleanFilter reads "maybe" as "no filter" and NumberFilter takes
# "1.5" and numbers beyond the database's integers: here each is a 400 with the reason.

MAX_ID = 2**63 - 1


class StrictBooleanField(forms.Field):
    TRUE = {"true", "1", "yes"}
    FALSE = {"false", "0", "no"}

    def to_python(self, value):
        if value in (None, ""):
            return None
        text = str(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise forms.ValidationError(_("Bitte „true“ oder „false“ angeben."), code="invalid")


@extend_schema_field({"type": "boolean"})
class StrictBooleanFilter(django_filters.Filter):
    field_class = StrictBooleanField


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(django_filters.Filter):
    """An id: a whole number the database can hold."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)
