"""The results of a poll: per question what the submitted answers say, in aggregate.

``poll_results(poll, texts=…)`` reads everything in a fixed number of queries, however
many answers there are (SQL aggregates: ``values().annotate(Count(…))``; only the
numbers of number questions come back one by one, for the median):

* choices (single, multiple): count and share per choice; "Sonstiges" counted like any
  other choice, its texts listed for the staff;
* matrix: per row count and share per choice;
* ranking: per choice the count per place, the mean rank and Borda points (first of
  ``n`` choices: ``n`` points, last: 1);
* number: count, minimum, maximum, mean, median;
* date: count, earliest, latest and the count per month;
* district: count per district;
* point: the points as GeoJSON for a map and their count per district;
* texts (short, long, the descriptions of places): only with ``texts=True``, the staff's.

Only submitted submissions count (drafts never). ``answered`` is the number of
submissions with an answer to the question, the basis of the shares.

Confidential questions (``Question.confidential``) and free texts are the caller's to
hide: ``QuestionResult.restricted`` says that only the number of answers may be shown
(see ``rules.may_see_texts``). With a district question (the first one that is not
confidential), ``PollResults.breakdown`` cross-tabulates each single and multiple choice
question by the district answered in the same submission.
"""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, Max, Min, Prefetch
from django.db.models.functions import TruncMonth
from django.utils import timezone

from projects.models import Project

from .models import (
    Answer,
    Choice,
    MatrixRow,
    Poll,
    Question,
    QuestionKind,
    ResultsVisibility,
    Submission,
    SubmissionState,
)
from .selectors import Questionnaire, questionnaire

TEXT_KINDS = frozenset({QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT})
BREAKDOWN_KINDS = frozenset({QuestionKind.SINGLE, QuestionKind.MULTIPLE})
MAX_POINTS = 5000  # on the map; the count per district covers all


def share(count: int, total: int) -> float:
    """``count`` of ``total`` in per cent, one decimal (0 when nothing was answered)."""
    return round(100 * count / total, 1) if total else 0.0


@dataclass
class Bar:
    """One line of a chart: a label, its count and share of the ``total`` answers."""

    label: str
    count: int
    total: int
    is_other: bool = False
    key: int | str | None = None

    @property
    def percent(self) -> float:
        return share(self.count, self.total)


@dataclass
class RowResult:
    row_id: int
    text: str
    answered: int
    bars: list[Bar]


@dataclass
class RankResult:
    choice_id: int
    text: str
    places: list[int]  # count per place: places[0] how often ranked first
    ranked: int  # how often ranked at all
    mean_rank: float | None
    borda: int


@dataclass
class NumberStats:
    count: int
    minimum: Decimal | None
    maximum: Decimal | None
    mean: Decimal | None
    median: Decimal | None


@dataclass
class DateStats:
    count: int
    earliest: datetime.date | None
    latest: datetime.date | None
    months: list[Bar]  # label: "2026-05"


@dataclass
class QuestionResult:
    question: Question
    number: int  # 1… in the questionnaire's order
    answered: int = 0
    bars: list[Bar] = field(default_factory=list)  # choices, districts
    rows: list[RowResult] = field(default_factory=list)
    ranks: list[RankResult] = field(default_factory=list)
    numbers: NumberStats | None = None
    dates: DateStats | None = None
    texts: list[str] = field(default_factory=list)  # staff only
    other_texts: list[str] = field(default_factory=list)  # staff only
    points: list[dict] = field(default_factory=list)  # GeoJSON features
    point_districts: list[Bar] = field(default_factory=list)
    restricted: bool = False  # set by the caller: only ``answered`` may be shown

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def has_texts(self) -> bool:
        return self.question.kind in TEXT_KINDS or self.question.kind == QuestionKind.POINT

    @property
    def map_script_id(self) -> str:
        return f"result-map-{self.question.pk}-features"

    @property
    def map_features(self) -> dict:
        return {"type": "FeatureCollection", "features": self.points}


@dataclass
class Breakdown:
    """A choice question cross-tabulated by district: ``columns`` the districts (and
    "ohne Angabe"), ``rows`` one per choice with its count per column."""

    question: Question
    number: int
    columns: list[str]
    rows: list[tuple[str, list[int]]]
    totals: list[int]


@dataclass
class PollResults:
    poll: Poll
    questionnaire: Questionnaire
    submissions: int
    questions: list[QuestionResult]
    district_question: Question | None = None
    breakdowns: list[Breakdown] = field(default_factory=list)
    texts: bool = False

    def by_question(self) -> dict[int, QuestionResult]:
        return {result.question.pk: result for result in self.questions}


def _submitted(poll: Poll):
    return Answer.objects.filter(submission__poll=poll, submission__state=SubmissionState.SUBMITTED)


def _median(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return Decimal(statistics.median(values))


def _quantize(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(value).quantize(Decimal("0.01"))


def poll_results(poll: Poll, *, texts: bool = False, q: Questionnaire | None = None) -> PollResults:
    """The results of ``poll`` (see the module docstring). Queries: the questionnaire's
    four, then ten at most (eleven with ``texts``), whatever the number of answers."""
    q = q or questionnaire(poll)
    answers = _submitted(poll)
    submissions = Submission.objects.filter(poll=poll, state=SubmissionState.SUBMITTED).count()
    results = [
        QuestionResult(question=question, number=n)
        for n, question in enumerate(q.questions, start=1)
    ]
    by_id = {result.question.pk: result for result in results}

    for row in answers.values("question_id").annotate(n=Count("submission_id", distinct=True)):
        if row["question_id"] in by_id:
            by_id[row["question_id"]].answered = row["n"]

    _choices(q, answers, by_id)
    _numbers(answers, by_id)
    _dates(answers, by_id)
    _places(answers, by_id)
    if texts:
        _texts(answers, by_id)

    district_question = next(
        (
            question
            for question in q.questions
            if question.kind == QuestionKind.DISTRICT and not question.confidential
        ),
        None,
    )
    breakdowns = _breakdowns(q, answers, district_question, by_id) if district_question else []
    return PollResults(
        poll=poll,
        questionnaire=q,
        submissions=submissions,
        questions=results,
        district_question=district_question,
        breakdowns=breakdowns,
        texts=texts,
    )


def _choices(q: Questionnaire, answers, by_id: dict[int, QuestionResult]) -> None:
    """Choices, matrix cells and ranks: one query for all of them, and one for the number
    of submissions per matrix row."""
    counts: dict[tuple[int, int | None, int, int | None], int] = {}
    for row in (
        answers.filter(choice__isnull=False)
        .values("question_id", "row_id", "choice_id", "rank")
        .annotate(n=Count("id"))
        .order_by()
    ):
        key = (row["question_id"], row["row_id"], row["choice_id"], row["rank"])
        counts[key] = counts.get(key, 0) + row["n"]
    row_answered: dict[int, int] = {
        row["row_id"]: row["n"]
        for row in answers.filter(row__isnull=False)
        .values("row_id")
        .annotate(n=Count("submission_id", distinct=True))
        .order_by()
    }
    per_choice: dict[tuple[int, int | None, int], int] = defaultdict(int)
    per_place: dict[tuple[int, int, int], int] = defaultdict(int)
    for (question_id, row_id, choice_id, rank), n in counts.items():
        per_choice[(question_id, row_id, choice_id)] += n
        if rank is not None:
            per_place[(question_id, choice_id, rank)] += n
    for question in q.questions:
        result = by_id[question.pk]
        if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            result.bars = [
                Bar(
                    choice.text,
                    per_choice.get((question.pk, None, choice.pk), 0),
                    result.answered,
                    is_other=choice.is_other,
                    key=choice.pk,
                )
                for choice in question.choices_list
            ]
        elif question.kind in (QuestionKind.MATRIX_SINGLE, QuestionKind.MATRIX_MULTIPLE):
            for matrix_row in question.rows_list:
                total = row_answered.get(matrix_row.pk, 0)
                result.rows.append(
                    RowResult(
                        row_id=matrix_row.pk,
                        text=matrix_row.text,
                        answered=total,
                        bars=[
                            Bar(
                                choice.text,
                                per_choice.get((question.pk, matrix_row.pk, choice.pk), 0),
                                total,
                                key=choice.pk,
                            )
                            for choice in question.choices_list
                        ],
                    )
                )
        elif question.kind == QuestionKind.RANKING:
            size = len(question.choices_list)
            ranks = []
            for choice in question.choices_list:
                places = [per_place.get((question.pk, choice.pk, p), 0) for p in range(1, size + 1)]
                ranked = sum(places)
                rank_sum = sum(p * n for p, n in enumerate(places, start=1))
                ranks.append(
                    RankResult(
                        choice_id=choice.pk,
                        text=choice.text,
                        places=places,
                        ranked=ranked,
                        mean_rank=round(rank_sum / ranked, 2) if ranked else None,
                        borda=sum((size - p + 1) * n for p, n in enumerate(places, start=1)),
                    )
                )
            result.ranks = sorted(ranks, key=lambda r: (-r.borda, r.text))


def _numbers(answers, by_id: dict[int, QuestionResult]) -> None:
    numbers = answers.filter(number__isnull=False, question__kind=QuestionKind.NUMBER)
    stats = {
        row["question_id"]: row
        for row in numbers.values("question_id")
        .annotate(n=Count("id"), low=Min("number"), high=Max("number"), mean=Avg("number"))
        .order_by()
    }
    values: dict[int, list[Decimal]] = defaultdict(list)
    for question_id, number in numbers.values_list("question_id", "number").order_by():
        values[question_id].append(number)
    for question_id, result in by_id.items():
        if result.question.kind != QuestionKind.NUMBER:
            continue
        row = stats.get(question_id)
        result.numbers = NumberStats(
            count=row["n"] if row else 0,
            minimum=row["low"] if row else None,
            maximum=row["high"] if row else None,
            mean=_quantize(row["mean"]) if row else None,
            median=_quantize(_median(values.get(question_id, []))),
        )


def _dates(answers, by_id: dict[int, QuestionResult]) -> None:
    dates = answers.filter(date__isnull=False, question__kind=QuestionKind.DATE)
    months: dict[int, list[tuple[datetime.date, int]]] = defaultdict(list)
    for row in (
        dates.annotate(month=TruncMonth("date"))
        .values("question_id", "month")
        .annotate(n=Count("id"), low=Min("date"), high=Max("date"))
        .order_by("question_id", "month")
    ):
        months[row["question_id"]].append((row["month"], row["n"], row["low"], row["high"]))
    for question_id, result in by_id.items():
        if result.question.kind != QuestionKind.DATE:
            continue
        rows = months.get(question_id, [])
        count = sum(row[1] for row in rows)
        result.dates = DateStats(
            count=count,
            earliest=min((row[2] for row in rows), default=None),
            latest=max((row[3] for row in rows), default=None),
            months=[
                Bar(_month_label(month), n, count, key=_month_label(month))
                for month, n, _low, _high in rows
            ],
        )


def _month_label(month) -> str:
    if isinstance(month, datetime.datetime):
        month = month.date()
    if isinstance(month, str):
        return month[:7]
    return month.strftime("%Y-%m")


def _places(answers, by_id: dict[int, QuestionResult]) -> None:
    """Districts (district questions, and the districts of points) and the points."""
    counts: dict[int, list[Bar]] = defaultdict(list)
    for row in (
        answers.filter(question__kind__in=[QuestionKind.DISTRICT, QuestionKind.POINT])
        .values("question_id", "district_id", "district__name")
        .annotate(n=Count("id"))
        .order_by("question_id", "district__name")
    ):
        counts[row["question_id"]].append(
            Bar(row["district__name"] or "", row["n"], 0, key=row["district_id"])
        )
    for question_id, bars in counts.items():
        result = by_id.get(question_id)
        if result is None:
            continue
        total = sum(bar.count for bar in bars)
        for bar in bars:
            bar.total = total
        bars.sort(key=lambda bar: (bar.key is None, -bar.count, bar.label))
        if result.question.kind == QuestionKind.DISTRICT:
            result.bars = bars
        else:
            result.point_districts = bars
    points = (
        answers.filter(question__kind=QuestionKind.POINT, point__isnull=False)
        .values_list("question_id", "point", "district__name")
        .order_by("question_id", "id")
    )
    for question_id, point, district in points:
        result = by_id.get(question_id)
        if result is None or len(result.points) >= MAX_POINTS or not point:
            continue
        result.points.append(
            {"type": "Feature", "geometry": point, "properties": {"district": district or ""}}
        )


def _texts(answers, by_id: dict[int, QuestionResult]) -> None:
    """Free texts, "Sonstiges" texts and descriptions of places (the staff's)."""
    for question_id, text, choice_id in (
        answers.exclude(text="").values_list("question_id", "text", "choice_id").order_by("id")
    ):
        result = by_id.get(question_id)
        if result is None:
            continue
        if choice_id is not None:
            result.other_texts.append(text)
        else:
            result.texts.append(text)


def _breakdowns(
    q: Questionnaire, answers, district_question: Question, by_id: dict[int, QuestionResult]
) -> list[Breakdown]:
    """Each single and multiple choice question by the district answered in the same
    submission: one query joining each choice to the district answer of its submission;
    "ohne Angabe" is the rest of the choice's count (``by_id``'s bars)."""
    cells: dict[tuple[int, int, str], int] = defaultdict(int)
    for row in (
        answers.filter(
            question__kind__in=list(BREAKDOWN_KINDS),
            row__isnull=True,
            choice__isnull=False,
            submission__answers__question_id=district_question.pk,
            submission__answers__district__isnull=False,
        )
        .values("question_id", "choice_id", "submission__answers__district__name")
        .annotate(n=Count("id"))
        .order_by()
    ):
        name = row["submission__answers__district__name"] or ""
        cells[(row["question_id"], row["choice_id"], name)] += row["n"]
    for question_id, result in by_id.items():
        for bar in result.bars if result.question.kind in BREAKDOWN_KINDS else []:
            known = sum(
                n for (q, c, _name), n in cells.items() if q == question_id and c == bar.key
            )
            cells[(question_id, bar.key, "")] = bar.count - known
    names = sorted(
        {bar.label for bar in by_id[district_question.pk].bars if bar.label}
        | {name for (_q, _c, name) in cells if name}
    )
    columns = [*names, ""]
    breakdowns = []
    for question in q.questions:
        if question.kind not in BREAKDOWN_KINDS or question.pk == district_question.pk:
            continue
        rows = [
            (choice.text, [cells.get((question.pk, choice.pk, name), 0) for name in columns])
            for choice in question.choices_list
        ]
        totals = [sum(row[1][i] for row in rows) for i in range(len(columns))]
        breakdowns.append(
            Breakdown(
                question=question,
                number=by_id[question.pk].number,
                columns=columns,
                rows=rows,
                totals=totals,
            )
        )
    return breakdowns


def for_viewer(results: PollResults, *, staff: bool) -> PollResults:
    """``results`` as a person may see them: for anybody but the staff, confidential
    questions keep only their number of answers (everything else emptied, so no template
    can show it by mistake), their breakdowns go, and no free text remains."""
    if staff:
        return results
    for result in results.questions:
        result.texts = []
        result.other_texts = []
        if result.question.confidential:
            result.restricted = True
            result.bars, result.rows, result.ranks, result.points = [], [], [], []
            result.point_districts = []
            result.numbers = result.dates = None
    results.breakdowns = [b for b in results.breakdowns if not b.question.confidential]
    return results


# --- Open data ------------------------------------------------------------------------------


@dataclass
class OpenDataRow:
    poll: Poll
    question: Question
    number: int
    row: str
    choice: str
    place: int | None
    count: int
    answered: int


def open_data_rows(polls: list[Poll]) -> list[OpenDataRow]:
    """The counts of the choice and district questions of ``polls`` that are not
    confidential: one row per question × matrix row × choice (× place for rankings; per
    district for district questions). No texts. A fixed number of queries for all polls."""
    if not polls:
        return []
    questions = list(
        Question.objects.filter(section__poll__in=polls, confidential=False)
        .select_related("section")
        .order_by("section__poll_id", "section__order", "section_id", "order", "pk")
        .prefetch_related(
            Prefetch(
                "choices", queryset=Choice.objects.order_by("order", "pk"), to_attr="choices_list"
            ),
            Prefetch(
                "rows", queryset=MatrixRow.objects.order_by("order", "pk"), to_attr="rows_list"
            ),
        )
    )
    answers = Answer.objects.filter(
        submission__poll__in=polls,
        submission__state=SubmissionState.SUBMITTED,
        question__confidential=False,
    )
    answered = {
        row["question_id"]: row["n"]
        for row in answers.values("question_id")
        .annotate(n=Count("submission_id", distinct=True))
        .order_by()
    }
    counts: dict[tuple, int] = defaultdict(int)
    for row in (
        answers.filter(choice__isnull=False)
        .values("question_id", "row_id", "choice_id", "rank")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts[(row["question_id"], row["row_id"], row["choice_id"], row["rank"])] += row["n"]
    districts: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for row in (
        answers.filter(question__kind=QuestionKind.DISTRICT, district__isnull=False)
        .values("question_id", "district__name")
        .annotate(n=Count("id"))
        .order_by("question_id", "district__name")
    ):
        districts[row["question_id"]].append((row["district__name"], row["n"]))
    by_poll = {poll.pk: poll for poll in polls}
    rows: list[OpenDataRow] = []
    numbers: dict[int, int] = defaultdict(int)
    for question in questions:
        poll = by_poll[question.section.poll_id]
        numbers[poll.pk] += 1
        number = numbers[poll.pk]
        total = answered.get(question.pk, 0)

        def add(
            row="",
            choice="",
            place=None,
            count=0,
            *,
            poll=poll,
            question=question,
            number=number,
            total=total,
        ):
            rows.append(OpenDataRow(poll, question, number, row, choice, place, count, total))

        if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            for choice in question.choices_list:
                add(choice=choice.text, count=counts.get((question.pk, None, choice.pk, None), 0))
        elif question.kind in (QuestionKind.MATRIX_SINGLE, QuestionKind.MATRIX_MULTIPLE):
            for matrix_row in question.rows_list:
                for choice in question.choices_list:
                    add(
                        row=matrix_row.text,
                        choice=choice.text,
                        count=counts.get((question.pk, matrix_row.pk, choice.pk, None), 0),
                    )
        elif question.kind == QuestionKind.RANKING:
            for choice in question.choices_list:
                for place in range(1, len(question.choices_list) + 1):
                    add(
                        choice=choice.text,
                        place=place,
                        count=counts.get((question.pk, None, choice.pk, place), 0),
                    )
        elif question.kind == QuestionKind.DISTRICT:
            for name, count in districts.get(question.pk, []):
                add(choice=name, count=count)
        else:
            add(count=total)  # numbers, dates, texts, points: only how many answered
    return rows


def open_data_polls(*, now=None) -> list[Poll]:
    """The polls whose aggregate results are open data (``rules.is_open_data``): a
    published project, the phase ended, results not only for the staff; one query."""
    now = now or timezone.now()
    return list(
        Poll.objects.filter(
            phase__project__status=Project.Status.PUBLISHED,
            phase__end__lte=now,
        )
        .exclude(results_visibility=ResultsVisibility.STAFF)
        .select_related("phase__project")
        .order_by("phase__end", "pk")
    )


def open_data_modified() -> datetime.datetime | None:
    """When the open data of the polls last changed: the end of the latest poll in it."""
    polls = open_data_polls()
    return max((poll.phase.end for poll in polls), default=None)
