"""/api/v1/votes/: POST {idea} supports, DELETE /votes/<idea_id>/ withdraws, GET lists
one's own votes; the same service as the site's button; errors as {"detail": message}
with 403 / 400 / 409 / 404."""

import pytest

from participation.ideas.models import Vote
from projects.models import Project
from tests.factories import IdeaFactory, ProjectFactory, UserFactory, VoteFactory
from tests.ideas.factories_comments_votes import comment_phase, voting_phase

pytestmark = pytest.mark.django_db

URL = "/api/v1/votes/"


def idea_in_voting(when="during", **kwargs):
    project = ProjectFactory()
    voting_phase(project, when, **kwargs)
    return IdeaFactory(project=project)


def support(client, idea_id):
    return client.post(URL, {"idea": idea_id}, content_type="application/json")


def test_supporting_returns_the_new_count_and_the_votes_left(client):
    idea = idea_in_voting(votes_per_person=3)
    client.force_login(UserFactory())
    response = support(client, idea.pk)
    assert response.status_code == 201
    assert response.json() == {"idea": idea.pk, "vote_count": 1, "votes_limit": 3, "votes_left": 2}


def test_an_unlimited_phase_reports_null_limits(client):
    idea = idea_in_voting(votes_per_person=None)
    client.force_login(UserFactory())
    body = support(client, idea.pk).json()
    assert body["votes_limit"] is None and body["votes_left"] is None


def test_a_second_vote_is_a_409_with_the_friendly_message(client):
    idea = idea_in_voting()
    client.force_login(UserFactory())
    support(client, idea.pk)
    response = support(client, idea.pk)
    assert response.status_code == 409
    assert response.json() == {"detail": "Sie unterstützen diese Idee bereits."}
    assert Vote.objects.count() == 1


def test_the_limit_reached_is_a_409(client):
    project = ProjectFactory()
    voting_phase(project, votes_per_person=1)
    first, second = IdeaFactory.create_batch(2, project=project)
    client.force_login(UserFactory())
    support(client, first.pk)
    response = support(client, second.pk)
    assert response.status_code == 409
    assert "Stimme in dieser Phase schon vergeben" in response.json()["detail"]


@pytest.mark.parametrize("when", ["before", "after"])
def test_outside_the_voting_phase_it_is_a_400(client, when):
    idea = idea_in_voting(when)
    client.force_login(UserFactory())
    response = support(client, idea.pk)
    assert response.status_code == 400
    assert "Unterstützen ist in dieser Phase nicht möglich." in response.json()["detail"]


def test_a_hidden_idea_is_a_400(client):
    idea = idea_in_voting()
    idea.is_hidden = True
    idea.save()
    client.force_login(UserFactory())
    assert support(client, idea.pk).status_code == 400


def test_anonymous_callers_get_403(client):
    idea = idea_in_voting()
    assert support(client, idea.pk).status_code == 403
    assert client.get(URL).status_code == 403
    assert client.delete(f"{URL}{idea.pk}/").status_code == 403


def test_unverified_people_get_403_with_the_reason(client):
    idea = idea_in_voting()
    client.force_login(UserFactory(verified=False))
    response = support(client, idea.pk)
    assert response.status_code == 403
    assert response.json() == {"detail": "Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse."}


def test_unknown_ideas_and_ideas_of_drafts_are_404(client):
    client.force_login(UserFactory())
    assert support(client, 999999).status_code == 404
    draft = ProjectFactory(status=Project.Status.DRAFT)
    comment_phase(draft)
    assert support(client, IdeaFactory(project=draft).pk).status_code == 404
    assert client.post(URL, {"idea": "x"}, content_type="application/json").status_code == 400


def test_withdrawing_through_the_api(client):
    idea = idea_in_voting()
    user = UserFactory()
    client.force_login(user)
    support(client, idea.pk)
    assert client.delete(f"{URL}{idea.pk}/").status_code == 204
    idea.refresh_from_db()
    assert idea.vote_count == 0 and not Vote.objects.exists()
    response = client.delete(f"{URL}{idea.pk}/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Sie unterstützen diese Idee nicht."}


def test_withdrawing_after_the_phase_is_a_400(client):
    idea = idea_in_voting("after")
    vote = VoteFactory(idea=idea, phase=idea.project.phases.get())
    client.force_login(vote.user)
    assert client.delete(f"{URL}{idea.pk}/").status_code == 400
    assert Vote.objects.filter(pk=vote.pk).exists()


def test_the_list_shows_only_ones_own_votes(client):
    mine = idea_in_voting()
    theirs = idea_in_voting()
    user = UserFactory()
    VoteFactory(user=user, idea=mine, phase=mine.project.phases.get())
    VoteFactory(idea=theirs, phase=theirs.project.phases.get())
    client.force_login(user)
    rows = client.get(URL).json()["results"]
    assert [(row["idea"], row["project"]) for row in rows] == [(mine.pk, mine.project.slug)]
    assert client.get(URL, {"project": theirs.project.slug}).json()["count"] == 0


@pytest.mark.parametrize("size", [3, 30])
def test_the_list_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, size):
    user = UserFactory()
    project = ProjectFactory()
    phase = voting_phase(project, votes_per_person=None)
    for idea in IdeaFactory.create_batch(size, project=project):
        VoteFactory(user=user, idea=idea, phase=phase)
    client.force_login(user)
    with django_assert_max_num_queries(4):  # session, user, count, page
        assert client.get(URL).json()["count"] == size


def test_the_schema_documents_the_vote_endpoints(client):
    schema = client.get("/api/schema/?format=json").json()
    assert set(schema["paths"]["/api/v1/votes/"]) == {"get", "post"}
    assert set(schema["paths"]["/api/v1/votes/{idea_id}/"]) == {"delete"}
    responses = schema["paths"]["/api/v1/votes/"]["post"]["responses"]
    assert {"201", "400", "403", "404", "409"} <= set(responses)
