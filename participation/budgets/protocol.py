"""The count protocol (Zählprotokoll) of a Bürgerbudget as PDF, for the board.

Always in German (the board's language and the record's): totals per proposal and
channel, the invalid ballots and why, the method and its tie rule, who counted and who
published, the timestamps and every decision with its explanation. Rendered by
WeasyPrint as the status reports are (``reports.render``, a higher layer, so the few
lines are repeated here): the site's own Fira Sans files by file URL, no network access,
tagged PDF/UA.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import Count
from .selectors.results import (
    method_label,
    render_explanation,
    result_rows,
    tie_rule_text,
    turnout,
)

PRINT_CSS = "css/budget-protocol-print.css"
FONT_FILES = {
    (400, "normal"): "vendor/kern/fonts/fira-sans/FiraSans-Regular.woff2",
    (600, "normal"): "vendor/kern/fonts/fira-sans/FiraSans-SemiBold.woff2",
}
LANGUAGE = "de"


def _file_url(static_path: str) -> str:
    found = finders.find(static_path)
    if not found:
        raise FileNotFoundError(f"static file {static_path} not found (npm ci, collectstatic?)")
    return Path(found).resolve().as_uri()


def _person(user) -> str:
    if user is None:
        return "–"
    return getattr(user, "display_name", "") or user.get_username()


def protocol_html(count: Count) -> str:
    """The protocol as an HTML document, in German."""
    with translation.override(LANGUAGE):
        rows = result_rows(count)
        result = count.result
        context = {
            "count": count,
            "budget": count.budget,
            "rows": rows,
            "funded": [row for row in rows if row.funded],
            "turnout": turnout(count),
            "result": result,
            "method": method_label(count.method),
            "tie_rule": tie_rule_text(),
            "invalid_reasons": [
                {"text": render_explanation(r), "count": r["count"]}
                for r in result.get("invalid_reasons", [])
            ],
            "counted_by": _person(count.counted_by),
            "published_by": _person(count.published_by),
            "points_total": sum(row.points for row in rows),
            "points_online": sum(row.points_online for row in rows),
            "points_paper": sum(row.points_paper for row in rows),
            "created_at": timezone.now(),
            "css_url": _file_url(PRINT_CSS),
            "site_name": settings.SITE_NAME,
            "language": LANGUAGE,
        }
        return render_to_string("budgets/results/protocol.html", context)


def protocol_pdf(count: Count) -> bytes:
    import weasyprint

    fonts = "\n".join(
        f'@font-face {{ font-family: "Fira Sans"; src: url("{_file_url(path)}") '
        f'format("woff2"); font-weight: {weight}; font-style: {style}; }}'
        for (weight, style), path in FONT_FILES.items()
    )
    html = weasyprint.HTML(string=protocol_html(count), base_url=str(settings.BASE_DIR))
    return html.write_pdf(stylesheets=[weasyprint.CSS(string=fonts)], pdf_variant="pdf/ua-1")
