"""Who may do what through /api/v1/, for every write endpoint and for what the site hides:
one row per endpoint, one column per role (anonymous, unverified, resident, author,
moderator of this project, moderator of another project, staff: the city's moderation
staff with the global permission). tests/security/test_permission_matrix.py has every
URL and operation for the eight people of the issue.

The answers are the site's rules, decided by the same services: 403 for who (with the
reason), 404 for what the person cannot see, 400 for a rule (own contribution)."""

from dataclasses import dataclass

import pytest

from tests import scenarios
from tests.factories import CommentFactory, UserFactory, point

from .conftest import ROLES, person

pytestmark = pytest.mark.django_db


def expect(anonymous, unverified, resident, author, moderator, other_moderator, staff):
    return dict(
        zip(
            ROLES,
            (anonymous, unverified, resident, author, moderator, other_moderator, staff),
            strict=True,
        )
    )


@dataclass
class Case:
    name: str
    request: object  # scenarios.AuthorsIdea -> (method, path, data)
    expected: dict
    draft: bool = False


CASES = [
    Case(
        "propose an idea",
        lambda w: (
            "post",
            "/api/v1/ideas/",
            {"project": w.project.slug, "title": "T", "text": "X", "location": point()},
        ),
        expect(403, 403, 201, 201, 201, 201, 201),
    ),
    Case(
        "edit the author's idea",
        lambda w: ("patch", f"/api/v1/ideas/{w.idea.pk}/", {"title": "Neu"}),
        expect(403, 403, 403, 200, 403, 403, 403),
    ),
    Case(
        "delete the author's idea",
        lambda w: ("delete", f"/api/v1/ideas/{w.idea.pk}/", None),
        expect(403, 403, 403, 204, 204, 403, 204),
    ),
    Case(
        "read a hidden idea",
        lambda w: ("get", f"/api/v1/ideas/{w.hidden_idea.pk}/", None),
        expect(404, 404, 404, 200, 200, 404, 200),
    ),
    Case(
        "read a draft project",
        lambda w: ("get", f"/api/v1/projects/{w.project.slug}/", None),
        expect(404, 404, 404, 404, 200, 404, 200),
        draft=True,
    ),
    Case(
        "list the ideas of a draft project",
        lambda w: ("get", f"/api/v1/ideas/?project={w.project.slug}", None),
        expect(404, 404, 404, 404, 200, 404, 200),
        draft=True,
    ),
    Case(
        "read an idea of a draft project",
        lambda w: ("get", f"/api/v1/ideas/{w.idea.pk}/", None),
        expect(404, 404, 404, 404, 200, 404, 200),
        draft=True,
    ),
    Case(
        "comment on an idea",
        lambda w: ("post", "/api/v1/comments/", {"idea": w.idea.pk, "text": "Ja!"}),
        expect(403, 403, 201, 201, 201, 201, 201),
    ),
    Case(
        "reply to the author's comment",
        lambda w: (
            "post",
            "/api/v1/comments/",
            {"idea": w.idea.pk, "parent": w.comment.pk, "text": "Genau."},
        ),
        expect(403, 403, 201, 201, 201, 201, 201),
    ),
    Case(
        "comment in a draft project",
        lambda w: ("post", "/api/v1/comments/", {"idea": w.idea.pk, "text": "Ja!"}),
        # Nobody comments before publication; for the others the idea does not exist.
        expect(400, 400, 400, 400, 400, 400, 400),
        draft=True,
    ),
    Case(
        "edit the author's comment",
        lambda w: ("patch", f"/api/v1/comments/{w.comment.pk}/", {"text": "Neu"}),
        expect(403, 403, 403, 200, 403, 403, 403),
    ),
    Case(
        "delete the author's comment",
        lambda w: ("delete", f"/api/v1/comments/{w.comment.pk}/", None),
        expect(403, 403, 403, 204, 403, 403, 403),
    ),
    Case(
        "read a comment on a hidden idea (the API lists public threads only)",
        lambda w: ("get", f"/api/v1/comments/{CommentFactory(idea=w.hidden_idea).pk}/", None),
        expect(404, 404, 404, 404, 404, 404, 404),
    ),
    Case(
        "support an idea",
        lambda w: ("post", "/api/v1/votes/", {"idea": w.voting_idea.pk}),
        # The author supports it already: 409 with the reason.
        expect(403, 403, 201, 409, 201, 201, 201),
    ),
    Case(
        "withdraw the author's support",
        lambda w: ("delete", f"/api/v1/votes/{w.voting_idea.pk}/", None),
        # Without a vote of one's own there is nothing to withdraw: 404.
        expect(403, 404, 404, 204, 404, 404, 404),
    ),
    Case(
        "list one's votes",
        lambda w: ("get", "/api/v1/votes/", None),
        expect(403, 200, 200, 200, 200, 200, 200),
    ),
    Case(
        "report the author's idea",
        lambda w: ("post", "/api/v1/flags/", {"idea": w.idea.pk, "reason": "spam"}),
        expect(403, 403, 201, 400, 201, 201, 201),
    ),
    Case(
        "list the project's reports",
        lambda w: ("get", f"/api/v1/flags/?project={w.project.slug}", None),
        expect(403, 403, 403, 403, 200, 403, 200),
    ),
    Case(
        "follow an idea",
        lambda w: ("post", "/api/v1/follows/", {"idea": w.idea.pk}),
        expect(403, 403, 201, 201, 201, 201, 201),
    ),
    Case(
        "follow a draft project",
        lambda w: ("post", "/api/v1/follows/", {"project": w.project.slug}),
        expect(403, 404, 404, 404, 404, 404, 404),
        draft=True,
    ),
    Case(
        "list one's follows",
        lambda w: ("get", "/api/v1/follows/", None),
        expect(403, 200, 200, 200, 200, 200, 200),
    ),
    Case(
        "list one's notifications",
        lambda w: ("get", "/api/v1/notifications/", None),
        expect(403, 200, 200, 200, 200, 200, 200),
    ),
    Case(
        "mark the author's notification read",
        lambda w: ("post", f"/api/v1/notifications/{w.notification.pk}/read/", None),
        expect(403, 404, 404, 200, 404, 404, 404),
    ),
    Case(
        "mark all of one's notifications read",
        lambda w: ("post", "/api/v1/notifications/read-all/", None),
        expect(403, 200, 200, 200, 200, 200, 200),
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_each_role_gets_the_sites_answer(api, case, role):
    world = scenarios.authors_idea_in_an_open_project(
        status="draft" if case.draft else "published"
    )
    user = person(role, project=world.project, author=world.author)
    method, path, data = case.request(world)
    client = api(user)

    if method in ("get", "delete"):
        response = getattr(client, method)(path)
    else:
        response = getattr(client, method)(path, data)

    assert response.status_code == case.expected[role], response.content
    if response.status_code in (400, 403, 404, 409) and method != "get":
        assert response.json(), "a refusal carries its reason"


def test_refusals_name_the_reason(api):
    world = scenarios.authors_idea_in_an_open_project()
    unverified = UserFactory(verified=False)

    comment = api(unverified).post("/api/v1/comments/", {"idea": world.idea.pk, "text": "Ja"})
    vote = api(unverified).post("/api/v1/votes/", {"idea": world.idea.pk})
    report = api(unverified).post("/api/v1/flags/", {"idea": world.idea.pk, "reason": "spam"})
    follow = api(unverified).post("/api/v1/follows/", {"idea": world.idea.pk})

    assert comment.json() == {"detail": "Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse."}
    assert vote.json() == {"detail": "Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse."}
    assert report.json()["detail"].startswith("Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse")
    assert follow.json() == {
        "detail": "Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse, um zu folgen."
    }
