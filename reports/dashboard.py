"""The council dashboard: the strategy now, what changed since the last published
report, delays and stale measures with their last statement, and participation — the
same building blocks as the reports (``snapshot``, ``render.report_context``), read live.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from .models import StatusReport
from .render import report_context
from .snapshot import participation_snapshot, strategy_snapshot

# Without a published report, "changes" cover this many days.
DEFAULT_WINDOW_DAYS = 182


def last_published_report() -> StatusReport | None:
    return (
        StatusReport.objects.filter(state=StatusReport.State.PUBLISHED)
        .order_by("-as_of", "-pk")
        .first()
    )


def changes_since(report: StatusReport | None, measures: list[dict]) -> list[dict]:
    """Measures whose status or progress differ from the last report's figures (or that
    are new since), with both states."""
    then: dict[str, dict] = {}
    if report is not None:
        for bundle in (report.snapshot.get("strategy") or {}).get("bundles", []):
            for measure in bundle.get("measures", []):
                then[measure["code"]] = measure
    rows = []
    for measure in measures:
        before = then.get(measure["code"])
        if before is None and report is not None:
            rows.append({"measure": measure, "before": None})
        elif before is not None and (
            before["status"] != measure["status"] or before["progress"] != measure["progress"]
        ):
            rows.append({"measure": measure, "before": before})
        elif report is None and measure["changes"]:
            rows.append({"measure": measure, "before": None})
    return rows


def dashboard_context(today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    last = last_published_report()
    since = (
        last.as_of + datetime.timedelta(days=1)
        if last is not None
        else today - datetime.timedelta(days=DEFAULT_WINDOW_DAYS)
    )
    since = min(since, today)
    snapshot = {
        "title": "",
        "period": {"start": since.isoformat(), "end": today.isoformat()},
        "as_of": today.isoformat(),
        "generated_at": timezone.now().isoformat(),
        "strategy": strategy_snapshot(period_start=since, period_end=today, as_of=today),
        "participation": participation_snapshot(period_start=None, period_end=None),
    }
    context = report_context(snapshot)
    measures = [m for bundle in context["bundles"] for m in bundle["measures"]]
    context.update(
        {
            "last_report": last,
            "since": since,
            "changes": changes_since(last, measures),
            "today": today,
        }
    )
    return context
