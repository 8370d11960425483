"""The poll pages without JavaScript: through the sections with a condition shown and
hidden, the error summary, the review and the thanks; the staff's preview; the box on
the project page; a fixed number of queries whatever the number of questions."""

import pytest
from django.urls import reverse

from participation.polls.models import Submission
from tests.factories import StaffFactory, UserFactory, moderator_of
from tests.polls.factories import market_square_survey, poll_with_questions

pytestmark = pytest.mark.django_db

PROJECT_PAGE = "/beteiligung/marktplatz/"


def url(survey, name, **kwargs):
    return reverse(f"polls:{name}", kwargs={"slug": survey.project.slug, "pk": survey.poll.pk,
                                            **kwargs})


def section_url(survey, number):
    return url(survey, "poll-section", number=number)


@pytest.fixture
def survey():
    return market_square_survey()


@pytest.fixture
def anna(client, survey):
    client.force_login(survey.anna)
    return client


def test_the_whole_flow_without_javascript_skips_a_hidden_question(anna, survey):
    often, doing = survey.often, survey.doing
    page = anna.get(section_url(survey, 1))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Abschnitt 1 von 3" in html
    assert '<progress id="poll-progress-bar" max="3" value="1"' in html
    # The question depending on the same section is shown, with its condition in words.
    assert f'id="question-{doing.pk}"' in html
    assert "Nur beantworten, wenn Sie bei „Wie oft sind Sie am Markt?“ nicht „selten“" in html
    assert "<legend" in html and "anonym" in html

    response = anna.post(
        section_url(survey, 1),
        {f"q{often.pk}": often.c["selten"].pk, f"q{doing.pk}": [doing.c["Café"].pk],
         "action": "next"},
    )
    assert response.status_code == 302 and response["Location"] == section_url(survey, 2)
    # "selten": the answer to the hidden question is dropped; the question on the earlier
    # section's "täglich" is not on page 2.
    html = anna.get(section_url(survey, 2)).content.decode()
    assert f'id="question-{survey.missing.pk}"' not in html
    assert f'id="question-{survey.ranking.pk}"' in html

    choices = enumerate(survey.ranking.c.values(), 1)
    ranks = {f"q{survey.ranking.pk}_rank_{c.pk}": n for n, c in choices}
    cells = {f"q{survey.matrix.pk}_row_{r.pk}": survey.matrix.c["gut"].pk
             for r in survey.matrix.r.values()}
    response = anna.post(section_url(survey, 2), {**ranks, **cells, "action": "next"})
    assert response["Location"] == section_url(survey, 3)
    response = anna.post(
        section_url(survey, 3),
        {f"q{survey.age.pk}": "41", f"q{survey.place.pk}_lat": "50.9272",
         f"q{survey.place.pk}_lon": "11.5861", "action": "next"},
    )
    assert response["Location"] == url(survey, "poll-review")
    review = anna.get(url(survey, "poll-review")).content.decode()
    assert "selten" in review and "1. Bäume" in review and "41" in review
    assert "Café" not in review
    response = anna.post(url(survey, "poll-review"))
    assert response["Location"] == url(survey, "poll-thanks")
    assert "Vielen Dank" in anna.get(url(survey, "poll-thanks")).content.decode()
    assert Submission.objects.get(person=survey.anna).state == "submitted"
    # Submitted once: the pages now say so.
    assert anna.get(section_url(survey, 1)).status_code == 403
    detail = anna.get(url(survey, "poll-detail")).content.decode()
    assert "Sie haben an dieser Umfrage teilgenommen." in detail


def test_a_question_on_an_earlier_answer_is_shown_when_it_holds(anna, survey):
    anna.post(section_url(survey, 1),
              {f"q{survey.often.pk}": survey.often.c["täglich"].pk, "action": "save"})
    html = anna.get(section_url(survey, 2)).content.decode()
    assert f'id="question-{survey.missing.pk}"' in html
    assert f'aria-describedby="q{survey.missing.pk}_hint"' in html


def test_errors_are_summed_up_at_the_top_and_linked(anna, survey):
    response = anna.post(section_url(survey, 1), {"action": "next"})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="form-errors"' in html
    assert f'href="#question-{survey.often.pk}"' in html
    assert f'id="q{survey.often.pk}_error"' in html
    assert f'aria-describedby="q{survey.often.pk}_error"' in html


def test_a_malformed_answer_is_shown_again_with_its_error(anna, survey):
    response = anna.post(section_url(survey, 3), {f"q{survey.age.pk}": "vierzig",
                                                  "action": "save"})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'value="vierzig"' in html and "Bitte geben Sie eine Zahl ein" in html


def test_a_draft_is_kept_and_shown_again(anna, survey):
    response = anna.post(section_url(survey, 3), {f"q{survey.name.pk}": "Anna A.",
                                                  "action": "save"})
    assert response["Location"] == section_url(survey, 3)
    assert 'value="Anna A."' in anna.get(section_url(survey, 3)).content.decode()
    assert "Entwurf weiter ausfüllen" in anna.get(url(survey, "poll-detail")).content.decode()


def test_back_goes_to_the_previous_section(anna, survey):
    response = anna.post(section_url(survey, 2), {"action": "back"})
    assert response["Location"] == section_url(survey, 1)


def test_review_links_missing_required_answers_to_their_section(anna, survey):
    anna.post(section_url(survey, 1),
              {f"q{survey.often.pk}": survey.often.c["täglich"].pk, "action": "save"})
    response = anna.post(url(survey, "poll-review"))
    html = response.content.decode()
    assert response.status_code == 400
    assert f'{section_url(survey, 2)}#question-{survey.ranking.pk}' in html


def test_the_point_question_has_a_map_and_a_way_without_it(anna, survey):
    html = anna.get(section_url(survey, 3)).content.decode()
    assert 'class="site-map participation-picker"' in html
    assert f'name="q{survey.place.pk}_district"' in html
    assert f'name="q{survey.place.pk}_description"' in html
    assert f'name="q{survey.place.pk}_lat"' in html


def test_anonymous_visitor_is_sent_to_sign_in(client, survey):
    response = client.get(section_url(survey, 1))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    html = client.get(url(survey, "poll-detail")).content.decode()
    assert "Bitte melden Sie sich an, um an der Umfrage teilzunehmen." in html


def test_the_project_page_shows_the_poll_with_its_mode(client, survey):
    html = client.get(PROJECT_PAGE).content.decode()
    assert "Wie soll der Marktplatz werden?" in html
    assert "Nicht anonym" in html
    assert url(survey, "poll-detail") in html


def test_the_project_page_links_the_residence_check_when_that_helps(client, survey):
    survey.poll.phase.requires_resident = True
    survey.poll.phase.save()
    client.force_login(survey.anna)
    html = client.get(PROJECT_PAGE).content.decode()
    assert "Bestätigen Sie Ihren Wohnsitz in Jena, um an der Umfrage teilzunehmen." in html
    assert reverse("verification:status") in html


def test_the_preview_is_for_the_projects_staff_only(client, survey):
    preview = url(survey, "poll-preview")
    client.force_login(survey.anna)
    assert client.get(preview).status_code == 403
    client.force_login(moderator_of(survey.project))
    response = client.get(preview)
    html = response.content.decode()
    assert response.status_code == 200
    assert "disabled" in html and "<form" not in html.split('id="main"')[-1].split("</main>")[0]
    # Every question, even one whose condition is on an earlier section, in words.
    assert "Nur beantworten, wenn Sie bei „Wie oft sind Sie am Markt?“ „täglich“" in html
    client.force_login(StaffFactory())  # staff without any say over projects
    assert client.get(preview).status_code == 403


@pytest.mark.parametrize("count", [5, 30])
def test_the_answering_page_runs_a_fixed_number_of_queries(client, count,
                                                           django_assert_max_num_queries):
    poll = poll_with_questions(count)
    client.force_login(UserFactory())
    address = reverse("polls:poll-section",
                      kwargs={"slug": poll.phase.project.slug, "pk": poll.pk, "number": 1})
    with django_assert_max_num_queries(15):
        response = client.get(address)
    assert response.status_code == 200
    assert response.content.decode().count('class="kern-fieldset poll-question') == count
