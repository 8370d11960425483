"""The demo register extract of `make run`: the sample person the README names is
confirmed by the register check; a second run imports nothing."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from demo.verification import SAMPLE
from tests.factories import UserFactory
from tests.ideas.factories_ideas import load_demo_districts
from verification.models import RegisterEntry, RegisterImport, Verification

pytestmark = pytest.mark.django_db


def test_the_sample_person_of_the_readme_is_confirmed(client):
    load_demo_districts()
    out = io.StringIO()
    call_command("load_verification_demo", stdout=out)
    assert "501 Einträge importiert" in out.getvalue()
    call_command("load_verification_demo", stdout=io.StringIO())
    assert RegisterImport.objects.count() == 1
    assert RegisterEntry.objects.filter(district__isnull=False).count() >= 490

    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("verification:status"),
        {
            "given_names": SAMPLE["Vornamen"], "family_name": SAMPLE["Familienname"],
            "date_of_birth": SAMPLE["Geburtsdatum"], "street": SAMPLE["Strasse"],
            "house_number": SAMPLE["Hausnummer"], "postcode": SAMPLE["PLZ"], "consent": "on",
        },
    )
    assert response.status_code == 302
    verification = Verification.objects.get(user=user)
    assert verification.district.name == "Jena-Zentrum" and verification.birth_year == 1964
