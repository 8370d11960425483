"""Polling stations in the admin: staff with the model permissions manage them; a
station with entered sheets stays in its budget."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from participation.budgets.services.paper_ballots import paper_entry_create
from tests.budgets.ballots_world import ballot_world, fresh, paper_staff, person_of
from tests.factories import StaffFactory
from tests.verification.factories import ANNA

pytestmark = pytest.mark.django_db


def admin_of_stations():
    user = StaffFactory()
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="budgets", codename__endswith="_pollingstation"
        )
    )
    return type(user).objects.get(pk=user.pk)


def test_staff_with_the_permissions_list_and_add_polling_stations(client):
    world = ballot_world()
    client.force_login(admin_of_stations())
    response = client.get(reverse("admin:budgets_pollingstation_changelist"))
    assert response.status_code == 200
    assert world.station.name in response.content.decode()
    response = client.post(
        reverse("admin:budgets_pollingstation_add"),
        {"budget": world.budget.pk, "name": "Volkshaus", "address": "Carl-Zeiß-Platz 15"},
    )
    assert response.status_code == 302
    assert world.budget.polling_stations.filter(name="Volkshaus").exists()


def test_a_station_with_sheets_cannot_be_moved_to_another_budget(client):
    world = ballot_world()
    paper_entry_create(
        by=paper_staff(),
        budget=fresh(world.budget),
        station=world.station,
        sheet_number="1",
        person=person_of(ANNA),
        choices={1: 1},
    )
    client.force_login(admin_of_stations())
    html = client.get(
        reverse("admin:budgets_pollingstation_change", args=[world.station.pk])
    ).content.decode()
    assert 'name="budget"' not in html
    assert 'name="name"' in html


def test_paper_staff_without_the_model_permissions_do_not_manage_stations(client):
    ballot_world()
    client.force_login(paper_staff())
    response = client.get(reverse("admin:budgets_pollingstation_changelist"))
    assert response.status_code == 403
