"""Reports and moderation decisions in the admin: who sees which rows, read-only records,
and the actions go through the services (a moderator of A cannot act on B)."""

import importlib

import pytest
from django.conf import settings
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import NoReverseMatch, clear_url_caches, reverse

import participation.moderation.admin  # noqa: F401  (registered from participation/admin.py)
from participation.ideas.models import Idea
from participation.moderation import services
from participation.moderation.models import Flag, FlagReason, ModerationDecision
from tests import scenarios
from tests.moderation.factories_moderation import global_moderator, reports_on

pytestmark = pytest.mark.django_db

STATEMENT = "Beleidigung. Verstößt gegen Regel 2 der Netiquette."


@pytest.fixture(autouse=True, scope="module")
def _admin_urls():
    """Until ``participation/admin.py`` imports this module, the admin's URLs may have
    been built before it registered its models: rebuild them then."""
    try:
        reverse("admin:moderation_flag_changelist")
    except NoReverseMatch:
        importlib.reload(importlib.import_module(settings.ROOT_URLCONF))
        clear_url_caches()


@pytest.fixture
def world():
    return scenarios.two_projects_with_their_moderators()


def reports_url() -> str:
    return reverse("admin:moderation_flag_changelist")


def decisions_url() -> str:
    return reverse("admin:moderation_moderationdecision_changelist")


def test_moderator_sees_only_reports_of_own_project(client, world):
    reports_on(world.idea_a, 1, text="Bericht aus A")
    reports_on(world.idea_b, 1, text="Bericht aus B")
    client.force_login(world.moderator_a)
    response = client.get(reports_url())
    assert response.status_code == 200
    rows = list(response.context["cl"].result_list)
    assert [report.idea_id for report in rows] == [world.idea_a.pk]


def test_global_moderator_sees_all_reports(client, world):
    reports_on(world.idea_a, 1)
    reports_on(world.idea_b, 1)
    client.force_login(global_moderator())
    assert len(client.get(reports_url()).context["cl"].result_list) == 2


def test_residents_do_not_get_in(client, world):
    client.force_login(world.resident)
    assert client.get(reports_url()).status_code == 302  # to the admin login


def test_records_are_read_only_for_moderators(client, world):
    (report,) = reports_on(world.idea_a, 1)
    client.force_login(world.moderator_a)
    change = reverse("admin:moderation_flag_change", args=[report.pk])
    assert client.get(change).status_code == 200
    client.post(change, {"status": "dismissed"})
    assert Flag.objects.get(pk=report.pk).status == Flag.Status.OPEN
    assert client.get(reverse("admin:moderation_flag_add")).status_code == 403
    other = reports_on(world.idea_b, 1)[0]
    response = client.get(reverse("admin:moderation_flag_change", args=[other.pk]))
    assert response.status_code == 302  # not visible: back to the list with a message


def test_dismiss_action_goes_through_the_service(client, world):
    reports = reports_on(world.idea_a, 2)
    client.force_login(world.moderator_a)
    client.post(
        reports_url(),
        {"action": "dismiss_reported", ACTION_CHECKBOX_NAME: [r.pk for r in reports]},
    )
    assert set(Flag.objects.values_list("status", flat=True)) == {Flag.Status.DISMISSED}
    assert ModerationDecision.objects.get().action == ModerationDecision.Action.DISMISS


def test_hide_action_asks_for_rule_and_statement_first(client, world):
    (report,) = reports_on(world.comment_a, 1)
    client.force_login(world.moderator_a)
    data = {"action": "hide_reported", ACTION_CHECKBOX_NAME: [report.pk]}
    response = client.post(reports_url(), data)
    assert response.status_code == 200
    assert "Begründung" in response.content.decode()
    assert not ModerationDecision.objects.exists()
    response = client.post(
        reports_url(), {**data, "apply": "1", "rule": FlagReason.INSULT, "statement": STATEMENT}
    )
    assert response.status_code == 302
    decision = ModerationDecision.objects.get()
    assert decision.statement == STATEMENT and decision.moderator == world.moderator_a
    assert decision.comment == world.comment_a


def test_actions_on_forged_rows_of_another_project_change_nothing(client, world):
    (report,) = reports_on(world.idea_b, 1)
    client.force_login(world.moderator_a)
    client.post(reports_url(), {"action": "dismiss_reported", ACTION_CHECKBOX_NAME: [report.pk]})
    assert Flag.objects.get(pk=report.pk).status == Flag.Status.OPEN
    assert not ModerationDecision.objects.exists()


def test_decisions_list_shows_own_project_only(client, world):
    services.content_hide(
        moderator=world.moderator_a, idea=world.idea_a, rule="spam", statement=STATEMENT
    )
    services.content_hide(
        moderator=world.moderator_b, idea=world.idea_b, rule="spam", statement=STATEMENT
    )
    client.force_login(world.moderator_a)
    rows = list(client.get(decisions_url()).context["cl"].result_list)
    assert [decision.idea_id for decision in rows] == [world.idea_a.pk]
    assert Idea.objects.get(pk=world.idea_b.pk).is_hidden  # untouched
