"""The summary in Leichte Sprache of projects and their phases: administrators write it
in the admin (the project form and each phase row), the project page shows it behind "In
Leichter Sprache" for the project and each phase that has one, the API carries it."""

import pytest
from django.urls import reverse

from projects import views
from tests.factories import PhaseFactory, ProjectFactory
from tests.projects.factories_projects import at, project_admin
from tests.projects.test_admin import IDEAS, form_errors, project_data
from tests.projects.test_pages import DETAIL_MAX_QUERIES, detail_url, rich_project

pytestmark = pytest.mark.django_db

PROJECT_EASY = "Die Stadt testet neue Straßen·lampen.\nZeigen Sie uns den Ort auf der Karte."
PHASE_EASY = "In dieser Zeit sammeln wir Ideen."
TOGGLE = "In Leichter Sprache"


def test_an_administrator_writes_the_summaries_of_a_project_and_its_phase(client):
    client.force_login(project_admin())
    project = ProjectFactory(slug="laternen")
    phase = PhaseFactory(project=project, start=at(2027, 3, 1), end=at(2027, 4, 1))
    page = client.get(reverse("admin:projects_project_change", args=[project.pk]))
    html = page.content.decode()
    assert 'name="easy_summary"' in html and 'name="phases-0-easy_summary"' in html
    data = project_data(slug="laternen", easy_summary=PROJECT_EASY)
    data.update(
        {
            "phases-TOTAL_FORMS": "1",
            "phases-INITIAL_FORMS": "1",
            "phases-0-id": str(phase.pk),
            "phases-0-project": str(project.pk),
            **IDEAS,
            "phases-0-easy_summary": PHASE_EASY,
        }
    )

    response = client.post(reverse("admin:projects_project_change", args=[project.pk]), data)

    assert response.status_code == 302, form_errors(response)
    project.refresh_from_db()
    phase.refresh_from_db()
    assert project.easy_summary == PROJECT_EASY
    assert phase.easy_summary == PHASE_EASY


def test_the_project_page_shows_the_project_and_phase_summaries(client):
    project = rich_project(easy_summary=PROJECT_EASY)
    first, second = project.phases.order_by("start")
    first.easy_summary = PHASE_EASY
    first.save()

    html = client.get(detail_url(project)).content.decode()

    assert html.count('<details class="kern-accordion easy-summary">') == 2  # not the 2nd phase
    assert "Die Stadt testet neue Straßen·lampen.<br>Zeigen Sie" in html
    assert PHASE_EASY in html
    # which phase it summarises, for screen readers
    assert f'<span class="site-sr-only">: {first.display_title}</span>' in html


def test_the_project_page_has_no_toggle_without_summaries(client):
    html = client.get(detail_url(rich_project())).content.decode()

    assert TOGGLE not in html


def test_the_english_project_page_marks_the_summaries_as_german(client):
    project = rich_project(easy_summary=PROJECT_EASY)

    html = client.get("/en" + detail_url(project)).content.decode()

    assert 'easy-summary__text" lang="de"' in html


@pytest.mark.parametrize("phase_count", [2, 12])
def test_the_summaries_cost_the_project_page_no_query(
    client, django_assert_max_num_queries, monkeypatch, phase_count
):
    monkeypatch.setattr(views, "page_sections", lambda page, request, obj: [])
    project = rich_project(phase_count=phase_count, easy_summary=PROJECT_EASY)
    project.phases.update(easy_summary=PHASE_EASY)

    with django_assert_max_num_queries(DETAIL_MAX_QUERIES):
        response = client.get(detail_url(project))

    assert response.content.decode().count("easy-summary__text") == phase_count + 1


def test_the_api_carries_the_summaries_of_the_project_and_its_phases(client):
    project = rich_project(easy_summary=PROJECT_EASY)
    project.phases.update(easy_summary=PHASE_EASY)

    detail = client.get(f"/api/v1/projects/{project.slug}/").json()
    listed = client.get("/api/v1/projects/").json()

    assert detail["easy_summary"] == PROJECT_EASY
    assert {phase["easy_summary"] for phase in detail["phases"]} == {PHASE_EASY}
    assert detail["current_phase"]["easy_summary"] == PHASE_EASY
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert rows[0]["easy_summary"] == PROJECT_EASY
