"""The answers of a poll as a CSV or XLSX file, for the staff's evaluation.

Who: the poll's staff (``rules.may_export``: moderators of the project, the
administrators of participation); everybody else gets the Refusal's exception.

One row per submitted submission (drafts never), one or more columns per question:

* single choice, district, text, number, date: one column (the choice's text, the
  district's name, the text, the number, the date);
* "Sonstiges": one more column with the text typed;
* multiple choice: one column per choice, 1 when chosen, else 0;
* ranking: one column per place ("Platz 1" …) with the choice's text;
* matrix: one column per row (the choice; several joined with "; ");
* point: latitude, longitude, district and the description of the place.

Leading columns: the submission's id (a random UUID) and the day it was submitted; in a
poll that is not anonymous also the time. Nothing personal, in any poll: no names, no
e-mail addresses, no account ids (the file says so in its first sheet's title and in the
column note). Rows are sorted by the random id, so their order says nothing about
who answered when. Anonymous submissions have only the day anyway (``models``).

Text that a spreadsheet would run as a formula is defused (``core.spreadsheets``): in
CSV with a leading apostrophe, in XLSX by storing the cell as text. The CSV is UTF-8
with byte order mark (like the ideas' exports), the XLSX has a frozen, bold header row.

Three queries plus the questionnaire's four, whatever the number of answers.
"""

from __future__ import annotations

import csv
import io
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.rules import require
from core.spreadsheets import defused

from .models import Answer, Poll, Question, QuestionKind, Submission, SubmissionState
from .rules import may_export
from .selectors import questionnaire

logger = logging.getLogger(__name__)

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
MAX_COLUMN_WIDTH = 50


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content: bytes
    content_type: str
    rows: int


@dataclass(frozen=True)
class Column:
    header: str
    question: Question | None
    part: str  # what of the question's answers: "value", "other", "choice", "place" …
    key: int | None = None  # the choice, row or place


def _label(number: int, question: Question) -> str:
    return f"{number}. {question.text}"


def columns_of(questions: list[Question]) -> list[Column]:
    """The columns of the questions, in their order (see the module docstring)."""
    columns: list[Column] = []
    for number, question in enumerate(questions, start=1):
        label = _label(number, question)
        kind = question.kind
        has_other = any(choice.is_other for choice in question.choices_list)
        if kind == QuestionKind.MULTIPLE:
            columns += [
                Column(f"{label} – {choice.text}", question, "choice", choice.pk)
                for choice in question.choices_list
            ]
        elif kind == QuestionKind.RANKING:
            columns += [
                Column(
                    f"{label} – " + _("Platz %(place)d") % {"place": place},
                    question,
                    "place",
                    place,
                )
                for place in range(1, len(question.choices_list) + 1)
            ]
        elif kind in (QuestionKind.MATRIX_SINGLE, QuestionKind.MATRIX_MULTIPLE):
            columns += [
                Column(f"{label} – {row.text}", question, "row", row.pk)
                for row in question.rows_list
            ]
        elif kind == QuestionKind.POINT:
            columns += [
                Column(f"{label} – " + _("Breitengrad"), question, "latitude"),
                Column(f"{label} – " + _("Längengrad"), question, "longitude"),
                Column(f"{label} – " + _("Ortsteil"), question, "district"),
                Column(f"{label} – " + _("Beschreibung"), question, "text"),
            ]
        else:
            columns.append(Column(label, question, "value"))
        if has_other and kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            columns.append(Column(f"{label} – " + _("Sonstiges (Text)"), question, "other"))
    return columns


def _value(answer: dict):
    if answer["number"] is not None:
        return answer["number"]
    if answer["date"] is not None:
        return answer["date"]
    if answer["district__name"]:
        return answer["district__name"]
    return answer["text"]


def _cell(column: Column, answers: list[dict], choices: dict[int, str]):
    """The value of ``column`` from one submission's answers to its question."""
    part = column.part
    if part == "choice":
        return 1 if any(a["choice_id"] == column.key for a in answers) else 0
    if part == "place":
        return next((choices[a["choice_id"]] for a in answers if a["rank"] == column.key), None)
    if part == "row":
        chosen = [choices[a["choice_id"]] for a in answers if a["row_id"] == column.key]
        return "; ".join(chosen) or None
    if part == "other":
        return next((a["text"] for a in answers if a["choice_id"] and a["text"]), None)
    if not answers:
        return None
    answer = answers[0]
    if part in ("latitude", "longitude"):
        point = answer["point"] or {}
        coordinates = point.get("coordinates") if isinstance(point, dict) else None
        if not coordinates:
            return None
        return coordinates[1] if part == "latitude" else coordinates[0]
    if part == "district":
        return answer["district__name"] or None
    if part == "text":
        return answer["text"] or None
    if column.question.kind == QuestionKind.SINGLE:
        return choices.get(answer["choice_id"])
    return _value(answer)


def export_table(poll: Poll) -> tuple[list[str], list[list]]:
    """Header and rows of ``poll``'s submitted answers (no permission check: the
    callers' ``poll_export``)."""
    q = questionnaire(poll)
    columns = columns_of(q.questions)
    choices = {pk: choice.text for pk, choice in q.choices.items()}
    lead = [_("Antwortbogen (ID)"), _("abgeschickt am (Tag)")]
    if not poll.anonymous:
        lead.append(_("abgeschickt um (Uhrzeit)"))
    submissions = list(
        Submission.objects.filter(poll=poll, state=SubmissionState.SUBMITTED)
        .order_by("id")
        .values_list("id", "submitted_on", "submitted_at")
    )
    grouped: dict[tuple, list[dict]] = defaultdict(list)
    for answer in (
        Answer.objects.filter(submission__poll=poll, submission__state=SubmissionState.SUBMITTED)
        .values(
            "submission_id",
            "question_id",
            "choice_id",
            "row_id",
            "rank",
            "text",
            "number",
            "date",
            "district__name",
            "point",
        )
        .order_by()
    ):
        grouped[(answer["submission_id"], answer["question_id"])].append(answer)
    rows = []
    for pk, day, moment in submissions:
        row = [str(pk), day]
        if not poll.anonymous:
            row.append(timezone.localtime(moment).strftime("%H:%M") if moment else None)
        for column in columns:
            row.append(_cell(column, grouped.get((pk, column.question.pk), []), choices))
        rows.append(row)
    return lead + [column.header for column in columns], rows


def poll_export(*, user, poll: Poll, fmt: str) -> ExportFile:
    """``poll``'s answers as CSV or XLSX (``fmt``). Who: ``may_export``. Logged (who,
    which poll); notifies nobody."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown format {fmt!r}")
    require(may_export(user, poll))
    header, rows = export_table(poll)
    content = _csv_bytes(header, rows) if fmt == "csv" else _xlsx_bytes(header, rows, poll)
    logger.info("poll %s: answers exported as %s by user %s", poll.pk, fmt, user.pk)
    day = timezone.localdate().isoformat()
    return ExportFile(
        filename=f"{poll.phase.project.slug}_umfrage-{poll.pk}_antworten_{day}.{fmt}",
        content=content,
        content_type=CONTENT_TYPES[fmt],
        rows=len(rows),
    )


def _csv_bytes(header: list[str], rows: list[list]) -> bytes:
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow([defused(h) for h in header])
    for row in rows:
        writer.writerow(["" if value is None else defused(value) for value in row])
    return stream.getvalue().encode("utf-8-sig")


def _xlsx_bytes(header: list[str], rows: list[list], poll: Poll) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Antworten")
    bold = Font(bold=True)
    widths = [len(h) for h in header]
    for column, value in enumerate(header, start=1):
        cell = sheet.cell(row=1, column=column, value=value)
        cell.data_type = "s"
        cell.font = bold
    for row_number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            if value is None or value == "":
                continue
            cell = sheet.cell(row=row_number, column=column, value=value)
            if isinstance(value, str):
                cell.data_type = "s"
                widths[column - 1] = max(widths[column - 1], len(value))
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = min(width + 2, MAX_COLUMN_WIDTH)
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet(_("Hinweise"))
    lines = [
        poll.title,
        _("Eine Zeile je abgeschickten Antwortbogen, sortiert nach der zufälligen ID."),
        _("Die Datei enthält keine Namen, E-Mail-Adressen oder Konten der Teilnehmenden."),
        _("Freitexte können dennoch persönliche Angaben enthalten: nur für die Auswertung "
          "verwenden, nicht weitergeben."),
    ]
    for number, line in enumerate(lines, start=1):
        notes.cell(row=number, column=1, value=line).data_type = "s"
    notes.column_dimensions["A"].width = 100
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()
