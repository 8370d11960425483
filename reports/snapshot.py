"""The frozen figures of a status report: the strategy as of a date, what changed in the
period, and participation in the period — plain JSON values (codes, numbers, ISO
dates), no translated text, so that the stored snapshot never changes meaning.

Built from a constant number of queries, whatever the number of measures: the tables are
read flat and put together here. Only public measures are reported (the report is a
public document).
"""

from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from measures.models import (
    CLOSED_STATUSES,
    CoreArea,
    FieldOfAction,
    Indicator,
    IndicatorValue,
    Measure,
    MeasureBundle,
    Milestone,
    MilestoneState,
    ProgressUpdate,
    Status,
    milestone_state,
    planned_end_passed,
)
from measures.rollup import roll_up

# 2: the participation row without a district has no name (the label "ohne Ortsteil" is
# the renderer's, in each language); version 1 stored it translated into German.
SNAPSHOT_VERSION = 2


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _number(value: Decimal | float | None) -> float | None:
    return None if value is None else float(value)


@dataclasses.dataclass
class _State:
    status: str = Status.PLANNED
    progress: int = 0
    date: datetime.date | None = None
    text: str = ""
    reason: str = ""


def _state_on(updates: list[ProgressUpdate], day: datetime.date) -> _State:
    """The latest update dated on or before ``day`` (updates sorted oldest first)."""
    state = _State()
    for update in updates:
        if update.date > day:
            break
        state = _State(update.status, update.progress, update.date, update.text, update.reason)
    return state


def _milestone_state(milestone: Milestone, state: _State, day: datetime.date) -> MilestoneState:
    """The milestone's state on ``day`` by the one rule (``measures.models.milestone_state``),
    with its measure open or closed as it was on that day."""
    return milestone_state(
        due_on=milestone.due_on,
        completed_on=milestone.completed_on,
        measure_closed=state.status in CLOSED_STATUSES,
        today=day,
    )


def _delay(
    state: _State, milestones: list[Milestone], planned_end, day: datetime.date
) -> dict | None:
    """Why a measure was delayed on ``day`` (the rule of measures.querysets.with_flags,
    applied to the measure's state on that day), or None."""
    overdue = [
        {"title": m.title, "due_on": _iso(m.due_on)}
        for m in milestones
        if _milestone_state(m, state, day) == MilestoneState.OVERDUE
    ]
    end_passed = planned_end_passed(
        planned_end=planned_end, measure_closed=state.status in CLOSED_STATUSES, today=day
    )
    if not overdue and not end_passed:
        return None
    return {
        "overdue_milestones": overdue,
        "planned_end_passed": end_passed,
        "planned_end": _iso(planned_end),
        "reason": state.reason,
    }


def _indicator(indicator: Indicator, values: list[IndicatorValue], day) -> dict:
    known = [v for v in values if v.date <= day]
    latest = known[-1] if known else None
    share = None
    if latest is not None and indicator.target_value != indicator.baseline_value:
        share = round(
            float(
                (latest.value - indicator.baseline_value)
                / (indicator.target_value - indicator.baseline_value)
                * 100
            ),
            1,
        )
    return {
        "name": indicator.name,
        "unit": indicator.unit,
        "baseline": _number(indicator.baseline_value),
        "baseline_date": _iso(indicator.baseline_date),
        "target": _number(indicator.target_value),
        "target_date": _iso(indicator.target_date),
        "latest": ({"date": _iso(latest.date), "value": _number(latest.value)} if latest else None),
        "share_of_target": share,
    }


def strategy_snapshot(
    *, period_start: datetime.date, period_end: datetime.date, as_of: datetime.date
) -> dict:
    """Core areas, fields, bundles and their public measures as of ``as_of``, with the
    changes published for dates within the period."""
    site = settings.SITE_URL.rstrip("/")
    stale_cutoff = as_of - datetime.timedelta(days=settings.MEASURE_STALE_AFTER_DAYS)
    before_period = period_start - datetime.timedelta(days=1)

    core_areas = list(CoreArea.objects.order_by("number"))
    fields = list(FieldOfAction.objects.order_by("number"))
    bundles = list(
        MeasureBundle.objects.select_related("field_of_action")
        .prefetch_related("core_areas")
        .order_by("number")
    )
    measures = list(
        Measure.objects.filter(is_public=True)
        .select_related("responsible_unit")
        .order_by("bundle__number", "sort_key")
    )
    measure_ids = [m.pk for m in measures]
    updates: dict[int, list[ProgressUpdate]] = defaultdict(list)
    for update in ProgressUpdate.objects.filter(
        measure_id__in=measure_ids, date__lte=as_of
    ).order_by("date", "published_at", "pk"):
        updates[update.measure_id].append(update)
    milestones: dict[int, list[Milestone]] = defaultdict(list)
    for milestone in Milestone.objects.filter(measure_id__in=measure_ids).order_by("due_on", "pk"):
        milestones[milestone.measure_id].append(milestone)
    indicators: dict[int, list[Indicator]] = defaultdict(list)
    for indicator in Indicator.objects.filter(measure_id__in=measure_ids).order_by("pk"):
        indicators[indicator.measure_id].append(indicator)
    values: dict[int, list[IndicatorValue]] = defaultdict(list)
    for value in IndicatorValue.objects.filter(
        indicator__measure_id__in=measure_ids, date__lte=as_of
    ).order_by("date", "pk"):
        values[value.indicator_id].append(value)

    by_bundle: dict[int, list[dict]] = defaultdict(list)
    rollup_rows = []
    totals = {
        "measures": len(measures),
        "by_status": {status: 0 for status in Status.values},
        "delayed": 0,
        "stale": 0,
        "updates_in_period": 0,
        "completed_in_period": 0,
        "measures_changed_in_period": 0,
    }
    for measure in measures:
        own = updates.get(measure.pk, [])
        state = _state_on(own, as_of)
        previous = _state_on(own, before_period)
        changes = [
            {
                "date": _iso(u.date),
                "status": u.status,
                "progress": u.progress,
                "text": u.text,
                "reason": u.reason,
            }
            for u in own
            if period_start <= u.date <= period_end
        ]
        delay = _delay(state, milestones.get(measure.pk, []), measure.planned_end, as_of)
        stale = state.status not in CLOSED_STATUSES and (
            state.date is None or state.date < stale_cutoff
        )
        rollup_rows.append((measure.bundle_id, state.progress, measure.weight, state.status))
        totals["by_status"][state.status] += 1
        totals["delayed"] += delay is not None
        totals["stale"] += stale
        totals["updates_in_period"] += len(changes)
        totals["measures_changed_in_period"] += bool(changes)
        totals["completed_in_period"] += bool(
            state.status == Status.COMPLETED and previous.status != Status.COMPLETED
        )
        by_bundle[measure.bundle_id].append(
            {
                "id": measure.pk,
                "code": measure.code,
                "title": measure.title,
                "url": f"{site}{measure.get_absolute_url()}",
                "unit": measure.responsible_unit.name if measure.responsible_unit else "",
                "status": state.status,
                "progress": state.progress,
                "state_date": _iso(state.date),
                "statement": state.text,
                "previous": {"status": previous.status, "progress": previous.progress},
                "planned_start": _iso(measure.planned_start),
                "planned_end": _iso(measure.planned_end),
                "delay": delay,
                "stale": stale,
                "changes": changes,
                "milestones_in_period": [
                    {
                        "title": m.title,
                        "due_on": _iso(m.due_on),
                        "completed_on": _iso(m.completed_on)
                        if m.completed_on and m.completed_on <= as_of
                        else None,
                        # a MilestoneState value; snapshots frozen before it lack the key
                        "state": _milestone_state(m, state, as_of).value,
                    }
                    for m in milestones.get(measure.pk, [])
                    if period_start <= m.due_on <= period_end
                    or (m.completed_on and period_start <= m.completed_on <= period_end)
                ],
                "indicators": [
                    _indicator(i, values.get(i.pk, []), as_of)
                    for i in indicators.get(measure.pk, [])
                ],
            }
        )

    progress = roll_up(
        measures=rollup_rows,
        bundles=[(b.pk, b.field_of_action_id, b.weight) for b in bundles],
        bundle_core_areas=[(b.pk, ca.pk) for b in bundles for ca in b.core_areas.all()],
    )
    totals["overall"] = progress.overall
    return {
        "totals": totals,
        "core_areas": [
            {
                "id": ca.pk,
                "number": ca.number,
                "title": ca.title,
                "progress": progress.core_areas.get(ca.pk),
            }
            for ca in core_areas
        ],
        "fields": [
            {"id": f.pk, "code": f.code, "title": f.title, "progress": progress.fields.get(f.pk)}
            for f in fields
        ],
        "bundles": [
            {
                "id": b.pk,
                "number": b.number,
                "title": b.title,
                "field": b.field_of_action.title,
                "core_areas": [ca.title for ca in b.core_areas.all()],
                "progress": progress.bundles.get(b.pk),
                "measures": by_bundle.get(b.pk, []),
            }
            for b in bundles
        ],
    }


def participation_snapshot(
    *, period_start: datetime.date | None, period_end: datetime.date | None
) -> dict:
    """Ideas, comments, votes and distinct participants in the period (None: open end):
    in total, per project, per Ortsteil (with the map) and per month; and, apart from
    them, the comments on public measures per measure bundle (``measure_feedback``;
    snapshots frozen before it existed lack the key)."""
    from participation.ideas import statistics

    from .choropleth import district_shapes

    def plain(value):
        if dataclasses.is_dataclass(value):
            return {k: plain(v) for k, v in dataclasses.asdict(value).items()}
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [plain(v) for v in value]
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, Decimal):
            return float(value)
        return value

    window = {"since": period_start, "until": period_end}
    by_district = plain(statistics.participation_by_district(**window))
    for row in by_district:
        if row["district_id"] is None:
            row["name"] = ""  # a label, not data: render.report_context names it
    return {
        "totals": plain(statistics.participation_totals(**window)),
        "by_project": plain(statistics.participation_by_project(**window)),
        "by_district": by_district,
        "over_time": plain(statistics.participation_over_time(**window)),
        "measure_feedback": plain(statistics.measure_feedback(**window)),
        "districts": district_shapes(),
    }


def build_snapshot(report) -> dict:
    """Everything the report shows, frozen (see the module docstring)."""
    return {
        "version": SNAPSHOT_VERSION,
        "generated_at": timezone.now().isoformat(),
        "title": report.title,
        "period": {"start": _iso(report.period_start), "end": _iso(report.period_end)},
        "as_of": _iso(report.as_of),
        "summary": report.summary,
        "council_paper": {
            "number": report.council_paper_number,
            "url": report.council_paper_url,
            "oparl_url": report.oparl_paper_url,
        },
        "strategy": strategy_snapshot(
            period_start=report.period_start, period_end=report.period_end, as_of=report.as_of
        ),
        "participation": participation_snapshot(
            period_start=report.period_start, period_end=report.period_end
        ),
    }
