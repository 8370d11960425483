"""The answering form without Django form classes: a section's questions vary in kind
and number, so the page names its inputs after the questions (``q<id>``, ``q<id>_other``,
``q<id>_rank_<choice id>``, ``q<id>_row_<row id>``, ``q<id>_lat`` …). This module reads
them into ``services.RawAnswer``s (strings, unchecked: the services check) and prepares
what the templates show (``QuestionView``): the values to show again, the errors, the
condition in words."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.utils.formats import date_format, number_format
from django.utils.translation import pgettext

from .models import Answer, Question, QuestionKind
from .selectors import Questionnaire
from .services import RawAnswer, describe_condition, field_key


def _getlist(data, name: str) -> list[str]:
    if hasattr(data, "getlist"):
        return data.getlist(name)
    value = data.get(name)
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _get(data, name: str) -> str:
    values = _getlist(data, name)
    return values[-1] if values else ""


def raw_from_post(questions: Iterable[Question], data: Mapping) -> dict[int, RawAnswer]:
    """Question id → what was sent for it."""
    raw = {}
    for question in questions:
        key = field_key(question)
        raw[question.pk] = RawAnswer(
            values=_getlist(data, key),
            other=_get(data, f"{key}_other"),
            cells={row.pk: _getlist(data, f"{key}_row_{row.pk}") for row in question.rows_list},
            ranks={c.pk: _get(data, f"{key}_rank_{c.pk}") for c in question.choices_list},
            location=_get(data, f"{key}_location"),
            latitude=_get(data, f"{key}_lat"),
            longitude=_get(data, f"{key}_lon"),
            district=_get(data, f"{key}_district"),
            description=_get(data, f"{key}_description"),
        )
    return raw


def _plain_number(value) -> str:
    text = format(value.normalize(), "f") if value is not None else ""
    return text.replace(".", ",")


def raw_from_answers(question: Question, answers: Iterable[Answer]) -> RawAnswer:
    """A stored answer as the form shows it again."""
    raw = RawAnswer()
    for answer in answers:
        kind = question.kind
        if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            raw.values.append(str(answer.choice_id))
            if answer.text:
                raw.other = answer.text
        elif kind == QuestionKind.RANKING:
            raw.ranks[answer.choice_id] = str(answer.rank)
        elif kind in (QuestionKind.MATRIX_SINGLE, QuestionKind.MATRIX_MULTIPLE):
            raw.cells.setdefault(answer.row_id, []).append(str(answer.choice_id))
        elif kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT):
            raw.values = [answer.text]
        elif kind == QuestionKind.NUMBER:
            raw.values = [_plain_number(answer.number)]
        elif kind == QuestionKind.DATE:
            raw.values = [answer.date.isoformat()] if answer.date else []
        elif kind == QuestionKind.DISTRICT:
            raw.values = [str(answer.district_id)] if answer.district_id else []
        elif kind == QuestionKind.POINT:
            if answer.point:
                lon, lat = answer.point["coordinates"]
                raw.latitude, raw.longitude = str(lat), str(lon)
            raw.district = str(answer.district_id or "")
            raw.description = answer.text
    return raw


def answers_by_question(answers: Iterable[Answer]) -> dict[int, list[Answer]]:
    grouped: dict[int, list[Answer]] = {}
    for answer in answers:
        grouped.setdefault(answer.question_id, []).append(answer)
    return grouped


@dataclass
class QuestionView:
    """One question as the page shows it."""

    question: Question
    number: int
    raw: RawAnswer
    errors: list[str] = field(default_factory=list)
    condition_text: str = ""  # "Nur beantworten, wenn …" (a condition in the same section)
    disabled: bool = False  # the preview
    districts: list = field(default_factory=list)

    @property
    def key(self) -> str:
        return field_key(self.question)

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def is_choice(self) -> bool:
        return self.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)

    @property
    def is_matrix(self) -> bool:
        return self.kind in (QuestionKind.MATRIX_SINGLE, QuestionKind.MATRIX_MULTIPLE)

    @property
    def input_type(self) -> str:
        single = self.kind in (QuestionKind.SINGLE, QuestionKind.MATRIX_SINGLE)
        return "radio" if single else "checkbox"

    @property
    def options(self) -> list[tuple]:
        """(choice, input id, checked) for single and multiple choice."""
        chosen = set(self.raw.values)
        return [
            (choice, f"id_{self.key}_{choice.pk}", str(choice.pk) in chosen)
            for choice in self.question.choices_list
        ]

    @property
    def other_chosen(self) -> bool:
        chosen = set(self.raw.values)
        return any(c.is_other and str(c.pk) in chosen for c in self.question.choices_list)

    @property
    def has_other(self) -> bool:
        return any(c.is_other for c in self.question.choices_list)

    @property
    def rank_rows(self) -> list[tuple]:
        """(choice, input name, chosen rank as text) for a ranking."""
        return [
            (choice, f"{self.key}_rank_{choice.pk}", self.raw.ranks.get(choice.pk, ""))
            for choice in self.question.choices_list
        ]

    @property
    def rank_range(self) -> list[str]:
        return [str(n) for n in range(1, len(self.question.choices_list) + 1)]

    @property
    def matrix_rows(self) -> list[tuple]:
        """(row, input name, [(choice, input id, checked)]) for a matrix."""
        rows = []
        for row in self.question.rows_list:
            chosen = set(self.raw.cells.get(row.pk, []))
            name = f"{self.key}_row_{row.pk}"
            cells = [
                (choice, f"id_{name}_{choice.pk}", str(choice.pk) in chosen)
                for choice in self.question.choices_list
            ]
            rows.append((row, name, cells))
        return rows

    @property
    def value(self) -> str:
        return self.raw.values[-1] if self.raw.values else ""

    @property
    def described_by(self) -> str:
        ids = []
        if self.question.help_text:
            ids.append(f"{self.key}_hint")
        if self.condition_text:
            ids.append(f"{self.key}_condition")
        if self.errors:
            ids.append(f"{self.key}_error")
        return " ".join(ids)


def question_views(
    q: Questionnaire,
    section,
    *,
    raw: Mapping[int, RawAnswer],
    errors: Mapping[str, list[str]],
    visible_before: set[int],
    districts=(),
    disabled: bool = False,
) -> list[QuestionView]:
    """The questions of ``section`` to show: those without a condition; those whose
    condition is on an earlier section and holds (``visible_before``, from the stored
    answers); and those whose condition is on a question of this same section, with
    the condition in words (a script hides them while it does not hold)."""
    views = []
    shown: set[int] = set()
    for question in section.items:
        text = ""
        if question.has_condition:
            earlier = q.by_id.get(question.condition_question_id)
            same_section = earlier is not None and earlier.section_id == section.pk
            if same_section:
                if question.condition_question_id not in shown:
                    continue
                text = describe_condition(question, q)
            elif question.pk not in visible_before:
                continue
        shown.add(question.pk)
        views.append(
            QuestionView(
                question=question,
                number=q.position[question.pk] + 1,
                raw=raw.get(question.pk, RawAnswer()),
                errors=list(errors.get(field_key(question), [])),
                condition_text=text,
                disabled=disabled,
                districts=list(districts),
            )
        )
    return views


def answer_text(question: Question, answers: list[Answer]) -> str:
    """An answer in words, for the review page."""
    kind = question.kind
    if not answers:
        return ""
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        return "; ".join(
            f"{a.choice.text}: {a.text}" if a.text else a.choice.text for a in answers
        )
    if kind == QuestionKind.RANKING:
        ordered = sorted(answers, key=lambda a: a.rank or 0)
        return "; ".join(f"{a.rank}. {a.choice.text}" for a in ordered)
    if kind in (QuestionKind.MATRIX_SINGLE, QuestionKind.MATRIX_MULTIPLE):
        by_row: dict = {}
        for answer in answers:
            by_row.setdefault(answer.row, []).append(answer.choice.text)
        return "; ".join(f"{row.text}: {', '.join(texts)}" for row, texts in by_row.items())
    answer = answers[0]
    if kind == QuestionKind.NUMBER:
        return number_format(answer.number.normalize())
    if kind == QuestionKind.DATE:
        return date_format(answer.date, "SHORT_DATE_FORMAT")
    if kind == QuestionKind.DISTRICT:
        return answer.district.name if answer.district else ""
    if kind == QuestionKind.POINT:
        parts = []
        if answer.point:
            lon, lat = answer.point["coordinates"]
            parts.append(
                f"{number_format(lat, 5)} {pgettext('Himmelsrichtung', 'N')}, "
                f"{number_format(lon, 5)} {pgettext('Himmelsrichtung', 'O')}"
            )
        if answer.district:
            parts.append(answer.district.name)
        if answer.text:
            parts.append(answer.text)
        return " – ".join(parts)
    return answer.text
