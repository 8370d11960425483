"""The measure filters, shared by the public list page and the API (one rule set)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.forms import FilterForm
from core.translation import in_any_language

from .models import (
    CoreArea,
    FieldOfAction,
    Measure,
    MeasureBundle,
    OrganisationalUnit,
    Status,
)

YES_NO = [("true", _("ja")), ("false", _("nein"))]


class MeasureFilter(django_filters.FilterSet):
    """Expects a queryset annotated by ``MeasureQuerySet.with_flags()``."""

    q = django_filters.CharFilter(
        method="filter_text", label=_("Suche"), widget=forms.SearchInput
    )
    status = django_filters.ChoiceFilter(choices=Status.choices, label=_("Status"))
    field = django_filters.ModelChoiceFilter(
        field_name="bundle__field_of_action",
        to_field_name="slug",
        queryset=FieldOfAction.objects.all(),
        label=_("Handlungsfeld"),
        empty_label=_("alle"),
    )
    core_area = django_filters.ModelChoiceFilter(
        field_name="bundle__core_areas",
        to_field_name="slug",
        queryset=CoreArea.objects.all(),
        label=_("Kernbereich"),
        empty_label=_("alle"),
    )
    bundle = django_filters.ModelChoiceFilter(
        field_name="bundle",
        to_field_name="slug",
        queryset=MeasureBundle.objects.all(),
        label=_("Maßnahmenbündel"),
        empty_label=_("alle"),
    )
    unit = django_filters.ModelChoiceFilter(
        field_name="responsible_unit",
        to_field_name="slug",
        queryset=OrganisationalUnit.objects.all(),
        label=_("Verantwortliche Stelle"),
        empty_label=_("alle"),
    )
    delayed = django_filters.ChoiceFilter(
        field_name="is_delayed",
        choices=YES_NO,
        method="filter_yes_no",
        label=_("Verzögert"),
        empty_label=_("egal"),
    )
    stale = django_filters.ChoiceFilter(
        field_name="is_stale",
        choices=YES_NO,
        method="filter_yes_no",
        label=_("Ohne aktuellen Sachstand"),
        empty_label=_("egal"),
    )

    class Meta:
        model = Measure
        form = FilterForm
        fields = ["q", "status", "field", "core_area", "bundle", "unit", "delayed", "stale"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["status"].extra["empty_label"] = _("alle")

    def filter_yes_no(self, queryset, name: str, value: str):
        return queryset.filter(**{name: value == "true"})

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(code__icontains=value)
            | in_any_language("title", "icontains", value)
            | in_any_language("summary", "icontains", value)
            | in_any_language("description", "icontains", value)
            | Q(partners__icontains=value)
        )
