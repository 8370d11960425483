"""The project pages from the outside: the list and a project's page, what each role
sees (drafts only for their moderators and staff), escaping, and a constant number of
queries."""

import datetime
import re

import pytest
from django.db import connection
from django.template import Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.sections import PageSection
from geo.models import District
from projects import selectors, services, views
from projects.models import Project
from tests.factories import (
    CategoryFactory,
    MeasureFactory,
    OrganisationalUnitFactory,
    PhaseFactory,
    ProjectFactory,
    StaffFactory,
    UserFactory,
)
from tests.projects.factories_projects import moderator_of, project_admin, running_phases

pytestmark = pytest.mark.django_db

LIST_URL = reverse("projects:project-list")

# Anonymous visitor: list = count + page + phases + districts; project page = project with
# its unit + phases + their eligible districts + districts + measures + categories. Without
# participation's sections.
LIST_MAX_QUERIES = 4
DETAIL_MAX_QUERIES = 6


def detail_url(project) -> str:
    return reverse("projects:project-detail", kwargs={"slug": project.slug})


def text_of(response) -> str:
    """The page's text without tags and with collapsed whitespace, for content checks."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("\u00a0", " ").strip()


def district(name: str, slug: str) -> District:
    square = [[[11.55, 50.90], [11.56, 50.90], [11.56, 50.91], [11.55, 50.91], [11.55, 50.90]]]
    return District.objects.create(
        name=name, slug=slug, boundary={"type": "MultiPolygon", "coordinates": [square]}
    )


def rich_project(phase_count: int = 2, **kwargs) -> Project:
    unit = OrganisationalUnitFactory(name="Fachdienst Mobilität", short_name="FD 32")
    project = ProjectFactory(
        title="Smarte Straßenbeleuchtung",
        summary="Wo soll die Stadt smarte Laternen testen?",
        description="Erste Zeile.\nZweite Zeile mit https://jena.de/licht",
        responsible_unit=unit,
        **kwargs,
    )
    project.districts.add(district("Lobeda", "lobeda"), district("Winzerla", "winzerla"))
    project.measures.add(
        MeasureFactory(code="3.2", title="Intelligente Laternen", slug="laternen"),
        MeasureFactory(code="3.3", title="Geheime Planung", slug="geheim", is_public=False),
    )
    CategoryFactory(project=project, name="Beleuchtung")
    running_phases(project, phase_count)
    return project


# --- the list ------------------------------------------------------------------------------------


def test_the_list_shows_each_project_as_a_card_with_its_current_phase_in_words(client):
    project = rich_project()

    response = client.get(LIST_URL)

    assert response.status_code == 200
    text = text_of(response)
    assert "Smarte Straßenbeleuchtung" in text
    assert "Wo soll die Stadt smarte Laternen testen?" in text
    assert "Jetzt: Phase Nummer 2 bis" in text
    assert "Ortsteile: Lobeda, Winzerla" in text
    assert f'href="{detail_url(project)}"' in response.content.decode()


def test_running_projects_come_first(client):
    finished = ProjectFactory(title="Alte Umfrage")
    PhaseFactory(
        project=finished,
        start=timezone.now() - datetime.timedelta(days=60),
        end=timezone.now() - datetime.timedelta(days=30),
    )
    running = ProjectFactory(title="Laufende Beteiligung")
    PhaseFactory(project=running)
    Project.objects.filter(pk=running.pk).update(created_at=finished.created_at.replace(year=2020))

    text = text_of(client.get(LIST_URL))

    assert text.index("Laufende Beteiligung") < text.index("Alte Umfrage")
    assert "Abgeschlossen" in text


def test_a_card_image_has_its_text_alternative(client):
    ProjectFactory(image="projects/laterne.jpg", image_alt="Eine Laterne mit Sensor am Mast")

    html = client.get(LIST_URL).content.decode()

    assert re.search(r'<img[^>]+src="/media/projects/laterne.jpg"[^>]+alt="Eine Laterne', html)


def test_the_list_says_so_when_there_is_no_project(client):
    assert "Zurzeit gibt es keine Beteiligungsprojekte" in text_of(client.get(LIST_URL))


@pytest.mark.parametrize("size", [3, 30])
def test_the_list_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, size):
    for _ in range(size):
        rich_project_light()

    with django_assert_max_num_queries(LIST_MAX_QUERIES):
        response = client.get(LIST_URL)

    assert response.status_code == 200
    assert len(response.context["cards"]) == min(size, views.PROJECTS_PER_PAGE)


def rich_project_light() -> Project:
    project = ProjectFactory()
    running_phases(project, 3)
    project.districts.add(
        district(f"Ort {project.pk}", f"ort-{project.pk}"),
        district(f"Ort {project.pk}b", f"ort-{project.pk}-b"),
    )
    return project


def test_the_list_is_paginated(client):
    for _ in range(views.PROJECTS_PER_PAGE + 1):
        ProjectFactory()

    second = client.get(LIST_URL, {"page": 2})

    assert len(second.context["cards"]) == 1
    assert "Seite 2 von 2" in text_of(second)


# --- the project page ------------------------------------------------------------------------


def test_the_project_page_shows_texts_unit_districts_measures_and_categories(client):
    project = rich_project()

    response = client.get(detail_url(project))

    assert response.status_code == 200
    text = text_of(response)
    html = response.content.decode()
    assert "Smarte Straßenbeleuchtung" in text
    assert "<p>Erste Zeile.<br>Zweite Zeile mit" in html
    assert 'href="https://jena.de/licht" rel="nofollow"' in html
    assert "Fachdienst Mobilität (FD 32)" in text
    assert "Lobeda, Winzerla" in text
    assert "Beleuchtung" in text
    assert f'href="{reverse("measures:measure-detail", args=["laternen"])}"' in html
    assert "3.2 Intelligente Laternen" in text
    assert "Geheime Planung" not in text  # a non-public measure stays hidden


def test_the_phase_timeline_marks_the_current_phase_in_text_and_for_screen_readers(client):
    project = rich_project(phase_count=3)

    html = client.get(detail_url(project)).content.decode()

    timeline = html[
        html.index('id="phase-timeline"') : html.index("</ol>", html.index('id="phase-timeline"'))
    ]
    items = re.findall(r"<li class=\"projects-phase projects-phase--(\w+)\"([^>]*)>", timeline)
    assert [state for state, _ in items] == ["past", "current", "upcoming"]
    assert [attrs.strip() for _, attrs in items] == ["", 'aria-current="step"', ""]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", timeline))
    assert "Phase 1 von 3 · abgeschlossen" in text
    assert "Phase 2 von 3 · läuft jetzt" in text
    assert "Phase 3 von 3 · geplant" in text
    assert "Möglich: Ideen einreichen und kommentieren." in text


def test_the_box_says_what_you_can_do_now_and_how_to_take_part(client):
    project = rich_project(phase_count=2)

    text = text_of(client.get(detail_url(project)))

    assert "Was Sie jetzt tun können" in text
    assert "Ideen einreichen ist bis" in text
    assert "Zum Mitmachen brauchen Sie ein Konto mit bestätigter E-Mail-Adresse." in text


def test_user_text_is_escaped(client):
    project = ProjectFactory(
        title="<script>alert(1)</script>Titel",
        summary="<b>fett</b>",
        description='<img src=x onerror="alert(2)">',
    )
    PhaseFactory(project=project, title="<i>Phase</i>", description="<u>u</u>")

    html = client.get(detail_url(project)).content.decode()

    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Titel" in html
    assert "<b>fett</b>" not in html
    assert "<img src=x" not in html
    assert "<i>Phase</i>" not in html and "&lt;i&gt;Phase&lt;/i&gt;" in html


def test_an_unknown_project_is_a_404(client):
    assert client.get(reverse("projects:project-detail", args=["gibt-es-nicht"])).status_code == 404


def test_the_project_page_includes_the_sections_that_participation_registers(client, monkeypatch):
    project = rich_project()
    section = PageSection(
        template=Template('<p id="marker">{{ section.marker }}</p>'),
        context={"marker": "Ideenkarte und Diskussion"},
    )
    calls = []

    def sections(page, request, obj):
        calls.append((page, obj))
        return [section]

    monkeypatch.setattr(views, "page_sections", sections)

    html = client.get(detail_url(project)).content.decode()

    assert calls == [("project", project)]
    assert '<p id="marker">Ideenkarte und Diskussion</p>' in html


# --- who sees a draft ---------------------------------------------------------------------


def viewer(role: str, project: Project):
    other = ProjectFactory()
    return {
        "anonymous": lambda: None,
        "resident": lambda: UserFactory(),
        "moderator": lambda: moderator_of(project),
        "moderator_of_another_project": lambda: moderator_of(other),
        "staff": lambda: StaffFactory(),
    }[role]()


DRAFT_VISIBLE = {
    "anonymous": False,
    "resident": False,
    "moderator": True,
    "moderator_of_another_project": False,
    "staff": True,
}


@pytest.mark.parametrize(("role", "sees"), DRAFT_VISIBLE.items())
def test_a_draft_is_seen_only_by_its_moderators_and_staff(client, role, sees):
    draft = rich_project(status=Project.Status.DRAFT)
    user = viewer(role, draft)
    if user:
        client.force_login(user)

    page = client.get(detail_url(draft))
    listed = "Smarte Straßenbeleuchtung" in text_of(client.get(LIST_URL))

    assert page.status_code == (200 if sees else 404)
    assert listed is sees
    if sees:
        assert "Dieses Projekt ist ein Entwurf und nicht öffentlich" in text_of(page)
        assert "Dieses Projekt ist noch nicht veröffentlicht" in text_of(page)


@pytest.mark.parametrize("role", DRAFT_VISIBLE)
def test_everyone_sees_a_published_project(client, role):
    project = rich_project()
    user = viewer(role, project)
    if user:
        client.force_login(user)

    assert client.get(detail_url(project)).status_code == 200


def test_only_administrators_get_the_link_to_the_admin(client):
    project = rich_project()
    admin_url = reverse("admin:projects_project_change", args=[project.pk])

    client.force_login(moderator_of(project, staff=True))
    assert admin_url not in client.get(detail_url(project)).content.decode()
    client.force_login(project_admin())
    assert admin_url in client.get(detail_url(project)).content.decode()


# --- a constant number of queries -----------------------------------------------------------


@pytest.mark.parametrize("phase_count", [2, 12])
def test_the_project_page_runs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, monkeypatch, phase_count
):
    monkeypatch.setattr(views, "page_sections", lambda page, request, obj: [])
    project = rich_project(phase_count=phase_count)
    for _ in range(phase_count):
        CategoryFactory(project=project)

    with django_assert_max_num_queries(DETAIL_MAX_QUERIES):
        response = client.get(detail_url(project))

    assert len(response.context["timeline"]) == phase_count


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", ["anonymous", "moderator", "staff"])
def test_the_whole_project_page_with_sections_costs_the_same_at_2_and_12_phases(client, role):
    small, large = rich_project(phase_count=2), ProjectFactory(slug="gross")
    running_phases(large, 12)
    # One person for both pages, with the same role on each (a moderator of both).
    user = viewer(role, small) if role != "staff" else StaffFactory()
    if role == "moderator":
        services.project_moderator_grant(project=large, holder=user, actor=None)
    if user:
        client.force_login(user)
    for project in (small, large):
        queries_for(client, detail_url(project))  # warm the per-process caches

    assert queries_for(client, detail_url(small)) == queries_for(client, detail_url(large))


def test_the_list_costs_the_same_for_a_signed_in_moderator_at_3_and_30_projects(client):
    first = rich_project_light()
    client.force_login(moderator_of(first))
    for _ in range(2):
        rich_project_light()
    small = queries_for(client, LIST_URL)
    for _ in range(27):
        rich_project_light()

    assert queries_for(client, LIST_URL) == small


def test_published_projects_leaves_out_drafts_and_loads_phases_and_districts_at_once(
    django_assert_num_queries,
):
    for _ in range(3):
        rich_project_light()
    ProjectFactory(status=Project.Status.DRAFT)

    with django_assert_num_queries(3):
        projects = list(selectors.published_projects())
        loaded = [(len(p.phases.all()), len(p.districts.all())) for p in projects]

    assert loaded == [(3, 2)] * 3
