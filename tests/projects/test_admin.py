"""Projects in the admin: administrators create a project with its area on the map, its
phases and categories; invalid input comes back as a message at the field, never a 500;
moderators are granted to users and groups on the object permissions page; project
moderators who are not administrators have no access."""

import json

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from guardian.shortcuts import get_perms

from projects.models import Category, Phase, Project
from projects.rules import moderates_project
from tests.factories import (
    CITY_SQUARE,
    GroupFactory,
    PhaseFactory,
    ProjectFactory,
    StaffFactory,
    SuperuserFactory,
    UserFactory,
)
from tests.projects.factories_projects import at, moderator_of, project_admin

pytestmark = pytest.mark.django_db

WEIMAR = {
    "type": "Polygon",
    "coordinates": [
        [[11.30, 50.97], [11.35, 50.97], [11.35, 51.00], [11.30, 51.00], [11.30, 50.97]]
    ],
}


def url(name: str, *args) -> str:
    return reverse(f"admin:projects_{name}", args=args)


def messages_of(response) -> str:
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


def form_errors(response) -> str:
    """Every error the admin page shows: the form's, the inlines' and their formsets'."""
    context = response.context
    texts = [str(error) for errors in context["adminform"].form.errors.values() for error in errors]
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        texts.extend(str(error) for error in formset.non_form_errors())
        for form_errors in formset.errors:
            texts.extend(str(e) for errors in form_errors.values() for e in errors)
    return " ".join(texts)


def phase_row(index: int, *, start: str, end: str, kind: str = "ideas", **flags) -> dict:
    start_date, start_time = start.split(" ")
    end_date, end_time = end.split(" ")
    row = {
        "type": kind,
        "title_de": flags.pop("title", ""),
        "description_de": "",
        "start_0": start_date,
        "start_1": start_time,
        "end_0": end_date,
        "end_1": end_time,
        "votes_per_person": flags.pop("votes_per_person", ""),
    }
    row.update({name: "on" for name, value in flags.items() if value})
    return {f"phases-{index}-{key}": value for key, value in row.items()}


def project_data(*, phases: list[dict] = (), area=CITY_SQUARE, **overrides) -> dict:
    data = {
        "title_de": "Smarte Straßenbeleuchtung",
        "slug": "smarte-beleuchtung",
        "summary_de": "Wo soll die Stadt smarte Laternen testen?",
        "description_de": "",
        "status": "draft",
        "image_alt_de": "",
        "responsible_unit": "",
        "area": json.dumps(area) if area else "",
        "phases-TOTAL_FORMS": str(len(phases)),
        "phases-INITIAL_FORMS": "0",
        "phases-MIN_NUM_FORMS": "0",
        "phases-MAX_NUM_FORMS": "1000",
        "categories-TOTAL_FORMS": "1",
        "categories-INITIAL_FORMS": "0",
        "categories-MIN_NUM_FORMS": "0",
        "categories-MAX_NUM_FORMS": "1000",
        "categories-0-name": "Beleuchtung",
        "categories-0-slug": "beleuchtung",
    }
    for row in phases:
        data.update(row)
    data.update(overrides)
    return data


IDEAS = phase_row(
    0, start="2027-03-01 00:00", end="2027-04-01 00:00", allows_ideas=True, allows_comments=True
)
VOTING = phase_row(
    1,
    start="2027-04-01 00:00",
    end="2027-04-16 00:00",
    kind="voting",
    allows_votes=True,
    votes_per_person="3",
)


@pytest.fixture
def as_admin(client):
    client.force_login(project_admin())
    return client


# --- pages ------------------------------------------------------------------------------------


def test_an_administrator_opens_every_page_of_the_projects_admin(client):
    client.force_login(SuperuserFactory())
    project = ProjectFactory()
    PhaseFactory(project=project)
    pages = [
        url("project_changelist"),
        url("project_changelist") + "?q=Beteiligung&status__exact=published",
        url("project_add"),
        url("project_change", project.pk),
        url("project_permissions", project.pk),
        url("project_history", project.pk),
        url("project_delete", project.pk),
    ]

    for page in pages:
        assert client.get(page).status_code == 200, page


def test_the_form_draws_the_area_on_a_map(as_admin):
    project = ProjectFactory()

    html = as_admin.get(url("project_change", project.pk)).content.decode()

    assert "leaflet" in html.lower()
    assert "geom_type = 'Polygon'" in html
    assert url("project_permissions", project.pk) in html


def test_the_list_shows_the_phase_in_words(as_admin):
    project = ProjectFactory(title="Laternen")
    PhaseFactory(project=project, title="Ideen für Laternen")

    html = as_admin.get(url("project_changelist")).content.decode()

    assert "Jetzt: Ideen für Laternen bis" in html


# --- creating a project -----------------------------------------------------------------------


def test_an_administrator_creates_a_project_with_an_area_phases_and_a_category(as_admin):
    response = as_admin.post(url("project_add"), project_data(phases=[IDEAS, VOTING]))

    assert response.status_code == 302, form_errors(response)
    project = Project.objects.get()
    assert project.area == CITY_SQUARE
    assert project.status == Project.Status.DRAFT
    assert [(p.type, p.votes_per_person) for p in project.phases.order_by("start")] == [
        ("ideas", None),
        ("voting", 3),
    ]
    assert list(project.categories.values_list("slug", flat=True)) == ["beleuchtung"]


def test_creating_and_publishing_in_one_go_needs_a_phase(as_admin):
    published = as_admin.post(url("project_add"), project_data(phases=[IDEAS], status="published"))
    assert published.status_code == 302, form_errors(published)
    assert Project.objects.get().status == Project.Status.PUBLISHED

    refused = as_admin.post(
        url("project_add"), project_data(slug="ohne-phasen", status="published")
    )
    assert refused.status_code == 200
    assert "Ein veröffentlichtes Projekt braucht mindestens eine Phase" in form_errors(refused)
    assert not Project.objects.filter(slug="ohne-phasen").exists()


def test_a_project_without_an_area_is_the_whole_city(as_admin):
    response = as_admin.post(url("project_add"), project_data(area=None))

    assert response.status_code == 302, form_errors(response)
    assert Project.objects.get().area is None


@pytest.mark.parametrize(
    ("area", "expected"),
    [
        (WEIMAR, "Das Gebiet liegt nicht in Jena"),
        ({"type": "Point", "coordinates": [11.58, 50.92]}, "Geometrietyp Point ist hier nicht"),
    ],
)
def test_an_invalid_area_is_an_error_at_the_field_not_a_server_error(as_admin, area, expected):
    response = as_admin.post(url("project_add"), project_data(area=area))

    assert response.status_code == 200
    assert expected in " ".join(response.context["adminform"].form.errors["area"])
    assert not Project.objects.exists()


def test_garbage_in_the_area_field_is_an_error_not_a_server_error(as_admin):
    response = as_admin.post(url("project_add"), {**project_data(), "area": "{kein json"})

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["area"]
    assert not Project.objects.exists()


def test_overlapping_phases_are_shown_as_an_error_naming_the_phase(as_admin):
    overlapping = phase_row(
        1,
        start="2027-03-20 00:00",
        end="2027-04-10 00:00",
        kind="voting",
        allows_votes=True,
        title="Abstimmung",
    )

    response = as_admin.post(url("project_add"), project_data(phases=[IDEAS, overlapping]))

    assert response.status_code == 200
    assert "überschneidet sich mit der Phase „Abstimmung“" in form_errors(response)
    assert not Project.objects.exists()


def test_a_phase_ending_before_it_starts_is_an_error_at_the_field(as_admin):
    backwards = phase_row(0, start="2027-04-01 00:00", end="2027-03-01 00:00")

    response = as_admin.post(url("project_add"), project_data(phases=[backwards]))

    assert response.status_code == 200
    errors = form_errors(response)
    assert "Das Ende (01.03.2027 00:00) muss nach dem Beginn (01.04.2027 00:00) liegen." in errors
    assert "phase_end_after_start" not in errors  # our words, not the constraint's name


def test_votes_per_person_without_voting_is_an_error(as_admin):
    row = phase_row(0, start="2027-03-01 00:00", end="2027-04-01 00:00", votes_per_person="3")

    response = as_admin.post(url("project_add"), project_data(phases=[row]))

    assert response.status_code == 200
    assert "Stimmen je Person gibt es nur in einer Phase" in form_errors(response)


def test_changing_a_project_keeps_its_phases_and_can_take_it_back(as_admin):
    project = ProjectFactory(slug="laternen")
    phase = PhaseFactory(project=project, start=at(2027, 3, 1), end=at(2027, 4, 1))
    data = project_data(slug="laternen", status="draft")
    data.update(
        {
            "phases-TOTAL_FORMS": "1",
            "phases-INITIAL_FORMS": "1",
            "phases-0-id": str(phase.pk),
            "phases-0-project": str(project.pk),
            **{k: v for k, v in IDEAS.items()},
            "phases-0-title_de": "Ideen für Laternen",
        }
    )

    response = as_admin.post(url("project_change", project.pk), data)

    assert response.status_code == 302, form_errors(response)
    project.refresh_from_db()
    assert project.status == Project.Status.DRAFT
    assert project.phases.get().title == "Ideen für Laternen"


def test_publishing_without_a_phase_from_the_list_is_refused_with_a_message(as_admin):
    empty = ProjectFactory(status=Project.Status.DRAFT, title="Leeres Projekt")
    ready = ProjectFactory(status=Project.Status.DRAFT, title="Fertiges Projekt")
    PhaseFactory(project=ready)

    response = as_admin.post(
        url("project_changelist"),
        {"action": "publish_selected", "_selected_action": [empty.pk, ready.pk]},
        follow=True,
    )

    assert response.status_code == 200
    text = messages_of(response)
    assert "Veröffentlicht: Fertiges Projekt" in text
    assert "„Leeres Projekt“ hat noch keine Phase" in text
    assert Project.objects.get(pk=empty.pk).status == Project.Status.DRAFT
    assert Project.objects.get(pk=ready.pk).status == Project.Status.PUBLISHED


def test_taking_projects_back_from_the_list(as_admin):
    project = ProjectFactory()

    as_admin.post(
        url("project_changelist"),
        {"action": "unpublish_selected", "_selected_action": [project.pk]},
    )

    assert Project.objects.get(pk=project.pk).status == Project.Status.DRAFT


def test_deleting_a_project_in_the_admin(as_admin):
    project = ProjectFactory()
    PhaseFactory(project=project)

    response = as_admin.post(url("project_delete", project.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not Project.objects.exists() and not Phase.objects.exists()


# --- moderators through the object permissions page -------------------------------------------


def test_a_superuser_makes_a_group_moderator_on_the_object_permissions_page(client):
    client.force_login(SuperuserFactory())
    project, other = ProjectFactory(), ProjectFactory()
    group = GroupFactory(name="Fachdienst Mobilität")
    member = UserFactory()
    member.groups.add(group)

    chosen = client.post(
        url("project_permissions", project.pk),
        {"group": "Fachdienst Mobilität", "submit_manage_group": "submit"},
    )
    group_page = url("project_permissions_manage_group", project.pk, group.pk)
    assert chosen.status_code == 302 and chosen["Location"] == group_page

    page = client.get(group_page)
    assert page.status_code == 200
    assert "Kann das Projekt moderieren" in page.content.decode()
    assert "change_project" not in page.content.decode()  # only moderation is offered here

    saved = client.post(group_page, {"permissions": ["moderate_project"]})
    assert saved.status_code == 302

    assert get_perms(group, project) == ["moderate_project"]
    fresh = type(member).objects.get(pk=member.pk)
    assert moderates_project(fresh, project)
    assert not moderates_project(fresh, other)
    listing = client.get(url("project_permissions", project.pk)).content.decode()
    assert "Fachdienst Mobilität" in listing


def test_an_administrator_grants_and_revokes_a_person(as_admin):
    project = ProjectFactory()
    person = UserFactory(email="moderatorin@example.org")
    person_page = url("project_permissions_manage_user", project.pk, person.pk)

    as_admin.post(
        url("project_permissions", project.pk),
        {"user": "moderatorin@example.org", "submit_manage_user": "submit"},
    )
    as_admin.post(person_page, {"permissions": ["moderate_project"]})
    assert get_perms(person, project) == ["moderate_project"]

    # Unticking the only box: the browser still sends the CSRF token.
    as_admin.post(person_page, {"csrfmiddlewaretoken": "token"})
    assert get_perms(person, project) == []


def test_granting_to_a_deactivated_account_is_a_message_not_a_server_error(as_admin):
    project = ProjectFactory()
    person = UserFactory(is_active=False)
    person_page = url("project_permissions_manage_user", project.pk, person.pk)

    response = as_admin.post(person_page, {"permissions": ["moderate_project"]})

    assert response.status_code == 302
    assert "deaktiviert" in messages_of(response)
    assert get_perms(person, project) == []


# --- who gets in ------------------------------------------------------------------------------


def test_a_project_moderator_who_is_not_staff_has_no_admin_access(client):
    project = ProjectFactory()
    client.force_login(moderator_of(project))

    for page in (
        url("project_changelist"),
        url("project_change", project.pk),
        url("project_permissions", project.pk),
    ):
        response = client.get(page)
        assert response.status_code == 302, page
        assert reverse("admin:login") in response["Location"]


def test_a_staff_moderator_without_the_model_permissions_cannot_manage_projects(client):
    project = ProjectFactory()
    client.force_login(moderator_of(project, staff=True))

    assert client.get(url("project_changelist")).status_code == 403
    assert client.get(url("project_change", project.pk)).status_code == 403
    assert client.post(url("project_add"), project_data()).status_code == 403
    response = client.post(
        url("project_permissions_manage_user", project.pk, UserFactory().pk),
        {"permissions": ["moderate_project"]},
    )
    assert response.status_code == 403
    assert Project.objects.count() == 1


def test_staff_without_permissions_do_not_see_projects_in_the_admin(client):
    client.force_login(StaffFactory())

    assert "projects/project" not in client.get(reverse("admin:index")).content.decode()


def test_categories_inline_deletes_through_the_service(as_admin):
    project = ProjectFactory(slug="laternen")
    category = Category.objects.create(project=project, name="Alt", slug="alt")
    data = project_data(slug="laternen")
    data.update(
        {
            "categories-TOTAL_FORMS": "1",
            "categories-INITIAL_FORMS": "1",
            "categories-0-id": str(category.pk),
            "categories-0-project": str(project.pk),
            "categories-0-name": "Alt",
            "categories-0-slug": "alt",
            "categories-0-DELETE": "on",
        }
    )

    response = as_admin.post(url("project_change", project.pk), data)

    assert response.status_code == 302, form_errors(response)
    assert not project.categories.exists()


def test_a_refusal_of_the_service_is_an_error_message_and_nothing_is_saved(as_admin, monkeypatch):
    from django.core.exceptions import ValidationError

    from projects import services

    def refuse(**kwargs):
        raise ValidationError({"area": ["Das Gebiet ist gesperrt."]})

    monkeypatch.setattr(services, "project_save", refuse)

    response = as_admin.post(url("project_add"), project_data(phases=[IDEAS]))

    assert response.status_code == 302
    assert "Nicht gespeichert: area: Das Gebiet ist gesperrt." in messages_of(response)
    assert not Project.objects.exists() and not Phase.objects.exists()
