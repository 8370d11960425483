"""`manage.py load_jena_demo`: Jena's strategy as demo data, idempotent, with a demo manager."""

import datetime
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from guardian.shortcuts import get_perms

from demo import strategy as demo
from measures import services
from measures.models import (
    CoreArea,
    FieldOfAction,
    Indicator,
    IndicatorValue,
    Measure,
    MeasureBundle,
    Milestone,
    OrganisationalUnit,
    ProgressUpdate,
    Status,
)
from measures.rules import manages_measure, measures_managed_by
from users.models import User

pytestmark = pytest.mark.django_db


def load_demo(**options) -> str:
    out = StringIO()
    options.setdefault("with_demo_manager", True)  # the suite runs with DEBUG off
    call_command("load_jena_demo", stdout=out, **options)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    models = (
        CoreArea,
        FieldOfAction,
        MeasureBundle,
        OrganisationalUnit,
        Measure,
        ProgressUpdate,
        Milestone,
        Indicator,
        IndicatorValue,
        User,
        EmailAddress,
        Measure.history.model,
        ProgressUpdate.history.model,
        Milestone.history.model,
        IndicatorValue.history.model,
    )
    counts = {model.__name__: model.objects.count() for model in models}
    counts["related"] = Measure.related_measures.through.objects.count()
    counts["core_area_links"] = MeasureBundle.core_areas.through.objects.count()
    return counts


@pytest.fixture(scope="class")
def loaded_demo(django_db_setup, django_db_blocker):
    """Load the demo once for the read-only tests of a class; roll it back afterwards.

    Each test still runs in its own savepoint, so nothing a test does leaks to the next.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo()
        transaction.set_rollback(True)


@pytest.mark.usefixtures("loaded_demo")
class TestLoadedDemo:
    def test_demo_creates_the_strategy_structure_with_its_real_titles(self):
        assert CoreArea.objects.count() == 5
        assert FieldOfAction.objects.count() == 5
        assert MeasureBundle.objects.count() == 9
        assert list(FieldOfAction.objects.values_list("code", flat=True)) == [
            "HF1",
            "HF2",
            "HF3",
            "HF4",
            "HF5",
        ]
        assert CoreArea.objects.get(number=4).title == (
            "Urbane Daten transparent für alle – mit Datenschutz und IT-Sicherheit"
        )
        assert MeasureBundle.objects.filter(title="Smartes Quartier Jena-Lobeda").exists()
        for bundle in MeasureBundle.objects.prefetch_related("core_areas"):
            assert bundle.field_of_action_id is not None
            assert bundle.core_areas.count() >= 1, bundle

    def test_demo_creates_about_fifty_complete_measures_coded_by_bundle(self):
        measures = list(Measure.objects.select_related("bundle", "responsible_unit"))
        assert 45 <= len(measures) <= 55
        for measure in measures:
            assert measure.code.split(".")[0] == str(measure.bundle.number), measure
            assert measure.title and measure.summary and measure.description, measure
            assert measure.responsible_unit is not None, measure
            assert measure.budget_planned is not None and measure.funding, measure
            assert datetime.date(2022, 9, 1) <= measure.planned_start <= measure.planned_end
            assert measure.planned_end <= datetime.date(2027, 8, 31), measure
        assert Measure.objects.exclude(location=None).count() >= 5
        jedi = Measure.objects.get(slug="jedi-aufbau")
        assert jedi.location == {"type": "Point", "coordinates": [11.586, 50.9283]}

    def test_every_measure_has_a_history_ending_in_its_current_state(self):
        for measure in Measure.objects.prefetch_related("progress_updates"):
            updates = list(measure.progress_updates.all())  # newest first
            assert updates, measure
            latest = updates[0]
            assert (measure.status, measure.progress, measure.last_update_on) == (
                latest.status,
                latest.progress,
                latest.date,
            ), measure

    def test_demo_has_exactly_one_discontinued_measure_replaced_by_the_chat_system(self):
        discontinued = Measure.objects.get(status=Status.DISCONTINUED)
        assert discontinued.successor.title == "Multifunktionales Chatsystem"
        assert discontinued.progress_updates.latest().reason
        assert list(discontinued.successor.predecessors.all()) == [discontinued]

    def test_demo_shows_delayed_stale_completed_and_current_measures(self):
        assert Measure.objects.delayed().count() >= 3
        assert Measure.objects.stale().count() >= 2
        assert Measure.objects.filter(status=Status.COMPLETED).count() >= 2
        current = Measure.objects.with_flags().filter(is_stale=False, is_delayed=False)
        assert current.count() > Measure.objects.count() / 2
        completed_below_100 = Measure.objects.filter(status=Status.COMPLETED, progress__lt=100)
        for measure in completed_below_100:
            assert measure.progress_updates.latest().reason, measure

    def test_demo_holds_milestones_and_indicators_with_dated_values(self):
        assert Milestone.objects.filter(completed_on__isnull=False).exists()
        assert Milestone.objects.filter(
            completed_on__isnull=True, due_on__lt=timezone.localdate()
        ).exists()
        indicators = Indicator.objects.prefetch_related("values")
        assert indicators.count() >= 10
        for indicator in indicators:
            assert 3 <= len(indicator.values.all()) <= 8, indicator

    def test_demo_dates_nothing_after_today(self):
        today = timezone.localdate()

        assert not ProgressUpdate.objects.filter(date__gt=today).exists()
        assert not IndicatorValue.objects.filter(date__gt=today).exists()
        assert not Milestone.objects.filter(completed_on__gt=today).exists()

    def test_command_prints_counts_and_the_demo_managers_credentials(self, loaded_demo):
        output = loaded_demo

        assert "Maßnahmenbündel: 9 (9 neu)" in output
        assert (
            "Demo-Maßnahmenverantwortliche: manager@jena-smart.example / Jena-Smart-Demo-2026 "
            "(Einheit: Fachdienst Digitalisierung / Smart City)"
        ) in output

    def test_demo_manager_is_verified_staff_in_one_units_group(self):
        manager = User.objects.get(email=demo.DEMO_MANAGER_EMAIL)
        assert manager.is_staff and not manager.is_superuser
        assert manager.display_name == "Demo Maßnahmenverantwortliche"
        assert manager.check_password(demo.DEMO_MANAGER_PASSWORD)
        assert EmailAddress.objects.filter(
            user=manager, email=demo.DEMO_MANAGER_EMAIL, verified=True, primary=True
        ).exists()
        assert [group.name for group in manager.groups.all()] == [
            "Maßnahmenverantwortliche FD Digitalisierung"
        ]

    def test_demo_manager_manages_exactly_the_measures_of_their_unit(self):
        manager = User.objects.get(email=demo.DEMO_MANAGER_EMAIL)
        unit = OrganisationalUnit.objects.get(name="Fachdienst Digitalisierung / Smart City")
        own = set(Measure.objects.filter(responsible_unit=unit))

        assert own
        assert set(measures_managed_by(manager)) == own
        other = Measure.objects.exclude(responsible_unit=unit).first()
        assert not manages_measure(manager, other)
        assert manages_measure(manager, next(iter(own)))

    def test_each_units_group_holds_object_permissions_on_its_measures_only(self):
        for measure in Measure.objects.select_related("responsible_unit__group"):
            group = measure.responsible_unit.group
            assert group.name.startswith("Maßnahmenverantwortliche ")
            assert {"change_measure", "view_measure"} <= set(get_perms(group, measure)), measure
        lobeda = Measure.objects.get(slug="telemedizin-smartes-quartier")
        digital_group = OrganisationalUnit.objects.get(slug="digitalisierung").group
        assert get_perms(digital_group, lobeda) == []

    def test_demo_data_spans_the_programme_budget_roughly(self):
        total = sum(Measure.objects.values_list("budget_planned", flat=True))
        assert total <= demo.PROGRAMME_BUDGET
        assert total >= demo.PROGRAMME_BUDGET * 8 / 10
        for measure in Measure.objects.all():
            assert measure.budget_spent <= measure.budget_planned, measure


# --- runs that change the data: each loads on its own ----------------------------------------


def test_loading_on_an_earlier_day_skips_later_entries_and_a_later_run_adds_them():
    result = demo.load_jena_demo(today=datetime.date(2025, 1, 1))

    assert result.skipped_future > 0
    assert not ProgressUpdate.objects.filter(date__gt=datetime.date(2025, 1, 1)).exists()
    chat = Measure.objects.get(title="Multifunktionales Chatsystem")
    assert (chat.status, chat.progress) == (Status.IN_PROGRESS, 25)

    load_demo()

    chat.refresh_from_db()
    assert (chat.status, chat.progress) == (Status.IN_PROGRESS, 60)
    assert ProgressUpdate.objects.filter(date__gt=datetime.date(2025, 1, 1)).exists()


def test_second_run_changes_nothing():
    load_demo()
    before = row_counts()

    output = load_demo()

    assert row_counts() == before
    assert "Maßnahmen: 50 (0 neu)" in output


def test_second_run_keeps_what_a_manager_changed_in_the_meantime():
    load_demo()
    measure = Measure.objects.get(slug="multifunktionales-chatsystem")
    today = timezone.localdate()
    services.progress_update_publish(
        measure=measure,
        actor=None,
        date=today,
        status=Status.IN_PROGRESS,
        progress=66,
        text="Neuer Sachstand aus der Demo.",
    )

    load_demo()

    measure.refresh_from_db()
    assert (measure.progress, measure.last_update_on) == (66, today)


@override_settings(DEBUG=False)
def test_without_debug_the_demo_manager_needs_to_be_asked_for():
    output = load_demo(with_demo_manager=False)

    assert not User.objects.filter(email=demo.DEMO_MANAGER_EMAIL).exists()
    assert "Jena-Smart-Demo-2026" not in output
    assert Measure.objects.count() == 50


@override_settings(DEBUG=True)
def test_with_debug_on_the_command_creates_the_demo_manager_by_itself():
    load_demo(with_demo_manager=False)

    assert User.objects.filter(email=demo.DEMO_MANAGER_EMAIL, is_staff=True).exists()
