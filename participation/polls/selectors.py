"""Reads of the polls: the questionnaire in a fixed number of queries, however many
sections and questions it has, and a person's answers."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from .models import Answer, Choice, MatrixRow, Poll, Question, Section, Submission, SubmissionState


@dataclass
class Questionnaire:
    """A poll's sections in order, each with ``section.items`` (its questions in order,
    each with ``choices_list`` and ``rows_list``)."""

    poll: Poll
    sections: list[Section]
    questions: list[Question] = field(default_factory=list)  # all, in order

    def __post_init__(self) -> None:
        self.questions = [q for section in self.sections for q in section.items]
        self.by_id = {q.pk: q for q in self.questions}
        self.position = {q.pk: index for index, q in enumerate(self.questions)}
        self.choices = {c.pk: c for q in self.questions for c in q.choices_list}

    def section_number(self, section: Section) -> int:
        return self.sections.index(section) + 1


def poll_for_page(pk: int, *, slug: str) -> Poll | None:
    """The poll ``pk`` of the project ``slug`` with its phase and project (one query)."""
    return (
        Poll.objects.select_related("phase__project")
        .filter(pk=pk, phase__project__slug=slug)
        .first()
    )


def questionnaire(poll: Poll) -> Questionnaire:
    """Sections, questions, choices and matrix rows: four queries."""
    choices = Choice.objects.order_by("order", "pk")
    rows = MatrixRow.objects.order_by("order", "pk")
    questions = Question.objects.order_by("order", "pk").prefetch_related(
        Prefetch("choices", queryset=choices, to_attr="choices_list"),
        Prefetch("rows", queryset=rows, to_attr="rows_list"),
    )
    sections = list(
        Section.objects.filter(poll=poll)
        .order_by("order", "pk")
        .prefetch_related(Prefetch("questions", queryset=questions, to_attr="items"))
    )
    return Questionnaire(poll=poll, sections=sections)


def own_answers(user, poll: Poll) -> tuple[Submission | None, list[Answer]]:
    """The person's draft, else their submitted answers (not anonymous): the values a
    form starts from. Two queries at most."""
    if not getattr(user, "is_authenticated", False):
        return None, []
    submissions = {
        s.state: s
        for s in Submission.objects.filter(poll=poll, person=user).only("pk", "state", "poll")
    }
    submission = submissions.get(SubmissionState.DRAFT) or submissions.get(
        SubmissionState.SUBMITTED
    )
    if submission is None:
        return None, []
    answers = Answer.objects.filter(submission=submission).select_related(
        "choice", "row", "district"
    )
    return submission, list(answers)


def poll_has_answers(poll: Poll) -> bool:
    return Answer.objects.filter(question__section__poll=poll).exists()
