"""The polls of the participation demo (``demo.polls``, loaded by
``load_participation_demo``): an open survey that Anna can still answer, with a few
hundred answers that keep the questionnaire's rules, and a closed anonymous one.

The demo is loaded once for the module inside a transaction that is rolled back at the
end (tests/demo_snapshot.py), as in test_demo_participation.py.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from demo import participation as demo
from demo import polls as demo_polls
from participation.polls.models import (
    Answer,
    Participation,
    Poll,
    QuestionKind,
    ResultsVisibility,
    Submission,
    SubmissionState,
)
from participation.polls.rules import has_ended, is_open, may_answer
from participation.polls.selectors import questionnaire
from participation.polls.services import chosen_choices, missing_answers, visible_questions
from tests.demo_snapshot import demo_site_rolled_back


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker, demo_snapshot_dir):
    with django_db_blocker.unblock(), demo_site_rolled_back(demo_snapshot_dir) as outputs:
        yield outputs["load_participation_demo"]


@pytest.fixture
def loaded(demo_output, db) -> str:
    return demo_output


def polls() -> tuple[Poll, Poll]:
    found = Poll.objects.select_related("phase__project").filter(
        phase__project__slug=demo_polls.SLUG
    )
    by_title = {poll.title: poll for poll in found}
    return by_title[demo_polls.OPEN_TITLE], by_title[demo_polls.CLOSED_TITLE]


def submissions_of(poll: Poll):
    return Submission.objects.filter(poll=poll, state=SubmissionState.SUBMITTED)


def test_the_open_survey_is_open_with_sections_of_many_kinds_and_a_condition(loaded, client):
    survey, _closed = polls()
    assert is_open(survey) and not survey.anonymous
    assert survey.results_visibility == ResultsVisibility.LIVE
    q = questionnaire(survey)
    assert len(q.sections) == 3
    kinds = {question.kind for question in q.questions}
    assert kinds >= {
        QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.RANKING,
        QuestionKind.MATRIX_SINGLE, QuestionKind.NUMBER, QuestionKind.DISTRICT,
        QuestionKind.SHORT_TEXT, QuestionKind.POINT,
    }
    [conditional] = [question for question in q.questions if question.has_condition]
    assert conditional.condition_choice.text == "mit Bus oder Straßenbahn"
    assert any(question.max_choices == 3 for question in q.questions)

    page = client.get(
        reverse("polls:poll-detail", args=[demo_polls.SLUG, survey.pk])
    ).content.decode()
    assert demo_polls.OPEN_TITLE in page
    anna = get_user_model().objects.get(email=demo.resident_email(1))
    assert may_answer(anna, survey) is None  # the printed login can still answer


def test_a_few_hundred_answers_keep_the_rules_of_the_questionnaire(loaded):
    survey, _closed = polls()
    q = questionnaire(survey)
    submitted = list(submissions_of(survey).prefetch_related("answers"))
    assert len(submitted) >= 200
    people = [s.person_id for s in submitted]
    assert None not in people and len(set(people)) == len(people)
    for submission in submitted:
        answers = list(submission.answers.all())
        assert missing_answers(q, answers) == {}, submission.pk
        visible = visible_questions(q, chosen_choices(answers))
        assert {a.question_id for a in answers} <= visible, submission.pk
        by_question: dict[int, list[Answer]] = {}
        for answer in answers:
            by_question.setdefault(answer.question_id, []).append(answer)
        for question_id, own in by_question.items():
            question = q.by_id[question_id]
            if question.kind == QuestionKind.MULTIPLE:
                assert 1 <= len(own) <= question.max_choices
            if question.kind == QuestionKind.RANKING:
                assert sorted(a.rank for a in own) == list(range(1, len(question.choices_list) + 1))
            if question.kind == QuestionKind.POINT:
                [point] = own
                assert point.district_id is not None and point.point["type"] == "Point"
    assert survey.phase.start <= min(s.submitted_at for s in submitted)


def test_the_summary_counts_equal_the_rows(loaded):
    survey, closed = polls()
    total = submissions_of(survey).count() + submissions_of(closed).count()
    assert re.search(rf"Abgeschickte Antwortbögen: {total} \(", loaded), loaded
    assert re.search(r"Umfragen: 2 \(", loaded)
    rows = Answer.objects.filter(submission__poll__in=[survey, closed]).count()
    assert rows > 1000


def test_the_closed_poll_is_anonymous_and_its_participations_are_apart(loaded):
    _survey, closed = polls()
    assert has_ended(closed) and closed.anonymous
    assert closed.results_visibility == ResultsVisibility.AFTER_PHASE
    submitted = submissions_of(closed)
    assert submitted.count() == demo_polls.ANONYMOUS_ANSWERS
    assert not submitted.filter(person__isnull=False).exists()
    assert not submitted.filter(submitted_at__isnull=False).exists()
    assert Participation.objects.filter(poll=closed).count() == submitted.count()
    assert not Submission.objects.filter(poll=closed, state=SubmissionState.DRAFT).exists()
