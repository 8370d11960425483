"""The results page by role and time: the poll's results visibility (live, after the
phase, staff only), confidential questions and free texts for the staff only, the
district breakdown, the links from the poll and project pages, the admin's links, and a
fixed number of queries whatever the number of answers."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from participation.polls.models import ResultsVisibility
from projects.models import Phase, Project
from tests.factories import (
    ProjectFactory,
    SuperuserFactory,
    UserFactory,
    global_moderator,
    moderator_of,
)
from tests.notifications.factories_follows import DistrictFactory
from tests.polls.answers import typical
from tests.polls.factories import ended, market_square_survey

pytestmark = pytest.mark.django_db


def results_url(survey):
    return reverse("polls:poll-results", kwargs={"slug": survey.project.slug,
                                                 "pk": survey.poll.pk})


@pytest.fixture
def survey():
    survey = market_square_survey(results_visibility=ResultsVisibility.AFTER_PHASE)
    survey.lobeda = DistrictFactory(name="Lobeda")
    typical(survey, survey.lobeda, often="Sonstiges")
    return survey


def people(survey):
    return {
        "anonymous": None,
        "resident": UserFactory(),
        "other moderator": moderator_of(ProjectFactory()),
        "moderator": moderator_of(survey.project),
        "staff": global_moderator(),
    }


def status_of(client, survey, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(results_url(survey)).status_code


@pytest.mark.parametrize(
    "visibility, finished, expected",
    [
        # anonymous, resident, moderator of another project, moderator, staff
        (ResultsVisibility.LIVE, False, [200, 200, 200, 200, 200]),
        (ResultsVisibility.AFTER_PHASE, False, [403, 403, 403, 200, 200]),
        (ResultsVisibility.AFTER_PHASE, True, [200, 200, 200, 200, 200]),
        (ResultsVisibility.STAFF, True, [403, 403, 403, 200, 200]),
    ],
)
def test_who_sees_the_results_when(client, survey, visibility, finished, expected):
    survey.poll.results_visibility = visibility
    survey.poll.save()
    if finished:
        ended(survey.poll)
    got = [status_of(client, survey, user) for user in people(survey).values()]
    assert got == expected


def test_before_the_poll_begins_live_results_are_not_shown(client, survey):
    survey.poll.results_visibility = ResultsVisibility.LIVE
    survey.poll.save()
    start = timezone.now() + datetime.timedelta(days=1)
    Phase.objects.filter(pk=survey.poll.phase_id).update(
        start=start, end=start + datetime.timedelta(days=5))
    assert client.get(results_url(survey)).status_code == 403


def test_a_draft_project_has_no_results_page_for_the_public(client, survey):
    ended(survey.poll)
    Project.objects.filter(pk=survey.project.pk).update(status=Project.Status.DRAFT)
    assert client.get(results_url(survey)).status_code == 404


def test_the_public_page_shows_tables_but_no_free_text(client, survey):
    survey.age.confidential = True
    survey.age.save()
    ended(survey.poll)
    html = client.get(results_url(survey)).content.decode()
    assert "1 Person hat die Umfrage abgeschickt." in html
    # The chart is a table with the numbers and shares in text, a bar without style.
    assert '<progress max="100" value="100.0" aria-hidden="true">' in html
    assert "100,0 %" in html and "style=" not in html
    assert "Kirmes" not in html and "Mehr Schatten" not in html
    assert "Vor dem Rathaus" not in html and "Anna" not in html.split("<main")[-1]
    assert "Freitexte werden nicht veröffentlicht." in html
    assert "Vertrauliche Frage: veröffentlicht wird nur die Zahl der Antworten." in html
    assert 'id="breakdown"' in html and "Lobeda" in html
    assert 'id="export-csv"' not in html
    # The map of the points, with the same points per district in a table.
    assert f'id="result-map-{survey.place.pk}"' in html and "poll-results-map.js" in html


def test_the_staff_see_the_texts_and_the_downloads(client, survey):
    client.force_login(moderator_of(survey.project))
    html = client.get(results_url(survey)).content.decode()
    assert "Kirmes" in html and "Mehr Schatten" in html and "Vor dem Rathaus" in html
    assert 'id="export-csv"' in html and 'id="export-xlsx"' in html


def test_the_poll_and_project_pages_link_the_visible_results(client, survey):
    detail = reverse("polls:poll-detail", kwargs={"slug": survey.project.slug,
                                                  "pk": survey.poll.pk})
    assert 'id="poll-results-link"' not in client.get(detail).content.decode()
    ended(survey.poll)
    assert 'id="poll-results-link"' in client.get(detail).content.decode()
    assert results_url(survey) in client.get("/beteiligung/marktplatz/").content.decode()


def test_the_admin_links_the_results_and_downloads(client, survey):
    client.force_login(SuperuserFactory())
    page = client.get(reverse("admin:polls_poll_change", args=[survey.poll.pk]))
    html = page.content.decode()
    assert results_url(survey) in html
    assert results_url(survey) + "antworten.csv" in html
    assert results_url(survey) + "antworten.xlsx" in html


@pytest.mark.parametrize("count", [1, 30])
def test_the_page_runs_a_fixed_number_of_queries(client, survey, count,
                                                 django_assert_max_num_queries):
    for _ in range(count - 1):
        typical(survey, survey.lobeda)
    client.force_login(moderator_of(survey.project))
    with django_assert_max_num_queries(30):
        response = client.get(results_url(survey))
    assert response.status_code == 200
