"""The services' exceptions become clean 4xx answers with the reason, wherever they come
from; the writes of comments, votes, reports and notifications answer in the site's
words."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from core.api.errors import exception_handler
from core.exceptions import Closed, Invalid, NotAllowed
from participation.ideas.models import Comment
from participation.ideas.services.comments import comment_create
from participation.notifications.models import Notification
from tests.factories import CommentFactory, IdeaFactory, UserFactory
from tests.ideas.factories_comments_votes import (
    idea_in_open_phase,
    voting_phase,
)
from tests.ideas.factories_ideas import ideas_project

pytestmark = pytest.mark.django_db


def handle(exc):
    context = {"request": Request(APIRequestFactory().get("/")), "view": None}
    return exception_handler(exc, context)


@pytest.mark.parametrize(
    "exc, status, body",
    [
        (NotAllowed("Nur die Autorin."), 403, {"detail": "Nur die Autorin."}),
        (
            PermissionDenied(),
            403,
            {"detail": "Sie sind nicht berechtigt, diese Aktion durchzuführen."},
        ),
        (Closed("Die Phase ist vorbei."), 400, {"detail": "Die Phase ist vorbei."}),
        (
            Invalid({"title": ["Zu lang."], "__all__": ["Ganz falsch."]}),
            400,
            {"title": ["Zu lang."], "non_field_errors": ["Ganz falsch."]},
        ),
        (ValidationError(["Erstens.", "Zweitens."]), 400, {"detail": "Erstens. Zweitens."}),
        (Comment.DoesNotExist(), 404, {"detail": "Nicht gefunden."}),
    ],
)
def test_django_and_service_exceptions_become_4xx_with_the_reason(exc, status, body):
    response = handle(exc)

    assert response.status_code == status
    assert response.data == body


def test_anything_else_is_left_to_django():
    assert handle(RuntimeError("kaputt")) is None


# --- comments ------------------------------------------------------------------------------------


def test_an_empty_or_too_long_comment_is_an_error_of_the_field_text(api):
    idea = idea_in_open_phase()
    client = api(UserFactory())

    empty = client.post("/api/v1/comments/", {"idea": idea.pk, "text": "   "})
    too_long = client.post("/api/v1/comments/", {"idea": idea.pk, "text": "x" * 5001})

    assert empty.status_code == 400
    assert empty.json() == {"text": ["Bitte schreiben Sie einen Kommentar."]}
    assert too_long.status_code == 400
    assert too_long.json()["text"][0].startswith("Ein Kommentar hat höchstens")


def test_a_reply_to_a_reply_joins_the_thread_of_its_top_level_comment(api):
    idea = idea_in_open_phase()
    top = CommentFactory(idea=idea)
    reply = CommentFactory(idea=idea, parent=top)

    response = api(UserFactory()).post(
        "/api/v1/comments/", {"idea": idea.pk, "parent": reply.pk, "text": "Auch."}
    )

    assert response.status_code == 201
    assert response.json()["parent"] == top.pk


def test_comments_on_a_draft_projects_idea_do_not_exist_for_residents(api):
    idea = IdeaFactory(project=ideas_project(status="draft"))
    comment = CommentFactory(idea=idea)
    client = api(UserFactory())

    created = client.post("/api/v1/comments/", {"idea": idea.pk, "text": "Hallo"})
    edited = client.patch(f"/api/v1/comments/{comment.pk}/", {"text": "Gekapert"})

    assert created.status_code == 400 and created.json() == {"idea": ["Diese Idee gibt es nicht."]}
    assert edited.status_code == 404


# --- votes, reports, notifications -----------------------------------------------------------


def test_the_vote_limit_is_a_409_with_the_reason(api):
    project = ideas_project()
    voting_phase(project, votes_per_person=1)
    first, second = IdeaFactory(project=project), IdeaFactory(project=project)
    client = api(UserFactory())

    assert client.post("/api/v1/votes/", {"idea": first.pk}).status_code == 201
    refused = client.post("/api/v1/votes/", {"idea": second.pk})

    assert refused.status_code == 409
    assert refused.json()["detail"].startswith("Sie haben Ihre 1 Stimme in dieser Phase")


def test_reporting_ones_own_idea_is_refused_with_the_reason(api):
    idea = idea_in_open_phase()

    response = api(idea.author).post("/api/v1/flags/", {"idea": idea.pk, "reason": "spam"})

    assert response.status_code == 400
    assert response.json()["detail"].startswith("Ihren eigenen Beitrag können Sie nicht melden.")


def test_notifications_are_marked_read_through_the_service(api):
    idea = idea_in_open_phase()
    comment_create(author=UserFactory(), text="Schön.", idea=idea)
    comment_create(author=UserFactory(), text="Auch schön.", idea=idea)
    first, second = Notification.objects.filter(recipient=idea.author).order_by("pk")
    client = api(idea.author)

    one = client.post(f"/api/v1/notifications/{first.pk}/read/")
    unread = client.get("/api/v1/notifications/", {"unread": "true"}).json()["results"]
    everything = client.post("/api/v1/notifications/read-all/")
    someone_elses = api(UserFactory()).post(f"/api/v1/notifications/{second.pk}/read/")

    assert one.status_code == 200 and one.json()["is_read"] is True
    assert [row["id"] for row in unread] == [second.pk]
    assert everything.json() == {"marked": 1}
    assert someone_elses.status_code == 404
    assert not Notification.objects.filter(recipient=idea.author, read_at=None).exists()
