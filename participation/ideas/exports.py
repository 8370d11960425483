"""Exports of a project's ideas, comments and votes as CSV or XLSX, for evaluation work.

Who: the project's moderators (``projects.rules.moderates_project``); everybody else is
refused with ``NotAllowed`` (a PermissionDenied). Personal data of the participants
(user id, display name, e-mail address of authors and voters) only goes to staff
moderators and superusers (``includes_personal_data``). Such a file is marked: the
personal columns carry "(personenbezogen)" in their header, the file name contains
"personenbezogen", the XLSX opens on a sheet stating the purpose the data may be used
for (DSGVO art. 5(1)(b)), and each such export is written to the log (audit trail).
Moderators who are not staff get the same tables without any column about the people.

Hidden content (hidden by the moderation, often for insults or personal data of
others) goes out as "[ausgeblendet]" in the files without personal data, and as text
with the "ausgeblendet" column set in the files for staff. Comments deleted by their
author are "[gelöscht]" for everybody (their text is gone, see ``comment_delete``).

Formats:

* CSV: RFC 4180 (comma, CRLF line ends, double quotes), UTF-8 *with* byte order mark, so
  Excel's text import and LibreOffice pick the right encoding and the umlauts survive;
  pandas, R (``fileEncoding = "UTF-8-BOM"``) and Python (``encoding="utf-8-sig"``) read
  it too. To open the data in Excel with a double click, take the XLSX.
* XLSX: one sheet with the header row in row 1 (frozen, bold) and column widths after
  their content; files with personal data have the privacy notice as their first sheet.

Text that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
``@``, tab or carriage return) is defused: in CSV with a leading apostrophe (OWASP's
advice on CSV injection), in XLSX by storing every text cell as text.

Each table is read in ONE query (joins, no per-row look-ups), whatever its length.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO

import tablib
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from core.rules import require
from core.spreadsheets import defused
from participation.ideas.models import Comment, Idea, IdeaStatus, Vote
from participation.ideas.rules import may_export_contributions
from participation.ideas.selectors.ideas import idea_url_builder
from projects.models import Project

logger = logging.getLogger(__name__)

WHATS = ("ideas", "comments", "votes")
FORMATS = ("csv", "xlsx")

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# File names stay German and ASCII whatever the interface language.
FILE_WORDS = {"ideas": "ideen", "comments": "kommentare", "votes": "unterstuetzungen"}
PERSONAL_FILE_WORD = "personenbezogen"

MAX_COLUMN_WIDTH = 60
MIN_COLUMN_WIDTH = 8


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content: bytes
    content_type: str
    includes_personal_data: bool
    rows: int


# --- who ----------------------------------------------------------------------------------


def includes_personal_data(user, project: Project) -> bool:
    """Whether ``user``'s exports of ``project`` hold the participants' personal data:
    superusers, and staff who moderate the project. Project moderators without a staff
    account get the tables without them."""
    return may_export_contributions(user, project) is None and _is_staff(user)


def _is_staff(user) -> bool:
    return bool(user.is_superuser or user.is_staff)


# --- the service --------------------------------------------------------------------------


def project_export(
    *,
    user,
    project: Project,
    what: str,
    fmt: str,
    absolute: Callable[[str], str] | None = None,
) -> ExportFile:
    """The ideas, comments or votes (``what``) of ``project`` as a CSV or XLSX file.

    Who: moderators of the project (see the module's docstring for what each role gets);
    others get ``NotAllowed``. ``absolute`` turns a path into an absolute URL (e.g.
    ``request.build_absolute_uri``) for the ideas' links. Notifies nobody; an export with
    personal data is logged (who, which project, what).
    """
    if what not in WHATS or fmt not in FORMATS:
        raise ValueError(f"Unknown export {what!r} as {fmt!r}")
    require(may_export_contributions(user, project))
    personal = _is_staff(user)  # may export (checked above) and is staff
    dataset = TABLES[what](project=project, personal=personal, absolute=absolute)
    if fmt == "csv":
        content = _csv_bytes(dataset)
    else:
        content = _xlsx_bytes(dataset, notice=_privacy_notice(project) if personal else None)
    if personal:
        logger.info(
            "Export with personal data: user_id=%s project_id=%s project=%s what=%s "
            "format=%s rows=%s",
            user.pk,
            project.pk,
            project.slug,
            what,
            fmt,
            dataset.height,
        )
    return ExportFile(
        filename=_filename(project, what, fmt, personal=personal),
        content=content,
        content_type=CONTENT_TYPES[fmt],
        includes_personal_data=personal,
        rows=dataset.height,
    )


def _filename(project: Project, what: str, fmt: str, *, personal: bool) -> str:
    parts = [project.slug, FILE_WORDS[what], timezone.localdate().isoformat()]
    if personal:
        parts.append(PERSONAL_FILE_WORD)
    return f"{'_'.join(parts)}.{fmt}"


def _privacy_notice(project: Project) -> list[str]:
    return [
        _("Achtung: Diese Datei enthält personenbezogene Daten (DSGVO)."),
        _(
            "Sie darf nur zur Auswertung des Beteiligungsprojekts „%(project)s“ verwendet "
            "werden (Zweckbindung nach Art. 5 Abs. 1 lit. b DSGVO)."
        )
        % {"project": project.title},
        _(
            "Nicht weitergeben, nur geschützt ablegen und löschen, sobald die Auswertung "
            "abgeschlossen ist."
        ),
        _("Spalten mit personenbezogenen Daten sind mit „(personenbezogen)“ gekennzeichnet."),
        _("Erstellt am %(date)s.") % {"date": timezone.localtime().strftime("%d.%m.%Y %H:%M")},
    ]


# --- cells --------------------------------------------------------------------------------


def _personal(header: str) -> str:
    return _("%(column)s (personenbezogen)") % {"column": header}


def _personal_headers() -> list[str]:
    return [
        _personal(_("Benutzer-ID")),
        _personal(_("Anzeigename")),
        _personal(_("E-Mail-Adresse")),
    ]


def _when(value: datetime.datetime | None) -> datetime.datetime | None:
    """Local time without the zone (spreadsheets know none) and without microseconds."""
    if value is None:
        return None
    return timezone.localtime(value).replace(tzinfo=None, microsecond=0)


def _yes_no(value: bool) -> str:
    return _("ja") if value else _("nein")


def _hidden_text() -> str:
    return _("[ausgeblendet]")


def _deleted_text() -> str:
    return _("[gelöscht]")


def _idea_title(title: str | None, is_hidden: bool | None, *, personal: bool) -> str:
    if title is None:
        return ""
    return _hidden_text() if is_hidden and not personal else title


def _coordinates(location) -> tuple[float | None, float | None]:
    """(lat, lon) of a GeoJSON point, which stores [lon, lat]."""
    try:
        lon, lat = location["coordinates"][:2]
        return float(lat), float(lon)
    except (TypeError, KeyError, ValueError, IndexError):
        return None, None


# --- tables -------------------------------------------------------------------------------


def ideas_table(
    *, project: Project, personal: bool, absolute: Callable[[str], str] | None = None
) -> tablib.Dataset:
    path_of = idea_url_builder(project)
    absolute = absolute or (lambda path: path)
    status_labels = dict(IdeaStatus.choices)
    headers = [
        _("ID"),
        _("Titel"),
        _("Beschreibung"),
        _("Status"),
        _("Kategorie"),
        _("Ortsteil"),
        _("eingereicht am"),
        _("Unterstützungen"),
        _("Kommentare"),
        _("Antwort der Stadt"),
        _("Antwort am"),
        _("ausgeblendet"),
        _("Breitengrad"),
        _("Längengrad"),
        _("Adresse der Idee (URL)"),
    ]
    fields = [
        "pk",
        "title",
        "text",
        "status",
        "category__name",
        "district__name",
        "created_at",
        "vote_count",
        "comment_count",
        "official_response",
        "official_response_at",
        "is_hidden",
        "location",
    ]
    if personal:
        headers += _personal_headers()
        fields += ["author_id", "author__display_name", "author__email"]
    dataset = tablib.Dataset(headers=headers, title=_("Ideen"))
    rows = Idea.objects.filter(project=project).order_by("created_at", "pk").values(*fields)
    for row in rows:
        hide = row["is_hidden"] and not personal
        lat, lon = _coordinates(row["location"])
        cells = [
            row["pk"],
            _hidden_text() if hide else row["title"],
            _hidden_text() if hide else row["text"],
            str(status_labels.get(row["status"], row["status"])),
            row["category__name"] or "",
            row["district__name"] or "",
            _when(row["created_at"]),
            row["vote_count"],
            row["comment_count"],
            row["official_response"],
            _when(row["official_response_at"]),
            _yes_no(row["is_hidden"]),
            lat,
            lon,
            absolute(path_of(row["pk"])),
        ]
        if personal:
            cells += _person(row, "author")
        dataset.append(cells)
    return dataset


def comments_table(
    *, project: Project, personal: bool, absolute: Callable[[str], str] | None = None
) -> tablib.Dataset:
    """The comments on the project's ideas and on the project itself (those have no
    idea id)."""
    headers = [
        _("ID"),
        _("Idee (ID)"),
        _("Idee (Titel)"),
        _("Antwort auf (ID)"),
        _("Kommentar"),
        _("ausgeblendet"),
        _("gelöscht"),
        _("geschrieben am"),
    ]
    fields = [
        "pk",
        "idea_id",
        "idea__title",
        "idea__is_hidden",
        "parent_id",
        "text",
        "is_hidden",
        "is_deleted",
        "created_at",
    ]
    if personal:
        headers += _personal_headers()
        fields += ["author_id", "author__display_name", "author__email"]
    dataset = tablib.Dataset(headers=headers, title=_("Kommentare"))
    rows = (
        Comment.objects.filter(Q(idea__project=project) | Q(project=project))
        .order_by("created_at", "pk")
        .values(*fields)
    )
    for row in rows:
        if row["is_deleted"]:
            text = _deleted_text()
        elif row["is_hidden"] and not personal:
            text = _hidden_text()
        else:
            text = row["text"]
        cells = [
            row["pk"],
            row["idea_id"],
            _idea_title(row["idea__title"], row["idea__is_hidden"], personal=personal),
            row["parent_id"],
            text,
            _yes_no(row["is_hidden"]),
            _yes_no(row["is_deleted"]),
            _when(row["created_at"]),
        ]
        if personal:
            cells += _person(row, "author")
        dataset.append(cells)
    return dataset


def votes_table(
    *, project: Project, personal: bool, absolute: Callable[[str], str] | None = None
) -> tablib.Dataset:
    headers = [_("Idee (ID)"), _("Idee (Titel)"), _("abgegeben am")]
    fields = ["idea_id", "idea__title", "idea__is_hidden", "created_at"]
    if personal:
        headers += _personal_headers()
        fields += ["user_id", "user__display_name", "user__email"]
    dataset = tablib.Dataset(headers=headers, title=_("Unterstützungen"))
    rows = Vote.objects.filter(idea__project=project).order_by("created_at", "pk").values(*fields)
    for row in rows:
        cells = [
            row["idea_id"],
            _idea_title(row["idea__title"], row["idea__is_hidden"], personal=personal),
            _when(row["created_at"]),
        ]
        if personal:
            cells += _person(row, "user")
        dataset.append(cells)
    return dataset


def _person(row: dict, relation: str) -> list:
    return [
        row[f"{relation}_id"],
        row[f"{relation}__display_name"] or "",
        row[f"{relation}__email"] or "",
    ]


TABLES = {"ideas": ideas_table, "comments": comments_table, "votes": votes_table}


# --- files --------------------------------------------------------------------------------


def _csv_bytes(dataset: tablib.Dataset) -> bytes:
    safe = tablib.Dataset(headers=dataset.headers)
    for row in dataset:
        safe.append([defused(value) for value in row])
    text = safe.export("csv", lineterminator="\r\n")
    return text.encode("utf-8-sig")


def _text_cell(cell, value) -> None:
    """Set ``value``; text stays text, even when it looks like a formula."""
    if value is None or value == "":
        return  # an empty cell
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def _xlsx_bytes(dataset: tablib.Dataset, *, notice: list[str] | None) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    if notice:
        sheet = workbook.create_sheet(_("Datenschutzhinweis"))
        for number, line in enumerate(notice, start=1):
            _text_cell(sheet.cell(row=number, column=1), line)
        sheet["A1"].font = Font(bold=True)
        sheet.column_dimensions["A"].width = 110
    sheet = workbook.create_sheet(dataset.title[:31])
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    widths = [len(header) for header in dataset.headers]
    for column, header in enumerate(dataset.headers, start=1):
        cell = sheet.cell(row=1, column=column)
        _text_cell(cell, header)
        cell.font = bold
    for row_number, row in enumerate(dataset, start=2):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column)
            _text_cell(cell, value)
            if isinstance(value, str) and "\n" in value:
                cell.alignment = wrap
            widths[column - 1] = max(widths[column - 1], _display_length(value))
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = min(
            max(width + 2, MIN_COLUMN_WIDTH), MAX_COLUMN_WIDTH
        )
    sheet.freeze_panes = "A2"
    workbook.active = 0
    stream = BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def _display_length(value) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime.datetime):
        return 16
    return max((len(line) for line in str(value).splitlines()), default=0)
