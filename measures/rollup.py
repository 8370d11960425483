"""Progress roll-up: measures → bundles → fields of action / core areas → strategy.

Rules (covered by a table of cases in tests/measures/test_rollup.py):

* A bundle's progress is the weighted mean of its measures' progress, weighted by
  ``Measure.weight`` (default 1, so equal). Discontinued measures do not count (their
  successor carries the work); a weight of 0 leaves a measure out.
* A field of action's and a core area's progress is the weighted mean of their bundles'
  progress, weighted by ``MeasureBundle.weight``; the strategy's overall progress is the
  weighted mean over all bundles. Bundles without counting measures are left out.
* "As of date D": a measure's state is its latest progress update dated on or before D;
  a measure without such an update counts as planned with 0 %.

Everything is computed from three flat queries, whatever the number of measures, and the
current figures are cached until a measure or bundle changes (see ``signals``).
"""

import datetime
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db.models import OuterRef, Subquery

from core.cache import cached_or_computed, tolerant

from .models import Measure, MeasureBundle, ProgressUpdate, Status

CACHE_VERSION_KEY = "measures:rollup:version"


@dataclass(frozen=True)
class MeasureState:
    status: str
    progress: int
    date: datetime.date | None  # the date of the update it comes from; None: no update yet


@dataclass
class StrategyProgress:
    overall: float | None = None
    bundles: dict[int, float | None] = field(default_factory=dict)
    fields: dict[int, float | None] = field(default_factory=dict)
    core_areas: dict[int, float | None] = field(default_factory=dict)


def weighted_mean(pairs: Iterable[tuple[float, Decimal | float]]) -> float | None:
    """Mean of ``value`` weighted by ``weight``; None when no positive weight is given."""
    total = Decimal(0)
    weights = Decimal(0)
    for value, weight in pairs:
        weight = Decimal(weight)
        if value is None or weight <= 0:
            continue
        total += Decimal(value) * weight
        weights += weight
    if weights == 0:
        return None
    return round(float(total / weights), 1)


def roll_up(
    *,
    measures: Iterable[tuple[int, int, Decimal, str]],
    bundles: Iterable[tuple[int, int, Decimal]],
    bundle_core_areas: Iterable[tuple[int, int]],
) -> StrategyProgress:
    """Pure roll-up over plain rows.

    measures: (bundle_id, progress, weight, status); bundles: (id, field_id, weight);
    bundle_core_areas: (bundle_id, core_area_id).
    """
    per_bundle: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)
    for bundle_id, progress, weight, status in measures:
        if status == Status.DISCONTINUED:
            continue
        per_bundle[bundle_id].append((progress, weight))

    result = StrategyProgress()
    bundle_weight: dict[int, Decimal] = {}
    per_field: dict[int, list[tuple[float | None, Decimal]]] = defaultdict(list)
    for bundle_id, field_id, weight in bundles:
        progress = weighted_mean(per_bundle.get(bundle_id, []))
        result.bundles[bundle_id] = progress
        bundle_weight[bundle_id] = weight
        per_field[field_id].append((progress, weight))
    result.fields = {field_id: weighted_mean(pairs) for field_id, pairs in per_field.items()}

    per_core_area: dict[int, list[tuple[float | None, Decimal]]] = defaultdict(list)
    for bundle_id, core_area_id in bundle_core_areas:
        if bundle_id in result.bundles:
            per_core_area[core_area_id].append(
                (result.bundles[bundle_id], bundle_weight[bundle_id])
            )
    result.core_areas = {ca: weighted_mean(pairs) for ca, pairs in per_core_area.items()}
    result.overall = weighted_mean(
        (result.bundles[bundle_id], weight) for bundle_id, weight in bundle_weight.items()
    )
    return result


def _latest_update_before(date: datetime.date):
    return ProgressUpdate.objects.filter(measure=OuterRef("pk"), date__lte=date).order_by(
        "-date", "-published_at", "-pk"
    )


def _structure_rows() -> tuple[list, list]:
    bundles = list(MeasureBundle.objects.values_list("id", "field_of_action_id", "weight"))
    links = list(
        MeasureBundle.core_areas.through.objects.values_list("measurebundle_id", "corearea_id")
    )
    return bundles, links


def strategy_progress(
    *, as_of: datetime.date | None = None, public_only: bool = True
) -> StrategyProgress:
    """The roll-up now (cached) or as of a past date (from the updates' history)."""
    if as_of is None:
        version = tolerant(
            lambda: cache.get_or_set(CACHE_VERSION_KEY, _new_version, timeout=None),
            what="roll-up version",
            default=None,
        )
        if version is None:  # no cache: nothing to share
            return _roll_up(as_of=None, public_only=public_only)
        return cached_or_computed(
            f"measures:rollup:{version}:{int(public_only)}",
            lambda: _roll_up(as_of=None, public_only=public_only),
            timeout=60 * 60,
        )
    return _roll_up(as_of=as_of, public_only=public_only)


def _roll_up(*, as_of: datetime.date | None, public_only: bool) -> StrategyProgress:
    measures = Measure.objects.all()
    if public_only:
        measures = measures.filter(is_public=True)
    if as_of is None:
        rows = list(measures.values_list("bundle_id", "progress", "weight", "status"))
    else:
        latest = _latest_update_before(as_of)
        rows = [
            (bundle_id, progress or 0, weight, status or Status.PLANNED)
            for bundle_id, progress, weight, status in measures.annotate(
                progress_then=Subquery(latest.values("progress")[:1]),
                status_then=Subquery(latest.values("status")[:1]),
            ).values_list("bundle_id", "progress_then", "weight", "status_then")
        ]
    bundles, links = _structure_rows()
    return roll_up(measures=rows, bundles=bundles, bundle_core_areas=links)


def _new_version() -> str:
    return uuid.uuid4().hex


def invalidate_strategy_progress() -> None:
    """Called whenever a measure or bundle changes: the next read recomputes. A change
    made while the cache is unreachable cannot reach it; Redis keeps nothing on disk
    here, so one that comes back after a restart starts empty.

    The version is a random token kept without a lifetime: a counter that expired (the
    cache's default of five minutes) or was evicted would start again at a number whose
    roll-up, computed earlier from other data, could still be cached."""
    tolerant(
        lambda: cache.set(CACHE_VERSION_KEY, _new_version(), timeout=None),
        what="roll-up not invalidated",
    )


def measure_state_as_of(*, measure: Measure, date: datetime.date) -> MeasureState:
    """The measure's status and progress on ``date``, from its timeline."""
    update = (
        ProgressUpdate.objects.filter(measure=measure, date__lte=date)
        .order_by("-date", "-published_at", "-pk")
        .only("status", "progress", "date")
        .first()
    )
    if update is None:
        return MeasureState(status=Status.PLANNED, progress=0, date=None)
    return MeasureState(status=update.status, progress=update.progress, date=update.date)
