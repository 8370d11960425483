import json

import pytest
from django.urls import reverse

from geo.models import District
from geo.selectors import district_for_point
from geo.services import districts_create_demo

pytestmark = pytest.mark.django_db

SQUARE = [[[11.55, 50.90], [11.60, 50.90], [11.60, 50.95], [11.55, 50.95], [11.55, 50.90]]]
BOWTIE = [[[11.55, 50.90], [11.60, 50.95], [11.60, 50.90], [11.55, 50.95], [11.55, 50.90]]]


@pytest.fixture
def staff_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser(
        email="admin@jena.example", password="ein-langes-passwort"
    )
    client.force_login(admin)
    return client


def test_district_list_and_map_form_render_for_staff(staff_client):
    districts_create_demo()
    winzerla = District.objects.get(slug="winzerla")

    changelist = staff_client.get(reverse("admin:geo_district_changelist"), {"q": "winz"})
    change = staff_client.get(reverse("admin:geo_district_change", args=[winzerla.pk]))

    assert changelist.status_code == 200
    assert "Winzerla" in changelist.text
    assert "Wöllnitz" not in changelist.text
    assert change.status_code == 200
    assert "leaflet" in change.text.lower()


def test_admin_derives_the_slug_and_the_lookup_sees_the_new_district(staff_client):
    response = staff_client.post(
        reverse("admin:geo_district_add"),
        {
            "name": "Göschwitz",
            "slug": "",
            "boundary": json.dumps({"type": "MultiPolygon", "coordinates": [SQUARE]}),
            "source": "Handarbeit",
        },
    )

    assert response.status_code == 302
    assert District.objects.get().slug == "goeschwitz"
    assert district_for_point(lon=11.57, lat=50.92).slug == "goeschwitz"


def test_admin_rejects_a_self_intersecting_boundary(staff_client):
    response = staff_client.post(
        reverse("admin:geo_district_add"),
        {
            "name": "Maua",
            "slug": "maua",
            "boundary": json.dumps({"type": "MultiPolygon", "coordinates": [BOWTIE]}),
            "source": "",
        },
    )

    assert response.status_code == 200
    assert "Self-intersection" in response.text
    assert not District.objects.exists()
