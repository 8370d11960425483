"""Proposing, editing and deleting ideas through /api/v1/ideas/: the services of the
site decide, with the site's words, and nothing is written when they refuse."""

import pytest

from participation.ideas.models import Idea
from tests.factories import CategoryFactory, IdeaFactory, UserFactory, point
from tests.ideas.factories_ideas import (
    BERLIN,
    WINZERLA,
    at,
    ideas_phase,
    ideas_project,
    load_demo_districts,
    photo,
    text_as_jpeg,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/ideas/"


def detail(idea) -> str:
    return f"{URL}{idea.pk}/"


def proposal(project, **overrides) -> dict:
    return {
        "project": project.slug,
        "title": "Smarte Laterne am Markt",
        "text": "Sie leuchtet nur, wenn jemand kommt.",
        "location": point(),
        **overrides,
    }


# --- create ------------------------------------------------------------------------------------


def test_resident_proposes_an_idea_with_a_point(api):
    project = ideas_project()
    category = CategoryFactory(project=project, slug="licht", name="Licht")
    author = UserFactory(display_name="Laterna")

    response = api(author).post(URL, proposal(project, category="licht"))

    assert response.status_code == 201, response.json()
    body = response.json()
    idea = Idea.objects.get()
    assert body["id"] == idea.pk and idea.author == author
    assert body["author"] == "Laterna" and body["category"] == {"slug": "licht", "name": "Licht"}
    assert body["location"] == {"type": "Point", "coordinates": [11.5861, 50.9272]}
    assert body["project"] == project.slug and body["is_hidden"] is False
    assert body["url"].endswith(idea.get_absolute_url())
    assert idea.category == category
    # The service also follows the idea for its author, as on the site.
    assert author.follows.filter(idea=idea).exists()


def test_an_idea_without_a_point_needs_district_and_place(api):
    districts = load_demo_districts()
    project = ideas_project()
    client = api(UserFactory())

    refused = client.post(URL, proposal(project, location=None))
    created = client.post(
        URL, proposal(project, location=None, district="winzerla", place_description="Markt")
    )

    assert refused.status_code == 400
    assert set(refused.json()) == {"district", "place_description"}
    assert created.status_code == 201
    assert created.json()["district"]["slug"] == "winzerla"
    assert Idea.objects.get().district == districts["winzerla"]


def test_the_district_comes_from_the_point(api):
    load_demo_districts()
    project = ideas_project(area=None)

    response = api(UserFactory()).post(URL, proposal(project, location=at(WINZERLA)))

    assert response.status_code == 201
    assert response.json()["district"]["slug"] == "winzerla"


def test_a_point_outside_the_project_area_is_a_field_error_in_the_sites_words(api):
    project = ideas_project()

    response = api(UserFactory()).post(URL, proposal(project, location=at(BERLIN)))

    assert response.status_code == 400
    assert response.json()["location"][0].startswith("Der Ort liegt außerhalb des Projektgebiets")
    assert not Idea.objects.exists()


def test_missing_title_and_text_are_field_errors(api):
    project = ideas_project()

    response = api(UserFactory()).post(URL, proposal(project, title=" ", text=""))

    assert response.status_code == 400
    assert response.json() == {
        "title": ["Bitte geben Sie Ihrer Idee einen Titel."],
        "text": ["Bitte beschreiben Sie Ihre Idee."],
    }


def test_a_picture_comes_as_multipart_and_needs_a_description(api):
    project = ideas_project()
    client = api(UserFactory())
    fields = {
        "project": project.slug,
        "title": "Mit Bild",
        "text": "Siehe Foto.",
        "location": '{"type": "Point", "coordinates": [11.5861, 50.9272]}',
    }

    without_alt = client.multipart(URL, {**fields, "image": photo()})
    not_a_picture = client.multipart(URL, {**fields, "image": text_as_jpeg(), "image_alt": "x"})
    created = client.multipart(URL, {**fields, "image": photo(), "image_alt": "Ein Mast"})

    assert without_alt.status_code == 400 and "image_alt" in without_alt.json()
    assert not_a_picture.status_code == 400 and "image" in not_a_picture.json()
    assert created.status_code == 201, created.json()
    assert created.json()["image"].startswith("http://testserver/")
    assert created.json()["image_alt"] == "Ein Mast"


def test_anonymous_unverified_and_closed_phase_are_refused_with_the_sites_words(api):
    open_project = ideas_project()
    closed_project = ideas_project("after")

    anonymous = api().post(URL, proposal(open_project, title=""))
    unverified = api(UserFactory(verified=False)).post(URL, proposal(open_project))
    closed = api(UserFactory()).post(URL, proposal(closed_project))

    # Who comes before what: even with an invalid title, a visitor learns to sign in.
    assert anonymous.status_code == 403
    assert anonymous.json() == {"detail": "Bitte melden Sie sich an, um eine Idee einzureichen."}
    assert unverified.status_code == 403
    assert unverified.json()["detail"].startswith("Bitte bestätigen Sie zuerst Ihre E-Mail")
    assert closed.status_code == 400
    assert closed.json()["detail"].startswith(
        "Ideen können in diesem Projekt derzeit nicht eingereicht werden."
    )
    assert not Idea.objects.exists()


def test_a_draft_project_does_not_exist_for_residents(api):
    draft = ideas_project(status="draft")

    response = api(UserFactory()).post(URL, proposal(draft))

    assert response.status_code == 400
    assert response.json() == {"project": ["Dieses Beteiligungsprojekt gibt es nicht."]}


def test_a_category_of_another_project_is_refused_by_the_service(api):
    project = ideas_project()
    CategoryFactory(slug="fremd")  # another project's

    response = api(UserFactory()).post(URL, proposal(project, category="fremd"))

    assert response.status_code == 400
    assert response.json() == {"category": ["Diese Kategorie gehört nicht zu diesem Projekt."]}


# --- edit ----------------------------------------------------------------------------------------


def test_the_author_edits_some_fields_and_the_others_stay(api):
    project = ideas_project()
    idea = IdeaFactory(project=project, title="Alt", text="Bleibt so.")

    response = api(idea.author).patch(detail(idea), {"title": "Neu"})

    assert response.status_code == 200, response.json()
    idea.refresh_from_db()
    assert (idea.title, idea.text) == ("Neu", "Bleibt so.")
    assert idea.location == point()
    assert response.json()["title"] == "Neu"


def test_the_author_moves_the_point_and_bad_input_is_a_field_error(api):
    project = ideas_project()
    idea = IdeaFactory(project=project)
    client = api(idea.author)

    outside = client.patch(detail(idea), {"location": at(BERLIN)})
    empty_title = client.patch(detail(idea), {"title": ""})

    assert outside.status_code == 400 and "location" in outside.json()
    assert empty_title.status_code == 400 and "title" in empty_title.json()
    idea.refresh_from_db()
    assert idea.location == point()


@pytest.mark.parametrize(
    "role, status",
    [("resident", 403), ("moderator", 403), ("unverified_author", 403), ("anonymous", 403)],
)
def test_only_the_verified_author_edits(api, role, status):
    from tests.ideas.factories_ideas import moderator_of

    project = ideas_project()
    idea = IdeaFactory(project=project, title="Alt")
    if role == "unverified_author":
        idea.author = UserFactory(verified=False)
        idea.save()
    user = {
        "resident": lambda: UserFactory(),
        "moderator": lambda: moderator_of(project),
        "unverified_author": lambda: idea.author,
        "anonymous": lambda: None,
    }[role]()

    response = api(user).patch(detail(idea), {"title": "Gekapert"})

    assert response.status_code == status
    assert response.json()["detail"]
    idea.refresh_from_db()
    assert idea.title == "Alt"


def test_editing_after_the_ideas_phase_is_a_400_with_the_reason(api):
    project = ideas_project("after")
    idea = IdeaFactory(project=project, title="Alt")

    response = api(idea.author).patch(detail(idea), {"title": "Neu"})

    assert response.status_code == 400
    assert response.json()["detail"].startswith(
        "Ideen können nur bearbeitet werden, solange die Ideenphase läuft."
    )


def test_the_author_still_edits_their_hidden_idea_others_do_not_see_it(api):
    project = ideas_project()
    idea = IdeaFactory(project=project, is_hidden=True)

    own = api(idea.author).patch(detail(idea), {"text": "Entschärft."})
    other = api(UserFactory()).patch(detail(idea), {"text": "Gekapert."})

    assert own.status_code == 200
    assert other.status_code == 404


# --- delete ------------------------------------------------------------------------------------


def test_the_author_deletes_during_the_phase_the_moderation_always(api):
    from tests.ideas.factories_ideas import moderator_of

    project = ideas_project("after")
    ideas_phase(project, "before")
    own = IdeaFactory(project=project)
    moderated = IdeaFactory(project=project)

    too_late = api(own.author).delete(detail(own))
    by_moderator = api(moderator_of(project)).delete(detail(moderated))
    by_other_moderator = api(moderator_of(ideas_project())).delete(detail(own))

    assert too_late.status_code == 400
    assert too_late.json()["detail"].startswith("Ideen können nur gelöscht werden")
    assert by_moderator.status_code == 204
    assert by_other_moderator.status_code == 403
    assert list(Idea.objects.all()) == [own]


def test_the_author_deletes_their_idea_while_the_phase_runs(api):
    idea = IdeaFactory(project=ideas_project())

    assert api(UserFactory()).delete(detail(idea)).status_code == 403
    assert api(idea.author).delete(detail(idea)).status_code == 204
    assert not Idea.objects.exists()
