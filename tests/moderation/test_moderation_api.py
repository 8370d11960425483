"""/api/v1/flags/ from the outside: reporting through the API, and the moderators'
list of a project's reports (others get 403), with decisions and constant queries."""

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from participation.ideas.models import Idea
from participation.moderation import services
from participation.moderation.models import Flag, FlagReason, ModerationDecision
from tests import scenarios
from tests.factories import CommentFactory, IdeaFactory, StaffFactory, UserFactory
from tests.moderation.factories_moderation import global_moderator, reports_on

pytestmark = pytest.mark.django_db

URL = "/api/v1/flags/"
STATEMENT = "Werbung für ein Produkt. Verstößt gegen Regel 1 (keine Werbung)."


@pytest.fixture
def world():
    return scenarios.two_projects_with_their_moderators()


@pytest.fixture
def api():
    return APIClient()


def test_resident_reports_an_idea(api, world):
    api.force_authenticate(world.resident)
    response = api.post(URL, {"idea": world.idea_a.pk, "reason": "spam", "text": "Werbung"})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["idea"] == world.idea_a.pk and body["comment"] is None
    assert body["status"] == "open" and body["reason"] == "spam"
    assert Flag.objects.get().reporter == world.resident


def test_report_of_a_comment(api, world):
    api.force_authenticate(world.resident)
    response = api.post(URL, {"comment": world.comment_a.pk, "reason": "insult"})
    assert response.status_code == 201
    assert Flag.objects.get().comment == world.comment_a


def test_anonymous_cannot_report(api, world):
    response = api.post(URL, {"idea": world.idea_a.pk, "reason": "spam"})
    assert response.status_code == 403
    assert not Flag.objects.exists()


def test_unverified_person_gets_403_with_the_reason(api, world):
    api.force_authenticate(UserFactory(verified=False))
    response = api.post(URL, {"idea": world.idea_a.pk, "reason": "spam"})
    assert response.status_code == 403
    assert "E-Mail-Adresse" in response.json()["detail"]


def test_rules_give_400_with_the_reason(api, world):
    api.force_authenticate(world.author)
    own = api.post(URL, {"idea": world.idea_a.pk, "reason": "spam"})
    assert own.status_code == 400 and "eigenen Beitrag" in own.json()["detail"]
    api.force_authenticate(world.resident)
    assert api.post(URL, {"idea": world.idea_a.pk, "reason": "spam"}).status_code == 201
    again = api.post(URL, {"idea": world.idea_a.pk, "reason": "spam"})
    assert again.status_code == 400 and "bereits gemeldet" in again.json()["detail"]
    other = api.post(URL, {"idea": world.idea_b.pk, "reason": "other"})
    assert other.status_code == 400 and "text" in other.json()


def test_exactly_one_target_and_a_known_reason(api, world):
    api.force_authenticate(world.resident)
    both = api.post(
        URL, {"idea": world.idea_a.pk, "comment": world.comment_a.pk, "reason": "spam"}
    )
    assert both.status_code == 400
    assert api.post(URL, {"reason": "spam"}).status_code == 400
    assert api.post(URL, {"idea": world.idea_a.pk, "reason": "boring"}).status_code == 400
    assert api.post(URL, {"idea": 999999, "reason": "spam"}).status_code == 400


@override_settings(PARTICIPATION_AUTO_HIDE_REPORTS=2)
def test_reports_through_the_api_hide_automatically_at_the_threshold(api, world):
    for _ in range(2):
        api.force_authenticate(UserFactory())
        assert api.post(URL, {"idea": world.idea_a.pk, "reason": "hate"}).status_code == 201
    assert Idea.objects.get(pk=world.idea_a.pk).is_hidden


# --- the moderators' list -----------------------------------------------------------------


@pytest.mark.parametrize("role", ["anonymous", "resident", "author", "moderator_b", "staff"])
def test_only_moderators_of_the_project_list_its_reports(api, world, role):
    reports_on(world.idea_a, 1)
    if role == "staff":
        api.force_authenticate(StaffFactory())
    elif role != "anonymous":
        api.force_authenticate(getattr(world, role))
    response = api.get(URL, {"project": world.project_a.slug})
    assert response.status_code == 403


@pytest.mark.parametrize("who", ["moderator_a", "global"])
def test_moderators_list_reports_with_decisions(api, world, who):
    reports_on(world.comment_a, 1, text="Spam!")
    reports_on(world.comment_b, 1)
    services.content_hide(
        moderator=world.moderator_a, comment=world.comment_a, rule=FlagReason.SPAM,
        statement=STATEMENT,
    )
    api.force_authenticate(global_moderator() if who == "global" else world.moderator_a)
    response = api.get(URL, {"project": world.project_a.slug})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [row["comment"] for row in results] == [world.comment_a.pk]
    row = results[0]
    assert row["status"] == "upheld" and row["text"] == "Spam!" and row["item_hidden"] is True
    assert row["decisions"][0]["action"] == "hide"
    assert row["decisions"][0]["statement"] == STATEMENT
    assert row["decisions"][0]["moderator"] == "Moderation A"


def test_list_filters_by_status_and_validates_parameters(api, world):
    reports_on(world.idea_a, 2)
    services.flags_dismiss(moderator=world.moderator_a, idea=world.idea_a)
    reports_on(world.idea_a, 1)
    api.force_authenticate(world.moderator_a)
    open_rows = api.get(URL, {"project": world.project_a.slug, "status": "open"}).json()
    assert open_rows["count"] == 1
    assert api.get(URL, {"project": world.project_a.slug, "status": "foo"}).status_code == 400
    assert api.get(URL).status_code == 400
    assert api.get(URL, {"project": "gibt-es-nicht"}).status_code == 404


def test_moderator_of_a_cannot_touch_b_through_the_api(api, world):
    reports_on(world.idea_b, 1)
    api.force_authenticate(world.moderator_a)
    assert api.get(URL, {"project": world.project_b.slug}).status_code == 403
    assert not ModerationDecision.objects.exists()


def test_list_runs_a_constant_number_of_queries(api, world, django_assert_max_num_queries):
    api.force_authenticate(world.moderator_a)

    def add(count):
        for index in range(count):
            item = IdeaFactory(project=world.project_a) if index % 2 else CommentFactory(
                idea=world.idea_a
            )
            reports_on(item, 1)
            services.content_hide(
                moderator=world.moderator_a, rule="spam", statement=STATEMENT,
                **({"idea": item} if isinstance(item, Idea) else {"comment": item}),
            )

    add(5)
    api.get(URL, {"project": world.project_a.slug})
    with django_assert_max_num_queries(10) as small:
        assert api.get(URL, {"project": world.project_a.slug}).status_code == 200
    add(45)
    with django_assert_max_num_queries(10) as large:
        response = api.get(URL, {"project": world.project_a.slug})
    assert response.json()["count"] == 50
    assert len(large.captured_queries) == len(small.captured_queries)


def test_schema_documents_the_reports_endpoint(client):
    schema = client.get("/api/schema/?format=json").json()
    assert "/api/v1/flags/" in schema["paths"]
    operations = schema["paths"]["/api/v1/flags/"]
    assert {"get", "post"} <= set(operations)
    names = {p["name"] for p in operations["get"]["parameters"]}
    assert {"project", "status"} <= names
