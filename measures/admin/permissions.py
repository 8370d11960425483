"""Who may do what in the strategy's admin: the answers of ``measures.rules``, asked once
per request, and the mixins that limit rows to the measures a person manages."""

from core.rules import cached

from ..models import IndicatorValue, Measure
from ..rules import (
    is_measure_manager,
    manages_all_measures,
    manages_measure,
    measures_managed_by,
)

VIEW_MEASURE = "measures.view_measure"


# --- permission answers, asked once per request -----------------------------------------------


def _cached(request, key: str, compute):
    """One answer per request: remembered with the person's other permission answers
    (``core.rules.cached``)."""
    return cached(request.user, ("measures_admin", key), compute)


def manages_all(request) -> bool:
    return _cached(request, "manages_all", lambda: manages_all_measures(request.user))


def sees_all(request) -> bool:
    """Strategy staff, and read-only staff with the global view permission."""
    return _cached(
        request,
        "sees_all",
        lambda: manages_all(request) or request.user.has_perm(VIEW_MEASURE),
    )


def is_manager(request) -> bool:
    return _cached(request, "is_manager", lambda: is_measure_manager(request.user))


def can_manage(request, measure_id) -> bool:
    if measure_id is None:
        return False
    if manages_all(request):
        return True
    # guardian needs the content type and the pk only: no need to load the measure.
    return _cached(
        request,
        f"can_manage:{measure_id}",
        lambda: manages_measure(request.user, Measure(pk=measure_id)),
    )


def managed_measures(request):
    return measures_managed_by(request.user)


# --- rows that belong to a measure ------------------------------------------------------------


def measure_id_of(obj) -> int | None:
    if isinstance(obj, Measure):
        return obj.pk
    if isinstance(obj, IndicatorValue):
        return obj.indicator.measure_id if obj.indicator_id else None
    return obj.measure_id


class MeasureScopedAdminMixin:
    """For models that belong to a measure: visible and changeable only for those who
    manage that measure (strategy staff: all)."""

    measure_lookup = "measure"

    def has_module_permission(self, request):
        return sees_all(request) or is_manager(request)

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return sees_all(request) or is_manager(request)
        return sees_all(request) or can_manage(request, measure_id_of(obj))

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return is_manager(request)
        return can_manage(request, measure_id_of(obj))

    def has_add_permission(self, request):
        return is_manager(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if sees_all(request):
            return queryset
        return queryset.filter(
            **{f"{self.measure_lookup}__in": managed_measures(request).values("pk")}
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not manages_all(request):
            # Bulk deletion is for strategy staff; managers delete one row at a time.
            actions.pop("delete_selected", None)
        return actions

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "measure":
            kwargs["queryset"] = managed_measures(request).order_by("bundle__number", "sort_key")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class MeasurePartInlineMixin:
    """Inline rows follow the parent: whoever manages the parent's measure edits them.

    Django asks with ``obj=None`` in two cases: while the parent is being added
    (``has_add_permission``), and for the inline's queryset in general (view/change),
    where the formset narrows the rows to the parent anyway.
    """

    def parent_add_permission(self, request) -> bool:
        # While the parent is being added there is no measure yet to ask about.
        return manages_all(request)

    def has_add_permission(self, request, obj):
        if obj is None:
            return self.parent_add_permission(request)
        return can_manage(request, measure_id_of(obj))

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return is_manager(request)
        return can_manage(request, measure_id_of(obj))

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def has_view_permission(self, request, obj=None):
        return sees_all(request) or self.has_change_permission(request, obj)
