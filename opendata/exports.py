"""The files of the open data: CSV, JSON and GeoJSON built from ``opendata.selectors``.

The files are the same whatever the language of the request (/offene-daten/… and
/en/offene-daten/… give the same bytes): column names are English snake_case, values are
codes plus a German label (the language of the content), links go to the German pages
at ``SITE_URL``.

Formats:

* CSV: RFC 4180 — comma as separator, double quotes where needed, CRLF line ends, one
  header row; UTF-8 **without** byte order mark (the usual for open data portals and
  what csv readers, pandas and R expect; LibreOffice asks for the encoding, Excel users
  choose "Daten → Aus Text/CSV"). Long files are streamed.
* Dates ISO 8601 (``2025-06-30``), times ISO 8601 with the offset of Europe/Berlin,
  decimals with a dot, truth values ``true``/``false``, missing values empty.
* Coordinates WGS 84 (longitude, latitude), as in GeoJSON (RFC 7946).

Text that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``,
tab or carriage return) gets a leading apostrophe in CSV (OWASP's advice on CSV
injection): every text cell, whoever wrote it — residents (ideas), staff (measures,
Sachstände, indicators, projects, categories, Ortsteile). Numbers stay numbers (a
negative value is not text). JSON and GeoJSON keep the text as is.
"""

from __future__ import annotations

import csv
import datetime
import json
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone, translation

from core.spreadsheets import defused
from geo.selectors import districts_geojson
from measures.models import Status
from participation.budgets.models import ImplementationStatus
from participation.budgets.selectors import results as budget_results
from participation.ideas.models import IdeaStatus
from participation.ideas.statistics import (
    participation_by_district,
    participation_by_project,
    participation_over_time,
)
from participation.polls import results as poll_results

from . import selectors
from .datasets import Distribution, districts_licence, standard_licence

# --- Helpers ------------------------------------------------------------------------------


def absolute(path: str) -> str:
    """``path`` on the public site (``SITE_URL``)."""
    return settings.SITE_URL.rstrip("/") + path


def german_reverse(viewname: str, **kwargs) -> str:
    """The path of the German (unprefixed) page: the canonical address in the files."""
    with translation.override(settings.LANGUAGE_CODE):
        return reverse(viewname, kwargs=kwargs)


def url_builder(viewname: str, **markers) -> Callable[..., str]:
    """A function (**values) → absolute URL, from ONE reverse(): the markers (slug- or
    int-shaped placeholders) are replaced by the values. No reverse() per row."""
    template = absolute(german_reverse(viewname, **markers))

    def build(**values) -> str:
        url = template
        for name, marker in markers.items():
            url = url.replace(str(marker), str(values[name]), 1)
        return url

    return build


def german_labels(choices) -> dict[str, str]:
    with translation.override(settings.LANGUAGE_CODE):
        return {value: str(label) for value, label in choices}


def cell(value) -> str:
    """A CSV cell: ISO dates and times, dot decimals, true/false, empty for None, text
    defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, str):
        return defused(value)
    return str(value)


class _Line:
    """A file-like object whose write() returns the line (for csv.writer)."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: Iterable[str], rows: Iterable[Iterable]) -> Iterator[bytes]:
    writer = csv.writer(_Line(), lineterminator="\r\n")
    yield writer.writerow(header).encode("utf-8")
    for row in rows:
        yield writer.writerow([cell(value) for value in row]).encode("utf-8")


def csv_response(distribution: Distribution, header, rows) -> StreamingHttpResponse:
    """Streams ``rows`` (an iterator: the queries run while the file is sent)."""
    response = StreamingHttpResponse(
        csv_lines(header, rows), content_type=distribution.format.content_type
    )
    return _as_download(response, distribution)


def json_response(distribution: Distribution, data) -> HttpResponse:
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
    response = HttpResponse(body.encode("utf-8"), content_type=distribution.format.content_type)
    return _as_download(response, distribution)


def _as_download(response, distribution: Distribution):
    response["Content-Disposition"] = f'attachment; filename="{distribution.download_filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Access-Control-Allow-Origin"] = "*"  # open data: usable from any web page
    return response


def licence_members(licence=None) -> dict:
    """Licence and source, as members of the JSON and GeoJSON files."""
    licence = licence or standard_licence()
    return {
        "license": {"name": licence.name, "url": licence.url},
        "attribution": licence.attribution,
        "publisher": settings.OPEN_DATA_PUBLISHER_NAME,
        "source": absolute(german_reverse("opendata:index")),
    }


# --- Measures -----------------------------------------------------------------------------

MEASURE_HEADER = (
    "code",
    "title",
    "summary",
    "bundle_number",
    "bundle_title",
    "core_areas",
    "field_of_action_code",
    "field_of_action_title",
    "status",
    "status_label",
    "progress_percent",
    "delayed",
    "stale",
    "planned_start",
    "planned_end",
    "responsible_unit",
    "last_update_on",
    "url",
    "easy_summary",  # appended: the earlier columns keep their places
    # Texts per language (title and summary above are the German ones, as always).
    "title_de",
    "title_en",
    "summary_de",
    "summary_en",
    "bundle_title_en",
    "field_of_action_title_en",
)


def _in(obj, field: str, language: str) -> str | None:
    """``obj``'s text in ``language`` (German: "" where empty; others: None)."""
    value = getattr(obj, f"{field}_{language}", None)
    return (value or "") if language == "de" else (value or None)


def _measure_records() -> Iterator[dict]:
    """Public measures as dicts (3 queries; the measures are about fifty)."""
    core_areas = selectors.core_areas_by_bundle()
    labels = german_labels(Status.choices)
    url_of = url_builder("measures:measure-detail", slug="measure-slug-marker")
    for measure in selectors.public_measures():
        bundle = measure.bundle
        unit = measure.responsible_unit
        field = bundle.field_of_action
        yield {
            "code": measure.code,
            "title": _in(measure, "title", "de"),
            "title_de": _in(measure, "title", "de"),
            "title_en": _in(measure, "title", "en"),
            "summary": _in(measure, "summary", "de"),
            "summary_de": _in(measure, "summary", "de"),
            "summary_en": _in(measure, "summary", "en"),
            "easy_summary": measure.easy_summary,
            "bundle": {
                "number": bundle.number,
                "title": _in(bundle, "title", "de"),
                "title_de": _in(bundle, "title", "de"),
                "title_en": _in(bundle, "title", "en"),
            },
            "core_areas": [
                {"number": number, "title": title, "title_de": title, "title_en": title_en}
                for number, title, title_en in core_areas.get(bundle.pk, [])
            ],
            "field_of_action": {
                "code": field.code,
                "title": _in(field, "title", "de"),
                "title_de": _in(field, "title", "de"),
                "title_en": _in(field, "title", "en"),
            },
            "status": measure.status,
            "status_label": labels.get(measure.status, measure.status),
            "progress_percent": measure.progress,
            "delayed": bool(measure.is_delayed),
            "stale": bool(measure.is_stale),
            "planned_start": measure.planned_start,
            "planned_end": measure.planned_end,
            "responsible_unit": unit.name if unit else None,
            "last_update_on": measure.last_update_on,
            "url": url_of(slug=measure.slug),
        }


def measures_csv(distribution: Distribution):
    def rows():
        for record in _measure_records():
            yield (
                record["code"],
                record["title"],
                record["summary"],
                record["bundle"]["number"],
                record["bundle"]["title"],
                "; ".join(f"{area['number']}. {area['title']}" for area in record["core_areas"]),
                record["field_of_action"]["code"],
                record["field_of_action"]["title"],
                record["status"],
                record["status_label"],
                record["progress_percent"],
                record["delayed"],
                record["stale"],
                record["planned_start"],
                record["planned_end"],
                record["responsible_unit"],
                record["last_update_on"],
                record["url"],
                record["easy_summary"],
                record["title_de"],
                record["title_en"],
                record["summary_de"],
                record["summary_en"],
                record["bundle"]["title_en"],
                record["field_of_action"]["title_en"],
            )

    return csv_response(distribution, MEASURE_HEADER, rows())


def measures_json(distribution: Distribution):
    data = {
        **licence_members(),
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "measures": list(_measure_records()),
    }
    return json_response(distribution, data)


# --- Progress history and indicators ------------------------------------------------------

PROGRESS_HEADER = (
    "measure_code",
    "measure_title",
    "date",
    "status",
    "status_label",
    "progress_percent",
    "text",
    "reason",
    "published_at",
)


def progress_csv(distribution: Distribution):
    labels = german_labels(Status.choices)

    def rows():
        for (
            code,
            title,
            date,
            status,
            progress,
            text,
            reason,
            published,
        ) in selectors.progress_history():
            yield (
                code,
                title,
                date,
                status,
                labels.get(status, status),
                progress,
                text,
                reason,
                published,
            )

    return csv_response(distribution, PROGRESS_HEADER, rows())


INDICATOR_HEADER = (
    "measure_code",
    "measure_title",
    "indicator_id",
    "indicator",
    "unit",
    "baseline_value",
    "baseline_date",
    "target_value",
    "target_date",
    "date",
    "value",
    "note",
)


def indicators_csv(distribution: Distribution):
    return csv_response(distribution, INDICATOR_HEADER, selectors.indicator_rows())


# --- Ideas --------------------------------------------------------------------------------

IDEA_HEADER = (
    "id",
    "title",
    "text",
    "status",
    "status_label",
    "project",
    "project_title",
    "category",
    "district",
    "district_name",
    "created_on",
    "support_count",
    "comment_count",
    "longitude",
    "latitude",
    "url",
)


def _coordinates(location) -> tuple[float | None, float | None]:
    try:
        lon, lat = location["coordinates"][:2]
    except (TypeError, KeyError, ValueError, IndexError):
        return None, None
    return lon, lat


def _idea_records() -> Iterator[dict]:
    labels = german_labels(IdeaStatus.choices)
    url_of = url_builder(
        "ideas:idea-detail", project_slug="project-slug-marker", pk=987654321
    )
    for (
        pk,
        title,
        text,
        status,
        project_slug,
        project_title,
        category,
        district_slug,
        district_name,
        created_at,
        votes,
        comments,
        location,
    ) in selectors.published_ideas():
        yield {
            "id": pk,
            "title": title,
            "text": text,
            "status": status,
            "status_label": labels.get(status, status),
            "project": project_slug,
            "project_title": project_title,
            "category": category,
            "district": district_slug,
            "district_name": district_name,
            "created_on": timezone.localtime(created_at).date(),
            "support_count": votes,
            "comment_count": comments,
            "location": location or None,
            "url": url_of(project_slug=project_slug, pk=pk),
        }


def ideas_csv(distribution: Distribution):
    def rows():
        for idea in _idea_records():
            lon, lat = _coordinates(idea["location"])
            yield (
                idea["id"],
                idea["title"],
                idea["text"],
                idea["status"],
                idea["status_label"],
                idea["project"],
                idea["project_title"],
                idea["category"],
                idea["district"],
                idea["district_name"],
                idea["created_on"],
                idea["support_count"],
                idea["comment_count"],
                lon,
                lat,
                idea["url"],
            )

    return csv_response(distribution, IDEA_HEADER, rows())


def ideas_geojson(distribution: Distribution):
    """A FeatureCollection; ideas without a place have ``"geometry": null`` (RFC 7946,
    3.2), so the GeoJSON holds the same ideas as the CSV."""
    features = []
    for idea in _idea_records():
        location = idea.pop("location")
        features.append(
            {
                "type": "Feature",
                "id": idea["id"],
                "geometry": location if _coordinates(location)[0] is not None else None,
                "properties": idea,
            }
        )
    data = {"type": "FeatureCollection", **licence_members(), "features": features}
    return json_response(distribution, data)


# --- Districts ----------------------------------------------------------------------------


def districts_geojson_file(distribution: Distribution):
    data = districts_geojson()
    sources = selectors.district_sources()
    for feature in data["features"]:
        feature["properties"]["source"] = sources.get(feature["properties"]["slug"], "")
    data = {
        "type": "FeatureCollection",
        **licence_members(districts_licence()),
        "features": data["features"],
    }
    return json_response(distribution, data)


# --- Bürgerbudget results -----------------------------------------------------------------

BUDGET_RESULT_HEADER = (
    "budget",
    "budget_title",
    "year",
    "method",
    "number",
    "title",
    "district",
    "district_name",
    "cost_eur",
    "rank",
    "points",
    "points_online",
    "points_paper",
    "supporters",
    "funded",
    "reason",
    "implementation_status",
    "implementation_status_label",
    "implementation_progress_percent",
    "published_at",
    "longitude",
    "latitude",
    "url",
    "easy_summary",  # appended: the earlier columns keep their places
)


def _budget_result_records() -> Iterator[dict]:
    """Every proposal of every published Bürgerbudget result (two queries), the reason
    in German (the language of the content)."""
    labels = german_labels(ImplementationStatus.choices)
    url_of = url_builder("budgets:results", slug="budget-slug-marker")
    with translation.override(settings.LANGUAGE_CODE):
        for count, row in budget_results.open_data_rows():
            budget = count.budget
            yield {
                "id": f"{budget.project.slug}-{row.number}",
                "budget": budget.project.slug,
                "budget_title": budget.project.title,
                "year": budget.year,
                "method": count.method,
                "number": row.number,
                "title": row.title,
                "easy_summary": row.easy_summary,
                "district": row.district_slug or None,
                "district_name": row.district or None,
                "cost_eur": row.cost,
                "rank": row.rank,
                "points": row.points,
                "points_online": row.points_online,
                "points_paper": row.points_paper,
                "supporters": row.supporters,
                "funded": row.funded,
                "reason": row.explanation,
                "implementation_status": (row.implementation_status or None)
                if row.funded
                else None,
                "implementation_status_label": labels.get(row.implementation_status)
                if row.funded
                else None,
                "implementation_progress_percent": row.implementation_progress
                if row.funded
                else None,
                "published_at": count.published_at,
                "location": row.location,
                "url": f"{url_of(slug=budget.project.slug)}#result-{row.number}",
            }


def budget_results_csv(distribution: Distribution):
    def rows():
        for record in _budget_result_records():
            lon, lat = _coordinates(record["location"])
            yield (
                *(record[name] for name in BUDGET_RESULT_HEADER[:-4]),
                lon,
                lat,
                record["url"],
                record["easy_summary"],
            )

    return csv_response(distribution, BUDGET_RESULT_HEADER, rows())


def budget_results_geojson(distribution: Distribution):
    features = []
    for record in _budget_result_records():
        location = record.pop("location")
        record["published_at"] = timezone.localtime(record["published_at"]).isoformat(
            timespec="seconds"
        )
        features.append(
            {
                "type": "Feature",
                "id": record.pop("id"),
                "geometry": location if _coordinates(location)[0] is not None else None,
                "properties": record,
            }
        )
    data = {"type": "FeatureCollection", **licence_members(), "features": features}
    return json_response(distribution, data)


# --- Poll results ---------------------------------------------------------------------------

POLL_RESULT_HEADER = (
    "project",
    "project_title",
    "poll",
    "poll_title",
    "poll_end",
    "anonymous",
    "question_number",
    "question",
    "question_kind",
    "row",
    "choice",
    "place",
    "count",
    "answered",
    "url",
)


def poll_results_csv(distribution: Distribution):
    """The counts of the open-data polls (``polls.results.open_data_rows``), no texts."""
    url_of = url_builder("polls:poll-results", slug="poll-slug-marker", pk=987654321)
    polls = poll_results.open_data_polls()
    rows = [
        (
            row.poll.phase.project.slug,
            row.poll.phase.project.title,
            row.poll.pk,
            row.poll.title,
            row.poll.phase.end,
            row.poll.anonymous,
            row.number,
            row.question.text,
            row.question.kind,
            row.row or None,
            row.choice or None,
            row.place,
            row.count,
            row.answered,
            url_of(slug=row.poll.phase.project.slug, pk=row.poll.pk),
        )
        for row in poll_results.open_data_rows(polls)
    ]
    return csv_response(distribution, POLL_RESULT_HEADER, rows)


# --- Participation statistics -------------------------------------------------------------

COUNT_HEADER = ("ideas", "comments", "votes", "participants")


def _counts(row) -> tuple[int, int, int, int]:
    return row.ideas, row.comments, row.votes, row.participants


def statistics_by_project_csv(distribution: Distribution):
    url_of = url_builder("projects:project-detail", slug="project-slug-marker")
    rows = [
        (row.slug, row.title, *_counts(row), url_of(slug=row.slug))
        for row in participation_by_project()
    ]
    return csv_response(distribution, ("project", "project_title", *COUNT_HEADER, "url"), rows)


def statistics_by_district_csv(distribution: Distribution):
    with translation.override(settings.LANGUAGE_CODE):
        rows = [(row.slug, row.name, *_counts(row)) for row in participation_by_district()]
    return csv_response(distribution, ("district", "district_name", *COUNT_HEADER), rows)


def statistics_by_month_csv(distribution: Distribution):
    rows = [(row.month, *_counts(row)) for row in participation_over_time()]
    return csv_response(distribution, ("month", *COUNT_HEADER), rows)


# --- Which function makes which file ------------------------------------------------------

BUILDERS: dict[str, Callable] = {
    "massnahmen.csv": measures_csv,
    "massnahmen.json": measures_json,
    "sachstaende.csv": progress_csv,
    "indikatoren.csv": indicators_csv,
    "ideen.geojson": ideas_geojson,
    "ideen.csv": ideas_csv,
    "ortsteile.geojson": districts_geojson_file,
    "beteiligung-projekte.csv": statistics_by_project_csv,
    "beteiligung-ortsteile.csv": statistics_by_district_csv,
    "beteiligung-monate.csv": statistics_by_month_csv,
    "buergerbudget-ergebnisse.csv": budget_results_csv,
    "buergerbudget-ergebnisse.geojson": budget_results_geojson,
    "umfragen-ergebnisse.csv": poll_results_csv,
}
