"""CSV import and export of the measure catalogue: all or nothing, rows named in errors,
writes through the services."""

import pytest
import tablib
from django.urls import reverse
from guardian.shortcuts import get_perms

from measures.models import Measure, Status
from measures.resources import EXPORT_FIELDS, MeasureResource
from tests.factories import MeasureBundleFactory, OrganisationalUnitFactory, SuperuserFactory
from tests.measures.factories_extra import csv_file, export_form_data, unit_manager, unit_measure

pytestmark = pytest.mark.django_db


@pytest.fixture
def bundle():
    return MeasureBundleFactory(number=3)


@pytest.fixture
def unit():
    return OrganisationalUnitFactory(slug="fd-digitales")


def row(**overrides):
    values = {
        "code": "3.1",
        "title": "Sensornetz",
        "slug": "sensornetz",
        "bundle": "3",
        "responsible_unit": "fd-digitales",
        "summary": "Ein Netz aus Sensoren.",
        "description": "",
        "status": "in_progress",
        "progress": "25",
        "planned_start": "2024-01-01",
        "planned_end": "2026-12-31",
        "partners": "Stadtwerke",
        "budget_planned": "150000.00",
        "budget_spent": "",
        "funding": "Bund",
        "is_public": "1",
        "weight": "1",
    }
    values.update(overrides)
    return values


def dataset(*rows):
    data = tablib.Dataset(headers=list(rows[0]))
    for values in rows:
        data.append([values[name] for name in data.headers])
    return data


def import_rows(*rows, actor=None, dry_run=False):
    return MeasureResource(actor=actor).import_data(
        dataset(*rows), dry_run=dry_run, raise_errors=False, use_transactions=True
    )


def invalid_rows(result):
    """{row number: {field: [messages]}} of the rows that failed validation."""
    return {
        invalid.number: {
            field: [str(m) for m in messages] for field, messages in invalid.error_dict.items()
        }
        for invalid in result.invalid_rows
    }


# --- the resource -----------------------------------------------------------------------------


def test_good_file_creates_measures_with_their_initial_state_and_unit_permissions(bundle, unit):
    result = import_rows(
        row(),
        row(
            code="3.2",
            title="Datenplattform",
            slug="datenplattform",
            status="planned",
            progress="0",
        ),
        actor=SuperuserFactory(),
    )

    assert not result.has_errors() and not result.has_validation_errors()
    first = Measure.objects.get(code="3.1")
    assert (first.bundle, first.responsible_unit) == (bundle, unit)
    assert (first.status, first.progress) == (Status.IN_PROGRESS, 25)
    assert Measure.objects.get(code="3.2").status == Status.PLANNED
    assert set(get_perms(unit.group, first)) >= {"change_measure", "view_measure"}


@pytest.mark.parametrize(
    ("bad", "field", "words"),
    [
        ({"progress": "150"}, "progress", "100"),
        ({"planned_start": "2026-01-01", "planned_end": "2025-01-01"}, "planned_end", "vor dem"),
        ({"bundle": "42"}, "bundle", "Nummer „42“"),
        ({"responsible_unit": "gibt-es-nicht"}, "responsible_unit", "gibt-es-nicht"),
        ({"status": "fertig"}, "status", "fertig"),
    ],
)
def test_a_bad_row_imports_nothing_and_names_row_and_reason(bundle, unit, bad, field, words):
    result = import_rows(
        row(),
        row(code="3.2", slug="zweite", **bad),
        row(code="3.3", slug="dritte"),
        actor=SuperuserFactory(),
    )

    assert result.has_validation_errors()
    errors = invalid_rows(result)
    assert list(errors) == [2]
    assert field in errors[2]
    assert words in " ".join(errors[2][field])
    assert not Measure.objects.exists()


def test_dry_run_creates_nothing(bundle, unit):
    result = import_rows(row(), dry_run=True)

    assert not result.has_validation_errors()
    assert [r.import_type for r in result.rows] == ["new"]
    assert not Measure.objects.exists()


def test_existing_measure_keeps_its_state_while_its_master_data_changes(bundle, unit):
    measure = unit_measure(unit, bundle=bundle, code="3.1", slug="sensornetz", progress=40)

    result = import_rows(row(title="Sensornetz Jena", status="", progress=""))

    assert not result.has_validation_errors(), invalid_rows(result)
    measure.refresh_from_db()
    assert measure.title == "Sensornetz Jena"
    assert (measure.status, measure.progress) == (Status.IN_PROGRESS, 40)


def test_existing_measure_with_the_same_state_in_the_file_imports(bundle, unit):
    unit_measure(unit, bundle=bundle, code="3.1", slug="sensornetz", progress=40)

    result = import_rows(row(title="Neu", status="in_progress", progress="40"))

    assert not result.has_validation_errors(), invalid_rows(result)
    assert Measure.objects.get(code="3.1").title == "Neu"


@pytest.mark.parametrize(
    "state", [{"status": "completed"}, {"progress": "90"}, {"status": "paused", "progress": "0"}]
)
def test_a_file_cannot_change_an_existing_measures_state(bundle, unit, state):
    measure = unit_measure(unit, bundle=bundle, code="3.1", slug="sensornetz", progress=40)

    result = import_rows(row(title="Neu", **state))

    errors = invalid_rows(result)
    assert list(errors) == [1]
    assert "Sachstand" in " ".join(" ".join(messages) for messages in errors[1].values())
    measure.refresh_from_db()
    assert measure.title != "Neu"
    assert (measure.status, measure.progress) == (Status.IN_PROGRESS, 40)


def test_an_unchanged_row_is_skipped_and_leaves_no_history(bundle, unit):
    unit_measure(unit, bundle=bundle, code="3.1", slug="sensornetz", progress=25)
    exported = MeasureResource().export()
    history_before = Measure.history.count()

    result = MeasureResource().import_data(exported, dry_run=False)

    assert [r.import_type for r in result.rows] == ["skip"]
    assert Measure.history.count() == history_before


def test_moving_a_measure_to_another_unit_by_import_moves_the_permission(bundle, unit):
    old_unit = OrganisationalUnitFactory(slug="fd-alt")
    measure = unit_measure(old_unit, bundle=bundle, code="3.1", slug="sensornetz", progress=25)

    result = import_rows(row(), actor=SuperuserFactory())

    assert not result.has_validation_errors(), invalid_rows(result)
    assert "change_measure" not in get_perms(old_unit.group, measure)
    assert "change_measure" in get_perms(unit.group, measure)


def test_import_as_a_manager_is_refused_and_rolls_back(bundle, unit):
    result = import_rows(row(), row(code="3.2", slug="zweite"), actor=unit_manager(unit))

    assert result.has_errors()
    assert not Measure.objects.exists()


def test_export_has_the_header_and_the_readable_keys(bundle, unit):
    unit_measure(unit, bundle=bundle, code="3.1", title="Sensornetz")

    exported = MeasureResource().export()

    assert tuple(exported.headers) == EXPORT_FIELDS
    first = dict(zip(exported.headers, exported[0], strict=True))
    assert (first["code"], first["bundle"], first["responsible_unit"]) == ("3.1", 3, "fd-digitales")


# --- through the admin ------------------------------------------------------------------------


@pytest.fixture
def superuser_client(client):
    client.force_login(SuperuserFactory())
    return client


def test_admin_import_of_a_good_file_creates_the_measures_after_confirmation(
    superuser_client, bundle, unit
):
    preview = superuser_client.post(
        reverse("admin:measures_measure_import"),
        {
            "format": "0",
            "resource": "0",
            "import_file": csv_file([row(), row(code="3.2", slug="zwei")]),
        },
    )
    assert preview.status_code == 200
    confirm_form = preview.context["confirm_form"]
    assert not Measure.objects.exists()

    done = superuser_client.post(
        reverse("admin:measures_measure_process_import"),
        {name: confirm_form[name].value() for name in confirm_form.fields},
    )

    assert done.status_code == 302
    assert set(Measure.objects.values_list("code", flat=True)) == {"3.1", "3.2"}
    assert "change_measure" in get_perms(unit.group, Measure.objects.get(code="3.1"))


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ({"progress": "150"}, "Dieser Wert muss kleiner oder gleich 100 sein."),
        ({"planned_end": "2023-01-01"}, "Das geplante Ende liegt vor dem geplanten Beginn."),
        ({"bundle": "42"}, "Es gibt kein Maßnahmenbündel mit der Nummer „42“."),
    ],
)
def test_admin_import_of_a_file_with_a_bad_row_shows_row_and_reason_and_imports_nothing(
    superuser_client, bundle, unit, bad, reason
):
    upload = csv_file([row(), row(code="3.2", slug="zwei", **bad), row(code="3.3", slug="drei")])

    response = superuser_client.post(
        reverse("admin:measures_measure_import"),
        {"format": "0", "resource": "0", "import_file": upload},
    )

    assert response.status_code == 200
    assert "confirm_form" not in response.context
    result = response.context["result"]
    assert [invalid.number for invalid in result.invalid_rows] == [2]
    content = response.content.decode()
    assert reason in content
    assert "<td>2 </td>" in content  # the row number column of the error table
    assert not Measure.objects.exists()


def test_admin_export_returns_csv_with_the_header(superuser_client, bundle, unit):
    unit_measure(unit, bundle=bundle, code="3.1", title="Sensornetz")

    response = superuser_client.post(reverse("admin:measures_measure_export"), export_form_data())

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == ",".join(EXPORT_FIELDS)
    assert lines[1].startswith("3.1,Sensornetz,")
