"""Building a survey in the admin: a poll with sections, questions with choices and a
condition; a bad condition is a form error; answered questions keep their kind and
stay; the order by keyboard; the way from the project admin."""

import pytest
from django.urls import reverse

from participation.polls.models import Poll, Question, Section
from tests.factories import SuperuserFactory
from tests.polls.factories import PollPhaseFactory, market_square_survey, question
from tests.polls.test_services import fill_required

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(SuperuserFactory())
    return client


def inline(prefix: str, rows: list[dict]) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def question_data(section, kind, text, *, order, choices=(), **fields) -> dict:
    return {
        "section": section.pk,
        "order": order,
        "kind": kind,
        "text": text,
        "help_text": "",
        **fields,
        **inline("choices", [{"order": n * 10, "text": t} for n, t in enumerate(choices, 1)]),
        **inline("rows", []),
    }


def test_staff_build_a_survey_with_a_condition(admin_client):
    phase = PollPhaseFactory()
    response = admin_client.post(
        reverse("admin:polls_poll_add"),
        {
            "phase": phase.pk,
            "title": "Radwege",
            "intro": "",
            "results_visibility": "after_phase",
            **inline("sections", [{"order": 10, "title": "Unterwegs", "description": ""}]),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    poll = Poll.objects.get(title="Radwege")
    section = Section.objects.get(poll=poll)
    add = reverse("admin:polls_question_add")
    response = admin_client.post(
        add, question_data(section, "single", "Fahren Sie Rad?", order=10, choices=("ja", "nein"))
    )
    assert response.status_code == 302
    first = Question.objects.get(text="Fahren Sie Rad?")
    yes = first.choices.get(text="ja")
    response = admin_client.post(
        add,
        question_data(
            section, "long_text", "Was stört Sie?", order=20,
            condition_question=first.pk, condition_operator="equals", condition_choice=yes.pk,
        ),
    )
    assert response.status_code == 302
    second = Question.objects.get(text="Was stört Sie?")
    assert (second.condition_question, second.condition_choice) == (first, yes)
    # The poll's page in the admin links the questions and the preview.
    html = admin_client.get(reverse("admin:polls_poll_change", args=[poll.pk])).content.decode()
    assert reverse("polls:poll-preview", kwargs={"slug": phase.project.slug, "pk": poll.pk}) in html


def test_a_condition_on_a_later_question_is_a_form_error(admin_client):
    survey = market_square_survey()
    response = admin_client.post(
        reverse("admin:polls_question_change", args=[survey.often.pk]),
        {
            **question_data(survey.sections[0], "single", survey.often.text, order=10,
                            required="on"),
            "condition_question": survey.doing.pk,
            "condition_operator": "includes",
            "condition_choice": survey.doing.c["Café"].pk,
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Die Bedingung muss sich auf eine frühere Frage beziehen" in html


def test_a_condition_with_a_choice_of_another_question_is_a_form_error(admin_client):
    survey = market_square_survey()
    response = admin_client.post(
        reverse("admin:polls_question_add"),
        question_data(
            survey.sections[2], "short_text", "Warum?", order=99,
            condition_question=survey.often.pk, condition_operator="equals",
            condition_choice=survey.doing.c["Café"].pk,
        ),
    )
    assert response.status_code == 200
    assert "Bitte wählen Sie eine Antwort der Frage" in response.content.decode()


def test_a_condition_needs_all_three_parts(admin_client):
    survey = market_square_survey()
    response = admin_client.post(
        reverse("admin:polls_question_add"),
        question_data(survey.sections[2], "short_text", "Warum?", order=99,
                      condition_question=survey.often.pk),
    )
    assert response.status_code == 200
    assert "Eine Bedingung braucht die Frage, die Bedingung und die Antwort." in (
        response.content.decode()
    )


def test_an_answered_question_keeps_its_kind_and_cannot_be_deleted(admin_client):
    survey = market_square_survey()
    fill_required(survey, survey.anna)
    change = reverse("admin:polls_question_change", args=[survey.often.pk])
    html = admin_client.get(change).content.decode()
    assert "Auf diese Frage wurde schon geantwortet." in html
    assert admin_client.get(
        reverse("admin:polls_question_delete", args=[survey.often.pk])
    ).status_code == 403
    # An unanswered question may go.
    response = admin_client.post(
        reverse("admin:polls_question_delete", args=[survey.name.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Question.objects.filter(pk=survey.name.pk).exists()


def texts(section) -> list[str]:
    questions = Question.objects.filter(section=section).order_by("order")
    return list(questions.values_list("text", flat=True))


def test_questions_move_up_and_down_by_action(admin_client):
    survey = market_square_survey()
    section = survey.sections[2]
    last = question(section, "short_text", "Noch etwas?")
    response = admin_client.post(
        reverse("admin:polls_question_changelist"),
        {"action": "move_up", "_selected_action": [last.pk], "index": "0"},
    )
    assert response.status_code == 302
    assert texts(section)[-2:] == ["Noch etwas?", "Wann sind Sie dort?"]
    admin_client.post(
        reverse("admin:polls_question_changelist"),
        {"action": "move_down", "_selected_action": [last.pk], "index": "0"},
    )
    assert texts(section)[-1] == "Noch etwas?"


def test_the_project_admin_links_a_poll_phase_to_its_questionnaire(admin_client):
    survey = market_square_survey()
    html = admin_client.get(
        reverse("admin:projects_project_change", args=[survey.project.pk])
    ).content.decode()
    assert reverse("admin:polls_poll_change", args=[survey.poll.pk]) in html
