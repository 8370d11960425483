"""The summary in Leichte Sprache of measures and bundles: staff write it in the admin,
the pages show it behind "In Leichter Sprache" (only when there is one, marked German on
English pages, without extra queries), the API and the open data carry it."""

import csv
import io
import json

import pytest
from django.urls import reverse

from measures.models import Measure
from tests.factories import (
    CoreAreaFactory,
    MeasureBundleFactory,
    MeasureFactory,
    SuperuserFactory,
)
from tests.measures.factories_extra import admin_form_data, unit_manager, unit_measure
from tests.measures.test_pages import DETAIL_MAX_QUERIES

pytestmark = pytest.mark.django_db

EASY = "Die Stadt baut ein Funk·netz.\nSensoren schicken darüber ihre Mess·werte."
TOGGLE = "In Leichter Sprache"


def measure_url(measure) -> str:
    return reverse("measures:measure-detail", kwargs={"slug": measure.slug})


def bundle_url(bundle) -> str:
    return reverse("measures:bundle-detail", kwargs={"slug": bundle.slug})


def admin_url(name: str, *args) -> str:
    return reverse(f"admin:measures_{name}", args=args)


# --- writing it ----------------------------------------------------------------------------


def test_the_manager_of_a_measure_writes_its_summary_in_the_admin(client):
    measure = unit_measure()
    client.force_login(unit_manager(measure.responsible_unit))
    page = client.get(admin_url("measure_change", measure.pk))
    assert "Leichte Sprache" in page.content.decode()
    data = admin_form_data(page)
    data["easy_summary"] = EASY

    response = client.post(admin_url("measure_change", measure.pk), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    measure.refresh_from_db()
    assert measure.easy_summary == EASY


def test_a_summary_over_the_limit_is_a_form_error(client):
    measure = MeasureFactory()
    client.force_login(SuperuserFactory())
    data = admin_form_data(client.get(admin_url("measure_change", measure.pk)))
    data["easy_summary"] = "Ein Satz.\n" * 400

    response = client.post(admin_url("measure_change", measure.pk), data)

    assert response.status_code == 200
    assert "easy_summary" in response.context["adminform"].form.errors
    assert Measure.objects.get(pk=measure.pk).easy_summary == ""


def test_strategy_staff_write_the_summary_of_a_bundle_in_the_admin(client):
    bundle = MeasureBundleFactory(core_areas=[CoreAreaFactory()])
    client.force_login(SuperuserFactory())
    data = admin_form_data(client.get(admin_url("measurebundle_change", bundle.pk)))
    data["easy_summary"] = EASY

    response = client.post(admin_url("measurebundle_change", bundle.pk), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    bundle.refresh_from_db()
    assert bundle.easy_summary == EASY


# --- the pages -----------------------------------------------------------------------------


def test_the_measure_page_shows_the_toggle_only_when_there_is_a_summary(client):
    without = MeasureFactory()
    with_summary = MeasureFactory(easy_summary=EASY)

    assert TOGGLE not in client.get(measure_url(without)).content.decode()
    html = client.get(measure_url(with_summary)).content.decode()

    assert '<details class="kern-accordion easy-summary">' in html
    assert TOGGLE in html
    assert "Die Stadt baut ein Funk·netz.<br>Sensoren schicken" in html  # one line each
    assert 'lang="de"' not in html.split("easy-summary__text", 1)[1].split(">", 1)[0]
    assert "css/easy-summary" in html


def test_on_english_pages_the_summary_is_marked_as_german(client):
    measure = MeasureFactory(easy_summary=EASY)
    bundle = MeasureBundleFactory(easy_summary=EASY)

    for path in (measure_url(measure), bundle_url(bundle)):
        html = client.get("/en" + path).content.decode()
        assert 'class="kern-accordion__body easy-summary__text" lang="de"' in html, path


def test_the_bundle_page_shows_the_summary_behind_the_toggle(client):
    bundle = MeasureBundleFactory(easy_summary=EASY)
    MeasureFactory(bundle=bundle)

    html = client.get(bundle_url(bundle)).content.decode()

    assert TOGGLE in html and "Die Stadt baut ein Funk·netz." in html
    assert TOGGLE not in client.get(bundle_url(MeasureBundleFactory())).content.decode()


def test_the_summary_is_escaped(client):
    measure = MeasureFactory(easy_summary="<script>alert(1)</script>")

    html = client.get(measure_url(measure)).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_the_summary_costs_the_measure_page_no_query(client, django_assert_max_num_queries):
    measure = MeasureFactory(easy_summary=EASY)

    with django_assert_max_num_queries(DETAIL_MAX_QUERIES):
        response = client.get(measure_url(measure), {"stand": "2024-01-01"})

    assert response.status_code == 200 and TOGGLE in response.content.decode()


# --- API and open data ----------------------------------------------------------------------


def test_the_api_carries_the_summary_of_measures_and_bundles(client):
    measure = MeasureFactory(easy_summary=EASY, bundle=MeasureBundleFactory(easy_summary="B."))

    detail = client.get(f"/api/v1/measures/{measure.slug}/").json()
    listed = client.get("/api/v1/measures/").json()
    bundle = client.get(f"/api/v1/bundles/{measure.bundle.slug}/").json()

    assert detail["easy_summary"] == EASY
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [row["easy_summary"] for row in rows] == [EASY]
    assert bundle["easy_summary"] == "B."


def test_a_measure_without_summary_has_an_empty_text_in_the_api(client):
    measure = MeasureFactory()

    assert client.get(f"/api/v1/measures/{measure.slug}/").json()["easy_summary"] == ""


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode()


def test_the_open_data_carry_the_summary_in_a_last_column(client):
    MeasureFactory(code="1.1", easy_summary=EASY)
    MeasureFactory(code="1.2")

    text = _body(client.get("/offene-daten/massnahmen.csv"))
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = {row["code"]: row for row in reader}
    data = json.loads(_body(client.get("/offene-daten/massnahmen.json")))

    url_at = reader.fieldnames.index("url")
    assert reader.fieldnames[url_at + 1] == "easy_summary"  # after the columns of before
    assert reader.fieldnames[:3] == ["code", "title", "summary"]  # the old places stay
    assert rows["1.1"]["easy_summary"] == EASY and rows["1.2"]["easy_summary"] == ""
    by_code = {m["code"]: m for m in data["measures"]}
    assert by_code["1.1"]["easy_summary"] == EASY and by_code["1.2"]["easy_summary"] == ""
