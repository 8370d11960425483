"""The German admin is German also in its JavaScript widgets (the catalogue jsi18n,
with the texts Django's own German catalogue lacks), and every date and time input of a
split date/time field has its own label."""

import re

import pytest
from django.urls import reverse

from tests.factories import PhaseFactory, SuperuserFactory

pytestmark = pytest.mark.django_db


def test_the_admin_javascript_catalogue_is_german_for_the_selector_widget(client):
    client.force_login(SuperuserFactory())
    url = reverse("admin:jsi18n")
    assert url == reverse("admin-jsi18n") == "/admin/jsi18n/"
    text = client.get(url).content.decode("unicode_escape")
    assert '"Choose all %s": "Alle %s auswählen"' in text
    assert '"Remove all %s": "Alle %s entfernen"' in text
    assert '"Choose selected %s": "Markierte %s auswählen"' in text
    assert '"Choose all": "Alle auswählen"' in text  # Django's own catalogue still there


def test_the_english_admin_gets_no_german(client):
    client.force_login(SuperuserFactory())
    text = client.get("/en/admin/jsi18n/").content.decode("unicode_escape")
    assert "auswählen" not in text


def test_the_admin_catalogue_stays_behind_the_staff_sign_in(client):
    response = client.get("/admin/jsi18n/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_each_date_and_time_input_of_the_phase_form_has_a_label(client):
    phase = PhaseFactory()
    client.force_login(SuperuserFactory())
    html = client.get(
        reverse("admin:projects_project_change", args=[phase.project.pk])
    ).content.decode()
    inputs = re.findall(r'<input[^>]*name="phases-0-(start|end)_([01])"[^>]*id="([^"]+)"', html)
    inputs += re.findall(r'<input[^>]*id="([^"]+)"[^>]*name="phases-0-(start|end)_([01])"', html)
    ids = {match[2] if match[0] in ("start", "end") else match[0] for match in inputs}
    assert ids >= {"id_phases-0-start_0", "id_phases-0-start_1", "id_phases-0-end_0"}
    for input_id in ids:
        assert f'<label for="{input_id}">' in html, input_id
    assert '<label for="id_phases-0-start_0">Datum:</label>' in html
    assert '<label for="id_phases-0-start_1">Zeit:</label>' in html
