"""The polls in the API: list and detail of the visible polls, the results as the
rules allow (403 with code and reason), submitting answers with a token through the
same services (403 with the Refusal's code, 400 per question, 409 once only), and a
fixed number of queries for the list."""

import json

import pytest
from django.test import Client

from core.api.tokens import api_token_issue
from participation.polls.models import (
    Participation,
    ResultsVisibility,
    Submission,
    SubmissionState,
)
from projects.models import Project
from tests.factories import ProjectFactory, UserFactory, moderator_of
from tests.notifications.factories_follows import DistrictFactory
from tests.polls.answers import typical
from tests.polls.factories import PollFactory, ended, market_square_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    return market_square_survey()


def auth(user):
    return {"HTTP_AUTHORIZATION": f"Token {api_token_issue(user=user).key}"}


def post(client, survey, body, user):
    return client.post(f"/api/v1/polls/{survey.poll.pk}/submission/", json.dumps(body),
                       content_type="application/json", **auth(user))


def full_answers(survey, changes=None):
    s = survey
    answers = {
        s.often.pk: {"values": [str(s.often.c["wöchentlich"].pk)]},
        s.doing.pk: {"values": [str(s.doing.c["Café"].pk)]},
        s.ranking.pk: {"ranks": {str(c.pk): str(n) for n, c in enumerate(s.ranking.c.values(),
                                                                          1)}},
        s.matrix.pk: {"cells": {str(r.pk): [str(s.matrix.c["gut"].pk)]
                                for r in s.matrix.r.values()}},
        s.age.pk: {"values": ["41"]},
    }
    answers.update(changes or {})
    return {"answers": {str(k): v for k, v in answers.items()}}


def test_the_list_shows_polls_of_published_projects(client, survey):
    hidden = PollFactory(phase__project=ProjectFactory(status=Project.Status.DRAFT))
    data = client.get("/api/v1/polls/").json()
    assert [poll["id"] for poll in data] == [survey.poll.pk]
    poll = data[0]
    assert poll["state"] == "open" and poll["project"] == "marktplatz"
    assert poll["results_visibility"] == "after_phase" and poll["results_available"] is False
    assert client.get(f"/api/v1/polls/{hidden.pk}/").status_code == 404


@pytest.mark.parametrize("count", [1, 12])
def test_the_list_runs_a_fixed_number_of_queries(client, count, django_assert_max_num_queries):
    for _ in range(count):
        PollFactory()
    client.force_login(moderator_of(ProjectFactory()))
    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/polls/")
    assert len(response.json()) == count


def test_the_detail_has_the_questionnaire(client, survey):
    data = client.get(f"/api/v1/polls/{survey.poll.pk}/").json()
    assert [s["title"] for s in data["sections"]] == ["Ihr Besuch", "Ihre Wünsche",
                                                      "Zu Ihrer Person"]
    doing = data["sections"][0]["questions"][1]
    assert doing["kind"] == "multiple"
    assert doing["condition"] == {"question": survey.often.pk, "operator": "differs",
                                  "choice": survey.often.c["selten"].pk}
    matrix = data["sections"][1]["questions"][1]
    assert [r["text"] for r in matrix["rows"]] == ["Sauberkeit", "Beleuchtung"]


def test_results_follow_the_rules(client, survey):
    typical(survey, DistrictFactory(name="Lobeda"), often="Sonstiges")
    address = f"/api/v1/polls/{survey.poll.pk}/results/"
    response = client.get(address)
    assert response.status_code == 403 and response.json()["code"] == "closed"
    # The project's moderators see them at once, with the texts.
    staff = client.get(address, **auth(moderator_of(survey.project))).json()
    often = staff["questions"][0]
    assert often["other_texts"] == ["Kirmes"]
    ended(survey.poll)
    public = client.get(address).json()
    assert public["submissions"] == 1
    often = public["questions"][0]
    assert [c["count"] for c in often["choices"]] == [0, 0, 0, 1]
    assert often["other_texts"] == [] and all(not q["texts"] for q in public["questions"])
    assert public["breakdowns"][0]["districts"] == ["Lobeda", ""]
    survey.poll.results_visibility = ResultsVisibility.STAFF
    survey.poll.save()
    response = client.get(address, **auth(UserFactory()))
    assert response.status_code == 403 and response.json()["code"] == "forbidden"


def test_submitting_with_a_token(client, survey):
    response = post(client, survey, full_answers(survey), survey.anna)
    assert response.status_code == 201, response.json()
    submission = Submission.objects.get(person=survey.anna)
    assert submission.state == SubmissionState.SUBMITTED
    assert response.json()["id"] == str(submission.pk)
    assert submission.answers.filter(question=survey.age).get().number == 41
    again = post(client, survey, full_answers(survey), survey.anna)
    assert again.status_code == 403 and again.json()["code"] == "duplicate"


def test_an_anonymous_poll_returns_no_id():
    survey = market_square_survey(anonymous=True)
    response = post(Client(), survey, full_answers(survey), survey.anna)
    assert response.status_code == 201 and response.json()["id"] is None
    assert Participation.objects.filter(person=survey.anna).exists()
    assert Submission.objects.get().person is None


def test_refusals_carry_their_code(client, survey):
    response = client.post(f"/api/v1/polls/{survey.poll.pk}/submission/",
                           json.dumps(full_answers(survey)), content_type="application/json")
    assert response.status_code == 403 and response.json()["code"] == "sign_in"
    ended(survey.poll)
    response = post(client, survey, full_answers(survey), survey.anna)
    assert response.status_code == 403 and response.json()["code"] == "closed"
    assert response.json()["detail"] == "Die Umfrage ist beendet."


def test_bad_answers_are_400_per_question_and_nothing_is_kept(client, survey):
    missing = full_answers(survey)
    del missing["answers"][str(survey.ranking.pk)]
    response = post(client, survey, missing, survey.anna)
    assert response.status_code == 400
    assert f"q{survey.ranking.pk}" in response.json()
    # Nothing was kept: no draft, no submission.
    assert not Submission.objects.filter(person=survey.anna).exists()
    bad = full_answers(survey, {survey.age.pk: {"values": ["viele"]}})
    response = post(client, survey, bad, survey.anna)
    assert response.status_code == 400
    assert response.json()[f"q{survey.age.pk}"] == [
        "Bitte geben Sie eine Zahl ein, zum Beispiel 12 oder 3,5."]
    response = post(client, survey, {"answers": {"999999": {"values": ["1"]}}}, survey.anna)
    assert response.status_code == 400 and "q999999" in response.json()
    response = post(client, survey, {"answers": {"abc": {}}}, survey.anna)
    assert response.status_code == 400 and "answers" in response.json()
    response = post(client, survey, {"answers": []}, survey.anna)
    assert response.status_code == 400
