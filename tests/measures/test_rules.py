"""The tracker's rules as tables of cases: delayed, stale, and what may be published/saved.

delayed: an open measure (not completed/discontinued) whose planned end has passed or which
has an open milestone whose due date has passed. stale: an open measure without a progress
update within MEASURE_STALE_AFTER_DAYS days (never updated counts as stale). Both as of
``today`` (here a fixed date), computed in SQL by ``Measure.objects.with_flags``.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone, translation

from measures import services
from measures.models import Measure, Status
from tests.factories import MeasureFactory, MilestoneFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)
DAY = datetime.timedelta(days=1)

PLANNED_END = {
    "none": None,
    "past": TODAY - DAY,
    "today": TODAY,
    "future": TODAY + 30 * DAY,
}
# milestone kind -> (due_on, completed_on)
MILESTONE = {
    "none": None,
    "overdue-open": (TODAY - DAY, None),
    "overdue-completed": (TODAY - 10 * DAY, TODAY - 12 * DAY),
    "overdue-completed-late": (TODAY - 10 * DAY, TODAY - DAY),
    "due-today-open": (TODAY, None),
    "future-open": (TODAY + 10 * DAY, None),
}


def last_update_on(kind: str, stale_after_days: int) -> datetime.date | None:
    return {
        "none": None,
        "today": TODAY,
        "recent": TODAY - 10 * DAY,
        "at-threshold": TODAY - stale_after_days * DAY,
        "past-threshold": TODAY - (stale_after_days + 1) * DAY,
        "long-ago": TODAY - 3 * 365 * DAY,
    }[kind]


@dataclass(frozen=True)
class Case:
    status: str
    planned_end: str
    milestone: str
    last_update: str
    delayed: bool
    stale: bool
    stale_after_days: int = 180

    @property
    def id(self) -> str:
        return (
            f"{self.status}-end:{self.planned_end}-milestone:{self.milestone}"
            f"-update:{self.last_update}@{self.stale_after_days}d"
            f"->{'delayed' if self.delayed else 'on-time'},{'stale' if self.stale else 'current'}"
        )


IP, PL, PR = Status.IN_PROGRESS, Status.PLANNED, Status.PREPARING
PA, CO, DI = Status.PAUSED, Status.COMPLETED, Status.DISCONTINUED

CASES = [
    # status, planned end, milestone, last update -> delayed, stale
    # An open measure on schedule, kept current.
    Case(IP, "future", "none", "recent", delayed=False, stale=False),
    Case(IP, "none", "none", "recent", delayed=False, stale=False),
    # Planned end: passed yesterday -> delayed; ending today is not late yet.
    Case(IP, "past", "none", "recent", delayed=True, stale=False),
    Case(IP, "today", "none", "recent", delayed=False, stale=False),
    # Milestones: only an open one whose due date has passed makes a measure delayed.
    Case(IP, "future", "overdue-open", "recent", delayed=True, stale=False),
    Case(IP, "none", "overdue-open", "recent", delayed=True, stale=False),
    Case(IP, "future", "overdue-completed", "recent", delayed=False, stale=False),
    Case(IP, "future", "overdue-completed-late", "recent", delayed=False, stale=False),
    Case(IP, "future", "due-today-open", "recent", delayed=False, stale=False),
    Case(IP, "future", "future-open", "recent", delayed=False, stale=False),
    Case(IP, "past", "overdue-completed", "recent", delayed=True, stale=False),
    Case(IP, "past", "overdue-open", "long-ago", delayed=True, stale=True),
    # Every open status follows the same rules.
    Case(PL, "past", "none", "recent", delayed=True, stale=False),
    Case(PL, "none", "none", "none", delayed=False, stale=True),
    Case(PR, "future", "overdue-open", "recent", delayed=True, stale=False),
    Case(PR, "future", "none", "past-threshold", delayed=False, stale=True),
    Case(PA, "past", "none", "past-threshold", delayed=True, stale=True),
    Case(PA, "future", "future-open", "recent", delayed=False, stale=False),
    # Closed measures are never delayed or stale.
    Case(CO, "past", "none", "long-ago", delayed=False, stale=False),
    Case(CO, "future", "overdue-open", "none", delayed=False, stale=False),
    Case(CO, "past", "overdue-open", "past-threshold", delayed=False, stale=False),
    Case(DI, "past", "overdue-open", "long-ago", delayed=False, stale=False),
    Case(DI, "none", "none", "none", delayed=False, stale=False),
    # Stale threshold (default 180 days): exactly N days ago is still current.
    Case(IP, "future", "none", "none", delayed=False, stale=True),
    Case(IP, "future", "none", "today", delayed=False, stale=False),
    Case(IP, "future", "none", "at-threshold", delayed=False, stale=False),
    Case(IP, "future", "none", "past-threshold", delayed=False, stale=True),
    # ... and the threshold is a setting.
    Case(IP, "future", "none", "recent", delayed=False, stale=False, stale_after_days=30),
    Case(IP, "future", "none", "at-threshold", delayed=False, stale=False, stale_after_days=30),
    Case(IP, "future", "none", "past-threshold", delayed=False, stale=True, stale_after_days=30),
    Case(IP, "future", "none", "recent", delayed=False, stale=True, stale_after_days=7),
    Case(CO, "future", "none", "past-threshold", delayed=False, stale=False, stale_after_days=7),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_delay_and_stale_rules(case: Case):
    measure = MeasureFactory(
        status=case.status,
        progress=100 if case.status == Status.COMPLETED else 40,
        planned_start=datetime.date(2023, 1, 1),
        planned_end=PLANNED_END[case.planned_end],
        last_update_on=last_update_on(case.last_update, case.stale_after_days),
    )
    if MILESTONE[case.milestone]:
        due_on, completed_on = MILESTONE[case.milestone]
        MilestoneFactory(measure=measure, due_on=due_on, completed_on=completed_on)
    # Another measure's overdue milestone must not leak into this one.
    MilestoneFactory(measure=MeasureFactory(), due_on=TODAY - 100 * DAY)

    with override_settings(MEASURE_STALE_AFTER_DAYS=case.stale_after_days):
        flagged = Measure.objects.with_flags(today=TODAY).get(pk=measure.pk)
        in_delayed = Measure.objects.delayed(today=TODAY).filter(pk=measure.pk).exists()
        in_stale = Measure.objects.stale(today=TODAY).filter(pk=measure.pk).exists()

    assert (flagged.is_delayed, flagged.is_stale) == (case.delayed, case.stale)
    assert (in_delayed, in_stale) == (case.delayed, case.stale)


def test_several_overdue_milestones_do_not_duplicate_the_measure_in_lists():
    measure = MeasureFactory(status=IP, planned_end=TODAY - DAY)
    MilestoneFactory.create_batch(3, measure=measure, due_on=TODAY - 5 * DAY)

    assert list(Measure.objects.delayed(today=TODAY)) == [measure]


# --- publishing a Sachstand -------------------------------------------------------------------


def valid_update(**overrides) -> dict:
    values = {
        "status": Status.IN_PROGRESS,
        "progress": 50,
        "date": timezone.localdate() - DAY,
        "text": "Die Arbeiten laufen planmäßig.",
        "reason": "",
    }
    values.update(overrides)
    return values


FUTURE = object()  # stands for "tomorrow", resolved when the test runs
TODAY_MARK = object()

UPDATE_CASES = [
    # id, changes to a valid update, fields with an error, a word the message contains
    ("valid", {}, set(), None),
    ("progress-0", {"progress": 0}, set(), None),
    ("progress-100", {"progress": 100}, set(), None),
    ("progress-minus-1", {"progress": -1}, {"progress"}, "zwischen 0 und 100 %"),
    ("progress-101", {"progress": 101}, {"progress"}, "(angegeben: 101)"),
    ("progress-string-50", {"progress": "50"}, {"progress"}, "ganze Zahl"),
    ("progress-none", {"progress": None}, {"progress"}, "ganze Zahl"),
    ("progress-bool", {"progress": True}, {"progress"}, "ganze Zahl"),
    ("progress-float", {"progress": 50.5}, {"progress"}, "ganze Zahl"),
    ("completed-100-without-reason", {"status": CO, "progress": 100}, set(), None),
    ("completed-80-without-reason", {"status": CO, "progress": 80}, {"reason"}, "mit 80 %"),
    (
        "completed-80-blank-reason",
        {"status": CO, "progress": 80, "reason": "  "},
        {"reason"},
        "begründen",
    ),
    (
        "completed-80-with-reason",
        {"status": CO, "progress": 80, "reason": "Der Rest entfällt mit der Nachfolgemaßnahme."},
        set(),
        None,
    ),
    ("completed-101", {"status": CO, "progress": 101}, {"progress"}, None),
    ("discontinued-without-reason", {"status": DI, "progress": 10}, {"reason"}, "eingestellt"),
    (
        "discontinued-with-reason",
        {"status": DI, "progress": 10, "reason": "Nicht bewilligt."},
        set(),
        None,
    ),
    ("paused-without-reason", {"status": PA}, set(), None),
    ("dated-today", {"date": TODAY_MARK}, set(), None),
    ("dated-tomorrow", {"date": FUTURE}, {"date"}, "Zukunft"),
    ("empty-text", {"text": ""}, {"text"}, "beschreiben"),
    ("blank-text", {"text": " \n "}, {"text"}, "beschreiben"),
    ("unknown-status", {"status": "done"}, {"status"}, "„done“"),
    (
        "everything-wrong",
        {"status": "done", "progress": 101, "date": FUTURE, "text": ""},
        {"status", "progress", "date", "text"},
        None,
    ),
]


@pytest.mark.parametrize(
    ("changes", "error_fields", "message_part"),
    [case[1:] for case in UPDATE_CASES],
    ids=[case[0] for case in UPDATE_CASES],
)
def test_progress_update_validation(changes, error_fields, message_part):
    changes = dict(changes)
    if changes.get("date") is FUTURE:
        changes["date"] = timezone.localdate() + DAY
    elif changes.get("date") is TODAY_MARK:
        changes["date"] = timezone.localdate()

    with translation.override("de"):
        if not error_fields:
            services.validate_progress_update(**valid_update(**changes))
            return
        with pytest.raises(ValidationError) as excinfo:
            services.validate_progress_update(**valid_update(**changes))

    errors = excinfo.value.message_dict
    assert set(errors) == error_fields
    if message_part:
        (field,) = error_fields
        assert message_part in errors[field][0]


def test_invalid_update_is_not_published_and_leaves_the_measure_unchanged():
    measure = MeasureFactory(status=IP, progress=40)

    with pytest.raises(ValidationError):
        services.progress_update_publish(
            measure=measure,
            actor=None,
            date=timezone.localdate(),
            status=CO,
            progress=80,
            text="Fertig.",
        )

    measure.refresh_from_db()
    assert (measure.status, measure.progress, measure.progress_updates.count()) == (IP, 40, 0)


# --- saving a measure -------------------------------------------------------------------------

JENA = [11.5861, 50.9272]
SQUARE = [[11.58, 50.92], [11.59, 50.92], [11.59, 50.93], [11.58, 50.93], [11.58, 50.92]]
BOWTIE = [[11.58, 50.92], [11.59, 50.93], [11.59, 50.92], [11.58, 50.93], [11.58, 50.92]]

MEASURE_CASES = [
    # id, fields, field with an error (None: valid), a word the message contains
    (
        "end-after-start",
        {"planned_start": datetime.date(2024, 1, 1), "planned_end": datetime.date(2025, 1, 1)},
        None,
        None,
    ),
    (
        "end-on-start-day",
        {"planned_start": datetime.date(2024, 1, 1), "planned_end": datetime.date(2024, 1, 1)},
        None,
        None,
    ),
    (
        "end-before-start",
        {"planned_start": datetime.date(2024, 1, 2), "planned_end": datetime.date(2024, 1, 1)},
        "planned_end",
        "Das geplante Ende liegt vor dem geplanten Beginn.",
    ),
    ("only-end", {"planned_start": None, "planned_end": datetime.date(2024, 1, 1)}, None, None),
    ("no-location", {"location": None}, None, None),
    ("point-in-jena", {"location": {"type": "Point", "coordinates": JENA}}, None, None),
    ("polygon", {"location": {"type": "Polygon", "coordinates": [SQUARE]}}, None, None),
    ("multipolygon", {"location": {"type": "MultiPolygon", "coordinates": [[SQUARE]]}}, None, None),
    (
        "point-outside-the-globe",
        {"location": {"type": "Point", "coordinates": [200, 95]}},
        "location",
        "außerhalb",
    ),
    (
        "linestring",
        {"location": {"type": "LineString", "coordinates": [JENA, [11.6, 50.9]]}},
        "location",
        "LineString",
    ),
    (
        "bowtie-polygon",
        {"location": {"type": "Polygon", "coordinates": [BOWTIE]}},
        "location",
        "ungültig",
    ),
    ("plain-string", {"location": "foo"}, "location", "GeoJSON"),
    (
        "feature-not-geometry",
        {"location": {"type": "Feature", "geometry": {"type": "Point", "coordinates": JENA}}},
        "location",
        "GeoJSON-Geometrie",
    ),
    ("point-without-coordinates", {"location": {"type": "Point"}}, "location", None),
    ("progress-101", {"progress": 101}, "progress", None),
    ("negative-budget", {"budget_planned": -1}, "budget_planned", None),
]


@pytest.mark.parametrize(
    ("fields", "error_field", "message_part"),
    [case[1:] for case in MEASURE_CASES],
    ids=[case[0] for case in MEASURE_CASES],
)
def test_measure_validation(fields, error_field, message_part):
    measure = MeasureFactory()
    for name, value in fields.items():
        setattr(measure, name, value)

    with translation.override("de"):
        if error_field is None:
            measure.full_clean()
            return
        with pytest.raises(ValidationError) as excinfo:
            measure.full_clean()

    errors = excinfo.value.message_dict
    assert error_field in errors
    if message_part:
        assert any(message_part in message for message in errors[error_field]), errors


def test_measure_cannot_be_its_own_successor():
    measure = MeasureFactory()
    measure.successor = measure

    with pytest.raises(ValidationError) as excinfo:
        measure.full_clean()

    assert "successor" in excinfo.value.message_dict
