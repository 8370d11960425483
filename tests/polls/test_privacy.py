"""Polls in the GDPR copy of one's data and in the deletion of one's account.

* The copy holds the person's answers to polls that are not anonymous, their drafts
  (anonymous polls too: a draft is theirs until submitted) and, for an anonymous poll,
  only that they took part — never the anonymous answers, nor anyone else's.
* Deleting the account: drafts and participations go; submitted answers stay counted
  without the person (the results do not move), with "remove" without their words.
* The privacy page and the poll's form say what is stored.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from participation.polls import personal, services
from participation.polls.models import Answer, Participation, Submission, SubmissionState
from participation.polls.selectors import questionnaire
from privacy import deletion
from privacy.services import collect
from projects.models import Project
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.polls.factories import market_square_survey, raw
from tests.privacy.test_account_delete import rows_mentioning

pytestmark = pytest.mark.django_db

NAME = "Lieselotte Umfrage"


def answer(survey, user, *, submit=True, name=""):
    """Anna's answers to the first two sections (and her chosen name in the third)."""
    visit, wishes, person = questionnaire(survey.poll).sections
    services.section_save(
        user=user, poll=survey.poll, section=visit,
        raw={survey.often.pk: raw(survey.often.c["selten"].pk)},
    )
    services.section_save(
        user=user, poll=survey.poll, section=wishes,
        raw={
            survey.ranking.pk: raw(ranks={c.pk: str(i) for i, c in
                                          enumerate(survey.ranking.c.values(), start=1)}),
            survey.matrix.pk: raw(cells={r.pk: [str(survey.matrix.c["gut"].pk)]
                                         for r in survey.matrix.r.values()}),
        },
    )
    if name:
        services.section_save(
            user=user, poll=survey.poll, section=person,
            raw={survey.name.pk: raw(name), survey.age.pk: raw("41")},
        )
    if submit:
        services.poll_submit(user=user, poll=survey.poll)


def survey(slug: str, **poll_fields):
    """The market square survey in a project of its own (``slug``)."""
    made = market_square_survey(**poll_fields)
    Project.objects.filter(pk=made.project.pk).update(slug=slug)
    made.project.slug = slug
    return made


@pytest.fixture
def surveys():
    return survey("markt-offen"), survey("markt-anonym", anonymous=True)


@pytest.fixture
def person(surveys):
    open_survey, anonymous = surveys
    user = UserFactory(display_name=NAME, email="lieselotte@example.org")
    answer(open_survey, user, name=NAME)
    answer(anonymous, user, name="Geheim")
    return user


def test_the_copy_holds_open_answers_drafts_and_only_the_fact_of_anonymous_participation(
    surveys, person
):
    open_survey, anonymous = surveys
    stranger = UserFactory()
    answer(open_survey, stranger, name="Fremder Name")
    answer(anonymous, stranger, submit=False)  # a draft in an anonymous poll

    data = personal.personal_data(person)

    [submitted] = data["poll_answers"]
    assert submitted["poll"] == open_survey.poll.title and submitted["submitted_at"]
    values = {(a["question"], a.get("row"), a.get("choice"), a.get("text"), a.get("number"))
              for a in submitted["answers"]}
    assert ("Wie oft sind Sie am Markt?", None, "selten", None, None) in values
    assert ("Wie sollen wir Sie nennen?", None, None, NAME, None) in values
    assert ("Wie alt sind Sie?", None, None, None, "41") in values
    assert ("Wie bewerten Sie den Markt?", "Sauberkeit", "gut", None, None) in values
    assert data["poll_drafts"] == []
    assert data["anonymous_poll_participations"] == [
        {"poll": anonymous.poll.title, "project": "Marktplatz"}
    ]
    assert "Geheim" not in str(data) and "Fremder Name" not in str(data)

    stranger_data = personal.personal_data(stranger)
    [draft] = stranger_data["poll_drafts"]
    assert draft["anonymous_poll"] is True and draft["saved_at"]
    assert {a["question"] for a in draft["answers"]} >= {"Wie oft sind Sie am Markt?"}


def test_the_data_export_includes_the_poll_sections(person):
    data, _photos = collect(person)
    assert len(data["poll_answers"]) == 1
    assert len(data["anonymous_poll_participations"]) == 1
    assert data["poll_drafts"] == []


def test_the_copy_takes_a_fixed_number_of_queries(surveys, person):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            personal.personal_data(person)
        return len(captured)

    few = queries()
    for number in range(3):
        more = survey(f"markt-{number}")
        answer(more, person, name=NAME, submit=number != 0)
    assert len(personal.personal_data(person)["poll_answers"]) == 3
    assert queries() == few


@pytest.mark.parametrize("choice", [deletion.ANONYMISE, deletion.REMOVE])
def test_deleting_the_account_keeps_the_results_and_drops_the_person(
    client, surveys, person, choice
):
    open_survey, anonymous = surveys
    answer(open_survey, UserFactory(), name="Jemand anderes")
    answer(survey("markt-entwurf", anonymous=True), person, submit=False)  # a draft
    counted = Answer.objects.filter(submission__state=SubmissionState.SUBMITTED).exclude(
        question__kind__in=personal.TEXT_KINDS
    ).count()
    submissions = Submission.objects.filter(state=SubmissionState.SUBMITTED).count()

    client.force_login(person)
    response = client.post(reverse("privacy:account-delete"),
                           {"contributions": choice, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302

    assert not Submission.objects.filter(state=SubmissionState.DRAFT).exists()
    assert not Participation.objects.exists()
    assert Submission.objects.filter(state=SubmissionState.SUBMITTED).count() == submissions
    mine = Submission.objects.get(poll=open_survey.poll, person=None)
    assert mine.submitted_at is None and mine.saved_at is None and mine.submitted_on
    assert Answer.objects.filter(submission__state=SubmissionState.SUBMITTED).exclude(
        question__kind__in=personal.TEXT_KINDS
    ).count() == counted  # choices, numbers, …: the results stay
    texts = set(mine.answers.exclude(text="").values_list("text", flat=True))
    if choice == deletion.REMOVE:
        assert texts == set()
        assert rows_mentioning(NAME) == []
    else:
        assert texts == {NAME}
    assert rows_mentioning("lieselotte@example.org") == []


def test_the_forms_and_the_privacy_page_say_what_is_stored(client, surveys):
    open_survey, anonymous = surveys
    page = client.get(reverse("polls:poll-detail", args=["markt-anonym", anonymous.poll.pk]))
    html = page.content.decode()
    assert "Nicht gespeichert wird, welche Antworten von Ihnen sind" in html
    assert reverse("pages:datenschutz") in html
    html = client.get(
        reverse("polls:poll-detail", args=["markt-offen", open_survey.poll.pk])
    ).content.decode()
    assert "die Verwaltung kann sie Ihnen zuordnen" in html
    privacy = client.get(reverse("pages:datenschutz")).content.decode()
    assert "Bei einer anonymen Umfrage speichern wir Ihre abgeschickten Antworten" in privacy
