"""The header links the dashboard for whoever may see it (council members, staff)."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def dashboard_linked(client) -> bool:
    return f'href="{reverse("reports:dashboard")}"' in client.get("/").content.decode()


def test_council_member_finds_the_dashboard_in_the_header(client):
    member = UserFactory()
    member.groups.add(Group.objects.get_or_create(name=settings.COUNCIL_GROUP_NAME)[0])
    client.force_login(member)
    assert dashboard_linked(client)
    assert client.get(reverse("reports:dashboard")).status_code == 200


def test_staff_finds_the_dashboard_in_the_header(client):
    client.force_login(StaffFactory())
    assert dashboard_linked(client)


def test_resident_and_visitor_see_no_dashboard_link(client):
    assert not dashboard_linked(client)
    client.force_login(UserFactory())
    assert not dashboard_linked(client)
