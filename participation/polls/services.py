"""Answering a poll: save a section's answers as the draft, submit them once, change
them until the phase ends (when staff allow it); and the admin's guards on a
questionnaire that already has answers.

Who may call: the views and the admin; each function asks the rule first
(``rules.may_answer`` …) and raises its Refusal's exception. Bad input raises
``Invalid`` with messages keyed ``q<question id>``, so a page puts each beside its
question and into the error summary.

Conditions are evaluated here, on the server: a question whose condition does not hold
(``visible_questions``) is never required, and its answers are dropped when the draft
is saved. A question depends on an earlier question's choice (``Question.condition_*``;
the admin checks "earlier").

Submitting (``poll_submit``) validates the whole questionnaire and turns the draft into
the submitted answers in one transaction; the database's unique constraints (one
submitted per person, one participation per person) are the last word and become a
clear "already submitted", never a 500. In an anonymous poll the answers are copied into
a Submission without person and with only the day, the draft is deleted and a separate
Participation records that the person took part (see ``models``).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.exceptions import Conflict, Invalid
from core.rules import require
from geo.models import District
from geo.validation import validate_geojson_geometry
from participation.ideas.services.ideas import point_in_project

from . import events
from .models import (
    Answer,
    ConditionOperator,
    Participation,
    Poll,
    Question,
    QuestionKind,
    Section,
    Submission,
    SubmissionState,
)
from .rules import forget_taken_part, may_answer
from .selectors import Questionnaire, questionnaire

logger = logging.getLogger(__name__)

SHORT_TEXT_MAX = 300
LONG_TEXT_MAX = 5000
NUMBER_LIMIT = Decimal(10) ** 12


def field_key(question: Question | int) -> str:
    return f"q{question if isinstance(question, int) else question.pk}"


@dataclass
class RawAnswer:
    """What a person typed or chose for one question, as sent (strings), before any
    check: ``values`` the chosen choice ids or the one typed value; ``other`` the text
    of "Sonstiges"; ``cells`` matrix row id → chosen choice ids; ``ranks`` choice id →
    rank as typed; the point's ``location`` (GeoJSON), ``latitude``/``longitude``,
    ``district`` and ``description``."""

    values: list[str] = field(default_factory=list)
    other: str = ""
    cells: dict[int, list[str]] = field(default_factory=dict)
    ranks: dict[int, str] = field(default_factory=dict)
    location: str = ""
    latitude: str = ""
    longitude: str = ""
    district: str = ""
    description: str = ""


def _plain(value: str | None) -> str:
    return (value or "").replace("\x00", "").strip()


# --- Conditions -----------------------------------------------------------------------------


def chosen_choices(answers: Iterable[Answer]) -> dict[int, set[int]]:
    """Question id → ids of the chosen choices (for the conditions)."""
    chosen: dict[int, set[int]] = {}
    for answer in answers:
        if answer.choice_id is not None and answer.row_id is None:
            chosen.setdefault(answer.question_id, set()).add(answer.choice_id)
    return chosen


def condition_holds(question: Question, chosen: Mapping[int, set[int]]) -> bool:
    """Whether the answer to the question ``question`` depends on satisfies the
    condition (the dependence on that question's own visibility is
    ``visible_questions``'s)."""
    if not question.has_condition:
        return True
    answer = chosen.get(question.condition_question_id, set())
    choice = question.condition_choice_id
    if question.condition_operator == ConditionOperator.EQUALS:
        return answer == {choice}
    if question.condition_operator == ConditionOperator.DIFFERS:
        return bool(answer) and choice not in answer
    return choice in answer  # INCLUDES


def visible_questions(q: Questionnaire, chosen: Mapping[int, set[int]]) -> set[int]:
    """Ids of the questions to show and ask, given the chosen choices: a question with
    a condition is visible when the question it depends on is visible and the
    condition holds (the questions are in order, so the earlier one is decided)."""
    visible: set[int] = set()
    for question in q.questions:
        if question.has_condition and question.condition_question_id not in visible:
            continue
        if condition_holds(question, chosen):
            visible.add(question.pk)
    return visible


def describe_condition(question: Question, q: Questionnaire) -> str:
    """"Nur beantworten, wenn …" in words, for the page without JavaScript."""
    earlier = q.by_id.get(question.condition_question_id)
    choice = q.choices.get(question.condition_choice_id)
    if earlier is None or choice is None:
        return ""
    params = {"question": earlier.text, "choice": choice.text}
    if question.condition_operator == ConditionOperator.EQUALS:
        return (
            _("Nur beantworten, wenn Sie bei „%(question)s“ „%(choice)s“ gewählt haben.")
            % params
        )
    if question.condition_operator == ConditionOperator.DIFFERS:
        return (
            _("Nur beantworten, wenn Sie bei „%(question)s“ nicht „%(choice)s“ gewählt haben.")
            % params
        )
    return (
        _("Nur beantworten, wenn Sie bei „%(question)s“ unter anderem „%(choice)s“ gewählt haben.")
        % params
    )


# --- One question's answer ------------------------------------------------------------------


@dataclass
class Checked:
    answers: list[Answer]
    errors: list[str]

    @property
    def empty(self) -> bool:
        return not self.answers


def _ids(values: Iterable[str]) -> list[int] | None:
    """The values as ids, or None when one is no number."""
    ids = []
    for value in values:
        value = _plain(value)
        if not value:
            continue
        if not value.isdigit():
            return None
        ids.append(int(value))
    return ids


def _count_errors(question: Question, count: int, *, total: int) -> list[str]:
    low = question.min_choices
    high = question.max_choices
    if question.kind == QuestionKind.RANKING and question.required and low is None:
        low = total
    if count == 0:
        return []  # unanswered: whether that is allowed is the required check's
    if low is not None and count < low:
        return [
            ngettext(
                "Bitte wählen Sie mindestens %(count)d Antwort.",
                "Bitte wählen Sie mindestens %(count)d Antworten.",
                low,
            )
            % {"count": low}
        ]
    if high is not None and count > high:
        return [
            ngettext(
                "Bitte wählen Sie höchstens %(count)d Antwort.",
                "Bitte wählen Sie höchstens %(count)d Antworten.",
                high,
            )
            % {"count": high}
        ]
    return []


def _unknown_choice() -> list[str]:
    return [_("Diese Antwort gibt es bei der Frage nicht. Bitte wählen Sie erneut.")]


def _other_text(question: Question, choices, raw: RawAnswer, errors: list[str]) -> str:
    """The text of "Sonstiges, nämlich …" when that choice is among ``choices``."""
    text = _plain(raw.other)[:SHORT_TEXT_MAX]
    if any(choice.is_other for choice in choices) and not text:
        errors.append(_("Bitte schreiben Sie, was Sie mit „Sonstiges“ meinen."))
    return text


def _check_choices(question: Question, raw: RawAnswer) -> Checked:
    by_id = {choice.pk: choice for choice in question.choices_list}
    ids = _ids(raw.values)
    if ids is None or any(i not in by_id for i in ids):
        return Checked([], _unknown_choice())
    ids = list(dict.fromkeys(ids))
    errors: list[str] = []
    if question.kind == QuestionKind.SINGLE and len(ids) > 1:
        return Checked([], [_("Bitte wählen Sie nur eine Antwort.")])
    if question.kind == QuestionKind.MULTIPLE:
        errors += _count_errors(question, len(ids), total=len(by_id))
    chosen = [by_id[i] for i in ids]
    other = _other_text(question, chosen, raw, errors)
    answers = [
        Answer(question=question, choice=choice, text=other if choice.is_other else "")
        for choice in chosen
    ]
    return Checked(answers, errors)


def _check_ranking(question: Question, raw: RawAnswer) -> Checked:
    by_id = {choice.pk: choice for choice in question.choices_list}
    ranks: dict[int, int] = {}
    for choice_id, typed in raw.ranks.items():
        typed = _plain(typed)
        if not typed:
            continue
        if choice_id not in by_id:
            return Checked([], _unknown_choice())
        if not typed.isdigit() or not 1 <= int(typed) <= len(by_id):
            return Checked(
                [],
                [
                    _("Bitte geben Sie jeder Antwort einen Rang von 1 bis %(count)d.")
                    % {"count": len(by_id)}
                ],
            )
        ranks[choice_id] = int(typed)
    if len(set(ranks.values())) != len(ranks):
        return Checked([], [_("Jeder Rang darf nur einmal vorkommen.")])
    errors = _count_errors(question, len(ranks), total=len(by_id))
    # Ranks 1…n in the order given, whatever numbers were typed (1, 2, 5 → 1, 2, 3).
    ordered = sorted(ranks, key=ranks.get)
    answers = [
        Answer(question=question, choice=by_id[choice_id], rank=position)
        for position, choice_id in enumerate(ordered, start=1)
    ]
    return Checked(answers, errors)


def _check_matrix(question: Question, raw: RawAnswer) -> Checked:
    by_id = {choice.pk: choice for choice in question.choices_list}
    rows = {row.pk: row for row in question.rows_list}
    answers: list[Answer] = []
    errors: list[str] = []
    answered_rows = 0
    for row_id, values in raw.cells.items():
        if row_id not in rows:
            return Checked([], _unknown_choice())
        ids = _ids(values)
        if ids is None or any(i not in by_id for i in ids):
            return Checked([], _unknown_choice())
        ids = list(dict.fromkeys(ids))
        if not ids:
            continue
        answered_rows += 1
        if question.kind == QuestionKind.MATRIX_SINGLE and len(ids) > 1:
            errors.append(
                _("Bitte wählen Sie in der Zeile „%(row)s“ nur eine Antwort.")
                % {"row": rows[row_id].text}
            )
        elif question.kind == QuestionKind.MATRIX_MULTIPLE:
            for message in _count_errors(question, len(ids), total=len(by_id)):
                errors.append(f"{rows[row_id].text}: {message}")
        answers += [Answer(question=question, row=rows[row_id], choice=by_id[i]) for i in ids]
    if question.required and answers and answered_rows < len(rows):
        errors.append(_("Bitte beantworten Sie jede Zeile."))
    return Checked(answers, errors)


def _check_text(question: Question, raw: RawAnswer) -> Checked:
    text = _plain(raw.values[0] if raw.values else "")
    limit = SHORT_TEXT_MAX if question.kind == QuestionKind.SHORT_TEXT else LONG_TEXT_MAX
    if len(text) > limit:
        return Checked(
            [],
            [
                _("Bitte schreiben Sie höchstens %(limit)d Zeichen (jetzt: %(count)d).")
                % {"limit": limit, "count": len(text)}
            ],
        )
    return Checked([Answer(question=question, text=text)] if text else [], [])


def parse_number(typed: str) -> Decimal | None:
    """A number as people in Germany type it (``12``, ``3,5``, ``-0.25``), or None."""
    text = _plain(typed).replace(" ", "").replace("\u202f", "")
    if "," in text:
        if "." in text:
            text = text.replace(".", "")  # 1.234,5
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite() or abs(number) >= NUMBER_LIMIT or number.as_tuple().exponent < -6:
        return None
    return number


def _check_number(question: Question, raw: RawAnswer) -> Checked:
    typed = _plain(raw.values[0] if raw.values else "")
    if not typed:
        return Checked([], [])
    number = parse_number(typed)
    if number is None:
        return Checked([], [_("Bitte geben Sie eine Zahl ein, zum Beispiel 12 oder 3,5.")])
    return Checked([Answer(question=question, number=number)], [])


def parse_date(typed: str) -> datetime.date | None:
    """A date as the browser's date field sends it (2026-05-01) or as typed (1.5.2026)."""
    text = _plain(typed)
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()  # noqa: DTZ007
        except ValueError:
            continue
    return None


def _check_date(question: Question, raw: RawAnswer) -> Checked:
    typed = _plain(raw.values[0] if raw.values else "")
    if not typed:
        return Checked([], [])
    date = parse_date(typed)
    if date is None:
        return Checked([], [_("Bitte geben Sie ein Datum ein, zum Beispiel 31.12.2026.")])
    return Checked([Answer(question=question, date=date)], [])


def _district(typed: str, districts: Mapping[int, District]) -> District | None | bool:
    """The district chosen (None: none chosen; False: not one of ``districts``)."""
    typed = _plain(typed)
    if not typed:
        return None
    if not typed.isdigit() or int(typed) not in districts:
        return False
    return districts[int(typed)]


def _district_error(districts: Mapping[int, District]) -> list[str]:
    return [
        _("Bitte wählen Sie einen dieser Ortsteile: %(names)s.")
        % {"names": ", ".join(sorted(d.name for d in districts.values()))}
    ]


def _check_district(question: Question, raw: RawAnswer, districts) -> Checked:
    district = _district(raw.values[0] if raw.values else "", districts)
    if district is False:
        return Checked([], _district_error(districts))
    return Checked([Answer(question=question, district=district)] if district else [], [])


def _typed_point(raw: RawAnswer) -> dict | None | bool:
    """The point as GeoJSON: the coordinates typed by hand win over the map's point;
    None when neither was given, False when the coordinates are no numbers."""
    lat, lon = _plain(raw.latitude), _plain(raw.longitude)
    if lat or lon:
        lat_n, lon_n = parse_number(lat), parse_number(lon)
        if lat_n is None or lon_n is None:
            return False
        return {"type": "Point", "coordinates": [float(lon_n), float(lat_n)]}
    if _plain(raw.location):
        return _plain(raw.location)
    return None


def _check_point(question: Question, raw: RawAnswer, districts, project) -> Checked:
    """A point inside the project's area (the ideas' rule), its district derived; or,
    without a map, a district and a description of the place."""
    description = _plain(raw.description)[:SHORT_TEXT_MAX]
    location = _typed_point(raw)
    if location is False:
        return Checked(
            [], [_("Bitte geben Sie Breiten- und Längengrad als Zahlen ein, zum Beispiel 50,927.")]
        )
    if location is not None:
        try:
            point = validate_geojson_geometry(location, allowed_types=("Point",))
        except ValidationError as exc:
            return Checked([], list(exc.messages))
        inside, derived = point_in_project(project, Point(point.x, point.y, srid=4326))
        if not inside:
            return Checked(
                [],
                [
                    _(
                        "Der Ort liegt außerhalb des Projektgebiets. Bitte setzen Sie den "
                        "Punkt in das Gebiet oder wählen Sie stattdessen den Ortsteil und "
                        "beschreiben den Ort."
                    )
                ],
            )
        geojson = {"type": "Point", "coordinates": [round(point.x, 7), round(point.y, 7)]}
        return Checked(
            [Answer(question=question, point=geojson, district=derived, text=description)], []
        )
    district = _district(raw.district, districts)
    if district is False:
        return Checked([], _district_error(districts))
    if district is None and not description:
        return Checked([], [])
    if district is None or not description:
        return Checked(
            [],
            [
                _(
                    "Ohne Punkt auf der Karte: Bitte wählen Sie den Ortsteil und beschreiben "
                    "Sie den Ort (zum Beispiel Straße und Hausnummer)."
                )
            ],
        )
    return Checked([Answer(question=question, district=district, text=description)], [])


def check_answer(question: Question, raw: RawAnswer, *, districts, project) -> Checked:
    """The answer rows for ``raw`` (not saved) and what is wrong with it; whether an
    empty answer is allowed is the caller's (``required`` and the conditions)."""
    kind = question.kind
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        return _check_choices(question, raw)
    if kind == QuestionKind.RANKING:
        return _check_ranking(question, raw)
    if kind in (QuestionKind.MATRIX_SINGLE, QuestionKind.MATRIX_MULTIPLE):
        return _check_matrix(question, raw)
    if kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT):
        return _check_text(question, raw)
    if kind == QuestionKind.NUMBER:
        return _check_number(question, raw)
    if kind == QuestionKind.DATE:
        return _check_date(question, raw)
    if kind == QuestionKind.DISTRICT:
        return _check_district(question, raw, districts)
    return _check_point(question, raw, districts, project)


def required_message(question: Question) -> str:
    if question.kind == QuestionKind.POINT:
        return _(
            "Bitte setzen Sie einen Punkt auf der Karte oder wählen Sie den Ortsteil und "
            "beschreiben den Ort."
        )
    return _("Bitte beantworten Sie diese Frage.")


def answer_districts(poll: Poll) -> dict[int, District]:
    """The districts to choose from: the project's, or all of Jena's (one query)."""
    project = poll.phase.project
    own = {d.pk: d for d in District.objects.filter(projects=project).only("pk", "name", "slug")}
    if own:
        return own
    return {d.pk: d for d in District.objects.only("pk", "name", "slug")}


# --- The draft ------------------------------------------------------------------------------


def _draft_of(user, poll: Poll, *, lock: bool = True) -> Submission | None:
    drafts = Submission.objects.filter(poll=poll, person=user, state=SubmissionState.DRAFT)
    return (drafts.select_for_update() if lock else drafts).first()


def _copy_answers(answers: Iterable[Answer], into: Submission) -> list[Answer]:
    copies = []
    for answer in answers:
        copy = Answer(
            submission=into,
            question_id=answer.question_id,
            choice_id=answer.choice_id,
            row_id=answer.row_id,
            rank=answer.rank,
            text=answer.text,
            number=answer.number,
            date=answer.date,
            district_id=answer.district_id,
            point=answer.point,
        )
        copies.append(copy)
    return Answer.objects.bulk_create(copies)


def _draft_for_writing(user, poll: Poll) -> Submission:
    """The person's draft, made when missing: from their submitted answers when they
    change them (a poll whose answers may be changed), else empty. A parallel request
    that made it first wins (the unique constraint)."""
    draft = _draft_of(user, poll)
    if draft is not None:
        return draft
    try:
        with transaction.atomic():
            draft = Submission.objects.create(
                poll=poll, person=user, state=SubmissionState.DRAFT, saved_at=timezone.now()
            )
    except IntegrityError:
        return _draft_of(user, poll)
    if not poll.anonymous:
        submitted = Submission.objects.filter(
            poll=poll, person=user, state=SubmissionState.SUBMITTED
        ).first()
        if submitted is not None:
            _copy_answers(submitted.answers.all(), draft)
    return draft


def _merge(stored: Iterable[Answer], fresh: Mapping[int, list[Answer]]) -> list[Answer]:
    """The stored answers with those of the questions in ``fresh`` replaced."""
    kept = [a for a in stored if a.question_id not in fresh]
    return kept + [a for answers in fresh.values() for a in answers]


def check_section(
    q: Questionnaire,
    section: Section,
    raw: Mapping[int, RawAnswer],
    *,
    stored: Iterable[Answer],
    check_required: bool,
    districts=None,
) -> tuple[dict[int, list[Answer]], dict[str, list[str]], set[int]]:
    """The answers of ``section``'s questions from ``raw`` (question id → input), their
    errors (keyed ``q<id>``) and the visible questions, the conditions evaluated on the
    stored answers of the other sections and the ones given here."""
    districts = districts if districts is not None else answer_districts(q.poll)
    project = q.poll.phase.project
    fresh: dict[int, list[Answer]] = {}
    errors: dict[str, list[str]] = {}
    for question in section.items:
        checked = check_answer(
            question, raw.get(question.pk, RawAnswer()), districts=districts, project=project
        )
        fresh[question.pk] = checked.answers
        if checked.errors:
            errors[field_key(question)] = checked.errors
    visible = visible_questions(q, chosen_choices(_merge(stored, fresh)))
    for question in section.items:
        if question.pk not in visible:
            fresh[question.pk] = []
            errors.pop(field_key(question), None)
        elif check_required and question.required and not fresh[question.pk]:
            errors.setdefault(field_key(question), []).append(required_message(question))
    return fresh, errors, visible


@transaction.atomic
def section_save(
    *,
    user,
    poll: Poll,
    section: Section,
    raw: Mapping[int, RawAnswer],
    check_required: bool = False,
    q: Questionnaire | None = None,
) -> Submission:
    """Save the answers to ``section`` in the person's draft.

    Who: ``may_answer``. ``check_required`` ("Weiter"): the visible required questions
    of the section must be answered. Raises Invalid (keyed ``q<id>``) and saves nothing
    when an answer is malformed. Effect: the section's answers replace those stored;
    answers of questions now hidden by a condition (in any section) are dropped.
    Nothing is notified.
    """
    require(may_answer(user, poll))
    q = q or questionnaire(poll)
    draft = _draft_for_writing(user, poll)
    stored = list(draft.answers.all())
    fresh, errors, _visible = check_section(
        q, section, raw, stored=stored, check_required=check_required
    )
    if errors:
        raise Invalid(errors)
    merged = _merge(stored, fresh)
    visible = visible_questions(q, chosen_choices(merged))
    draft.answers.filter(question_id__in=[question.pk for question in section.items]).delete()
    hidden = [a.pk for a in stored if a.question_id not in visible and a.question_id not in fresh]
    if hidden:
        Answer.objects.filter(pk__in=hidden).delete()
    for answers in fresh.values():
        for answer in answers:
            answer.submission = draft
    Answer.objects.bulk_create([a for answers in fresh.values() for a in answers])
    draft.saved_at = timezone.now()
    draft.save(update_fields=["saved_at"])
    return draft


def missing_answers(q: Questionnaire, answers: Iterable[Answer]) -> dict[str, list[str]]:
    """The visible required questions without an answer, keyed ``q<id>``."""
    answers = list(answers)
    visible = visible_questions(q, chosen_choices(answers))
    answered = {a.question_id for a in answers}
    return {
        field_key(question): [required_message(question)]
        for question in q.questions
        if question.pk in visible and question.required and question.pk not in answered
    }


def _already() -> Conflict:
    return Conflict(_("Sie haben diese Umfrage bereits abgeschickt."), code="duplicate")


@transaction.atomic
def poll_submit(*, user, poll: Poll) -> Submission:
    """Submit the person's draft.

    Who and when: ``may_answer`` (phase open, verified, eligible; already submitted only
    where answers may be changed). Raises Invalid (required answers missing, keyed
    ``q<id>``; nothing to submit), Conflict (already submitted, also when a parallel
    request won). Effect: in an open poll the draft becomes the submitted answers (a
    change replaces the earlier ones); in an anonymous poll the answers are copied into
    an unlinked submission (the day only), the draft is deleted and the participation
    recorded. Sends ``events.poll_submitted``.
    """
    require(may_answer(user, poll))
    draft = _draft_of(user, poll)
    if draft is None:
        raise Invalid(_("Sie haben noch keine Frage beantwortet."), code="empty")
    q = questionnaire(poll)
    answers = list(draft.answers.all())
    missing = missing_answers(q, answers)
    if missing:
        raise Invalid(missing)
    visible = visible_questions(q, chosen_choices(answers))
    answers = [a for a in answers if a.question_id in visible]
    now = timezone.now()
    try:
        with transaction.atomic():
            if poll.anonymous:
                Participation.objects.create(poll=poll, person=user)
                submission = Submission.objects.create(
                    poll=poll,
                    person=None,
                    state=SubmissionState.SUBMITTED,
                    submitted_on=timezone.localdate(now),
                )
                _copy_answers(answers, submission)
                draft.delete()
            else:
                Submission.objects.filter(
                    poll=poll, person=user, state=SubmissionState.SUBMITTED
                ).delete()
                draft.answers.exclude(pk__in=[a.pk for a in answers]).delete()
                draft.state = SubmissionState.SUBMITTED
                draft.submitted_at = now
                draft.submitted_on = timezone.localdate(now)
                draft.saved_at = now
                draft.save(update_fields=["state", "submitted_at", "submitted_on", "saved_at"])
                submission = draft
    except IntegrityError:
        raise _already() from None
    forget_taken_part(user, poll)
    events.poll_submitted.send(
        sender=Poll,
        poll=poll,
        person=user,
        submission=None if poll.anonymous else submission,
    )
    logger.info("poll %s: answers submitted", poll.pk)
    return submission


# --- The admin's guards ------------------------------------------------------------------------


def answered_refusal(question: Question) -> str | None:
    """Why ``question`` may not be deleted or change its kind, or None."""
    if question.pk is not None and Answer.objects.filter(question=question).exists():
        return _(
            "Auf diese Frage wurde schon geantwortet. Löschen oder eine andere Art würde "
            "die vorhandenen Antworten verfälschen; legen Sie stattdessen eine neue Frage an."
        )
    return None


@transaction.atomic
def question_delete(*, question: Question) -> None:
    """Delete ``question`` unless it has answers (Conflict says why)."""
    reason = answered_refusal(question)
    if reason:
        raise Conflict(reason, code="answered")
    question.delete()


@transaction.atomic
def question_move(*, question: Question, steps: int) -> None:
    """Move ``question`` ``steps`` places up (negative) or down within its section; the
    section's questions are numbered 10, 20, … afterwards."""
    siblings = list(
        Question.objects.select_for_update()
        .filter(section_id=question.section_id)
        .order_by("order", "pk")
    )
    index = next(i for i, q in enumerate(siblings) if q.pk == question.pk)
    target = max(0, min(len(siblings) - 1, index + steps))
    siblings.insert(target, siblings.pop(index))
    for position, sibling in enumerate(siblings, start=1):
        if sibling.order != position * 10:
            sibling.order = position * 10
            sibling.save(update_fields=["order"])
