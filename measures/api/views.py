"""Read-only API of the strategy: core areas, fields of action, bundles, measures.

Thin views over the same selectors and filters as the public pages, so the API shows
exactly what the site shows to the same person (non-public measures only to those who
manage them). Each list runs a fixed number of queries whatever its length. The OpenAPI
prose is in ``schema``, the fields' in the serializers.
"""

import django_filters
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import viewsets
from rest_framework.response import Response

from .. import rollup, selectors
from ..filters import MeasureFilter
from ..models import Measure, MeasureBundle
from . import schema, serializers


class BundleFilter(django_filters.FilterSet):
    field = django_filters.CharFilter(
        field_name="field_of_action__slug", help_text=_("Kurzname eines Handlungsfelds.")
    )
    core_area = django_filters.CharFilter(
        field_name="core_areas__slug", help_text=_("Kurzname eines Kernbereichs.")
    )

    class Meta:
        model = MeasureBundle
        fields = ["field", "core_area"]


class _StrategyProgressMixin:
    # One ``rollup.strategy_progress()`` per request, for every row's serializer.

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "swagger_fake_view", False):
            return context  # drf-spectacular builds the schema (also in `manage.py check`)
        if not hasattr(self, "_strategy_progress"):
            self._strategy_progress = rollup.strategy_progress()
        context["strategy_progress"] = self._strategy_progress
        return context


def _bundles_in_order():
    return Prefetch("bundles", queryset=MeasureBundle.objects.order_by("number"))


@schema.core_areas
class CoreAreaViewSet(_StrategyProgressMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.CoreAreaSerializer
    lookup_field = "slug"
    filterset_fields: list[str] = []  # five rows: nothing to filter
    ordering_fields = ["number", "title"]

    def get_queryset(self):
        return selectors.core_areas_for_overview().prefetch_related(_bundles_in_order())


@schema.fields
class FieldOfActionViewSet(_StrategyProgressMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.FieldOfActionSerializer
    lookup_field = "slug"
    filterset_fields: list[str] = []  # a handful of rows: nothing to filter
    ordering_fields = ["number", "code", "title"]

    def get_queryset(self):
        return selectors.fields_for_overview().prefetch_related(_bundles_in_order())


@schema.bundles
class BundleViewSet(_StrategyProgressMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.BundleSerializer
    lookup_field = "slug"
    filterset_class = BundleFilter
    ordering_fields = ["number", "title", "measure_count"]

    def get_queryset(self):
        return selectors.bundles_for_overview(user=self.request.user)


@schema.measures
class MeasureViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_field = "slug"
    filterset_class = MeasureFilter
    # public name → column; "code" sorts by sort_key so that 3.10 comes after 3.9
    ordering_fields = {
        "code": "sort_key",
        "progress": "progress",
        "planned_end": "planned_end",
        "last_update_on": "last_update_on",
        "title": "title",
    }
    ordering_tiebreak = ("sort_key", "pk")

    def get_queryset(self):
        return selectors.measures_for_list(user=self.request.user)

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.MeasureDetailSerializer
        return serializers.MeasureSerializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}

    def get_object(self) -> Measure:
        try:
            measure = selectors.measure_for_detail(
                user=self.request.user, slug=self.kwargs[self.lookup_field]
            )
        except Measure.DoesNotExist:
            raise Http404 from None
        self.check_object_permissions(self.request, measure)
        return measure

    def retrieve(self, request, *args, **kwargs):
        query = serializers.AsOfQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        measure = self.get_object()
        context = {
            **self.get_serializer_context(),
            "successor_visible": _successor_visible(request.user, measure),
            "state_as_of": _state_as_of(measure, query.validated_data.get("as_of")),
        }
        return Response(serializers.MeasureDetailSerializer(measure, context=context).data)


def _successor_visible(user, measure: Measure) -> bool:
    """A successor is shown only to those who may see it (it may not be public yet)."""
    if measure.successor_id is None:
        return False
    if measure.successor.is_public:
        return True
    return selectors.measures_visible_to(user).filter(pk=measure.successor_id).exists()


def _state_as_of(measure: Measure, as_of) -> dict | None:
    if as_of is None:
        return None
    state = rollup.measure_state_as_of(measure=measure, date=as_of)
    return {
        "as_of": as_of,
        "date": state.date,
        "status": state.status,
        "progress": state.progress,
    }
