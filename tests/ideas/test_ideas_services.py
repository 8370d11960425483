"""The idea services, per rule, per phase (before, during, after) and per role."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.exceptions import Closed, Invalid, NotAllowed
from geo.selectors import district_cache_clear
from participation.ideas.models import Idea, IdeaStatus
from participation.ideas.rules import may_propose_idea
from participation.ideas.services.ideas import (
    OutsideProjectArea,
    idea_create,
    idea_delete,
    idea_set_status_and_response,
    idea_update,
)
from projects.models import Project
from tests.factories import (
    CategoryFactory,
    CommentFactory,
    IdeaFactory,
    MeasureFactory,
    ProjectFactory,
    UserFactory,
    VoteFactory,
)
from tests.ideas.factories_ideas import (
    BERLIN,
    WHEN,
    WINZERLA,
    ZENTRUM,
    at,
    ideas_phase,
    ideas_project,
    load_demo_districts,
    moderator_of,
    person,
)

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "unverified", "resident", "author", "moderator", "other_moderator", "staff")


@pytest.fixture(autouse=True)
def _fresh_district_cache():
    district_cache_clear()
    yield
    district_cache_clear()


@pytest.fixture
def districts(db):
    return load_demo_districts()


def create(author, project, **kwargs):
    fields = {
        "title": "Smarte Laterne am Löbdergraben",
        "text": "Hier ist es abends dunkel.",
        "location": at(ZENTRUM),
    }
    fields.update(kwargs)
    return idea_create(author=author, project=project, **fields)


def messages_of(exc: ValidationError) -> dict[str, list[str]]:
    return exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}


# --- idea_create: who and when -----------------------------------------------------------


@pytest.mark.parametrize(
    "role, allowed",
    [
        ("anonymous", False),
        ("unverified", False),
        ("resident", True),
        ("moderator", True),
        ("other_moderator", True),
        ("staff", True),
    ],
)
def test_who_may_propose_an_idea(role, allowed):
    project = ideas_project()
    actor = person(role, project=project)

    if allowed:
        idea = create(actor, project)
        assert idea.author == actor
        assert idea.status == IdeaStatus.SUBMITTED
    else:
        with pytest.raises(NotAllowed):
            create(actor, project)
        assert not Idea.objects.exists()


def test_unverified_resident_is_told_to_confirm_the_email_address():
    project = ideas_project()

    with pytest.raises(NotAllowed, match="E-Mail-Adresse"):
        create(UserFactory(verified=False), project)


@pytest.mark.parametrize("when, allowed", [("before", False), ("during", True), ("after", False)])
def test_ideas_can_be_proposed_only_while_the_ideas_phase_runs(when, allowed):
    project = ideas_project(when)

    if allowed:
        assert create(UserFactory(), project).pk
    else:
        with pytest.raises(Closed, match="derzeit nicht eingereicht"):
            create(UserFactory(), project)


def test_phase_closed_message_says_when_the_next_ideas_phase_starts():
    project = ideas_project("before")
    phase = project.phases.get()

    with pytest.raises(Closed) as caught:
        create(UserFactory(), project)

    start = timezone.localtime(phase.start)
    assert f"{start:%d}.{start:%m}.{start:%Y}" in caught.value.message or (
        str(start.year) in caught.value.message
    )
    assert "nächste Möglichkeit" in caught.value.message


def test_phase_closed_message_says_when_no_ideas_phase_is_planned():
    project = ideas_project("after")

    with pytest.raises(Closed, match="nicht geplant"):
        create(UserFactory(), project)


def test_a_phase_without_ideas_does_not_take_ideas():
    project = ProjectFactory()
    ideas_phase(project, allows_ideas=False)

    with pytest.raises(Closed):
        create(UserFactory(), project)


def test_a_draft_project_takes_no_ideas():
    project = ideas_project(status=Project.Status.DRAFT)

    with pytest.raises(Closed):
        create(UserFactory(), project)


def test_refusal_in_plain_words_for_each_reason():
    project = ideas_project()
    closed = ideas_project("after")
    from django.contrib.auth.models import AnonymousUser

    assert may_propose_idea(AnonymousUser(), project).code == "sign_in"
    assert may_propose_idea(UserFactory(verified=False), project).code == "verify"
    assert may_propose_idea(UserFactory(), closed).code == "closed"
    assert may_propose_idea(UserFactory(), project) is None


# --- idea_create: content ----------------------------------------------------------------


def test_title_and_text_are_required_and_reported_per_field():
    project = ideas_project()

    with pytest.raises(Invalid) as caught:
        create(UserFactory(), project, title="  ", text="")

    errors = messages_of(caught.value)
    assert set(errors) == {"title", "text"}
    assert "Titel" in errors["title"][0]


def test_too_long_title_and_text_are_refused_with_the_limits():
    project = ideas_project()

    with pytest.raises(Invalid) as caught:
        create(UserFactory(), project, title="x" * 141, text="y" * 5001)

    errors = messages_of(caught.value)
    assert "140" in errors["title"][0]
    assert "5000" in errors["text"][0]


def test_text_is_stored_as_typed_without_markup_processing():
    project = ideas_project()
    text = "<script>alert(1)</script>\n**fett** & <b>Tag</b>"

    idea = create(UserFactory(), project, title="<b>Titel</b>", text=text)

    idea.refresh_from_db()
    assert idea.text == text
    assert idea.title == "<b>Titel</b>"


def test_nul_characters_are_dropped():
    idea = create(UserFactory(), ideas_project(), title="A\x00B", text="C\x00D")

    assert (idea.title, idea.text) == ("AB", "CD")


def test_category_must_belong_to_the_project():
    project = ideas_project()
    own = CategoryFactory(project=project)
    foreign = CategoryFactory()

    assert create(UserFactory(), project, category=own).category == own
    with pytest.raises(Invalid) as caught:
        create(UserFactory(), project, category=foreign)
    assert "category" in messages_of(caught.value)


# --- idea_create: place ------------------------------------------------------------------


def test_district_is_derived_from_the_point(districts):
    project = ideas_project(area=None)

    idea = create(UserFactory(), project, location=at(WINZERLA))

    assert idea.district == districts["winzerla"]
    assert idea.location == {"type": "Point", "coordinates": [WINZERLA[0], WINZERLA[1]]}


def test_derived_district_wins_over_a_chosen_one(districts):
    project = ideas_project(area=None)

    idea = create(
        UserFactory(), project, location=at(ZENTRUM), district=districts["winzerla"]
    )

    assert idea.district.slug == "jena-zentrum"


def test_point_outside_the_project_area_is_refused_with_a_clear_message(districts):
    project = ideas_project()  # area: a square around the centre; Winzerla lies south of it

    with pytest.raises(OutsideProjectArea) as caught:
        create(UserFactory(), project, location=at(WINZERLA))

    assert "außerhalb des Projektgebiets" in messages_of(caught.value)["location"][0]
    assert not Idea.objects.exists()


def test_point_outside_jena_is_refused_when_the_project_covers_the_whole_city(districts):
    project = ideas_project(area=None)

    with pytest.raises(OutsideProjectArea, match="Stadtgebiet"):
        create(UserFactory(), project, location=at(BERLIN))


def test_whole_city_without_districts_means_the_city_box():
    project = ideas_project(area=None)

    assert create(UserFactory(), project, location=at(ZENTRUM)).district is None
    with pytest.raises(OutsideProjectArea):
        create(UserFactory(), project, location=at(BERLIN))


def test_point_must_lie_in_the_projects_districts_when_it_lists_them(districts):
    project = ideas_project(area=None)
    project.districts.set([districts["winzerla"]])

    assert create(UserFactory(), project, location=at(WINZERLA)).district.slug == "winzerla"
    with pytest.raises(OutsideProjectArea):
        create(UserFactory(), project, location=at(ZENTRUM))


@pytest.mark.parametrize(
    "location",
    [
        {"type": "Polygon", "coordinates": [[[11.5, 50.9], [11.6, 50.9], [11.6, 51], [11.5, 50.9]]]},  # noqa: E501
        {"type": "Point", "coordinates": [200, 50]},
        {"type": "Point"},
        "kein GeoJSON",
    ],
)
def test_a_location_that_is_not_a_point_is_refused(location):
    with pytest.raises(Invalid) as caught:
        create(UserFactory(), ideas_project(), location=location)

    assert "location" in messages_of(caught.value)


def test_without_a_point_district_and_place_description_are_required(districts):
    project = ideas_project()

    with pytest.raises(Invalid) as caught:
        create(UserFactory(), project, location=None)

    errors = messages_of(caught.value)
    assert "Ortsteil" in errors["district"][0]
    assert "beschreiben Sie den Ort" in errors["place_description"][0]


def test_without_a_point_the_chosen_district_and_description_are_stored(districts):
    project = ideas_project()

    idea = create(
        UserFactory(),
        project,
        location=None,
        district=districts["winzerla"],
        place_description="Spielplatz an der Anna-Siemsen-Straße",
    )

    assert idea.location is None
    assert idea.district.slug == "winzerla"
    assert idea.place_description == "Spielplatz an der Anna-Siemsen-Straße"


def test_without_a_point_the_district_must_be_one_of_the_projects(districts):
    project = ideas_project()
    project.districts.set([districts["winzerla"], districts["jena-zentrum"]])

    with pytest.raises(Invalid) as caught:
        create(
            UserFactory(),
            project,
            location=None,
            district=districts["maua"],
            place_description="Dorfplatz",
        )

    message = messages_of(caught.value)["district"][0]
    assert "Maua" in message and "Winzerla" in message


# --- idea_update -------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_only_the_author_may_edit_an_idea(role):
    project = ideas_project()
    author = UserFactory()
    idea = create(author, project)
    actor = person(role, project=project, author=author)

    if role == "author":
        idea_update(idea=idea, actor=actor, title="Neu", text="Neuer Text", location=at(ZENTRUM))
        idea.refresh_from_db()
        assert idea.title == "Neu"
    else:
        with pytest.raises(NotAllowed):
            idea_update(idea=idea, actor=actor, title="Neu", text="x", location=at(ZENTRUM))


@pytest.mark.parametrize("when, allowed", [("before", False), ("during", True), ("after", False)])
def test_author_may_edit_only_while_the_ideas_phase_runs(when, allowed):
    project = ProjectFactory()
    author = UserFactory()
    idea = IdeaFactory(project=project, author=author)
    ideas_phase(project, when)

    if allowed:
        idea_update(idea=idea, actor=author, title="Neu", text="Text", location=at(ZENTRUM))
    else:
        with pytest.raises(Closed, match="bearbeitet"):
            idea_update(idea=idea, actor=author, title="Neu", text="Text", location=at(ZENTRUM))


def test_edit_follows_the_same_place_rules(districts):
    project = ideas_project()
    author = UserFactory()
    idea = create(author, project)

    with pytest.raises(OutsideProjectArea):
        idea_update(idea=idea, actor=author, title="T", text="T", location=at(WINZERLA))
    idea_update(
        idea=idea,
        actor=author,
        title="T",
        text="T",
        location=None,
        district=districts["winzerla"],
        place_description="Am Wehr",
    )
    idea.refresh_from_db()
    assert (idea.location, idea.district.slug, idea.place_description) == (
        None,
        "winzerla",
        "Am Wehr",
    )


def test_edit_keeps_status_response_and_counters():
    project = ideas_project()
    author = UserFactory()
    idea = create(author, project)
    Idea.objects.filter(pk=idea.pk).update(
        status=IdeaStatus.IN_REVIEW, vote_count=4, comment_count=2, official_response="Danke"
    )
    idea.refresh_from_db()

    idea_update(idea=idea, actor=author, title="Neu", text="Neu", location=at(ZENTRUM))

    idea.refresh_from_db()
    assert (idea.status, idea.vote_count, idea.comment_count, idea.official_response) == (
        IdeaStatus.IN_REVIEW,
        4,
        2,
        "Danke",
    )


# --- idea_delete -------------------------------------------------------------------------

DELETE_RULES = {
    # role: allowed during the ideas phase, allowed after it
    "anonymous": (False, False),
    "unverified": (False, False),
    "resident": (False, False),
    "author": (True, False),
    "moderator": (True, True),
    "other_moderator": (False, False),
    "staff": (True, True),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("when", WHEN)
def test_who_may_delete_an_idea_and_when(role, when):
    project = ProjectFactory()
    author = UserFactory()
    idea = IdeaFactory(project=project, author=author)
    ideas_phase(project, when)
    actor = person(role, project=project, author=author)
    allowed = DELETE_RULES[role][0 if when == "during" else 1]

    if allowed:
        idea_delete(idea=idea, actor=actor)
        assert not Idea.objects.filter(pk=idea.pk).exists()
    else:
        with pytest.raises((NotAllowed, Closed)):
            idea_delete(idea=idea, actor=actor)
        assert Idea.objects.filter(pk=idea.pk).exists()


def test_deleting_an_idea_removes_its_comments_and_votes():
    project = ideas_project()
    author = UserFactory()
    idea = create(author, project)
    comment = CommentFactory(idea=idea)
    vote = VoteFactory(idea=idea)

    idea_delete(idea=idea, actor=author)

    assert not Idea.objects.exists()
    assert not type(comment).objects.filter(pk=comment.pk).exists()
    assert not type(vote).objects.filter(pk=vote.pk).exists()


# --- idea_set_status_and_response --------------------------------------------------------


@pytest.mark.parametrize(
    "role, allowed",
    [
        ("anonymous", False),
        ("unverified", False),
        ("resident", False),
        ("author", False),
        ("moderator", True),
        ("other_moderator", False),
        ("staff", True),
    ],
)
def test_who_may_set_status_and_respond(role, allowed):
    project = ideas_project()
    author = UserFactory()
    idea = create(author, project)
    actor = person(role, project=project, author=author)

    if allowed:
        idea_set_status_and_response(
            idea=idea, actor=actor, status=IdeaStatus.IN_REVIEW, official_response="Wir prüfen."
        )
        idea.refresh_from_db()
        assert idea.status == IdeaStatus.IN_REVIEW
        assert idea.official_response_by == actor
    else:
        with pytest.raises(NotAllowed):
            idea_set_status_and_response(
                idea=idea, actor=actor, status=IdeaStatus.ACCEPTED, official_response="Ja"
            )
        idea.refresh_from_db()
        assert idea.status == IdeaStatus.SUBMITTED


@pytest.mark.parametrize("when", WHEN)
def test_moderators_respond_in_any_phase(when):
    project = ProjectFactory()
    ideas_phase(project, when)
    idea = IdeaFactory(project=project)

    idea_set_status_and_response(
        idea=idea, actor=moderator_of(project), status="rejected", official_response="Nein."
    )

    assert idea.status == "rejected"


def test_response_records_responder_and_time_only_when_the_text_changes():
    project = ideas_project()
    idea = create(UserFactory(), project)
    first, second = moderator_of(project), moderator_of(project)

    idea_set_status_and_response(
        idea=idea, actor=first, status="in_review", official_response="Wir prüfen das."
    )
    answered_at = idea.official_response_at
    idea_set_status_and_response(
        idea=idea, actor=second, status="accepted", official_response="Wir prüfen das."
    )

    idea.refresh_from_db()
    assert idea.status == "accepted"
    assert (idea.official_response_by, idea.official_response_at) == (first, answered_at)

    idea_set_status_and_response(idea=idea, actor=second, status="accepted", official_response="")
    idea.refresh_from_db()
    assert (idea.official_response_by, idea.official_response_at) == (None, None)


@pytest.mark.parametrize(
    "status, allowed",
    [
        ("submitted", False),
        ("in_review", False),
        ("accepted", True),
        ("rejected", False),
        ("implemented", True),
    ],
)
def test_a_measure_can_be_linked_only_to_accepted_or_implemented_ideas(status, allowed):
    project = ideas_project()
    idea = create(UserFactory(), project)
    measure = MeasureFactory()
    moderator = moderator_of(project)

    if allowed:
        idea_set_status_and_response(
            idea=idea, actor=moderator, status=status, official_response="", measure=measure
        )
        idea.refresh_from_db()
        assert idea.measure == measure
    else:
        with pytest.raises(Invalid) as caught:
            idea_set_status_and_response(
                idea=idea, actor=moderator, status=status, official_response="", measure=measure
            )
        assert "measure" in messages_of(caught.value)


def test_unknown_status_is_refused():
    project = ideas_project()
    idea = create(UserFactory(), project)

    with pytest.raises(Invalid) as caught:
        idea_set_status_and_response(
            idea=idea, actor=moderator_of(project), status="vielleicht", official_response=""
        )

    assert "status" in messages_of(caught.value)


def test_closed_phase_is_the_reason_given_even_to_visitors():
    from django.contrib.auth.models import AnonymousUser

    refusal = may_propose_idea(AnonymousUser(), ideas_project("after"))

    assert refusal.code == "closed"


# --- pictures on edit ----------------------------------------------------------------------


def test_author_replaces_and_removes_the_picture(django_capture_on_commit_callbacks):
    from tests.ideas.factories_ideas import photo

    project = ideas_project()
    author = UserFactory()
    idea = create(author, project, image=photo(), image_alt="Erstes Bild")
    first_name = idea.image.name
    storage = idea.image.storage

    with django_capture_on_commit_callbacks(execute=True):
        idea_update(
            idea=idea,
            actor=author,
            title="T",
            text="T",
            location=at(ZENTRUM),
            image=photo("PNG"),
            image_alt="Zweites Bild",
        )
    assert idea.image.name != first_name and idea.image.name.endswith(".png")
    assert not storage.exists(first_name)

    with pytest.raises(Invalid) as caught:
        idea_update(idea=idea, actor=author, title="T", text="T", location=at(ZENTRUM))
    assert "image_alt" in messages_of(caught.value)  # the kept picture still needs its text

    idea_update(
        idea=idea, actor=author, title="T", text="T", location=at(ZENTRUM), remove_image=True
    )
    idea.refresh_from_db()
    assert not idea.image and idea.image_alt == ""


def test_photos_per_person_are_limited_and_replacing_one_does_not_count_twice(
    settings, tmp_path
):
    from tests.ideas.factories_ideas import photo

    settings.MEDIA_ROOT = tmp_path
    settings.PHOTO_QUOTA_PER_PERSON = 2
    project = ideas_project()
    author = UserFactory()
    first = create(author, project, image=photo(), image_alt="Eine Laterne")
    create(author, project, image=photo(), image_alt="Noch eine Laterne")
    with pytest.raises(ValidationError) as refused:
        create(author, project, image=photo(), image_alt="Die dritte")
    assert "bereits 2 Fotos" in messages_of(refused.value)["image"][0]
    assert Idea.objects.filter(author=author).count() == 2  # nothing saved
    create(author, project, title="Ohne Foto geht es")  # text-only ideas still work
    idea_update(idea=first, actor=author, title=first.title, text=first.text,
                location=first.location, image=photo(), image_alt="Neues Foto")
