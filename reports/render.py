"""Turning a snapshot into the report's HTML and PDF (WeasyPrint).

The HTML body is rendered when the report is generated, once per language of the site
from the same snapshot, and stored; the page shows the stored HTML of its language and
each PDF is made from the same HTML with a print stylesheet. The snapshot holds codes and
numbers, the labels are the templates' (in the active language); what people wrote
(titles, statements, the summary) stays as written, in German, and the English rendition
marks it ``lang="de"``. Fonts and CSS come from the site's own static files (no network
access while rendering).
"""

from __future__ import annotations

import datetime
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from measures.models import Status
from projects.models import Project

from .choropleth import choropleth

PRINT_CSS = "css/report-print.css"
FONT_FILES = {
    (400, "normal"): "vendor/kern/fonts/fira-sans/FiraSans-Regular.woff2",
    (400, "italic"): "vendor/kern/fonts/fira-sans/FiraSans-Italic.woff2",
    (600, "normal"): "vendor/kern/fonts/fira-sans/FiraSans-SemiBold.woff2",
}


def _date(value: str | None):
    return datetime.date.fromisoformat(value) if value else None


def _dates(item: dict, *names: str) -> dict:
    return {**item, **{name: _date(item.get(name)) for name in names}}


def district_values(participation: dict, measure: str = "participants") -> dict[str, float]:
    return {
        row["slug"]: row.get(measure, 0) or 0
        for row in participation.get("by_district", [])
        if row.get("slug")
    }


def report_context(snapshot: dict) -> dict:
    """The template's view of a snapshot: dates as dates, codes with their labels."""
    strategy = snapshot["strategy"]
    participation = snapshot.get("participation", {})
    status_labels = dict(Status.choices)
    bundles = []
    for bundle in strategy["bundles"]:
        measures = []
        for m in bundle["measures"]:
            measure = _dates(m, "state_date", "planned_start", "planned_end")
            measure["status_label"] = status_labels.get(m["status"], m["status"])
            measure["previous_status_label"] = status_labels.get(
                m["previous"]["status"], m["previous"]["status"]
            )
            measure["changes"] = [
                {**_dates(c, "date"), "status_label": status_labels.get(c["status"], c["status"])}
                for c in m["changes"]
            ]
            measure["milestones_in_period"] = [
                _dates(ms, "due_on", "completed_on") for ms in m["milestones_in_period"]
            ]
            if m["delay"]:
                measure["delay"] = {
                    **_dates(m["delay"], "planned_end"),
                    "overdue_milestones": [
                        _dates(ms, "due_on") for ms in m["delay"]["overdue_milestones"]
                    ],
                }
            measure["indicators"] = [
                {
                    **_dates(i, "baseline_date", "target_date"),
                    "latest": _dates(i["latest"], "date") if i["latest"] else None,
                }
                for i in m["indicators"]
            ]
            measures.append(measure)
        bundles.append({**bundle, "measures": measures})
    delayed = [m for b in bundles for m in b["measures"] if m["delay"]]
    stale = [m for b in bundles for m in b["measures"] if m["stale"]]
    changed = [m for b in bundles for m in b["measures"] if m["changes"]]
    totals = strategy["totals"]
    by_status = [
        {"status": code, "label": label, "count": totals["by_status"].get(code, 0)}
        for code, label in Status.choices
    ]
    districts = participation.get("districts") or {}
    participation = {
        **participation,
        # The row without a district is named here, in the active language (snapshots
        # of version 1 carry the German label, replaced alike).
        "by_district": [
            {**row, "name": gettext("ohne Ortsteil")} if row.get("district_id") is None else row
            for row in participation.get("by_district", [])
        ],
        "max_participants_per_month": max(
            (row.get("participants", 0) for row in participation.get("over_time", [])),
            default=0,
        ),
    }
    return {
        "snapshot": snapshot,
        "title": snapshot["title"],
        "period_start": _date(snapshot["period"]["start"]),
        "period_end": _date(snapshot["period"]["end"]),
        "as_of": _date(snapshot["as_of"]),
        "generated_at": datetime.datetime.fromisoformat(snapshot["generated_at"]),
        "summary": snapshot.get("summary", ""),
        "council_paper": snapshot.get("council_paper", {}),
        "totals": totals,
        "by_status": by_status,
        "core_areas": strategy["core_areas"],
        "fields": strategy["fields"],
        "bundles": bundles,
        "delayed": delayed,
        "stale": stale,
        "changed": changed,
        "participation": participation,
        # None in snapshots frozen before the feedback on measures was counted: not shown.
        "measure_feedback": participation.get("measure_feedback"),
        "participation_map": choropleth(districts, district_values(participation))
        if districts.get("shapes")
        else None,
        "project_status_labels": dict(Project.Status.choices),
        # The language of what people wrote, when the document is in another one ("" in
        # the German rendition): the templates mark those passages with it.
        "written_lang": ""
        if translation.get_language() == settings.LANGUAGE_CODE
        else settings.LANGUAGE_CODE,
    }


def render_body(snapshot: dict) -> str:
    """The report's body (no <html>/<head>), in the active language."""
    return render_to_string("reports/report_body.html", report_context(snapshot))


def _file_url(static_path: str) -> str:
    found = finders.find(static_path)
    if not found:
        raise FileNotFoundError(f"static file {static_path} not found (npm ci, collectstatic?)")
    return Path(found).resolve().as_uri()


def render_pdf(body: str, *, title: str, language: str) -> bytes:
    """The PDF of a report body: A4, cover page, page numbers, tagged (PDF/UA)."""
    import weasyprint

    # The site's own Fira Sans files, by absolute file URL (no network while rendering).
    fonts = "\n".join(
        f'@font-face {{ font-family: "Fira Sans"; src: url("{_file_url(path)}") '
        f'format("woff2"); font-weight: {weight}; font-style: {style}; }}'
        for (weight, style), path in FONT_FILES.items()
    )
    # ``language`` is the document's <html lang>: WeasyPrint declares it as the PDF's
    # language (/Lang, required by PDF/UA).
    with translation.override(language):
        document = render_to_string(
            "reports/report_document.html",
            {
                "body": body,
                "title": title,
                "language": language,
                "css_url": _file_url(PRINT_CSS),
                "site_name": settings.SITE_NAME,
            },
        )
    html = weasyprint.HTML(string=document, base_url=str(settings.BASE_DIR))
    return html.write_pdf(stylesheets=[weasyprint.CSS(string=fonts)], pdf_variant="pdf/ua-1")
