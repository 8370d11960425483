"""Ideas in the admin: status and response through the service, moderators confined to
their projects, residents' words read-only, no ideas added there."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from participation.ideas.models import Idea
from tests.factories import (
    IdeaFactory,
    MeasureFactory,
    ProjectFactory,
    StaffFactory,
    SuperuserFactory,
)
from tests.ideas.factories_ideas import ideas_project, moderator_of

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:ideas_idea_changelist")


def change_url(idea):
    return reverse("admin:ideas_idea_change", args=[idea.pk])


def post_data(**overrides):
    data = {"status": "accepted", "official_response": "Wir setzen das um.", "measure": ""}
    data.update(overrides)
    return data


def test_superuser_answers_an_idea_and_responder_and_time_are_recorded(client):
    admin = SuperuserFactory()
    idea = IdeaFactory(project=ideas_project())
    measure = MeasureFactory()
    client.force_login(admin)

    response = client.post(change_url(idea), post_data(measure=measure.pk))

    assert response.status_code == 302
    idea.refresh_from_db()
    assert (idea.status, idea.official_response, idea.measure) == (
        "accepted",
        "Wir setzen das um.",
        measure,
    )
    assert idea.official_response_by == admin and idea.official_response_at is not None


def test_residents_words_cannot_be_changed_in_the_admin(client):
    idea = IdeaFactory(project=ideas_project(), title="Original")
    client.force_login(SuperuserFactory())

    client.post(change_url(idea), post_data(title="Geändert", text="Anders"))

    idea.refresh_from_db()
    assert idea.title == "Original"


def test_measure_on_a_rejected_idea_is_a_form_error(client):
    idea = IdeaFactory(project=ideas_project())
    client.force_login(SuperuserFactory())

    response = client.post(
        change_url(idea), post_data(status="rejected", measure=MeasureFactory().pk)
    )

    assert response.status_code == 200
    assert "nur mit einer angenommenen oder umgesetzten Idee" in response.content.decode()
    idea.refresh_from_db()
    assert idea.status == "submitted"


def test_ideas_are_not_added_in_the_admin(client):
    client.force_login(SuperuserFactory())

    assert client.get(reverse("admin:ideas_idea_add")).status_code == 403


def test_moderator_sees_and_answers_only_ideas_of_the_own_project(client):
    own_project, other_project = ideas_project(), ideas_project()
    own = IdeaFactory(project=own_project, title="Eigene Idee")
    other = IdeaFactory(project=other_project, title="Fremde Idee")
    moderator = moderator_of(own_project, staff=True)
    client.force_login(moderator)

    listing = client.get(CHANGELIST).content.decode()
    assert "Eigene Idee" in listing and "Fremde Idee" not in listing

    assert client.post(change_url(own), post_data(status="in_review")).status_code == 302
    response = client.post(change_url(other), post_data(status="in_review"))
    assert response.status_code in (302, 403)
    other.refresh_from_db()
    assert other.status == "submitted"
    own.refresh_from_db()
    assert own.status == "in_review"


def test_staff_without_moderation_sees_no_ideas_module(client):
    IdeaFactory(project=ProjectFactory())
    client.force_login(StaffFactory())

    assert client.get(CHANGELIST).status_code == 403


def test_deleting_in_the_admin_goes_through_the_service(client):
    idea = IdeaFactory(project=ideas_project())
    user = SuperuserFactory()
    client.force_login(user)

    response = client.post(
        reverse("admin:ideas_idea_delete", args=[idea.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not Idea.objects.filter(pk=idea.pk).exists()


def test_global_view_permission_shows_the_ideas_of_every_project(client):
    IdeaFactory(project=ideas_project(), title="Erste")
    IdeaFactory(project=ideas_project(), title="Zweite")
    viewer = StaffFactory()
    viewer.user_permissions.add(Permission.objects.get(codename="view_idea"))
    viewer = type(viewer).objects.get(pk=viewer.pk)
    client.force_login(viewer)

    listing = client.get(CHANGELIST).content.decode()
    assert "Erste" in listing and "Zweite" in listing
