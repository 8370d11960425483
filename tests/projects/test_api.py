"""/api/v1/projects/: content, drafts only for their moderators and staff, the schema,
and a constant number of queries."""

import datetime

import pytest
from django.urls import reverse

from projects.models import Project
from tests.factories import (
    CITY_SQUARE,
    CategoryFactory,
    MeasureFactory,
    OrganisationalUnitFactory,
    PhaseFactory,
    ProjectFactory,
    StaffFactory,
    UserFactory,
    VotingPhaseFactory,
)
from tests.projects.factories_projects import moderator_of, running_phases
from tests.projects.test_pages import district

pytestmark = pytest.mark.django_db

API = "/api/v1/projects/"
# Anonymous: count + page + phases + the phases' eligible districts + districts + measures
# + categories.
LIST_MAX_QUERIES = 7
# Anonymous: the project with its unit + phases + their eligible districts + districts +
# measures + categories.
DETAIL_MAX_QUERIES = 6


def full_project(**kwargs) -> Project:
    project = ProjectFactory(
        title="Smarte Straßenbeleuchtung",
        slug="licht",
        summary="Wo testen?",
        description="Mehr dazu.",
        responsible_unit=OrganisationalUnitFactory(name="Fachdienst Mobilität", slug="fd-mob"),
        **kwargs,
    )
    project.measures.add(
        MeasureFactory(code="3.2", slug="laternen", title="Intelligente Laternen"),
        MeasureFactory(code="3.9", slug="intern", is_public=False),
    )
    project.districts.add(district("Lobeda", "lobeda"))
    CategoryFactory(project=project, name="Beleuchtung", slug="beleuchtung")
    return project


def test_a_project_in_the_api_has_everything_the_page_shows(client):
    project = full_project()
    ideas = PhaseFactory(project=project, title="Ideen für Laternen")
    voting = VotingPhaseFactory(
        project=project, start=ideas.end, end=ideas.end + (ideas.end - ideas.start)
    )

    data = client.get(f"{API}{project.slug}/").json()

    assert data["title"] == "Smarte Straßenbeleuchtung"
    assert data["status"] == "published"
    assert data["responsible_unit"] == {"name": "Fachdienst Mobilität", "slug": "fd-mob"}
    assert [(m["code"], m["slug"]) for m in data["measures"]] == [("3.2", "laternen")]
    assert data["measures"][0]["url"].endswith(
        reverse("measures:measure-detail", args=["laternen"])
    )
    assert data["districts"] == ["lobeda"]
    assert data["area"] == CITY_SQUARE
    assert data["categories"] == [{"name": "Beleuchtung", "slug": "beleuchtung"}]
    assert [
        (p["type"], p["title"], p["allows_ideas"], p["allows_votes"], p["is_current"])
        for p in data["phases"]
    ] == [
        ("ideas", "Ideen für Laternen", True, False, True),
        ("voting", "Abstimmen", False, True, False),
    ]
    assert data["phases"][1]["votes_per_person"] == 3
    assert datetime.datetime.fromisoformat(data["phases"][1]["start"]) == voting.start
    assert data["current_phase"]["title"] == "Ideen für Laternen"
    assert data["url"] == f"http://testserver/beteiligung/{project.slug}/"
    assert data["api_url"] == f"http://testserver{API}{project.slug}/"


def test_a_project_between_phases_has_no_current_phase(client):
    project = ProjectFactory()

    data = client.get(f"{API}{project.slug}/").json()

    assert data["current_phase"] is None
    assert data["phases"] == []
    assert data["area"] == CITY_SQUARE


def test_the_list_shows_running_projects_first(client):
    ProjectFactory(slug="ohne-phase")
    PhaseFactory(project=ProjectFactory(slug="laeuft"))

    data = client.get(API).json()

    assert [row["slug"] for row in data["results"]] == ["laeuft", "ohne-phase"]


def viewer(role: str, project: Project):
    return {
        "anonymous": lambda: None,
        "resident": lambda: UserFactory(),
        "moderator": lambda: moderator_of(project),
        "moderator_of_another_project": lambda: moderator_of(ProjectFactory()),
        "staff": lambda: StaffFactory(),
    }[role]()


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("anonymous", False),
        ("resident", False),
        ("moderator", True),
        ("moderator_of_another_project", False),
        ("staff", True),
    ],
)
def test_drafts_appear_in_the_api_only_for_their_moderators_and_staff(client, role, sees):
    draft = full_project(status=Project.Status.DRAFT)
    ProjectFactory(slug="oeffentlich")
    user = viewer(role, draft)
    if user:
        client.force_login(user)

    listed = [row["slug"] for row in client.get(API).json()["results"]]
    detail = client.get(f"{API}{draft.slug}/")

    assert ("licht" in listed) is sees
    assert "oeffentlich" in listed
    assert detail.status_code == (200 if sees else 404)
    if sees:
        assert detail.json()["status"] == "draft"


def test_the_api_is_read_only(client):
    project = ProjectFactory()
    client.force_login(StaffFactory())

    assert client.post(API, {"title": "x"}).status_code == 405
    assert client.delete(f"{API}{project.slug}/").status_code == 405


@pytest.mark.parametrize("size", [3, 30])
def test_the_list_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, size):
    for index in range(size):
        project = ProjectFactory()
        running_phases(project, 3)
        project.districts.add(district(f"Ort {index}", f"ort-{index}"))
        project.measures.add(MeasureFactory())
        CategoryFactory(project=project)

    with django_assert_max_num_queries(LIST_MAX_QUERIES):
        response = client.get(API)

    assert response.json()["count"] == size


@pytest.mark.parametrize("phase_count", [2, 12])
def test_the_detail_runs_a_constant_number_of_queries(
    client, django_assert_max_num_queries, phase_count
):
    project = full_project()
    running_phases(project, phase_count)

    with django_assert_max_num_queries(DETAIL_MAX_QUERIES):
        response = client.get(f"{API}{project.slug}/")

    assert len(response.json()["phases"]) == phase_count


def test_the_schema_documents_the_project_endpoints_as_read_only(client):
    schema = client.get("/api/schema/?format=json").json()

    for path in ("/api/v1/projects/", "/api/v1/projects/{slug}/"):
        assert set(schema["paths"][path]) == {"get"}
    project = schema["components"]["schemas"]["Project"]["properties"]
    assert {"phases", "current_phase", "area", "districts", "measures", "status"} <= set(project)
    phase = schema["components"]["schemas"]["Phase"]["properties"]
    assert {"is_current", "allows_votes", "votes_per_person", "start", "end"} <= set(phase)
