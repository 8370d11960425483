"""/api/v1/comments/: reading for everyone (visible targets only, names only, placeholders
without text), writing through the same services as the site, errors as
{"detail": message}, a fixed number of queries per page, a valid schema."""

import pytest

from participation.ideas.models import Comment
from projects.models import Project
from tests.factories import (
    CommentFactory,
    IdeaFactory,
    MeasureFactory,
    ProjectFactory,
    UserFactory,
)
from tests.ideas.factories_comments_votes import (
    MeasureCommentFactory,
    ProjectCommentFactory,
    comment_phase,
    idea_in_open_phase,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/comments/"


def detail(comment) -> str:
    return f"{URL}{comment.pk}/"


def post(client, data):
    return client.post(URL, data, content_type="application/json")


# --- Reading -------------------------------------------------------------------------------


def test_everyone_reads_comments_filtered_by_target(client):
    idea = idea_in_open_phase()
    on_idea = CommentFactory(idea=idea, text="Zur Idee")
    on_measure = MeasureCommentFactory(text="Zur Maßnahme")
    on_project = ProjectCommentFactory(text="Zum Projekt")

    assert [c["id"] for c in client.get(URL).json()["results"]] == [
        on_idea.pk, on_measure.pk, on_project.pk,
    ]
    by_idea = client.get(URL, {"idea": idea.pk}).json()["results"]
    assert [c["text"] for c in by_idea] == ["Zur Idee"]
    by_measure = client.get(URL, {"measure": on_measure.measure.slug}).json()["results"]
    assert [c["text"] for c in by_measure] == ["Zur Maßnahme"]
    by_project = client.get(URL, {"project": on_project.project.slug}).json()["results"]
    assert [c["text"] for c in by_project] == ["Zum Projekt"]
    assert by_measure[0]["measure"] == on_measure.measure.slug
    assert by_measure[0]["idea"] is None and by_measure[0]["project"] is None


def test_only_the_public_name_of_authors_is_shown(client):
    author = UserFactory(display_name="Saalekiesel")
    CommentFactory(idea=idea_in_open_phase(), author=author)
    row = client.get(URL).json()["results"][0]
    assert row["author"] == "Saalekiesel"
    assert author.email not in str(row)
    assert set(row) == {
        "id", "idea", "measure", "project", "parent", "author", "text",
        "is_deleted", "is_hidden", "is_highlighted", "created_at", "edited_at",
    }


def test_deleted_and_hidden_comments_keep_their_place_without_text_or_author(client):
    idea = idea_in_open_phase()
    top = CommentFactory(idea=idea, is_hidden=True, text="Beleidigung")
    reply = CommentFactory(idea=idea, parent=top, is_deleted=True, text="")
    rows = {row["id"]: row for row in client.get(URL, {"idea": idea.pk}).json()["results"]}
    assert rows[top.pk]["text"] == "" and rows[top.pk]["author"] is None
    assert rows[top.pk]["is_hidden"] is True
    assert rows[reply.pk]["parent"] == top.pk and rows[reply.pk]["is_deleted"] is True
    assert "Beleidigung" not in str(rows)


def test_comments_on_invisible_targets_are_not_listed(client):
    CommentFactory(idea=IdeaFactory(is_hidden=True))
    CommentFactory(idea=IdeaFactory(project=ProjectFactory(status=Project.Status.DRAFT)))
    MeasureCommentFactory(measure=MeasureFactory(is_public=False))
    ProjectCommentFactory(project=ProjectFactory(status=Project.Status.DRAFT))
    assert client.get(URL).json()["count"] == 0
    hidden = Comment.objects.first()
    assert client.get(detail(hidden)).status_code == 404


def test_an_invalid_filter_value_is_a_400(client):
    assert client.get(URL, {"idea": "abc"}).status_code == 400


@pytest.mark.parametrize("size", [5, 60])
def test_the_list_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, size):
    idea = idea_in_open_phase()
    people = UserFactory.create_batch(3)
    CommentFactory.create_batch(size, idea=idea, author=people[0])
    MeasureCommentFactory.create_batch(size, author=people[1])
    with django_assert_max_num_queries(2):  # count + page (authors, targets joined)
        response = client.get(URL)
    assert response.json()["count"] == 2 * size


# --- Writing -------------------------------------------------------------------------------


def test_a_verified_resident_comments_through_the_api(client):
    idea = idea_in_open_phase()
    user = UserFactory(display_name="Anna")
    client.force_login(user)
    response = post(client, {"text": "Per API", "idea": idea.pk})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["author"] == "Anna" and body["idea"] == idea.pk and body["text"] == "Per API"
    idea.refresh_from_db()
    assert idea.comment_count == 1


def test_replies_through_the_api_attach_to_the_top_level(client):
    measure = MeasureFactory()
    top = MeasureCommentFactory(measure=measure)
    reply = MeasureCommentFactory(measure=measure, parent=top)
    client.force_login(UserFactory())
    response = post(client, {"text": "Re", "measure": measure.slug, "parent": reply.pk})
    assert response.status_code == 201
    assert response.json()["parent"] == top.pk


def test_anonymous_and_unverified_get_403_with_the_reason(client):
    measure = MeasureFactory()
    response = post(client, {"text": "Hallo", "measure": measure.slug})
    assert response.status_code == 403
    assert "Bitte melden Sie sich an" in response.json()["detail"]
    client.force_login(UserFactory(verified=False))
    response = post(client, {"text": "Hallo", "measure": measure.slug})
    assert response.status_code == 403
    assert response.json() == {"detail": "Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse."}
    assert not Comment.objects.exists()


def test_a_closed_phase_is_a_400_with_the_reason(client):
    project = ProjectFactory()
    comment_phase(project, "after")
    client.force_login(UserFactory())
    response = post(client, {"text": "Zu spät", "project": project.slug})
    assert response.status_code == 400
    assert response.json() == {"detail": "Kommentieren ist in dieser Phase nicht möglich."}


def test_closed_measure_comments_are_a_400(client):
    client.force_login(UserFactory())
    response = post(client, {"text": "Hallo", "measure": MeasureFactory(comments_closed=True).slug})
    assert response.status_code == 400
    assert "geschlossen" in response.json()["detail"]


@pytest.mark.parametrize(
    "data",
    [
        {"text": "Kein Ziel"},
        {"text": "Zwei Ziele", "measure": "x", "project": "y"},
        {"text": "", "project": "egal"},
        {"text": "x" * 3001, "project": "egal"},
    ],
)
def test_invalid_input_is_a_400_per_field(client, data):
    ProjectFactory(slug="egal")
    MeasureFactory(slug="x")
    ProjectFactory(slug="y")
    client.force_login(UserFactory())
    assert post(client, data).status_code == 400
    assert not Comment.objects.exists()


def test_the_author_edits_and_deletes_through_the_api(client):
    comment = MeasureCommentFactory(text="Alt")
    client.force_login(comment.author)
    response = client.patch(detail(comment), {"text": "Neu"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["text"] == "Neu"
    assert response.json()["edited_at"]
    assert client.delete(detail(comment)).status_code == 204
    row = client.get(detail(comment)).json()
    assert row["is_deleted"] is True and row["text"] == ""


def test_others_cannot_edit_or_delete_through_the_api(client):
    comment = MeasureCommentFactory(text="Meins")
    client.force_login(UserFactory())
    response = client.patch(detail(comment), {"text": "Gekapert"}, content_type="application/json")
    assert response.status_code == 403
    assert response.json() == {"detail": "Sie können nur Ihre eigenen Kommentare bearbeiten."}
    assert client.delete(detail(comment)).status_code == 403
    client.logout()
    assert client.delete(detail(comment)).status_code == 403
    comment.refresh_from_db()
    assert comment.text == "Meins" and not comment.is_deleted


def test_put_is_not_offered(client):
    comment = MeasureCommentFactory()
    client.force_login(comment.author)
    response = client.put(detail(comment), {"text": "x"}, content_type="application/json")
    assert response.status_code == 405


def test_the_schema_documents_the_comment_endpoints(client):
    schema = client.get("/api/schema/?format=json").json()
    assert set(schema["paths"]["/api/v1/comments/"]) == {"get", "post"}
    assert set(schema["paths"]["/api/v1/comments/{id}/"]) == {"get", "patch", "delete"}
    params = {p["name"] for p in schema["paths"]["/api/v1/comments/"]["get"]["parameters"]}
    assert {"idea", "measure", "project", "page"} <= params
    assert "409" not in schema["paths"]["/api/v1/comments/"]["post"]["responses"]
