"""Content in English (issue 16, part 3): staff enter English texts, English pages show
them, German fallbacks are marked lang="de", the queries stay as they were."""

import re

import pytest
from django.db.models import Count
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from measures.models import CoreArea, Measure, Milestone, Status
from tests.factories import (
    CoreAreaFactory,
    MeasureBundleFactory,
    MeasureFactory,
    MilestoneFactory,
    SuperuserFactory,
)
from tests.measures.factories_extra import admin_form_data
from tests.measures.test_pages import DETAIL_MAX_QUERIES, LIST_MAX_QUERIES, build_strategy

pytestmark = pytest.mark.django_db


def english(name, **kwargs) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs or None)


def h1_of(html: str) -> str:
    return re.search(r"<h1[^>]*>.*?</h1>", html, re.S).group(0)


@pytest.fixture
def translated_measure():
    bundle = MeasureBundleFactory(title="Daten für alle", title_en="Data for everyone")
    return MeasureFactory(
        bundle=bundle,
        title="Urbane Datenplattform",
        title_en="Urban data platform",
        summary="Alle Daten an einem Ort.",
        summary_en="All data in one place.",
        description="Die Plattform bündelt Daten.",
        description_en="The platform brings data together.",
    )


# --- the model: factories, fallback, the German column -------------------------------------


def test_a_title_set_while_german_is_active_lands_in_the_german_column():
    measure = MeasureFactory(title="Sensoren im Stadtgrün")

    row = Measure.objects.filter(pk=measure.pk).values("title_de", "title_en").get()
    assert row == {"title_de": "Sensoren im Stadtgrün", "title_en": None}


def test_english_reads_the_english_text_and_falls_back_to_german(translated_measure):
    untranslated = MeasureFactory(title="Nur auf Deutsch")

    with translation.override("en"):
        assert translated_measure.title == "Urban data platform"
        assert untranslated.title == "Nur auf Deutsch"
    with translation.override("de"):
        assert translated_measure.title == "Urbane Datenplattform"


def test_the_original_column_stays_german_when_saved_on_an_english_page():
    area = CoreAreaFactory(title="Teilhabe")
    with translation.override("en"):
        area.title_en = "Participation"
        area.save()

    raw = CoreArea.objects.rewrite(False).filter(pk=area.pk).values_list("title", flat=True)
    assert list(raw) == ["Teilhabe"]


def test_counting_by_status_is_not_split_by_the_default_ordering():
    # modeltranslation would copy Meta.ordering into GROUP BY (core/translation.py).
    MeasureFactory.create_batch(3, status=Status.IN_PROGRESS)

    counts = dict(Measure.objects.values_list("status").annotate(n=Count("pk")))

    assert counts == {Status.IN_PROGRESS: 3}


def test_milestones_keep_their_order_by_due_date_in_english():
    measure = MeasureFactory()
    late = MilestoneFactory(measure=measure, due_on="2027-01-01", title="B spät")
    early = MilestoneFactory(measure=measure, due_on="2026-01-01", title="A früh")

    with translation.override("en"):
        assert list(Milestone.objects.filter(measure=measure)) == [early, late]


def test_search_finds_a_measure_by_its_german_and_its_english_words(client, translated_measure):
    MeasureFactory(title="Etwas anderes")
    url = english("measures:measure-list")

    for word in ("Datenplattform", "data platform"):
        response = client.get(url, {"q": word})
        assert [m.pk for m in response.context["measures"]] == [translated_measure.pk], word


# --- the pages ------------------------------------------------------------------------------


def test_english_visitor_reads_a_measure_in_english(client, translated_measure):
    response = client.get(english("measures:measure-detail", slug=translated_measure.slug))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Urban data platform" in h1_of(html)
    assert 'lang="de"' not in h1_of(html)
    assert "All data in one place." in html
    assert "The platform brings data together." in html
    assert "Urbane Datenplattform" not in html


def test_a_measure_without_english_shows_german_marked_as_german(client):
    measure = MeasureFactory(title="Stadtklima-Messnetz", summary="Kleine Wetterstationen.")

    response = client.get(english("measures:measure-detail", slug=measure.slug))

    html = response.content.decode()
    assert 'lang="de"' in h1_of(html)
    assert "Stadtklima-Messnetz" in h1_of(html)
    assert re.search(r'<p class="kern-body site-lead" lang="de">Kleine Wetterstationen.</p>', html)


def test_german_pages_mark_nothing(client, translated_measure):
    MeasureFactory(bundle=translated_measure.bundle, title="Nur Deutsch")

    html = client.get(reverse("measures:measure-list")).content.decode()

    assert "Nur Deutsch" in html
    assert 'lang="de"' not in html.split("<main", 1)[1]


def test_measure_list_and_bundle_page_show_english_titles(client, translated_measure):
    untranslated = MeasureFactory(bundle=translated_measure.bundle, title="Nur Deutsch")

    listing = client.get(english("measures:measure-list")).content.decode()
    bundle = client.get(
        english("measures:bundle-detail", slug=translated_measure.bundle.slug)
    ).content.decode()

    assert "Urban data platform</a>" in listing
    assert f'{untranslated.slug}/" lang="de">Nur Deutsch</a>' in listing
    assert '<h1 class="kern-heading-x-large">Data for everyone</h1>' in bundle


def test_lang_of_renders_the_fallback_language_only_where_it_is_used():
    measure = MeasureFactory(title="Deutsch", title_en="English", summary="Nur Deutsch")
    template = Template(
        '{% load content_lang %}<p{% lang_of m "title" %}><p{% lang_of m "summary" %}>'
    )

    with translation.override("en"):
        assert template.render(Context({"m": measure})) == '<p><p lang="de">'
    with translation.override("de"):
        assert template.render(Context({"m": measure})) == "<p><p>"


@pytest.mark.parametrize("measure_count", [50, 200])
def test_english_pages_run_the_same_fixed_number_of_queries(
    client, django_assert_max_num_queries, measure_count
):
    measures = build_strategy(measures=measure_count)
    Measure.objects.filter(pk__in=[m.pk for m in measures[::2]]).update(title_en="In English")

    with django_assert_max_num_queries(LIST_MAX_QUERIES):
        assert client.get(english("measures:measure-list")).status_code == 200
    with django_assert_max_num_queries(DETAIL_MAX_QUERIES):
        assert (
            client.get(english("measures:measure-detail", slug=measures[0].slug)).status_code == 200
        )


# --- the admin ------------------------------------------------------------------------------


def test_staff_enter_the_english_title_and_summary_in_the_admin(client, translated_measure):
    client.force_login(SuperuserFactory())
    change_url = reverse("admin:measures_measure_change", args=[translated_measure.pk])
    page = client.get(change_url)
    html = page.content.decode()
    assert 'name="title_de"' in html and 'name="title_en"' in html
    assert "Titel (Deutsch)" in html
    data = admin_form_data(page)
    data.update(title_en="Urban data platform for Jena", summary_en="Jena's data, open.")

    response = client.post(change_url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    translated_measure.refresh_from_db()
    assert translated_measure.title_en == "Urban data platform for Jena"
    assert translated_measure.summary_en == "Jena's data, open."
    assert translated_measure.title_de == "Urbane Datenplattform"


def test_the_german_title_stays_required_in_the_admin(client, translated_measure):
    client.force_login(SuperuserFactory())
    change_url = reverse("admin:measures_measure_change", args=[translated_measure.pk])
    data = admin_form_data(client.get(change_url))
    data["title_de"] = ""

    response = client.post(change_url, data)

    assert response.status_code == 200
    assert "title_de" in response.context["adminform"].form.errors
