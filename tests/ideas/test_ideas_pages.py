"""The idea pages from the outside: map and list, an idea's page, proposing without the
map, editing, deleting, the city's response, and the sections on other pages."""

import datetime
import json
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from geo.selectors import district_cache_clear
from participation.ideas.models import Idea, IdeaStatus
from participation.ideas.views.ideas import measure_ideas_section, project_ideas_section
from projects.models import Project
from tests.factories import (
    CategoryFactory,
    IdeaFactory,
    MeasureFactory,
    ProjectFactory,
    StaffFactory,
    UserFactory,
)
from tests.ideas.factories_ideas import (
    ideas_phase,
    ideas_project,
    load_demo_districts,
    moderator_of,
    photo,
    svg_upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_district_cache():
    district_cache_clear()
    yield
    district_cache_clear()


@pytest.fixture
def districts(db):
    return load_demo_districts()


def list_url(project):
    return reverse("ideas:idea-list", kwargs={"project_slug": project.slug})


def create_url(project):
    return reverse("ideas:idea-create", kwargs={"project_slug": project.slug})


def idea_url(idea, name="idea-detail"):
    return reverse(
        f"ideas:{name}", kwargs={"project_slug": idea.project.slug, "pk": idea.pk}
    )


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def form_data(**overrides):
    data = {
        "title": "Smarte Laterne am Löbdergraben",
        "text": "Abends ist es hier dunkel.",
        "location": "",
        "latitude": "",
        "longitude": "",
        "district": "",
        "place_description": "",
        "image_alt": "",
    }
    data.update(overrides)
    return data


# --- The list and the map --------------------------------------------------------------


def test_list_shows_the_projects_visible_ideas_with_status_and_response(client):
    project = ideas_project()
    IdeaFactory(
        project=project,
        title="Bank am Markt",
        status=IdeaStatus.ACCEPTED,
        official_response="Wir stellen sie auf.",
    )
    IdeaFactory(project=project, title="Versteckt", is_hidden=True)
    IdeaFactory(title="Anderes Projekt")

    response = client.get(list_url(project))

    assert response.status_code == 200
    html = text_of(response)
    assert "Bank am Markt" in html
    assert "angenommen" in html
    assert "Wir stellen sie auf." in html
    assert "Versteckt" not in html
    assert "Anderes Projekt" not in html
    assert "1 Idee gefunden" in html


def test_list_page_carries_the_map_with_its_data_urls(client, settings):
    project = ideas_project()

    html = client.get(list_url(project) + "?status=submitted&sort=most_supported").content.decode()

    geojson_url = re.search(r'data-geojson-url="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert geojson_url.startswith("/api/v1/ideas/?")
    assert f"project={project.slug}" in geojson_url
    assert "format=geojson" in geojson_url
    assert "status=submitted" in geojson_url and "sort=most_supported" in geojson_url
    assert 'data-districts-url="/beteiligung/ortsteile.geojson"' in html
    assert f'data-tiles-url="{settings.MAP_TILES_URL}"' in html
    assert "vendor/markercluster/leaflet.markercluster.js" in html
    assert "js/idea-map.js" in html


def test_invalid_filter_values_are_reported_and_left_out_of_list_and_map(client):
    project = ideas_project()
    IdeaFactory(project=project, title="Bleibt sichtbar")

    response = client.get(list_url(project) + "?status=unsinn&district=nirgendwo")

    html = text_of(response)
    assert response.status_code == 400  # outside the allow-list: the page, with the reason
    assert "Einige Filterangaben sind ungültig" in html
    assert "Bleibt sichtbar" in html
    geojson_url = re.search(r'data-geojson-url="([^"]+)"', html).group(1)
    assert "unsinn" not in geojson_url and "nirgendwo" not in geojson_url


def test_list_is_paginated_by_20(client):
    project = ideas_project()
    IdeaFactory.create_batch(21, project=project)

    first = text_of(client.get(list_url(project)))
    second = text_of(client.get(list_url(project) + "?page=2"))

    assert "21 Ideen gefunden – Seite 1 von 2" in first
    assert first.count('class="participation-idea-card"') == 20
    assert second.count('class="participation-idea-card"') == 1


def test_draft_project_ideas_are_not_public(client):
    project = ideas_project(status=Project.Status.DRAFT)
    idea = IdeaFactory(project=project)

    assert client.get(list_url(project)).status_code == 404
    assert client.get(idea_url(idea)).status_code == 404


@pytest.mark.parametrize(
    "who, shows",
    [
        ("anonymous", "Anmelden und Idee einreichen"),
        ("unverified", "Bestätigungs-E-Mail erneut senden"),
        ("resident", "Idee einreichen"),
    ],
)
def test_call_to_action_depends_on_who_is_looking(client, who, shows):
    project = ideas_project()
    if who == "unverified":
        client.force_login(UserFactory(verified=False))
    elif who == "resident":
        client.force_login(UserFactory())

    html = text_of(client.get(list_url(project)))

    assert shows in html
    if who == "resident":
        assert f'href="{create_url(project)}"' in html


def test_closed_phase_is_explained_instead_of_the_button(client):
    project = ideas_project("after")
    client.force_login(UserFactory())

    html = text_of(client.get(list_url(project)))

    assert "derzeit nicht eingereicht" in html
    assert f'href="{create_url(project)}"' not in html


def test_list_page_runs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    project = ideas_project()
    CategoryFactory(project=project)
    client.force_login(UserFactory())
    IdeaFactory.create_batch(3, project=project)
    # +2: the header's "Moderation" and "Dashboard" links for a signed-in resident
    with django_assert_max_num_queries(18) as few:
        client.get(list_url(project))
    IdeaFactory.create_batch(40, project=project, category=project.categories.first())
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(list_url(project) + "?sort=most_discussed")


# --- One idea ------------------------------------------------------------------------------


def test_idea_page_shows_everything_and_escapes_the_text(client, districts):
    project = ideas_project()
    moderator = moderator_of(project, display_name="Frau Amt")
    measure = MeasureFactory(code="2.3", title="Smarte Beleuchtung")
    idea = IdeaFactory(
        project=project,
        author=UserFactory(display_name="Laterna"),
        title="<script>alert(1)</script>",
        text="Zeile 1\n<img src=x onerror=alert(2)>\nhttps://example.org/mehr",
        district=districts["jena-zentrum"],
        place_description="Löbdergraben",
        category=CategoryFactory(project=project, name="Licht"),
        status=IdeaStatus.ACCEPTED,
        official_response="Machen wir.",
        official_response_by=moderator,
        measure=measure,
    )
    Idea.objects.filter(pk=idea.pk).update(official_response_at="2025-03-04T10:00:00Z")

    response = client.get(idea_url(idea))

    html = text_of(response)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html
    assert 'href="https://example.org/mehr" rel="nofollow"' in html
    assert "Laterna" in html and "Jena-Zentrum" in html and "Löbdergraben" in html
    assert "Licht" in html and "angenommen" in html
    assert "Machen wir." in html and "Geantwortet von Frau Amt am 4. März 2025" in html
    assert f'href="{measure.get_absolute_url()}"' in html and "2.3 Smarte Beleuchtung" in html
    assert "@" not in re.sub(r"<[^>]+>", "", html.split('id="main"')[1]).replace("&#x27;", "")


def test_idea_page_shows_the_image_with_its_description(client):
    project = ideas_project()
    author = UserFactory()
    client.force_login(author)
    client.post(
        create_url(project),
        {
            **form_data(latitude="50.9272", longitude="11.5861"),
            "image": photo(),
            "image_alt": "Dunkle Ecke am Abend",
        },
    )
    idea = Idea.objects.get()

    html = client.get(idea_url(idea)).content.decode()

    assert f'src="{idea.image.url}" alt="Dunkle Ecke am Abend"' in html


def test_hidden_idea_is_seen_only_by_author_and_moderators(client):
    project = ideas_project()
    author = UserFactory()
    idea = IdeaFactory(project=project, author=author, is_hidden=True)

    assert client.get(idea_url(idea)).status_code == 404
    client.force_login(UserFactory())
    assert client.get(idea_url(idea)).status_code == 404
    client.force_login(author)
    assert "ist ausgeblendet" in text_of(client.get(idea_url(idea)))
    client.force_login(moderator_of(project))
    assert client.get(idea_url(idea)).status_code == 200
    client.force_login(moderator_of(ProjectFactory()))
    assert client.get(idea_url(idea)).status_code == 404


def test_idea_of_another_project_is_not_found_under_this_one(client):
    idea = IdeaFactory(project=ideas_project())
    other = ideas_project()

    url = reverse("ideas:idea-detail", kwargs={"project_slug": other.slug, "pk": idea.pk})

    assert client.get(url).status_code == 404


def test_idea_page_shows_edit_delete_and_respond_only_to_those_allowed(client):
    project = ideas_project()
    author = UserFactory()
    idea = IdeaFactory(project=project, author=author)
    edit, delete, respond = (
        idea_url(idea, name) for name in ("idea-update", "idea-delete", "idea-respond")
    )

    html = client.get(idea_url(idea)).content.decode()
    assert edit not in html and delete not in html and respond not in html

    client.force_login(author)
    html = client.get(idea_url(idea)).content.decode()
    assert edit in html and delete in html and respond not in html

    client.force_login(moderator_of(project))
    html = client.get(idea_url(idea)).content.decode()
    assert edit not in html and delete in html and respond in html


def test_idea_page_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    project = ideas_project()
    idea = IdeaFactory(project=project, measure=MeasureFactory(), category=CategoryFactory())
    client.force_login(idea.author)
    # 16 for the page, 1 for the header's role links, 1 for the author's own hidden comments

    with django_assert_max_num_queries(18):
        assert client.get(idea_url(idea)).status_code == 200


# --- Proposing -----------------------------------------------------------------------------


def test_proposing_needs_login(client):
    project = ideas_project()

    response = client.get(create_url(project))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_unverified_resident_gets_a_link_to_resend_the_verification(client):
    project = ideas_project()
    client.force_login(UserFactory(verified=False))

    response = client.get(create_url(project))

    assert response.status_code == 403
    html = text_of(response)
    assert "bestätigen Sie zuerst Ihre E-Mail-Adresse" in html
    assert f'href="{reverse("account_email")}"' in html


def test_closed_phase_shows_the_reason_not_the_form(client):
    project = ideas_project("before")
    client.force_login(UserFactory())

    response = client.get(create_url(project))

    assert response.status_code == 403
    assert "nächste Möglichkeit" in text_of(response)


def test_form_offers_the_map_and_a_complete_way_without_it(client, districts):
    project = ideas_project()
    client.force_login(UserFactory())

    html = client.get(create_url(project)).content.decode()

    assert '<input type="hidden" name="location"' in html
    assert re.search(r'<select name="district"[^>]*id="id_district"', html)
    assert "Winzerla" in html
    assert 'name="place_description"' in html
    assert 'name="latitude"' in html and 'name="longitude"' in html
    assert 'aria-hidden="false"' in html and 'aria-describedby="idea-picker-help"' in html
    assert "js/idea-location-picker.js" in html and "leaflet/leaflet.js" in html


def test_proposing_with_a_point_derives_the_district(client, districts):
    project = ideas_project(area=None)
    client.force_login(UserFactory())

    response = client.post(
        create_url(project),
        form_data(location='{"type": "Point", "coordinates": [11.5727, 50.8907]}'),
    )

    idea = Idea.objects.get()
    assert response.status_code == 302
    assert response["Location"] == idea_url(idea)
    assert idea.district.slug == "winzerla"
    assert "Winzerla" in text_of(client.get(idea_url(idea)))


def test_typed_coordinates_win_over_the_map_point(client, districts):
    project = ideas_project(area=None)
    client.force_login(UserFactory())

    client.post(
        create_url(project),
        form_data(
            location='{"type": "Point", "coordinates": [11.5727, 50.8907]}',
            latitude="50.9298",
            longitude="11.5879",
        ),
    )

    assert Idea.objects.get().district.slug == "jena-zentrum"


def test_proposing_without_the_map_with_district_and_place(client, districts):
    project = ideas_project()
    client.force_login(UserFactory())

    response = client.post(
        create_url(project),
        form_data(district="winzerla", place_description="Spielplatz Anna-Siemsen-Straße"),
    )

    assert response.status_code == 302
    idea = Idea.objects.get()
    assert (idea.location, idea.district.slug) == (None, "winzerla")


def test_missing_place_is_reported_and_the_typed_text_kept(client, districts):
    project = ideas_project()
    client.force_login(UserFactory())

    response = client.post(create_url(project), form_data(text="Mein langer Text"))

    assert response.status_code == 400
    html = text_of(response)
    assert "Bitte prüfen Sie Ihre Angaben" in html
    assert "Bitte wählen Sie den Ortsteil" in html
    assert "Mein langer Text" in html
    assert not Idea.objects.exists()


def test_point_outside_the_area_is_reported_on_the_place(client, districts):
    project = ideas_project()
    client.force_login(UserFactory())

    response = client.post(create_url(project), form_data(latitude="50.8907", longitude="11.5727"))

    assert response.status_code == 400
    html = text_of(response)
    assert "außerhalb des Projektgebiets" in html
    assert 'href="#idea-location-fieldset"' in html


def test_only_one_coordinate_is_reported(client):
    project = ideas_project()
    client.force_login(UserFactory())

    response = client.post(create_url(project), form_data(latitude="50.93"))

    assert response.status_code == 400
    assert "Breiten- und Längengrad zusammen" in text_of(response)


def test_a_refused_picture_is_reported_and_nothing_saved(client):
    project = ideas_project()
    client.force_login(UserFactory())

    response = client.post(
        create_url(project),
        {**form_data(latitude="50.9272", longitude="11.5861"), "image": svg_upload(),
         "image_alt": "Bild"},
    )

    assert response.status_code == 400
    html = text_of(response)
    assert "JPEG, PNG oder WebP" in html
    assert "wählen Sie es erneut aus" in html
    assert not Idea.objects.exists()


def test_phase_closing_while_writing_keeps_the_text(client):
    project = ideas_project()
    client.force_login(UserFactory())
    client.get(create_url(project))
    now = timezone.now()  # the phase ends meanwhile
    project.phases.update(
        start=now - datetime.timedelta(days=2), end=now - datetime.timedelta(seconds=1)
    )

    response = client.post(create_url(project), form_data(latitude="50.9272", longitude="11.5861"))

    assert response.status_code == 403
    assert "derzeit nicht eingereicht" in text_of(response)


def test_categories_of_the_project_are_offered(client):
    project = ideas_project()
    CategoryFactory(project=project, name="Licht", slug="licht")
    CategoryFactory(name="Fremd")
    client.force_login(UserFactory())

    html = client.get(create_url(project)).content.decode()
    client.post(
        create_url(project), form_data(category="licht", latitude="50.9272", longitude="11.5861")
    )

    assert "Licht" in html and "Fremd" not in html
    assert Idea.objects.get().category.name == "Licht"


# --- Editing and deleting ------------------------------------------------------------------


def test_author_edits_the_idea_with_the_form_prefilled(client, districts):
    project = ideas_project()
    author = UserFactory()
    idea = IdeaFactory(project=project, author=author, title="Alt")
    client.force_login(author)

    html = client.get(idea_url(idea, "idea-update")).content.decode()
    assert 'value="Alt"' in html and 'value="50.9272"' in html and 'value="11.5861"' in html

    response = client.post(
        idea_url(idea, "idea-update"), form_data(title="Neu", latitude="50.9272",
                                                 longitude="11.5861")
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.title == "Neu"


def test_clearing_the_coordinates_removes_the_point_without_javascript(client, districts):
    project = ideas_project()
    author = UserFactory()
    idea = IdeaFactory(project=project, author=author)
    client.force_login(author)

    client.post(
        idea_url(idea, "idea-update"),
        form_data(district="winzerla", place_description="Am Wehr"),
    )

    idea.refresh_from_db()
    assert (idea.location, idea.district.slug) == (None, "winzerla")


@pytest.mark.parametrize("who", ["resident", "moderator", "staff"])
def test_others_cannot_edit_an_idea(client, who):
    project = ideas_project()
    idea = IdeaFactory(project=project, title="Alt")
    actor = {"resident": UserFactory, "staff": StaffFactory}.get(who, lambda: None)()
    client.force_login(actor or moderator_of(project))

    get = client.get(idea_url(idea, "idea-update"))
    post = client.post(idea_url(idea, "idea-update"), form_data(title="Neu"))

    assert get.status_code == post.status_code == 403
    idea.refresh_from_db()
    assert idea.title == "Alt"


def test_author_cannot_edit_after_the_ideas_phase(client):
    project = ProjectFactory()
    ideas_phase(project, "after")
    idea = IdeaFactory(project=project)
    client.force_login(idea.author)

    response = client.get(idea_url(idea, "idea-update"))

    assert response.status_code == 403
    assert "solange die Ideenphase läuft" in text_of(response)


def test_author_deletes_after_confirming(client):
    project = ideas_project()
    idea = IdeaFactory(project=project)
    client.force_login(idea.author)

    confirm = client.get(idea_url(idea, "idea-delete"))
    assert "wirklich löschen" in text_of(confirm)
    assert Idea.objects.exists()

    response = client.post(idea_url(idea, "idea-delete"))
    assert response.status_code == 302
    assert response["Location"] == list_url(project)
    assert not Idea.objects.exists()


def test_moderator_deletes_after_the_phase_and_a_resident_cannot(client):
    project = ProjectFactory()
    ideas_phase(project, "after")
    idea = IdeaFactory(project=project)

    client.force_login(UserFactory())
    assert client.post(idea_url(idea, "idea-delete")).status_code == 403
    client.force_login(moderator_of(project))
    assert client.post(idea_url(idea, "idea-delete")).status_code == 302
    assert not Idea.objects.exists()


# --- The city's response -------------------------------------------------------------------


def test_moderator_sets_status_response_and_measure(client):
    project = ideas_project()
    idea = IdeaFactory(project=project)
    measure = MeasureFactory()
    moderator = moderator_of(project)
    client.force_login(moderator)

    assert client.get(idea_url(idea, "idea-respond")).status_code == 200
    response = client.post(
        idea_url(idea, "idea-respond"),
        {"status": "accepted", "official_response": "Gute Idee!", "measure": measure.slug},
    )

    assert response.status_code == 302
    idea.refresh_from_db()
    assert (idea.status, idea.official_response) == ("accepted", "Gute Idee!")
    assert idea.measure == measure
    assert idea.official_response_by == moderator


def test_linking_a_measure_to_a_rejected_idea_is_reported_on_the_field(client):
    project = ideas_project()
    idea = IdeaFactory(project=project)
    client.force_login(moderator_of(project))

    response = client.post(
        idea_url(idea, "idea-respond"),
        {"status": "rejected", "official_response": "Nein", "measure": MeasureFactory().slug},
    )

    assert response.status_code == 400
    assert "nur mit einer angenommenen oder umgesetzten Idee" in text_of(response)


@pytest.mark.parametrize("who", ["author", "resident", "other_moderator"])
def test_others_cannot_respond(client, who):
    project = ideas_project()
    idea = IdeaFactory(project=project)
    actor = {
        "author": idea.author,
        "resident": UserFactory(),
        "other_moderator": moderator_of(ProjectFactory()),
    }[who]
    client.force_login(actor)

    response = client.post(
        idea_url(idea, "idea-respond"), {"status": "accepted", "official_response": "Ja"}
    )

    assert response.status_code == 403
    idea.refresh_from_db()
    assert idea.status == "submitted"


# --- Districts layer -----------------------------------------------------------------------


def test_districts_geojson_is_served_with_validators(client, districts):
    response = client.get(reverse("ideas:districts-geojson"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = response.json()
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 30
    again = client.get(
        reverse("ideas:districts-geojson"), HTTP_IF_NONE_MATCH=response["ETag"]
    )
    assert again.status_code == 304


# --- Sections on the measure page and the project page ------------------------------------


def _request(user=None):
    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    return request


def test_measure_section_lists_the_visible_ideas_that_led_to_it(
    client, django_assert_max_num_queries
):
    measure = MeasureFactory()
    shown = IdeaFactory(measure=measure, status="accepted", title="Kam an")
    IdeaFactory(measure=measure, status="accepted", is_hidden=True, title="Ausgeblendet")
    IdeaFactory(
        measure=measure, project=ProjectFactory(status=Project.Status.DRAFT), title="Entwurf"
    )
    IdeaFactory(title="Andere Maßnahme")

    with django_assert_max_num_queries(1):
        section = measure_ideas_section(_request(), measure)
    assert [idea.title for idea in section.context["ideas"]] == ["Kam an"]

    html = text_of(client.get(measure.get_absolute_url()))
    assert "Ideen, die in diese Maßnahme eingeflossen sind" in html
    assert f'href="{shown.get_absolute_url()}"' in html
    assert "Ausgeblendet" not in html and "Entwurf" not in html


def test_measure_section_is_left_out_without_ideas():
    assert measure_ideas_section(_request(), MeasureFactory()) is None


def test_measure_section_runs_one_query_for_many_ideas(django_assert_max_num_queries):
    measure = MeasureFactory()
    for project in ProjectFactory.create_batch(3):
        IdeaFactory.create_batch(5, project=project, measure=measure, status="implemented")

    with django_assert_max_num_queries(1):
        section = measure_ideas_section(_request(), measure)

    from django.template.loader import render_to_string

    with django_assert_max_num_queries(0):
        html = render_to_string(section.template, {"section": section.context})
    assert html.count("<li>") == 15


def test_project_section_counts_ideas_and_invites_to_propose():
    project = ideas_project()
    IdeaFactory.create_batch(2, project=project)
    IdeaFactory(project=project, is_hidden=True)

    section = project_ideas_section(_request(UserFactory()), project)

    from django.template.loader import render_to_string

    html = render_to_string(section.template, {"section": section.context})
    assert section.context["idea_count"] == 2
    assert "Bisher 2 Ideen." in html
    assert f'href="{list_url(project)}"' in html
    assert f'href="{create_url(project)}"' in html


def test_project_section_is_left_out_for_a_project_without_ideas():
    project = ProjectFactory()
    ideas_phase(project, allows_ideas=False)

    assert project_ideas_section(_request(), project) is None


def test_project_page_shows_the_ideas_box(client):
    project = ideas_project()
    IdeaFactory.create_batch(2, project=project)
    client.force_login(UserFactory())

    html = text_of(client.get(project.get_absolute_url()))

    assert "Bisher 2 Ideen." in html
    assert f'href="{list_url(project)}"' in html
    assert f'href="{create_url(project)}"' in html


def test_project_section_runs_one_query_for_the_count(django_assert_max_num_queries):
    project = ideas_project()
    IdeaFactory.create_batch(5, project=project)
    project = Project.objects.prefetch_related("phases").get(pk=project.pk)

    with django_assert_max_num_queries(1):
        section = project_ideas_section(_request(), project)

    assert section.context["idea_count"] == 5


def test_pages_work_in_english(client):
    project = ideas_project()
    idea = IdeaFactory(project=project)

    list_path, idea_path = list_url(project), idea_url(idea)

    listing = client.get(f"/en{list_path}")
    page = client.get(f"/en{idea_path}")

    assert listing.status_code == page.status_code == 200
    assert 'lang="en"' in listing.content.decode()


@pytest.mark.parametrize(
    ("prefix", "zoom_in", "votes"),
    [("", "Karte vergrößern", "Unterstützungen"), ("/en", "Zoom in", "supports")],
)
def test_idea_map_gets_its_words_and_area_as_json_in_the_page_language(
    client, prefix, zoom_in, votes
):
    project = ideas_project()
    project.area = {
        "type": "Polygon",
        "coordinates": [[[11.58, 50.92], [11.6, 50.92], [11.6, 50.93], [11.58, 50.92]]],
    }
    project.save()

    html = client.get(prefix + list_url(project)).content.decode()

    def block(name):
        found = re.search(rf'<script id="{name}" type="application/json">(.*?)</script>', html)
        return json.loads(found.group(1))

    labels = block("idea-map-labels")
    assert labels["zoomIn"] == zoom_in
    assert labels["votes"].lower() == votes.lower()
    assert "{n}" in labels["countMany"]
    assert block("idea-map-area") == project.area
    assert "data-label-" not in html
