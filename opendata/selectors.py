"""Reads for the open data: the rows of each file and when each dataset last changed.

Public data only: public measures (``Measure.is_public``), ideas that count in the
participation statistics (published projects, not hidden). No person appears: no
authors of ideas or progress reports, no e-mail addresses.

Each file is read with a fixed number of queries (joins and ``values_list``, no
look-ups per row), so it can be streamed with ``iterator()`` and costs the same for 10 or
10,000 rows.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db.models import Max, Q, QuerySet

from geo.models import District
from measures.models import Indicator, IndicatorValue, Measure, MeasureBundle, ProgressUpdate
from participation.budgets.selectors.results import (
    results_modified as budget_results_modified,
)
from participation.ideas.statistics import visible_comments, visible_ideas, visible_votes
from participation.moderation.models import ModerationDecision
from participation.polls.results import open_data_modified as poll_results_modified
from projects.models import Project

CHUNK = 2000  # rows per fetch when streaming


# --- Measures -----------------------------------------------------------------------------


def public_measures(today: datetime.date | None = None) -> QuerySet[Measure]:
    """Public measures in strategy order, with ``is_delayed``/``is_stale`` (as of
    ``today``) and the bundle, field of action and responsible unit joined."""
    return (
        Measure.objects.public()
        .with_flags(today)
        .select_related("bundle__field_of_action", "responsible_unit")
        .order_by("bundle__number", "sort_key")
    )


def core_areas_by_bundle() -> dict[int, list[tuple[int, str, str | None]]]:
    """{bundle id: [(core area number, German title, English title), ...]} for all
    bundles, in one query."""
    through = MeasureBundle.core_areas.through
    result: dict[int, list[tuple[int, str, str | None]]] = {}
    rows = through.objects.order_by("corearea__number").values_list(
        "measurebundle_id", "corearea__number", "corearea__title_de", "corearea__title_en"
    )
    for bundle_id, number, title, title_en in rows:
        result.setdefault(bundle_id, []).append((number, title or "", title_en or None))
    return result


def progress_history() -> Iterator[tuple]:
    """Every progress report of the public measures, by measure then date (one query):
    (code, measure title, date, status, progress, text, reason, published_at)."""
    return (
        ProgressUpdate.objects.filter(measure__is_public=True)
        .order_by("measure__bundle__number", "measure__sort_key", "date", "published_at", "pk")
        .values_list(
            "measure__code",
            "measure__title",
            "date",
            "status",
            "progress",
            "text",
            "reason",
            "published_at",
        )
        .iterator(chunk_size=CHUNK)
    )


def indicator_rows() -> Iterator[tuple]:
    """One row per value of each indicator of a public measure, and one row (value
    columns None) for an indicator without values yet; one query (LEFT JOIN):
    (code, measure title, indicator id, name, unit, baseline, baseline date, target,
    target date, value date, value, note)."""
    return (
        Indicator.objects.filter(measure__is_public=True)
        .order_by("measure__bundle__number", "measure__sort_key", "name", "pk", "values__date")
        .values_list(
            "measure__code",
            "measure__title",
            "pk",
            "name",
            "unit",
            "baseline_value",
            "baseline_date",
            "target_value",
            "target_date",
            "values__date",
            "values__value",
            "values__note",
        )
        .iterator(chunk_size=CHUNK)
    )


# --- Ideas and districts --------------------------------------------------------------------

IDEA_COLUMNS = (
    "pk",
    "title",
    "text",
    "status",
    "project__slug",
    "project__title",
    "category__name",
    "district__slug",
    "district__name",
    "created_at",
    "vote_count",
    "comment_count",
    "location",
)


def published_ideas() -> Iterator[tuple]:
    """Ideas that count (published project, not hidden), newest first, one query: the
    columns of ``IDEA_COLUMNS`` — nothing about their authors."""
    return (
        visible_ideas()
        .order_by("-created_at", "-pk")
        .values_list(*IDEA_COLUMNS)
        .iterator(chunk_size=CHUNK)
    )


def district_sources() -> dict[str, str]:
    """{slug: where the boundary comes from}, without the boundaries."""
    return dict(District.objects.values_list("slug", "source"))


# --- When each dataset last changed -------------------------------------------------------


def _latest(*moments: datetime.datetime | None) -> datetime.datetime | None:
    present = [moment for moment in moments if moment is not None]
    return max(present) if present else None


def _max(queryset: QuerySet, *fields: str) -> datetime.datetime | None:
    """The latest of ``fields`` over ``queryset``, in one query."""
    row = queryset.order_by().aggregate(**{f"m{i}": Max(name) for i, name in enumerate(fields)})
    return _latest(*row.values())


def measures_modified() -> datetime.datetime | None:
    """Public measures: their last change (publishing a progress report saves the
    measure) and their newest progress report."""
    return _max(Measure.objects.public(), "updated_at", "progress_updates__published_at")


def progress_modified() -> datetime.datetime | None:
    """Every change to a progress report of a public measure (the history records
    edits and deletions, too), and a measure becoming public."""
    return _latest(
        _max(ProgressUpdate.history.filter(measure__is_public=True), "history_date"),
        _max(Measure.objects.public().filter(progress_updates__isnull=False), "updated_at"),
    )


def indicators_modified() -> datetime.datetime | None:
    """Every change to an indicator or a value of a public measure (history), and a
    measure with indicators becoming public."""
    return _latest(
        _max(Indicator.history.filter(measure__is_public=True), "history_date"),
        _max(IndicatorValue.history.filter(indicator__measure__is_public=True), "history_date"),
        _max(Measure.objects.public().filter(indicators__isnull=False), "updated_at"),
    )


def contributions_modified() -> datetime.datetime | None:
    """The ideas and what is counted about them: new and edited ideas, comments, votes,
    moderation decisions (hiding, restoring), and changes to published projects.

    Withdrawn votes and deleted comments leave no time stamp; they show up with the next
    recorded change.
    """
    return _latest(
        _max(visible_ideas(), "updated_at"),
        _max(visible_comments(), "created_at", "edited_at"),
        _max(visible_votes(), "created_at"),
        _max(
            ModerationDecision.objects.filter(
                Q(idea__project__status=Project.Status.PUBLISHED)
                | Q(comment__idea__project__status=Project.Status.PUBLISHED)
                | Q(comment__project__status=Project.Status.PUBLISHED)
            ),
            "created_at",
            "review_decided_at",
        ),
        _max(Project.objects.filter(status=Project.Status.PUBLISHED), "updated_at"),
    )


def districts_modified() -> datetime.datetime | None:
    return _max(District.objects.all(), "updated_at")


def modified_by_dataset() -> dict[str, datetime.datetime | None]:
    """{dataset identifier: last change} for all datasets (a fixed number of queries)."""
    contributions = contributions_modified()
    districts = districts_modified()
    return {
        "massnahmen": measures_modified(),
        "sachstaende": progress_modified(),
        "indikatoren": indicators_modified(),
        "ideen": contributions,
        "ortsteile": districts,
        # counts per project and district: also renamed districts change it
        "beteiligungsstatistik": _latest(contributions, districts),
        "buergerbudget-ergebnisse": budget_results_modified(),
        "umfragen-ergebnisse": poll_results_modified(),
    }
