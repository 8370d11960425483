"""The read-only strategy API under /api/v1/, tested from the outside."""

import datetime
import json
from decimal import Decimal

import factory
import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache

from measures import services
from measures.models import Status
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
    SuperuserFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"
TODAY = datetime.date.today()
LONG_AGO = datetime.date(2020, 1, 1)

MEASURE_LIST_KEYS = {
    "code",
    "title",
    "title_de",
    "title_en",
    "slug",
    "summary",
    "summary_de",
    "summary_en",
    "status",
    "status_label",
    "progress",
    "is_delayed",
    "is_stale",
    "last_update_on",
    "planned_start",
    "planned_end",
    "bundle",
    "field",
    "responsible_unit",
    "budget_planned",
    "budget_spent",
    "funding",
    "location",
    "easy_summary",
    "url",
    "api_url",
}
MEASURE_DETAIL_EXTRA_KEYS = {
    "description",
    "description_de",
    "description_en",
    "partners",
    "core_areas",
    "related_measures",
    "successor",
    "predecessors",
    "milestones",
    "progress_updates",
    "indicators",
    "state_as_of",
}


@pytest.fixture(autouse=True)
def _fresh_rollup_cache():
    # The roll-up is cached across requests; each test starts from its own data.
    cache.clear()
    yield
    cache.clear()


def get_json(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status, response.content
    return response.json()


def slugs(payload) -> list[str]:
    return [row["slug"] for row in payload["results"]]


def manager_of(unit):
    user = UserFactory()
    user.groups.add(unit.group)
    return user


def strategy_staff():
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_measure"))
    return user


@pytest.fixture
def strategy():
    """Two fields, two core areas, three bundles, a handful of measures."""
    mobility, energy = CoreAreaFactory(slug="mobilitaet"), CoreAreaFactory(slug="energie")
    field_1 = FieldOfActionFactory(slug="daten")
    field_2 = FieldOfActionFactory(slug="verwaltung")
    bundle_a = MeasureBundleFactory(
        slug="sensorik", field_of_action=field_1, core_areas=[mobility, energy]
    )
    bundle_b = MeasureBundleFactory(slug="portal", field_of_action=field_1, core_areas=[energy])
    bundle_c = MeasureBundleFactory(slug="leer", field_of_action=field_2, core_areas=[mobility])
    unit = OrganisationalUnitFactory(slug="fd-digital", email="fd-digital@jena.example")
    other_unit = OrganisationalUnitFactory(slug="fd-umwelt")
    measures = {
        "parking": MeasureFactory(
            bundle=bundle_a,
            code="1.2",
            slug="parksensoren",
            title="Parksensoren in der Innenstadt",
            status=Status.IN_PROGRESS,
            progress=40,
            responsible_unit=unit,
            last_update_on=TODAY,
            budget_planned=Decimal("250000.00"),
            budget_spent=Decimal("120000.50"),
            location={"type": "Point", "coordinates": [11.5863, 50.9279]},
        ),
        "air": MeasureFactory(
            bundle=bundle_a,
            code="1.10",
            slug="luftmessung",
            title="Luftqualität messen",
            status=Status.IN_PROGRESS,
            progress=80,
            responsible_unit=other_unit,
            planned_start=datetime.date(2020, 1, 1),
            planned_end=datetime.date(2021, 12, 31),
            last_update_on=LONG_AGO,
        ),
        "portal": MeasureFactory(
            bundle=bundle_b,
            code="2.1",
            slug="buergerportal",
            title="Bürgerportal",
            summary="Alle Anträge online",
            status=Status.PAUSED,
            progress=10,
            responsible_unit=unit,
            last_update_on=TODAY,
        ),
        "hidden": MeasureFactory(
            bundle=bundle_b,
            code="2.2",
            slug="geheim",
            title="Noch nicht öffentlich",
            status=Status.COMPLETED,
            progress=100,
            responsible_unit=unit,
            is_public=False,
        ),
    }
    for measure in measures.values():
        services.measure_unit_permissions_sync(measure=measure)
    return {
        "core_areas": (mobility, energy),
        "fields": (field_1, field_2),
        "bundles": (bundle_a, bundle_b, bundle_c),
        "unit": unit,
        "other_unit": other_unit,
        **measures,
    }


# --- content ---------------------------------------------------------------------------


def test_measure_list_row_has_the_documented_fields(client, strategy):
    payload = get_json(client, f"{API}/measures/")
    row = next(r for r in payload["results"] if r["slug"] == "parksensoren")
    assert set(row) == MEASURE_LIST_KEYS
    assert row["code"] == "1.2"
    assert row["status"] == "in_progress"
    assert row["status_label"] == str(Status.IN_PROGRESS.label)
    assert row["progress"] == 40
    assert row["is_delayed"] is False
    assert row["is_stale"] is False
    assert row["last_update_on"] == TODAY.isoformat()
    assert row["bundle"] == "sensorik"
    assert row["field"] == "daten"
    assert row["responsible_unit"] == {"name": strategy["unit"].name, "slug": "fd-digital"}
    assert row["budget_planned"] == 250000.0
    assert row["budget_spent"] == 120000.5
    assert row["location"] == {"type": "Point", "coordinates": [11.5863, 50.9279]}
    assert row["url"] == "http://testserver/strategie/massnahmen/parksensoren/"
    assert row["api_url"] == "http://testserver/api/v1/measures/parksensoren/"


def test_measure_list_flags_a_delayed_and_stale_measure_and_gives_null_location(client, strategy):
    payload = get_json(client, f"{API}/measures/")
    row = next(r for r in payload["results"] if r["slug"] == "luftmessung")
    assert row["is_delayed"] is True
    assert row["is_stale"] is True
    assert row["location"] is None


def test_measure_list_is_in_code_order_with_3_10_after_3_9(client, strategy):
    assert slugs(get_json(client, f"{API}/measures/")) == [
        "parksensoren",
        "luftmessung",
        "buergerportal",
    ]


def test_measure_detail_has_the_timeline_milestones_indicators_and_relations(client, strategy):
    parking = strategy["parking"]
    author = UserFactory(display_name="Anna Amt", email="anna.amt@jena.example")
    ProgressUpdateFactory(
        measure=parking, date=datetime.date(2024, 3, 1), progress=20, author=author
    )
    ProgressUpdateFactory(
        measure=parking,
        date=datetime.date(2025, 3, 1),
        progress=40,
        text="Zweiter Bauabschnitt begonnen.",
        author=None,
    )
    MilestoneFactory(measure=parking, title="Ausschreibung", due_on=datetime.date(2020, 6, 1))
    MilestoneFactory(
        measure=parking,
        title="Vergabe",
        due_on=datetime.date(2021, 1, 1),
        completed_on=datetime.date(2020, 12, 1),
    )
    indicator = IndicatorFactory(
        measure=parking,
        name="Sensoren in Betrieb",
        unit="Sensoren",
        baseline_value=Decimal("0"),
        target_value=Decimal("400"),
    )
    IndicatorValueFactory(indicator=indicator, date=datetime.date(2024, 1, 1), value=120)
    IndicatorValueFactory(
        indicator=indicator, date=datetime.date(2025, 1, 1), value=Decimal("250.5"), note="Q4"
    )
    parking.related_measures.add(strategy["portal"], strategy["hidden"])

    payload = get_json(client, f"{API}/measures/parksensoren/")

    assert set(payload) == MEASURE_LIST_KEYS | MEASURE_DETAIL_EXTRA_KEYS
    assert payload["description"] == parking.description
    assert payload["core_areas"] == ["mobilitaet", "energie"]
    assert [m["slug"] for m in payload["related_measures"]] == ["buergerportal"]
    assert payload["related_measures"][0]["api_url"].endswith("/api/v1/measures/buergerportal/")
    assert payload["successor"] is None
    assert payload["predecessors"] == []
    assert payload["milestones"] == [
        {
            "title": "Ausschreibung",
            "title_de": "Ausschreibung",
            "title_en": None,
            "due_on": "2020-06-01",
            "completed_on": None,
            "state": "overdue",
            "is_overdue": True,
        },
        {
            "title": "Vergabe",
            "title_de": "Vergabe",
            "title_en": None,
            "due_on": "2021-01-01",
            "completed_on": "2020-12-01",
            "state": "reached",
            "is_overdue": False,
        },
    ]
    updates = payload["progress_updates"]
    assert [(u["date"], u["progress"], u["author"]) for u in updates] == [
        ("2025-03-01", 40, None),
        ("2024-03-01", 20, "Anna Amt"),
    ]
    assert set(updates[0]) == {
        "date",
        "status",
        "status_label",
        "progress",
        "text",
        "reason",
        "author",
    }
    assert payload["indicators"] == [
        {
            "name": "Sensoren in Betrieb",
            "description": "",
            "unit": "Sensoren",
            "baseline": 0.0,
            "baseline_date": "2023-01-01",
            "target": 400.0,
            "target_date": "2027-08-31",
            "values": [
                {"date": "2024-01-01", "value": 120.0, "note": ""},
                {"date": "2025-01-01", "value": 250.5, "note": "Q4"},
            ],
        }
    ]
    assert payload["state_as_of"] is None


def test_discontinued_measure_names_its_successor_and_the_successor_its_predecessor(
    client, strategy
):
    old = MeasureFactory(
        bundle=strategy["bundles"][0], status=Status.DISCONTINUED, successor=strategy["air"]
    )
    assert get_json(client, f"{API}/measures/{old.slug}/")["successor"]["slug"] == "luftmessung"
    predecessors = get_json(client, f"{API}/measures/luftmessung/")["predecessors"]
    assert [m["slug"] for m in predecessors] == [old.slug]


def test_successor_that_is_not_public_is_shown_only_to_those_who_may_see_it(client, strategy):
    old = MeasureFactory(
        bundle=strategy["bundles"][0],
        status=Status.DISCONTINUED,
        successor=strategy["hidden"],
    )
    assert get_json(client, f"{API}/measures/{old.slug}/")["successor"] is None
    client.force_login(manager_of(strategy["unit"]))
    assert get_json(client, f"{API}/measures/{old.slug}/")["successor"]["slug"] == "geheim"


def test_unknown_measure_is_404(client, strategy):
    get_json(client, f"{API}/measures/gibt-es-nicht/", status=404)


def test_bundles_list_rolled_up_progress_and_visible_measure_count(client, strategy):
    payload = get_json(client, f"{API}/bundles/")
    assert slugs(payload) == ["sensorik", "portal", "leer"]
    sensorik, portal, empty = payload["results"]
    assert sensorik["field"] == "daten"
    assert sensorik["core_areas"] == ["mobilitaet", "energie"]
    assert sensorik["weight"] == 1.0
    assert sensorik["progress"] == 60.0  # (40 + 80) / 2
    assert sensorik["measure_count"] == 2
    # the non-public measure (100 %) counts neither in progress nor, for the public, in number
    assert portal["progress"] == 10.0
    assert portal["measure_count"] == 1
    assert empty["progress"] is None
    assert empty["measure_count"] == 0
    assert sensorik["url"] == "http://testserver/strategie/buendel/sensorik/"
    assert sensorik["api_url"] == "http://testserver/api/v1/bundles/sensorik/"


def test_core_areas_and_fields_carry_rolled_up_progress_and_their_bundles(client, strategy):
    core_areas = get_json(client, f"{API}/core-areas/")["results"]
    by_slug = {row["slug"]: row for row in core_areas}
    assert by_slug["mobilitaet"]["progress"] == 60.0  # sensorik only; "leer" has nothing
    assert by_slug["energie"]["progress"] == 35.0  # mean of sensorik 60 and portal 10
    assert [b["slug"] for b in by_slug["energie"]["bundles"]] == ["sensorik", "portal"]
    assert by_slug["energie"]["bundles"][0]["api_url"].endswith("/api/v1/bundles/sensorik/")

    fields = get_json(client, f"{API}/fields/")["results"]
    assert [(f["slug"], f["code"], f["progress"]) for f in fields] == [
        ("daten", strategy["fields"][0].code, 35.0),
        ("verwaltung", strategy["fields"][1].code, None),
    ]
    assert [b["slug"] for b in fields[1]["bundles"]] == ["leer"]


def test_structure_details_are_found_by_slug(client, strategy):
    assert get_json(client, f"{API}/core-areas/energie/")["progress"] == 35.0
    assert get_json(client, f"{API}/fields/daten/")["code"] == strategy["fields"][0].code
    assert get_json(client, f"{API}/bundles/portal/")["measure_count"] == 1
    get_json(client, f"{API}/bundles/nirgends/", status=404)


# --- filters, search, ordering, pagination -------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=paused", ["buergerportal"]),
        ("field=daten", ["parksensoren", "luftmessung", "buergerportal"]),
        ("core_area=mobilitaet", ["parksensoren", "luftmessung"]),
        ("bundle=portal", ["buergerportal"]),
        ("unit=fd-digital", ["parksensoren", "buergerportal"]),
        ("delayed=true", ["luftmessung"]),
        ("delayed=false", ["parksensoren", "buergerportal"]),
        ("delayed=", ["parksensoren", "luftmessung", "buergerportal"]),
        ("stale=true", ["luftmessung"]),
        ("stale=false", ["parksensoren", "buergerportal"]),
        ("q=luft", ["luftmessung"]),
        ("q=anträge", ["buergerportal"]),
        ("q=1.10", ["luftmessung"]),
        ("field=daten&delayed=false&unit=fd-digital", ["parksensoren", "buergerportal"]),
    ],
)
def test_measure_list_filters_as_on_the_page(client, strategy, query, expected):
    assert slugs(get_json(client, f"{API}/measures/?{query}")) == expected


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("status=fertig", "status"),
        ("field=gibt-es-nicht", "field"),
        ("core_area=gibt-es-nicht", "core_area"),
        ("bundle=gibt-es-nicht", "bundle"),
        ("unit=gibt-es-nicht", "unit"),
        ("delayed=vielleicht", "delayed"),
        ("stale=1", "stale"),
    ],
)
def test_invalid_filter_value_is_400_naming_the_parameter(client, strategy, query, field):
    payload = get_json(client, f"{API}/measures/?{query}", status=400)
    assert list(payload) == [field]
    assert payload[field][0]


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("code", ["parksensoren", "luftmessung", "buergerportal"]),
        ("-code", ["buergerportal", "luftmessung", "parksensoren"]),
        ("-progress", ["luftmessung", "parksensoren", "buergerportal"]),
        ("progress", ["buergerportal", "parksensoren", "luftmessung"]),
        ("title", ["buergerportal", "luftmessung", "parksensoren"]),
        ("last_update_on,-progress", ["luftmessung", "parksensoren", "buergerportal"]),
        ("planned_end,code", ["luftmessung", "parksensoren", "buergerportal"]),
    ],
)
def test_measure_list_ordering(client, strategy, ordering, expected):
    assert slugs(get_json(client, f"{API}/measures/?ordering={ordering}")) == expected


@pytest.mark.parametrize("ordering", ["budget_planned", "-weight", "code,sort_key", "pk"])
def test_ordering_outside_the_allow_list_is_400_with_a_reason(client, strategy, ordering):
    payload = get_json(client, f"{API}/measures/?ordering={ordering}", status=400)
    assert list(payload) == ["ordering"]
    assert ordering.split(",")[-1] in payload["ordering"][0]
    assert "progress" in payload["ordering"][0]  # names what is allowed


def test_ordering_puts_missing_dates_last(client, strategy):
    strategy["parking"].planned_end = None
    strategy["parking"].save()
    assert slugs(get_json(client, f"{API}/measures/?ordering=planned_end"))[-1] == "parksensoren"
    assert slugs(get_json(client, f"{API}/measures/?ordering=-planned_end"))[-1] == "parksensoren"


def test_measure_list_is_paginated_by_50(client):
    bundle = MeasureBundleFactory()
    MeasureFactory.create_batch(55, bundle=bundle, responsible_unit=None)
    first = get_json(client, f"{API}/measures/")
    assert first["count"] == 55
    assert len(first["results"]) == 50
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/measures/?page=2"
    second = get_json(client, first["next"])
    assert len(second["results"]) == 5
    assert second["next"] is None
    assert not set(slugs(first)) & set(slugs(second))


def test_pagination_keeps_the_filters(client):
    bundle = MeasureBundleFactory()
    MeasureFactory.create_batch(52, bundle=bundle, status=Status.PAUSED, responsible_unit=None)
    MeasureFactory.create_batch(3, bundle=bundle, responsible_unit=None)
    first = get_json(client, f"{API}/measures/?status=paused&ordering=-code")
    assert first["count"] == 52
    assert "status=paused" in first["next"] and "ordering=-code" in first["next"]


# --- as of date D ------------------------------------------------------------------------


@pytest.fixture
def measure_with_history(strategy):
    measure = strategy["portal"]
    for date, status, progress in [
        (datetime.date(2024, 3, 1), Status.IN_PROGRESS, 20),
        (datetime.date(2025, 2, 1), Status.PAUSED, 60),
    ]:
        services.progress_update_publish(
            measure=measure,
            actor=None,
            date=date,
            status=status,
            progress=progress,
            text="Sachstand",
        )
    return measure


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (
            "2024-12-31",
            {"date": "2024-03-01", "status": "in_progress", "progress": 20},
        ),
        ("2024-03-01", {"date": "2024-03-01", "status": "in_progress", "progress": 20}),
        ("2025-02-01", {"date": "2025-02-01", "status": "paused", "progress": 60}),
        ("2030-01-01", {"date": "2025-02-01", "status": "paused", "progress": 60}),
        ("2024-02-29", {"date": None, "status": "planned", "progress": 0}),
    ],
)
def test_measure_detail_state_as_of_a_date(client, measure_with_history, as_of, expected):
    payload = get_json(client, f"{API}/measures/{measure_with_history.slug}/?as_of={as_of}")
    state = payload["state_as_of"]
    assert state["as_of"] == as_of
    assert {key: state[key] for key in ("date", "status", "progress")} == expected
    assert state["status_label"] == str(Status(expected["status"]).label)


@pytest.mark.parametrize("as_of", ["2024-13-01", "gestern", "01.03.2024", "2024-02-30"])
def test_state_as_of_with_a_bad_date_is_400_with_a_reason(client, measure_with_history, as_of):
    payload = get_json(
        client, f"{API}/measures/{measure_with_history.slug}/?as_of={as_of}", status=400
    )
    assert list(payload) == ["as_of"]
    assert payload["as_of"][0]


# --- visibility per role -----------------------------------------------------------------


ROLES = [
    "anonymous",
    "resident",
    "manager_of_this_unit",
    "manager_of_other_unit",
    "staff",
    "superuser",
]
SEES_NON_PUBLIC = {"manager_of_this_unit": True, "staff": True, "superuser": True}


def log_in_as(client, role, strategy):
    user = {
        "anonymous": lambda: None,
        "resident": UserFactory,
        "manager_of_this_unit": lambda: manager_of(strategy["unit"]),
        "manager_of_other_unit": lambda: manager_of(strategy["other_unit"]),
        "staff": strategy_staff,
        "superuser": SuperuserFactory,
    }[role]()
    if user is not None:
        client.force_login(user)


@pytest.mark.parametrize("role", ROLES)
def test_non_public_measure_is_visible_only_to_its_managers_and_staff(client, strategy, role):
    log_in_as(client, role, strategy)
    sees = SEES_NON_PUBLIC.get(role, False)

    listed = slugs(get_json(client, f"{API}/measures/"))
    assert ("geheim" in listed) is sees
    assert "buergerportal" in listed

    get_json(client, f"{API}/measures/geheim/", status=200 if sees else 404)

    portal_bundle = get_json(client, f"{API}/bundles/portal/")
    assert portal_bundle["measure_count"] == (2 if sees else 1)

    related = strategy["portal"]
    related.related_measures.add(strategy["hidden"])
    related_slugs = [
        m["slug"] for m in get_json(client, f"{API}/measures/buergerportal/")["related_measures"]
    ]
    assert ("geheim" in related_slugs) is sees


@pytest.mark.parametrize("role", ROLES)
def test_rolled_up_progress_is_the_public_figure_for_every_role(client, strategy, role):
    log_in_as(client, role, strategy)
    assert get_json(client, f"{API}/bundles/portal/")["progress"] == 10.0


# --- read-only -----------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize(
    "path",
    [
        "/measures/",
        "/measures/parksensoren/",
        "/bundles/",
        "/bundles/sensorik/",
        "/core-areas/mobilitaet/",
        "/fields/daten/",
    ],
)
@pytest.mark.parametrize("signed_in", [False, True])
def test_write_methods_are_not_allowed(client, strategy, method, path, signed_in):
    if signed_in:
        client.force_login(SuperuserFactory())
    response = getattr(client, method)(
        f"{API}{path}", data=json.dumps({"progress": 100}), content_type="application/json"
    )
    assert response.status_code == 405
    strategy["parking"].refresh_from_db()
    assert strategy["parking"].progress == 40


# --- privacy -------------------------------------------------------------------------------


def test_no_email_address_appears_in_any_response(client, strategy):
    named = UserFactory(display_name="Anna Amt", email="anna.amt@jena.example")
    unnamed = UserFactory(display_name="", email="bernd.behoerde@jena.example")
    for author in (named, unnamed):
        ProgressUpdateFactory(measure=strategy["parking"], author=author)
    client.force_login(SuperuserFactory(email="chefin@jena.example"))
    paths = [
        "/",
        "/core-areas/",
        "/core-areas/mobilitaet/",
        "/fields/",
        "/fields/daten/",
        "/bundles/",
        "/bundles/sensorik/",
        "/measures/",
        "/measures/parksensoren/",
        "/measures/parksensoren/?as_of=2025-07-01",
        "/measures/geheim/",
    ]
    for path in paths:
        text = client.get(f"{API}{path}").content.decode()
        assert "@" not in text, path
    detail = get_json(client, f"{API}/measures/parksensoren/")
    authors = {u["author"] for u in detail["progress_updates"]}
    assert authors == {"Anna Amt", f"Nutzer:in {unnamed.pk}"}


# --- constant number of queries ----------------------------------------------------------


def build_strategy(measure_count: int):
    """9 bundles in 5 fields and 5 core areas; measures spread over a few bundles/units."""
    core_areas = CoreAreaFactory.create_batch(5)
    fields = FieldOfActionFactory.create_batch(5)
    bundles = [
        MeasureBundleFactory(
            field_of_action=fields[i % 5], core_areas=[core_areas[i % 5], core_areas[(i + 1) % 5]]
        )
        for i in range(9)
    ]
    units = OrganisationalUnitFactory.create_batch(3)
    measures = MeasureFactory.create_batch(
        measure_count,
        bundle=factory.Iterator(bundles),
        responsible_unit=factory.Iterator(units),
        is_public=factory.Iterator([True, True, True, False]),
        location=factory.Iterator([None, {"type": "Point", "coordinates": [11.58, 50.92]}]),
    )
    for measure in measures[:10]:
        MilestoneFactory(measure=measure, due_on=datetime.date(2020, 1, 1))
        services.measure_unit_permissions_sync(measure=measure)
    return units, fields, measures


LIST_PATHS = [
    "/core-areas/",
    "/fields/",
    "/bundles/",
    "/measures/",
    "/measures/?delayed=false&field=handlungsfeld-1&ordering=-progress",
]
# Measured on SQLite, the same at 50 and 500 measures. Anonymous: count + rows (+ bundle
# prefetch, + the filter's slug look-up) and 3 roll-up queries on a cold cache: at most 6.
# A signed-in manager adds session, user, 2 permission look-ups and, once per process,
# guardian's content type: at most 11 (bundles, cold cache).
MAX_LIST_QUERIES = {"anonymous": 6, "manager": 11}


@pytest.mark.parametrize("measure_count", [50, 500])
@pytest.mark.parametrize("who", ["anonymous", "manager"])
@pytest.mark.parametrize("path", LIST_PATHS)
def test_list_endpoints_run_a_constant_number_of_queries(
    client, django_assert_max_num_queries, measure_count, who, path
):
    units, fields, _ = build_strategy(measure_count)
    path = path.replace("handlungsfeld-1", fields[0].slug)
    if who == "manager":
        client.force_login(manager_of(units[0]))
    cache.clear()  # worst case: the roll-up is computed in this request
    with django_assert_max_num_queries(MAX_LIST_QUERIES[who]):
        response = client.get(f"{API}{path}")
    assert response.status_code == 200
    assert response.json()["count"] > 0


def build_rich_measure(*, updates: int, milestones: int, indicators: int, values: int):
    bundle = MeasureBundleFactory(core_areas=CoreAreaFactory.create_batch(2))
    measure = MeasureFactory(bundle=bundle, slug="reich")
    successor = MeasureFactory(bundle=bundle)
    measure.successor = successor
    measure.save()
    predecessor = MeasureFactory(bundle=bundle, successor=measure)
    measure.related_measures.add(*MeasureFactory.create_batch(3, bundle=bundle), predecessor)
    author = UserFactory()
    ProgressUpdateFactory.create_batch(
        updates,
        measure=measure,
        author=author,
        date=factory.Sequence(lambda n: datetime.date(2024, 1, 1) + datetime.timedelta(days=n)),
    )
    MilestoneFactory.create_batch(milestones, measure=measure)
    for indicator in IndicatorFactory.create_batch(indicators, measure=measure):
        IndicatorValueFactory.create_batch(values, indicator=indicator)
    return measure


# measured: 9 = the measure + 7 prefetches (core areas, milestones, updates with authors,
# indicators, their values, related measures, predecessors) + the state as of the date
MAX_DETAIL_QUERIES = 9


@pytest.mark.parametrize(
    "size",
    [
        {"updates": 1, "milestones": 1, "indicators": 1, "values": 1},
        {"updates": 20, "milestones": 10, "indicators": 3, "values": 20},
    ],
)
def test_measure_detail_runs_a_constant_number_of_queries(
    client, django_assert_max_num_queries, size
):
    measure = build_rich_measure(**size)
    with django_assert_max_num_queries(MAX_DETAIL_QUERIES):
        response = client.get(f"{API}/measures/{measure.slug}/?as_of=2024-01-05")
    assert response.status_code == 200
    payload = response.json()
    assert len(payload["progress_updates"]) == size["updates"]
    assert len(payload["milestones"]) == size["milestones"]
    assert [len(i["values"]) for i in payload["indicators"]] == [size["values"]] * size[
        "indicators"
    ]
    assert payload["successor"] is not None
    assert len(payload["predecessors"]) == 1
    assert len(payload["related_measures"]) == 4
