"""The write services of the tracker, per role and rule (the admin and API rely on them)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from guardian.shortcuts import get_perms

from measures import events, services
from measures.models import Measure, Milestone, ProgressUpdate, Status
from tests.factories import (
    MilestoneFactory,
    OrganisationalUnitFactory,
    StaffFactory,
    SuperuserFactory,
    UserFactory,
)
from tests.measures.factories_extra import strategy_staff, unit_manager, unit_measure

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def publish(measure, actor, **overrides):
    values = {
        "date": TODAY,
        "status": Status.IN_PROGRESS,
        "progress": 55,
        "text": "Die Sensoren sind ausgeschrieben.",
        "reason": "",
    }
    values.update(overrides)
    return services.progress_update_publish(measure=measure, actor=actor, **values)


@pytest.fixture
def received():
    """What events.progress_update_published / milestone_reached sent."""
    calls = []

    def receiver(sender, **kwargs):
        calls.append(kwargs)

    events.progress_update_published.connect(receiver, dispatch_uid="test-published")
    events.milestone_reached.connect(receiver, dispatch_uid="test-reached")
    yield calls
    events.progress_update_published.disconnect(dispatch_uid="test-published")
    events.milestone_reached.disconnect(dispatch_uid="test-reached")


# --- who may publish a Sachstand --------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("system", True),
        ("resident", False),
        ("staff_without_permission", False),
        ("manager_of_this_unit", True),
        ("manager_of_another_unit", False),
        ("strategy_staff", True),
        ("superuser", True),
    ],
)
def test_progress_update_publish_permission_per_role(role, allowed):
    unit = OrganisationalUnitFactory()
    measure = unit_measure(unit)
    actor = {
        "system": lambda: None,
        "resident": UserFactory,
        "staff_without_permission": StaffFactory,
        "manager_of_this_unit": lambda: unit_manager(unit),
        "manager_of_another_unit": lambda: unit_manager(),
        "strategy_staff": strategy_staff,
        "superuser": SuperuserFactory,
    }[role]()

    if allowed:
        update = publish(measure, actor)
        assert update.author == actor
        measure.refresh_from_db()
        assert (measure.status, measure.progress) == (Status.IN_PROGRESS, 55)
    else:
        with pytest.raises(PermissionDenied):
            publish(measure, actor)
        assert not ProgressUpdate.objects.exists()


def test_manager_of_a_measure_granted_to_them_personally_may_publish():
    from guardian.shortcuts import assign_perm

    measure = unit_measure()
    person = StaffFactory()
    assign_perm("measures.change_measure", person, measure)

    publish(measure, person)

    assert measure.progress_updates.count() == 1


# --- what a Sachstand does to the measure -----------------------------------------------------


def test_newest_progress_update_sets_the_measures_current_state():
    measure = unit_measure(status=Status.PLANNED, progress=0)

    publish(measure, None, date=TODAY - datetime.timedelta(days=3), progress=30)

    measure.refresh_from_db()
    assert measure.status == Status.IN_PROGRESS
    assert measure.progress == 30
    assert measure.last_update_on == TODAY - datetime.timedelta(days=3)


def test_back_dated_progress_update_does_not_overwrite_a_newer_state():
    measure = unit_measure()
    publish(measure, None, date=TODAY, status=Status.IN_PROGRESS, progress=70)

    publish(
        measure,
        None,
        date=TODAY - datetime.timedelta(days=100),
        status=Status.PREPARING,
        progress=10,
    )

    measure.refresh_from_db()
    assert (measure.status, measure.progress, measure.last_update_on) == (
        Status.IN_PROGRESS,
        70,
        TODAY,
    )
    assert measure.progress_updates.count() == 2


def test_second_progress_update_on_the_same_day_becomes_the_current_state():
    measure = unit_measure()
    publish(measure, None, progress=40)

    publish(measure, None, progress=45)

    measure.refresh_from_db()
    assert measure.progress == 45


# --- validation, one message per field --------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"progress": 120}, "progress", "zwischen 0 und 100"),
        ({"progress": -1}, "progress", "zwischen 0 und 100"),
        ({"progress": "viel"}, "progress", "ganze Zahl"),
        ({"date": TODAY + datetime.timedelta(days=1)}, "date", "Zukunft"),
        ({"text": "   "}, "text", "beschreiben"),
        ({"status": "done"}, "status", "Unbekannter Status"),
        ({"status": Status.COMPLETED, "progress": 80}, "reason", "80 %"),
        ({"status": Status.DISCONTINUED, "progress": 20}, "reason", "eingestellt"),
    ],
)
def test_invalid_progress_update_is_refused_with_a_message_on_its_field(overrides, field, words):
    measure = unit_measure(progress=40)

    with pytest.raises(ValidationError) as refused:
        publish(measure, None, **overrides)

    assert field in refused.value.message_dict
    assert words in " ".join(refused.value.message_dict[field])
    assert not ProgressUpdate.objects.exists()
    measure.refresh_from_db()
    assert measure.progress == 40


def test_completed_below_100_percent_is_accepted_with_a_reason():
    measure = unit_measure()

    publish(
        measure,
        None,
        status=Status.COMPLETED,
        progress=80,
        reason="Der dritte Standort entfällt, weil das Gebäude verkauft wurde.",
    )

    measure.refresh_from_db()
    assert (measure.status, measure.progress) == (Status.COMPLETED, 80)


def test_completed_at_100_percent_needs_no_reason():
    measure = unit_measure()

    publish(measure, None, status=Status.COMPLETED, progress=100)

    measure.refresh_from_db()
    assert measure.status == Status.COMPLETED


# --- notification after commit ----------------------------------------------------------------


def test_progress_update_published_is_sent_only_after_commit(
    received, django_capture_on_commit_callbacks
):
    measure = unit_measure()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        update = publish(measure, None)
    assert received == []

    for callback in callbacks:
        callback()
    assert len(received) == 1
    assert received[0]["update"] == update
    assert received[0]["measure"].pk == measure.pk


def test_refused_progress_update_sends_nothing(received, django_capture_on_commit_callbacks):
    measure = unit_measure()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(PermissionDenied):
            publish(measure, UserFactory())

    assert callbacks == []
    assert received == []


def test_completing_a_milestone_sends_milestone_reached_after_commit(
    received, django_capture_on_commit_callbacks
):
    unit = OrganisationalUnitFactory()
    milestone = MilestoneFactory(measure=unit_measure(unit))
    milestone.completed_on = TODAY

    with django_capture_on_commit_callbacks(execute=True):
        services.measure_part_save(obj=milestone, actor=unit_manager(unit))

    assert [call["milestone"] for call in received] == [milestone]


# --- master data ------------------------------------------------------------------------------


def test_measure_save_never_changes_status_or_progress():
    unit = OrganisationalUnitFactory()
    measure = unit_measure(unit, status=Status.IN_PROGRESS, progress=40)
    measure.status, measure.progress = Status.COMPLETED, 100
    measure.title = "Neuer Titel"

    services.measure_save(measure=measure, actor=unit_manager(unit))

    stored = Measure.objects.get(pk=measure.pk)
    assert stored.title == "Neuer Titel"
    assert (stored.status, stored.progress) == (Status.IN_PROGRESS, 40)


def test_moving_the_responsible_unit_moves_the_group_permission():
    old_unit, new_unit = OrganisationalUnitFactory(), OrganisationalUnitFactory()
    measure = unit_measure(old_unit)
    assert "change_measure" in get_perms(old_unit.group, measure)

    measure.responsible_unit = new_unit
    services.measure_save(measure=measure, actor=SuperuserFactory())

    assert "change_measure" not in get_perms(old_unit.group, measure)
    assert set(get_perms(new_unit.group, measure)) >= {"change_measure", "view_measure"}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("responsible_unit", "other unit"),
        ("code", "99.1"),
        ("slug", "anderer-kurzname"),
        ("is_public", False),
        ("weight", 3),
        ("comments_closed", True),
    ],
)
def test_manager_cannot_change_staff_only_fields(field, value):
    unit = OrganisationalUnitFactory()
    measure = unit_measure(unit)
    if value == "other unit":
        value = OrganisationalUnitFactory()
    setattr(measure, field, value)

    with pytest.raises(PermissionDenied):
        services.measure_save(measure=measure, actor=unit_manager(unit))

    assert Measure.objects.get(pk=measure.pk).responsible_unit == unit


def test_manager_of_another_unit_cannot_save_the_measure():
    measure = unit_measure()
    measure.title = "Übernommen"

    with pytest.raises(PermissionDenied):
        services.measure_save(measure=measure, actor=unit_manager())

    assert Measure.objects.get(pk=measure.pk).title != "Übernommen"


def test_measure_save_refuses_an_end_before_the_start():
    measure = unit_measure()
    measure.planned_end = measure.planned_start - datetime.timedelta(days=1)

    with pytest.raises(ValidationError) as refused:
        services.measure_save(measure=measure, actor=None)

    assert "planned_end" in refused.value.message_dict


def test_only_strategy_staff_create_measures_and_the_unit_group_gets_its_permissions():
    unit = OrganisationalUnitFactory()
    bundle = unit_measure().bundle
    fields = {
        "bundle": bundle,
        "code": "7.1",
        "title": "Neue Maßnahme",
        "slug": "neue-massnahme",
        "responsible_unit": unit,
    }

    with pytest.raises(PermissionDenied):
        services.measure_create(actor=unit_manager(unit), **fields)

    measure = services.measure_create(actor=strategy_staff(), **fields)
    assert set(get_perms(unit.group, measure)) >= {"change_measure", "view_measure"}


# --- milestones, indicators -------------------------------------------------------------------


def test_manager_of_another_unit_cannot_save_a_milestone():
    milestone = MilestoneFactory(measure=unit_measure())
    milestone.title = "Übernommen"

    with pytest.raises(PermissionDenied):
        services.measure_part_save(obj=milestone, actor=unit_manager())


def test_manager_cannot_move_a_milestone_to_a_measure_of_another_unit():
    unit = OrganisationalUnitFactory()
    milestone = MilestoneFactory(measure=unit_measure())
    milestone.measure = unit_measure(unit)

    with pytest.raises(PermissionDenied):
        services.measure_part_save(obj=milestone, actor=unit_manager(unit))

    assert Milestone.objects.get(pk=milestone.pk).measure_id != milestone.measure_id


def test_strategy_staff_close_the_comments_on_a_measure():
    measure = unit_measure()
    measure.comments_closed = True

    services.measure_save(measure=measure, actor=SuperuserFactory())

    assert Measure.objects.get(pk=measure.pk).comments_closed
