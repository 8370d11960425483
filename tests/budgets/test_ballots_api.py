"""/api/v1/budgets/<slug>/ballot/: the person's own ballot through the same service as
the ballot page."""

import pytest
from django.core import mail

from participation.budgets.models import Ballot, BallotVersion
from tests.budgets.ballots_world import ballot_world
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def url(world):
    return f"/api/v1/budgets/{world.budget.project.slug}/ballot/"


def put(client, world, choices):
    return client.put(url(world), {"choices": choices}, content_type="application/json")


def test_a_verified_resident_votes_changes_and_reads_the_ballot(
    client, django_capture_on_commit_callbacks
):
    world = ballot_world()
    client.force_login(world.anna)
    assert client.get(url(world)).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = put(client, world, {"1": 3, "3": 2})
    assert response.status_code == 200
    assert response.json()["choices"] == {"1": 3, "3": 2}
    assert response.json()["version"] == 1
    assert len(mail.outbox) == 1
    response = put(client, world, {"2": 5, "1": 0})
    body = client.get(url(world)).json()
    assert body["choices"] == {"2": 5}
    assert body["version"] == 2
    assert body["channel"] == "online"
    assert body["cast_at"]
    assert BallotVersion.objects.count() == 2


def test_a_ballot_breaking_the_rule_is_a_400_with_the_reason(client):
    world = ballot_world()
    client.force_login(world.anna)
    response = put(client, world, {"1": 5, "2": 1})
    assert response.status_code == 400
    assert "6 Stimmen" in str(response.json())
    assert not Ballot.objects.exists()


@pytest.mark.parametrize("choices", [{"eins": 1}, {"1": "viele"}, [1, 2], {"1": 1.5}])
def test_malformed_choices_are_a_400(client, choices):
    world = ballot_world()
    client.force_login(world.anna)
    assert put(client, world, choices).status_code == 400


def test_a_person_without_confirmed_residence_gets_403_with_the_verify_link(client):
    world = ballot_world()
    client.force_login(UserFactory())
    response = put(client, world, {"1": 5})
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "resident"
    assert "verify_url" in body


def test_anonymous_callers_are_refused(client):
    world = ballot_world()
    assert client.get(url(world)).status_code in (401, 403)
    assert put(client, world, {"1": 5}).status_code in (401, 403)


def test_voting_before_the_board_confirmed_is_a_400(client):
    world = ballot_world(confirmed=False)
    client.force_login(world.anna)
    response = put(client, world, {"1": 5})
    assert response.status_code == 400
    assert "Beirat" in response.json()["detail"]


def test_delete_withdraws_the_ballot(client):
    world = ballot_world()
    client.force_login(world.anna)
    put(client, world, {"1": 5})
    assert client.delete(url(world)).status_code == 204
    assert not Ballot.objects.exists()
    assert client.delete(url(world)).status_code == 404


def test_an_unknown_budget_is_a_404(client):
    world = ballot_world()
    client.force_login(world.anna)
    assert client.get("/api/v1/budgets/gibt-es-nicht/ballot/").status_code == 404
