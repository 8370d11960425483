"""The write rules of projects (``projects.services``): who may change projects, areas
that lie in Jena, phases that do not overlap, publishing and moderators."""

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from guardian.shortcuts import get_perms

from projects import services
from projects.models import Category, Phase, Project
from projects.rules import moderates_project, projects_moderated_by
from tests.factories import (
    CITY_SQUARE,
    GroupFactory,
    PhaseFactory,
    ProjectFactory,
    StaffFactory,
    SuperuserFactory,
    UserFactory,
)
from tests.projects.factories_projects import at, moderator_of, planned_project, project_admin

pytestmark = pytest.mark.django_db

SELF_INTERSECTING = {
    "type": "Polygon",
    "coordinates": [
        [[11.55, 50.90], [11.60, 50.95], [11.60, 50.90], [11.55, 50.95], [11.55, 50.90]]
    ],
}
# Jena's square with longitude and latitude swapped: somewhere in Somalia's waters.
SWAPPED = {
    "type": "Polygon",
    "coordinates": [[[lat, lon] for lon, lat in CITY_SQUARE["coordinates"][0]]],
}
# Weimar, 20 km west of Jena.
WEIMAR = {
    "type": "Polygon",
    "coordinates": [
        [[11.30, 50.97], [11.35, 50.97], [11.35, 51.00], [11.30, 51.00], [11.30, 50.97]]
    ],
}
# Reaches from Jena's west edge into the countryside: overlaps Jena, so it is accepted.
ACROSS_THE_EDGE = {
    "type": "Polygon",
    "coordinates": [
        [[11.40, 50.90], [11.52, 50.90], [11.52, 50.95], [11.40, 50.95], [11.40, 50.90]]
    ],
}


def new_project(**kwargs) -> Project:
    defaults = {"title": "Smarte Laternen", "slug": "smarte-laternen", "summary": "Wo testen?"}
    return Project(**{**defaults, **kwargs})


def messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- projects ----------------------------------------------------------------------------


def test_an_administrator_creates_a_project_as_a_draft_with_an_area_in_jena():
    admin = project_admin()

    project = services.project_save(
        project=new_project(area=dict(CITY_SQUARE), status=Project.Status.PUBLISHED),
        actor=admin,
    )

    project.refresh_from_db()
    assert project.status == Project.Status.DRAFT  # publishing is project_publish
    assert project.area["type"] == "Polygon"


def test_a_project_without_an_area_means_the_whole_city():
    project = services.project_save(project=new_project(area=None), actor=SuperuserFactory())

    assert Project.objects.get(pk=project.pk).area is None


@pytest.mark.parametrize(
    ("area", "expected"),
    [
        (WEIMAR, "Das Gebiet liegt nicht in Jena"),
        (SWAPPED, "Sind Längen- und Breitengrad vertauscht?"),
        (SELF_INTERSECTING, "Die Geometrie ist ungültig"),
        ({"type": "Point", "coordinates": [11.58, 50.92]}, "Geometrietyp Point ist hier nicht"),
        ({"type": "Polygon", "coordinates": [[11.5, 50.9]]}, "Die Geometrie lässt sich nicht"),
    ],
)
def test_an_area_outside_jena_or_not_a_valid_polygon_is_refused_with_a_clear_message(
    area, expected
):
    with pytest.raises(ValidationError) as caught:
        services.project_save(project=new_project(area=area), actor=SuperuserFactory())

    assert expected in " ".join(caught.value.message_dict["area"])
    assert not Project.objects.exists()


def test_an_area_that_overlaps_jena_is_accepted():
    services.validate_project_area(ACROSS_THE_EDGE)


def test_an_image_needs_a_text_alternative():
    project = new_project()
    project.image = "projects/laterne.jpg"

    with pytest.raises(ValidationError) as caught:
        services.project_save(project=project, actor=SuperuserFactory())

    assert "Alternativtext" in " ".join(caught.value.message_dict["image_alt"])


@pytest.mark.parametrize("who", ["resident", "moderator", "staff_without_permission"])
def test_only_administrators_of_participation_change_projects(who):
    project = ProjectFactory()
    actor = {
        "resident": lambda: UserFactory(),
        "moderator": lambda: moderator_of(project, staff=True),
        "staff_without_permission": lambda: StaffFactory(),
    }[who]()
    project.title = "Geändert"

    with pytest.raises(PermissionDenied):
        services.project_save(project=project, actor=actor)
    with pytest.raises(PermissionDenied):
        services.project_publish(project=project, actor=actor)
    with pytest.raises(PermissionDenied):
        services.phase_save(phase=PhaseFactory.build(project=project), actor=actor)
    with pytest.raises(PermissionDenied):
        services.project_moderator_grant(project=project, holder=UserFactory(), actor=actor)

    assert Project.objects.get(pk=project.pk).title != "Geändert"


def test_changing_a_published_project_keeps_it_published():
    project = ProjectFactory(status=Project.Status.PUBLISHED)
    project.title = "Neuer Titel"

    services.project_save(project=project, actor=project_admin())

    project.refresh_from_db()
    assert (project.title, project.status) == ("Neuer Titel", Project.Status.PUBLISHED)


def test_publishing_needs_at_least_one_phase():
    project = ProjectFactory(status=Project.Status.DRAFT, title="Ohne Ablauf")

    with pytest.raises(ValidationError) as caught:
        services.project_publish(project=project, actor=project_admin())

    assert "„Ohne Ablauf“ hat noch keine Phase" in messages_of(caught.value)
    assert Project.objects.get(pk=project.pk).status == Project.Status.DRAFT


def test_publishing_and_taking_back_a_project():
    project = ProjectFactory(status=Project.Status.DRAFT)
    PhaseFactory(project=project)
    admin = project_admin()

    services.project_publish(project=project, actor=admin)
    assert Project.objects.get(pk=project.pk).status == Project.Status.PUBLISHED

    services.project_unpublish(project=project, actor=admin)
    assert Project.objects.get(pk=project.pk).status == Project.Status.DRAFT


def test_deleting_a_project_needs_the_delete_permission():
    project = ProjectFactory()
    without_delete = StaffFactory()
    without_delete.user_permissions.add(Permission.objects.get(codename="change_project"))

    with pytest.raises(PermissionDenied):
        services.project_delete(project=project, actor=without_delete)
    services.project_delete(project=project, actor=project_admin())

    assert not Project.objects.exists()


# --- phases ------------------------------------------------------------------------------


def phase(project, start, end, **kwargs) -> Phase:
    return Phase(
        project=project, type=kwargs.pop("type", Phase.Type.IDEAS), start=start, end=end, **kwargs
    )


def test_a_phase_must_end_after_it_starts():
    project = ProjectFactory()

    with pytest.raises(ValidationError) as caught:
        services.phase_save(
            phase=phase(project, at(2027, 3, 31), at(2027, 3, 1)), actor=project_admin()
        )

    assert caught.value.message_dict["end"] == [
        "Das Ende (01.03.2027 00:00) muss nach dem Beginn (31.03.2027 00:00) liegen."
    ]
    assert not Phase.objects.exists()


def test_overlapping_phases_are_refused_naming_the_other_phase():
    project = planned_project()

    with pytest.raises(ValidationError) as caught:
        services.phase_save(
            phase=phase(project, at(2027, 3, 20), at(2027, 4, 5), title="Zweite Ideenrunde"),
            actor=project_admin(),
        )

    message = messages_of(caught.value)
    assert "„Zweite Ideenrunde“ überschneidet sich mit der Phase „Ideen sammeln“" in message
    assert "01.03.2027 00:00 bis 01.04.2027 00:00" in message
    assert Phase.objects.filter(project=project).count() == 4


def test_a_phase_may_start_when_the_previous_one_ends():
    project = planned_project()

    services.phase_save(
        phase=phase(project, at(2027, 6, 1), at(2027, 12, 1), type=Phase.Type.IMPLEMENTATION),
        actor=project_admin(),
    )

    assert project.phases.count() == 5


def test_moving_a_phase_is_checked_against_the_other_phases_only():
    project = planned_project()
    ideas = project.phases.get(type=Phase.Type.IDEAS)
    ideas.end = at(2027, 3, 25)

    services.phase_save(phase=ideas, actor=project_admin())

    assert project.phases.get(type=Phase.Type.IDEAS).end == at(2027, 3, 25)


def test_phases_of_other_projects_do_not_count_as_overlapping():
    planned_project()
    other = ProjectFactory()

    services.phase_save(phase=phase(other, at(2027, 3, 10), at(2027, 3, 20)), actor=project_admin())

    assert other.phases.count() == 1


@pytest.mark.parametrize(
    ("allows_votes", "votes_per_person", "error"),
    [
        (False, 3, "Stimmen je Person gibt es nur in einer Phase, in der man Ideen unterstützen"),
        (True, 0, "mindestens eine Stimme"),
        (True, None, None),
        (True, 5, None),
        (False, None, None),
    ],
)
def test_votes_per_person_only_with_votes(allows_votes, votes_per_person, error):
    project = ProjectFactory()
    new = phase(
        project,
        at(2027, 4, 1),
        at(2027, 4, 15),
        type=Phase.Type.VOTING,
        allows_votes=allows_votes,
        votes_per_person=votes_per_person,
    )

    if error is None:
        services.phase_save(phase=new, actor=project_admin())
        assert project.phases.count() == 1
    else:
        with pytest.raises(ValidationError) as caught:
            services.phase_save(phase=new, actor=project_admin())
        assert error in " ".join(caught.value.message_dict["votes_per_person"])


def test_several_phases_can_swap_their_dates_in_one_save():
    project = ProjectFactory()
    first = PhaseFactory(project=project, start=at(2027, 3, 1), end=at(2027, 4, 1))
    second = PhaseFactory(project=project, start=at(2027, 4, 1), end=at(2027, 5, 1))
    first.start, first.end, second.start, second.end = (
        second.start,
        second.end,
        first.start,
        first.end,
    )

    services.project_phases_save(
        project=project, phases=[first, second], deleted=[], actor=project_admin()
    )

    first.refresh_from_db()
    assert first.start == at(2027, 4, 1)


def test_a_batch_with_overlapping_phases_saves_nothing():
    project = ProjectFactory()
    rows = [
        phase(project, at(2027, 3, 1), at(2027, 4, 1)),
        phase(project, at(2027, 3, 15), at(2027, 4, 15), type=Phase.Type.VOTING),
    ]

    with pytest.raises(ValidationError) as caught:
        services.project_phases_save(project=project, phases=rows, deleted=[], actor=None)

    assert "überschneidet sich" in messages_of(caught.value)
    assert not Phase.objects.exists()


def test_a_published_project_keeps_at_least_one_phase():
    project = ProjectFactory(status=Project.Status.PUBLISHED)
    only = PhaseFactory(project=project)

    with pytest.raises(ValidationError):
        services.phase_delete(phase=only, actor=project_admin())
    with pytest.raises(ValidationError):
        services.project_phases_save(project=project, phases=[], deleted=[only], actor=None)

    assert project.phases.count() == 1


def test_categories_are_saved_per_project_with_unique_short_names():
    project = ProjectFactory()
    services.project_categories_save(
        project=project,
        categories=[Category(name="Licht", slug="licht")],
        deleted=[],
        actor=project_admin(),
    )

    with pytest.raises(ValidationError):
        services.project_categories_save(
            project=project,
            categories=[Category(name="Licht 2", slug="licht")],
            deleted=[],
            actor=None,
        )
    assert project.categories.count() == 1


# --- moderators --------------------------------------------------------------------------


def test_an_administrator_makes_a_person_moderator_of_one_project_only():
    project, other = ProjectFactory(), ProjectFactory()
    person = UserFactory()

    services.project_moderator_grant(project=project, holder=person, actor=project_admin())

    person = type(person).objects.get(pk=person.pk)
    assert moderates_project(person, project)
    assert not moderates_project(person, other)
    assert list(projects_moderated_by(person)) == [project]


def test_a_group_made_moderator_gives_its_members_the_power():
    project = ProjectFactory()
    group = GroupFactory(name="Fachdienst Stadtentwicklung")
    member = UserFactory()
    member.groups.add(group)

    services.project_moderator_grant(project=project, holder=group, actor=project_admin())

    assert get_perms(group, project) == ["moderate_project"]
    assert moderates_project(type(member).objects.get(pk=member.pk), project)


def test_revoking_takes_the_power_away():
    project = ProjectFactory()
    group = GroupFactory()
    person = moderator_of(project)
    services.project_moderator_grant(project=project, holder=group, actor=None)
    admin = project_admin()

    services.project_moderator_revoke(project=project, holder=person, actor=admin)
    services.project_moderator_revoke(project=project, holder=group, actor=admin)

    assert not moderates_project(type(person).objects.get(pk=person.pk), project)
    assert get_perms(group, project) == []


def test_a_deactivated_account_cannot_be_made_moderator():
    with pytest.raises(ValidationError):
        services.project_moderator_grant(
            project=ProjectFactory(), holder=UserFactory(is_active=False), actor=None
        )


def test_anonymous_cannot_moderate():
    assert not moderates_project(AnonymousUser(), ProjectFactory())


@pytest.mark.parametrize("slug", ["abonnements", "moderation"])
def test_a_project_cannot_take_the_path_of_a_portal_page(slug):
    from tests.factories import SuperuserFactory

    project = ProjectFactory.build(slug=slug, status=Project.Status.DRAFT)

    with pytest.raises(ValidationError) as error:
        services.project_save(project=project, actor=SuperuserFactory())

    assert "reserviert" in str(error.value.message_dict["slug"])
