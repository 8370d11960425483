"""Reads shared by the public pages and the API. They own the joins and prefetches, so
every page and list endpoint runs a fixed number of queries whatever the row count."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from .models import (
    CoreArea,
    FieldOfAction,
    Indicator,
    IndicatorValue,
    Measure,
    MeasureBundle,
    Milestone,
    MilestoneState,
    ProgressUpdate,
    planned_end_passed,
)
from .rules import manages_all_measures, measures_managed_by


def measures_visible_to(user) -> QuerySet[Measure]:
    """Public measures for everyone; non-public ones only for those who manage them."""
    if manages_all_measures(user):
        return Measure.objects.all()
    if user is not None and user.is_authenticated:
        return Measure.objects.filter(
            Q(is_public=True) | Q(pk__in=measures_managed_by(user).values("pk"))
        )
    return Measure.objects.filter(is_public=True)


def measures_for_list(*, user, today: datetime.date | None = None) -> QuerySet[Measure]:
    """Visible measures with ``is_delayed``/``is_stale`` and what a list row shows."""
    return (
        measures_visible_to(user)
        .with_flags(today)
        .select_related("bundle__field_of_action", "responsible_unit")
        .order_by("bundle__number", "sort_key")
    )


def measure_for_detail(*, user, slug: str, today: datetime.date | None = None) -> Measure:
    """One visible measure with everything its page and API detail show.

    Raises Measure.DoesNotExist when it does not exist or is not visible to ``user``.
    """
    visible = measures_visible_to(user)
    return (
        measures_for_list(user=user, today=today)
        .select_related("successor")
        .prefetch_related(
            "bundle__core_areas",
            "milestones",
            Prefetch(
                "progress_updates",
                queryset=ProgressUpdate.objects.select_related("author").order_by(
                    "-date", "-published_at", "-pk"
                ),
            ),
            Prefetch(
                "indicators",
                queryset=Indicator.objects.prefetch_related(
                    Prefetch("values", queryset=IndicatorValue.objects.order_by("date"))
                ),
            ),
            Prefetch(
                "related_measures",
                queryset=visible.select_related("bundle").order_by("sort_key"),
            ),
            Prefetch("predecessors", queryset=visible.order_by("sort_key")),
        )
        .get(slug=slug)
    )


def bundles_for_overview(*, user) -> QuerySet[MeasureBundle]:
    """Bundles with their field, core areas and counts of visible measures."""
    visible = measures_visible_to(user).values("pk")
    return (
        MeasureBundle.objects.select_related("field_of_action")
        .prefetch_related("core_areas")
        .annotate(
            measure_count=Count("measures", filter=Q(measures__in=visible), distinct=True),
        )
        .order_by("number")
    )


def core_areas_for_overview() -> QuerySet[CoreArea]:
    return CoreArea.objects.order_by("number")


def fields_for_overview() -> QuerySet[FieldOfAction]:
    return FieldOfAction.objects.order_by("number")


# --- Public pages (added for the strategy pages) -----------------------------------------


def bundle_flag_counts(*, user, today: datetime.date | None = None) -> dict[int, tuple[int, int]]:
    """{bundle_id: (delayed, stale)} over the measures visible to ``user``, in one query."""
    rows = (
        measures_for_list(user=user, today=today)
        .order_by()
        .values("bundle_id")
        .annotate(
            delayed_count=Count("pk", filter=Q(is_delayed=True)),
            stale_count=Count("pk", filter=Q(is_stale=True)),
        )
        .values_list("bundle_id", "delayed_count", "stale_count")
    )
    return {bundle_id: (delayed, stale) for bundle_id, delayed, stale in rows}


def bundle_for_detail(*, slug: str) -> MeasureBundle:
    """One bundle with its field and core areas. Raises MeasureBundle.DoesNotExist."""
    return (
        MeasureBundle.objects.select_related("field_of_action")
        .prefetch_related("core_areas")
        .get(slug=slug)
    )


def measures_of_bundle(
    *, user, bundle: MeasureBundle, today: datetime.date | None = None
) -> QuerySet[Measure]:
    """The bundle's measures visible to ``user``, as list rows (with flags)."""
    return measures_for_list(user=user, today=today).filter(bundle=bundle)


@dataclass(frozen=True)
class MeasureFlagReasons:
    """Why a measure loaded by ``measure_for_detail`` is delayed or stale (no query)."""

    overdue_milestones: list[Milestone]
    planned_end_passed: bool
    last_update_on: datetime.date | None
    stale_after_days: int


def measure_flag_reasons(
    *, measure: Measure, today: datetime.date | None = None
) -> MeasureFlagReasons:
    """The reasons behind ``is_delayed``/``is_stale``, from the prefetched milestones
    (the same rules as ``MeasureQuerySet.with_flags``)."""
    today = today or timezone.localdate()
    overdue = [
        milestone
        for milestone in measure.milestones.all()
        if milestone.state(today) == MilestoneState.OVERDUE
    ]
    return MeasureFlagReasons(
        overdue_milestones=overdue,
        planned_end_passed=planned_end_passed(
            planned_end=measure.planned_end, measure_closed=measure.is_closed, today=today
        ),
        last_update_on=measure.last_update_on,
        stale_after_days=settings.MEASURE_STALE_AFTER_DAYS,
    )
