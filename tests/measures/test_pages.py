"""The public pages of the strategy tracker, from the outside: what each role sees,
filters, pagination, the state on a date, and a constant number of queries."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone, translation

from measures import selectors, services
from measures.models import IndicatorValue, Milestone, ProgressUpdate, Status
from measures.rollup import invalidate_strategy_progress
from measures.templatetags.measures_tags import eur, location_text, percent
from tests.factories import (
    CoreAreaFactory,
    FieldOfActionFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    MeasureBundleFactory,
    MeasureFactory,
    MilestoneFactory,
    OrganisationalUnitFactory,
    ProgressUpdateFactory,
    StaffFactory,
    SuperuserFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

OVERVIEW_URL = reverse("measures:overview")
LIST_URL = reverse("measures:measure-list")

# Fixed budgets for an anonymous visitor, the same at 50 and 500 measures (asserted below).
# Overview: roll-up (3, cold cache) + flag counts + bundles + their core areas + fields +
# core areas. List: count + page + the 4 model selects of the filter form. Measure page:
# the measure + 7 prefetches (+1 for the state on a date).
OVERVIEW_MAX_QUERIES = 8
LIST_MAX_QUERIES = 6
DETAIL_MAX_QUERIES = 11
# A signed-in manager adds the session, the user and the permission look-ups (one more
# while the process-wide ContentType cache is cold, as in a fresh test).
# +1: unread notifications in the header, +1: its "Moderation" link (staff: no council check)
SIGNED_IN_EXTRA = {"overview": 7, "list": 7, "detail": 10}


def today() -> datetime.date:
    return timezone.localdate()


def days_ago(days: int) -> datetime.date:
    return today() - datetime.timedelta(days=days)


def detail_url(measure) -> str:
    return reverse("measures:measure-detail", kwargs={"slug": measure.slug})


def bundle_url(bundle) -> str:
    return reverse("measures:bundle-detail", kwargs={"slug": bundle.slug})


def text_of(response) -> str:
    """The page's text without tags and with collapsed whitespace, for content checks."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("\u00a0", " ")


def unit_manager(unit):
    user = StaffFactory()
    user.groups.add(unit.group)
    return user


def unit_measure(unit, **kwargs):
    measure = MeasureFactory(responsible_unit=unit, **kwargs)
    services.measure_unit_permissions_sync(measure=measure)
    return measure


def strategy_staff():
    user = StaffFactory()
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="measures", codename="change_measure")
    )
    return user


def build_strategy(*, measures: int, bundles: int = 9) -> list:
    """5 core areas, 5 fields, ``bundles`` bundles and ``measures`` measures, each measure
    with progress updates, milestones, an indicator with values; returns the measures."""
    core_areas = [CoreAreaFactory() for _ in range(5)]
    fields = [FieldOfActionFactory() for _ in range(5)]
    unit = OrganisationalUnitFactory()
    bundle_objs = [
        MeasureBundleFactory(
            field_of_action=fields[i % 5], core_areas=[core_areas[i % 5], core_areas[(i + 2) % 5]]
        )
        for i in range(bundles)
    ]
    created = []
    per_bundle, rest = divmod(measures, bundles)
    for i, bundle in enumerate(bundle_objs):
        count = per_bundle + (1 if i < rest else 0)
        created += MeasureFactory.create_batch(
            count, bundle=bundle, responsible_unit=unit, last_update_on=days_ago(30)
        )
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(
            measure=measure,
            date=days_ago(days),
            status=Status.IN_PROGRESS,
            progress=progress,
            text="Es geht voran.",
        )
        for measure in created
        for days, progress in ((400, 10), (30, 40))
    )
    Milestone.objects.bulk_create(
        Milestone(measure=measure, title=title, due_on=due)
        for n, measure in enumerate(created)
        for title, due in (("Start", days_ago(10 if n % 7 == 0 else -10)), ("Ende", days_ago(-90)))
    )
    indicators = [
        IndicatorFactory(measure=measure) for measure in created[:: max(1, len(created) // 50)]
    ]
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=indicator, date=days_ago(days), value=Decimal(value))
        for indicator in indicators
        for days, value in ((300, 10), (200, 25), (100, 40))
    )
    invalidate_strategy_progress()
    return created


# --- Strategy overview -------------------------------------------------------------------


def test_overview_shows_core_areas_fields_and_bundles_with_progress(client):
    area = CoreAreaFactory(title="Lebenswertes Jena", slug="lebenswert")
    field = FieldOfActionFactory(code="HF1", title="Mobilität", slug="mobilitaet")
    bundle = MeasureBundleFactory(
        number=3,
        title="Datenplattform",
        summary="Offene Daten für alle.",
        field_of_action=field,
        core_areas=[area],
    )
    MeasureFactory(bundle=bundle, progress=40, planned_end=days_ago(1))  # delayed
    MeasureFactory(bundle=bundle, progress=80)

    response = client.get(OVERVIEW_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    text = text_of(response)
    assert "Lebenswertes Jena" in text
    assert "HF1 Mobilität" in text
    assert "Bündel 3: Datenplattform" in text
    assert "Offene Daten für alle." in text
    assert f'href="{bundle_url(bundle)}"' in html
    assert f'href="{LIST_URL}?core_area=lebenswert"' in html
    assert f'href="{LIST_URL}?field=mobilitaet"' in html
    # Bundle progress 60 %, with an accessible name and the value as text beside it.
    assert re.search(
        r'<progress max="100" value="60(\.0)?" aria-label="Fortschritt von Bündel 3"', html
    )
    assert "60 %" in text
    assert "davon verzögert 1" in text


def test_overview_counts_delayed_and_stale_measures_per_bundle_in_one_query(
    django_assert_num_queries,
):
    bundle = MeasureBundleFactory()
    other = MeasureBundleFactory()
    MeasureFactory(bundle=bundle, planned_end=days_ago(1), last_update_on=today())  # delayed
    MeasureFactory(bundle=bundle, last_update_on=None)  # stale
    MeasureFactory(bundle=bundle, last_update_on=today())  # neither
    MeasureFactory(bundle=other, status=Status.COMPLETED, planned_end=days_ago(1))  # closed

    with django_assert_num_queries(1):
        counts = selectors.bundle_flag_counts(user=None)

    assert counts == {bundle.pk: (1, 1), other.pk: (0, 0)}


def test_overview_as_of_a_past_date_shows_the_progress_then(client):
    bundle = MeasureBundleFactory(number=1)
    measure = MeasureFactory(bundle=bundle, progress=90)
    ProgressUpdateFactory(measure=measure, date=datetime.date(2024, 1, 10), progress=20)
    ProgressUpdateFactory(measure=measure, date=datetime.date(2025, 1, 10), progress=90)

    response = client.get(OVERVIEW_URL, {"stand": "2024-06-30"})

    assert response.status_code == 200
    text = text_of(response)
    assert "Gesamtfortschritt am 30. Juni 2024" in text
    assert "Stand am 30. Juni 2024" in text
    assert "20 %" in text
    assert "90 %" not in text


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("gestern", "Bitte geben Sie ein gültiges Datum an"),
        ("2024-02-30", "Bitte geben Sie ein gültiges Datum an"),
        ("2999-01-01", "Das Datum darf nicht in der Zukunft liegen."),
    ],
)
def test_overview_with_an_invalid_date_explains_and_shows_the_current_state(client, value, message):
    MeasureFactory(progress=40)

    response = client.get(OVERVIEW_URL, {"stand": value})

    assert response.status_code == 400
    text = text_of(response)
    assert message in text
    assert "Gesamtfortschritt 40 %" in text


@pytest.mark.parametrize("page", ["overview", "bundle", "list", "detail"])
def test_pages_in_english_render_under_en(client, page):
    measure = MeasureFactory()
    path = {
        "overview": OVERVIEW_URL,
        "bundle": bundle_url(measure.bundle),
        "list": LIST_URL,
        "detail": detail_url(measure),
    }[page]

    response = client.get("/en" + path)

    assert response.status_code == 200
    assert '<html lang="en"' in response.content.decode()


def test_overview_hides_non_public_measures_from_the_counts(client):
    bundle = MeasureBundleFactory(number=1)
    MeasureFactory(bundle=bundle)
    MeasureFactory(bundle=bundle, is_public=False, title="Geheimprojekt")

    text = text_of(client.get(OVERVIEW_URL))

    assert "Maßnahmen 1 " in text
    assert "Geheimprojekt" not in text


# --- Bundle page -------------------------------------------------------------------------


def test_bundle_page_lists_its_measures_with_flags(client):
    area = CoreAreaFactory(title="Teilhabe")
    bundle = MeasureBundleFactory(number=4, title="Bildung digital", core_areas=[area])
    unit = OrganisationalUnitFactory(name="Fachdienst Schule", short_name="FD Schule")
    late = MeasureFactory(
        bundle=bundle,
        code="4.1",
        title="Tablets für Schulen",
        responsible_unit=unit,
        planned_end=days_ago(5),
        last_update_on=today(),
    )
    MeasureFactory(bundle=bundle, code="4.2", title="WLAN überall", last_update_on=None)
    MeasureFactory(title="Aus einem anderen Bündel")

    response = client.get(bundle_url(bundle))

    assert response.status_code == 200
    html = response.content.decode()
    text = text_of(response)
    assert html.count("<h1") == 1
    assert "Bildung digital" in text
    assert "Teilhabe" in text
    assert f'href="{detail_url(late)}"' in html
    assert "Tablets für Schulen" in text and "WLAN überall" in text
    assert "Aus einem anderen Bündel" not in text
    assert "<caption" in html and '<th scope="col"' in html and '<th scope="row"' in html
    assert "FD Schule" in text
    assert "verzögert" in text and "ohne aktuellen Sachstand" in text


def test_bundle_page_of_an_unknown_bundle_is_404(client):
    assert (
        client.get(reverse("measures:bundle-detail", kwargs={"slug": "gibt-es-nicht"})).status_code
        == 404
    )


def test_bundle_page_hides_non_public_measures_from_anonymous(client):
    bundle = MeasureBundleFactory()
    MeasureFactory(bundle=bundle, is_public=False, title="Nicht öffentlich")

    assert "Nicht öffentlich" not in text_of(client.get(bundle_url(bundle)))


# --- Measure list --------------------------------------------------------------------------


def test_list_shows_all_public_measures_with_a_count_announced(client):
    MeasureFactory.create_batch(3)
    MeasureFactory(is_public=False)

    response = client.get(LIST_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'role="status"[^>]*>\s*3 Maßnahmen gefunden', html)
    for name in ("q", "status", "field", "core_area", "delayed"):
        assert re.search(rf'<label class="kern-label" for="id_{name}">', html), name
    assert "Filter anwenden" in html
    assert f'href="{LIST_URL}">Filter zurücksetzen' in html


def test_list_says_one_measure_in_the_singular(client):
    MeasureFactory()

    assert "1 Maßnahme gefunden" in text_of(client.get(LIST_URL))


@pytest.fixture
def varied_measures():
    area_a, area_b = CoreAreaFactory(slug="ka-a"), CoreAreaFactory(slug="ka-b")
    field_a, field_b = FieldOfActionFactory(slug="hf-a"), FieldOfActionFactory(slug="hf-b")
    bundle_a = MeasureBundleFactory(field_of_action=field_a, core_areas=[area_a])
    bundle_b = MeasureBundleFactory(field_of_action=field_b, core_areas=[area_b])
    return {
        "running": MeasureFactory(
            bundle=bundle_a,
            title="Sensoren am Saaleufer",
            status=Status.IN_PROGRESS,
            last_update_on=today(),
        ),
        "planned": MeasureFactory(
            bundle=bundle_a,
            title="Bürgerkonto",
            status=Status.PLANNED,
            last_update_on=today(),
        ),
        "late": MeasureFactory(
            bundle=bundle_b,
            title="Glasfaser Lobeda",
            status=Status.IN_PROGRESS,
            planned_end=days_ago(3),
            last_update_on=today(),
            description="Ausbau des Breitbandnetzes in Lobeda.",
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "planned"}, {"planned"}),
        ({"status": "in_progress"}, {"running", "late"}),
        ({"field": "hf-b"}, {"late"}),
        ({"core_area": "ka-a"}, {"running", "planned"}),
        ({"delayed": "true"}, {"late"}),
        ({"delayed": "false"}, {"running", "planned"}),
        ({"q": "saaleufer"}, {"running"}),
        ({"q": "Breitband"}, {"late"}),
        ({"status": "in_progress", "field": "hf-a"}, {"running"}),
    ],
)
def test_list_filters_narrow_the_result(client, varied_measures, query, expected):
    response = client.get(LIST_URL, query)

    assert response.status_code == 200
    text = text_of(response)
    for key, measure in varied_measures.items():
        assert (measure.title in text) == (key in expected), key
    assert f"{len(expected)} Maßnahme" in text


@pytest.mark.parametrize(
    "query",
    [
        {"status": "foo"},
        {"field": "gibt-es-nicht"},
        {"core_area": "nope"},
        {"bundle": "x"},
        {"unit": "y"},
        {"delayed": "vielleicht"},
        {"stale": "1"},
        {"page": "abc"},
        {"page": "999"},
        {"status": "foo", "field": "<script>"},
    ],
)
def test_list_with_invalid_filter_values_answers_400_with_an_error(client, varied_measures, query):
    response = client.get(LIST_URL, query)

    # Outside an allow-list: 400, with the page and its message (page numbers are lenient).
    assert response.status_code == (200 if "page" in query else 400)
    text = text_of(response)
    if "page" in query:
        assert "3 Maßnahmen gefunden" in text
    else:
        assert "Einige Filterangaben sind ungültig" in text
        assert "<script>" not in response.content.decode().split("<main")[1]


def test_list_invalid_filter_is_tied_to_its_field(client):
    html = client.get(LIST_URL, {"status": "foo"}).content.decode()

    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_status_error"' in html
    assert 'id="id_status_error"' in html


def test_list_paginates_by_25_and_keeps_the_filter_in_page_links(client):
    bundle = MeasureBundleFactory()
    MeasureFactory.create_batch(30, bundle=bundle, status=Status.IN_PROGRESS)
    MeasureFactory(bundle=bundle, status=Status.PLANNED)

    first = client.get(LIST_URL, {"status": "in_progress"})
    second = client.get(LIST_URL, {"status": "in_progress", "page": "2"})

    assert len(first.context["measures"]) == 25
    assert len(second.context["measures"]) == 5
    html = first.content.decode()
    assert "30 Maßnahmen gefunden" in text_of(first)
    assert 'href="?status=in_progress&amp;page=2"' in html
    assert 'aria-current="page"><span class="site-sr-only">Seite </span>1<' in html
    second_html = second.content.decode()
    assert 'href="?status=in_progress&amp;page=1"' in second_html
    assert 'aria-current="page"><span class="site-sr-only">Seite </span>2<' in second_html


def test_list_shows_non_public_measures_to_their_manager_only(client):
    unit = OrganisationalUnitFactory()
    hidden = unit_measure(unit, is_public=False, title="Interne Vorbereitung")

    assert hidden.title not in text_of(client.get(LIST_URL))
    client.force_login(unit_manager(unit))
    text = text_of(client.get(LIST_URL))
    assert hidden.title in text
    assert "nicht öffentlich" in text


# --- Measure page --------------------------------------------------------------------------


@pytest.fixture
def full_measure():
    area = CoreAreaFactory(title="Nachhaltiges Jena")
    field = FieldOfActionFactory(code="HF2", title="Umwelt")
    bundle = MeasureBundleFactory(
        number=2, title="Klimadaten", field_of_action=field, core_areas=[area]
    )
    unit = OrganisationalUnitFactory(name="Fachdienst Umweltschutz", short_name="FD Umwelt")
    measure = unit_measure(
        unit,
        bundle=bundle,
        code="2.3",
        title="Klimasensoren",
        summary="Sensoren messen das Stadtklima.",
        description="Erster Absatz.\n\nZweiter Absatz <script>alert(1)</script>",
        status=Status.IN_PROGRESS,
        progress=45,
        planned_start=datetime.date(2023, 1, 1),
        planned_end=days_ago(10),
        partners="Stadtwerke Jena",
        budget_planned=Decimal("1234567.50"),
        budget_spent=Decimal("45000"),
        funding="Modellprojekte Smart Cities",
        last_update_on=days_ago(300),
        location={"type": "Point", "coordinates": [11.5861, 50.9272]},
    )
    author = UserFactory(display_name="Erika Mustermann", email="erika.private@example.org")
    ProgressUpdateFactory(
        measure=measure, date=days_ago(700), progress=10, text="Ausschreibung läuft.", author=author
    )
    ProgressUpdateFactory(
        measure=measure,
        date=days_ago(300),
        progress=45,
        text="Die ersten Sensoren hängen.",
        author=author,
    )
    MilestoneFactory(
        measure=measure, title="Vergabe", due_on=days_ago(600), completed_on=days_ago(610)
    )
    MilestoneFactory(measure=measure, title="Inbetriebnahme", due_on=days_ago(20))
    MilestoneFactory(measure=measure, title="Auswertung", due_on=days_ago(-200))
    indicator = IndicatorFactory(
        measure=measure,
        name="Messstationen",
        unit="Stationen",
        baseline_value=Decimal("0"),
        target_value=Decimal("1500"),
    )
    IndicatorValueFactory(indicator=indicator, date=datetime.date(2024, 1, 1), value=Decimal("120"))
    IndicatorValueFactory(
        indicator=indicator, date=datetime.date(2025, 1, 1), value=Decimal("1250.5")
    )
    # In the same bundle: a new bundle would draw "HF2"/number 2 from the factory
    # sequences, which this fixture has taken, when it runs first (pytest -k ...).
    related = MeasureFactory(bundle=bundle, title="Offene Umweltdaten")
    measure.related_measures.add(related)
    return measure


def test_measure_page_shows_status_progress_facts_and_escaped_text(client, full_measure):
    response = client.get(detail_url(full_measure))

    assert response.status_code == 200
    html = response.content.decode()
    text = text_of(response)
    assert html.count("<h1") == 1
    assert re.search(r"<h1[^>]*>.*2\.3.*Klimasensoren.*</h1>", html, flags=re.S)
    assert "Status: in Umsetzung" in text
    assert 'aria-label="Fortschritt von Maßnahme 2.3"' in html and "45 %" in text
    assert "Sensoren messen das Stadtklima." in text
    assert "<p>Erster Absatz.</p>" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    # Key facts
    assert '<dl class="site-dl kern-body">' in html
    assert "Klimadaten" in text and "HF2 Umwelt" in text and "Nachhaltiges Jena" in text
    assert "Fachdienst Umweltschutz (FD Umwelt)" in text
    assert "Stadtwerke Jena" in text
    assert "1.234.567,50 €" in text and "45.000,00 €" in text
    assert "Modellprojekte Smart Cities" in text
    assert "1. Januar 2023" in text


def test_measure_page_explains_why_it_is_delayed_and_stale(client, full_measure):
    text = text_of(client.get(detail_url(full_measure)))

    assert "verzögert" in text
    assert "Der Meilenstein „Inbetriebnahme“ war am" in text
    assert "Das geplante Ende am" in text and "ist überschritten" in text
    assert "ohne aktuellen Sachstand" in text
    assert "ist älter als 180 Tage" in text


def test_measure_page_lists_milestones_with_their_state(client, full_measure):
    html = client.get(detail_url(full_measure)).content.decode()

    table = html.split('id="milestones-caption"')[1].split("</table>")[0]
    rows = re.findall(r"<tr class=\"kern-table__row\">(.*?)</tr>", table, flags=re.S)
    states = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in rows[1:]]
    assert states[0].startswith("Vergabe") and "erreicht am" in states[0]
    assert states[1].startswith("Inbetriebnahme") and states[1].endswith("überfällig")
    assert states[2].startswith("Auswertung") and states[2].endswith("offen")


def test_measure_page_timeline_is_newest_first_and_names_authors_not_emails(client, full_measure):
    html = client.get(detail_url(full_measure)).content.decode()

    timeline = html.split('id="measure-timeline"')[1].split("</ol>")[0]
    assert timeline.index("Die ersten Sensoren hängen.") < timeline.index("Ausschreibung läuft.")
    assert "veröffentlicht von Erika Mustermann" in timeline
    assert "erika.private@example.org" not in html


def test_measure_page_draws_indicator_chart_with_a_data_table(client, full_measure):
    html = client.get(detail_url(full_measure)).content.decode()

    svg = re.search(r"<svg class=\"site-chart\".*?</svg>", html, flags=re.S).group(0)
    assert 'role="img"' in svg and "aria-labelledby=" in svg
    assert "<title id=" in svg and "<desc id=" in svg
    assert "style=" not in svg
    assert re.search(r'<path class="site-chart__line" d="M[\d.]+ [\d.]+ L[\d.]+ [\d.]+"', svg)
    assert "1.500" in svg  # German tick label
    table = html.split("Werte des Indikators „Messstationen“")[1].split("</table>")[0]
    assert "01.01.2024" in table and "120" in table
    assert "1.250,5" in table
    assert "Ausgangswert" in table and "Zielwert" in table and "1.500" in table
    assert "Stationen" in table


def test_measure_page_shows_location_as_text_and_map_data(client, full_measure):
    html = client.get(detail_url(full_measure)).content.decode()

    assert "Ort: Punkt bei 50,93°\u00a0N, 11,59°\u00a0O" in html
    assert (
        'data-geojson="{&quot;type&quot;:&quot;Point&quot;,&quot;coordinates&quot;:[11.5861,50.9272]}"'
        in html
    )
    assert 'data-tiles-url="https://' in html
    assert "leaflet/leaflet.js" in html and "js/measure-map.js" in html
    # No inline script and no style attributes: everything through static files (a JSON
    # data block is not run).
    assert not re.search(r'<script(?![^>]*\b(src=|type="application/json"))[^>]*>', html)
    assert " style=" not in html


@pytest.mark.parametrize(
    ("prefix", "zoom_in", "zoom_out"),
    [("", "Karte vergrößern", "Karte verkleinern"), ("/en", "Zoom in", "Zoom out")],
)
def test_measure_map_gets_its_words_as_json_in_the_page_language(
    client, full_measure, prefix, zoom_in, zoom_out
):
    html = client.get(prefix + detail_url(full_measure)).content.decode()

    assert 'data-labels="measure-map-labels"' in html and "data-label-" not in html
    block = re.search(
        r'<script id="measure-map-labels" type="application/json">(.*?)</script>', html
    )
    assert json.loads(block.group(1)) == {"zoomIn": zoom_in, "zoomOut": zoom_out}


def test_measure_page_without_location_loads_no_map(client):
    html = client.get(detail_url(MeasureFactory(location=None))).content.decode()

    assert "site-map" not in html and "leaflet" not in html


def test_measure_page_links_related_measures(client, full_measure):
    related = full_measure.related_measures.get()

    html = client.get(detail_url(full_measure)).content.decode()

    assert f'href="{detail_url(related)}"' in html


def test_discontinued_measure_links_its_successor_and_back(client):
    successor = MeasureFactory(code="5.9", title="Neue Lösung")
    old = MeasureFactory(status=Status.DISCONTINUED, successor=successor, title="Alte Lösung")

    old_text = text_of(client.get(detail_url(old)))
    new_html = client.get(detail_url(successor)).content.decode()

    assert "Diese Maßnahme wurde eingestellt." in old_text
    assert "Sie wird fortgeführt durch: 5.9 Neue Lösung" in old_text
    assert f'href="{detail_url(old)}"' in new_html


def test_discontinued_measure_does_not_reveal_a_non_public_successor(client):
    successor = MeasureFactory(title="Noch geheim", is_public=False)
    old = MeasureFactory(status=Status.DISCONTINUED, successor=successor)

    assert "Noch geheim" not in text_of(client.get(detail_url(old)))


def test_measure_page_as_of_date_shows_the_state_then(client, full_measure):
    response = client.get(detail_url(full_measure), {"stand": days_ago(400).isoformat()})

    assert response.status_code == 200
    text = text_of(response)
    assert "Stand am" in text
    assert "in Umsetzung, 10 %" in text


def test_measure_page_as_of_before_the_first_update_says_so(client, full_measure):
    text = text_of(client.get(detail_url(full_measure), {"stand": "2000-01-01"}))

    assert "Bis zu diesem Tag war noch kein Sachstand veröffentlicht" in text


def test_measure_page_with_an_invalid_date_answers_400_with_a_message(client, full_measure):
    response = client.get(detail_url(full_measure), {"stand": "31.02.2024"})

    assert response.status_code == 400
    assert "Bitte geben Sie ein gültiges Datum an" in text_of(response)


def test_unknown_measure_is_404(client):
    assert (
        client.get(reverse("measures:measure-detail", kwargs={"slug": "nein"})).status_code == 404
    )


# --- Who sees what -----------------------------------------------------------------------


@pytest.fixture
def unit():
    return OrganisationalUnitFactory()


@pytest.fixture
def roles(unit):
    """Every role the pages distinguish, as a login (None: anonymous)."""
    return {
        "anonymous": None,
        "resident": UserFactory(),
        "manager_of_this_unit": unit_manager(unit),
        "manager_of_another_unit": unit_manager(OrganisationalUnitFactory()),
        "plain_staff": StaffFactory(),
        "strategy_staff": strategy_staff(),
        "superuser": SuperuserFactory(),
    }


@pytest.mark.parametrize(
    ("role", "status_code"),
    [
        ("anonymous", 404),
        ("resident", 404),
        ("manager_of_this_unit", 200),
        ("manager_of_another_unit", 404),
        ("plain_staff", 404),
        ("strategy_staff", 200),
        ("superuser", 200),
    ],
)
def test_non_public_measure_is_visible_only_to_those_who_manage_it(
    client, unit, roles, role, status_code
):
    measure = unit_measure(unit, is_public=False)
    if roles[role]:
        client.force_login(roles[role])

    assert client.get(detail_url(measure)).status_code == status_code


@pytest.mark.parametrize(
    ("role", "sees_links"),
    [
        ("anonymous", False),
        ("resident", False),
        ("manager_of_this_unit", True),
        ("manager_of_another_unit", False),
        ("plain_staff", False),
        ("strategy_staff", True),
        ("superuser", True),
    ],
)
def test_edit_links_only_for_those_allowed_to_edit(client, unit, roles, role, sees_links):
    measure = unit_measure(unit)
    if roles[role]:
        client.force_login(roles[role])

    html = client.get(detail_url(measure)).content.decode()

    change_url = reverse("admin:measures_measure_change", args=[measure.pk])
    add_url = reverse("admin:measures_progressupdate_add") + f"?measure={measure.pk}"
    assert ("In der Verwaltung bearbeiten" in html) is sees_links
    assert ("Sachstand veröffentlichen" in html) is sees_links
    assert (f'href="{change_url}"' in html) is sees_links
    assert (f'href="{add_url}"' in html) is sees_links


# --- Constant number of queries ------------------------------------------------------------


@pytest.mark.parametrize("measure_count", [50, 500])
def test_overview_runs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, measure_count
):
    build_strategy(measures=measure_count)

    with django_assert_max_num_queries(OVERVIEW_MAX_QUERIES):
        response = client.get(OVERVIEW_URL)

    assert response.status_code == 200
    assert (
        sum(
            card.bundle.measure_count
            for row in response.context["field_rows"]
            for card in row["cards"]
        )
        == measure_count
    )


@pytest.mark.parametrize("measure_count", [50, 500])
def test_list_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, measure_count):
    build_strategy(measures=measure_count)

    with django_assert_max_num_queries(LIST_MAX_QUERIES):
        response = client.get(LIST_URL, {"status": "in_progress", "delayed": "true", "page": "2"})

    assert response.status_code == 200
    assert len(response.context["measures"]) > 0


@pytest.mark.parametrize("measure_count", [50, 500])
def test_measure_page_runs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, measure_count
):
    measures = build_strategy(measures=measure_count)
    measure = measures[0]
    measure.related_measures.add(*measures[1 : measure_count // 10])
    measures[-1].successor = measure
    measures[-1].save()
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(
            measure=measure,
            date=days_ago(500 + n),
            status=Status.IN_PROGRESS,
            progress=5,
            text="alt",
        )
        for n in range(measure_count // 10)
    )
    IndicatorFactory.create_batch(3, measure=measure)

    with django_assert_max_num_queries(DETAIL_MAX_QUERIES):
        response = client.get(detail_url(measure), {"stand": days_ago(100).isoformat()})

    assert response.status_code == 200
    assert len(response.context["updates"]) == 2 + measure_count // 10


@pytest.mark.parametrize("measure_count", [50, 500])
def test_pages_for_a_signed_in_manager_also_run_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, measure_count
):
    measures = build_strategy(measures=measure_count)
    manager = unit_manager(measures[0].responsible_unit)
    services.measure_unit_permissions_sync(measure=measures[0])
    client.force_login(manager)

    for url, budget in (
        (OVERVIEW_URL, OVERVIEW_MAX_QUERIES + SIGNED_IN_EXTRA["overview"]),
        (LIST_URL, LIST_MAX_QUERIES + SIGNED_IN_EXTRA["list"]),
        (detail_url(measures[0]), DETAIL_MAX_QUERIES - 1 + SIGNED_IN_EXTRA["detail"]),
    ):
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == 200


# --- Presentation helpers ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "german", "english"),
    [
        (40, "40\u00a0%", "40\u00a0%"),
        (42.5, "42,5\u00a0%", "42.5\u00a0%"),
        (None, "–", "–"),
    ],
)
def test_percent_is_written_in_the_active_language(value, german, english):
    with translation.override("de"):
        assert percent(value) == german
    with translation.override("en"):
        assert percent(value) == english


def test_eur_uses_german_grouping_and_decimals():
    with translation.override("de"):
        assert eur(Decimal("1234567.5")) == "1.234.567,50\u00a0€"
        assert eur(None) == ""


@pytest.mark.parametrize(
    ("geometry", "expected"),
    [
        (
            {"type": "Point", "coordinates": [11.5861, 50.9272]},
            "Punkt bei 50,93°\u00a0N, 11,59°\u00a0O",
        ),
        (
            {
                "type": "Polygon",
                "coordinates": [[[11.5, 50.9], [11.6, 50.9], [11.6, 51.0], [11.5, 50.9]]],
            },
            "Fläche um 50,95°\u00a0N, 11,55°\u00a0O (Mittelpunkt)",
        ),
        (None, ""),
        (
            '{"type": "Point", "coordinates": [11.5, 50.9]}',
            "Punkt bei 50,90°\u00a0N, 11,50°\u00a0O",
        ),
    ],
)
def test_location_is_described_in_words(geometry, expected):
    with translation.override("de"):
        assert location_text(geometry) == expected
