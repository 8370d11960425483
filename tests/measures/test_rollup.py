"""Progress roll-up: measures -> bundles -> fields / core areas -> overall, now and as of a date."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from measures import services
from measures.models import Status
from measures.rollup import StrategyProgress, measure_state_as_of, roll_up, strategy_progress
from tests.factories import (
    CoreAreaFactory,
    FieldOfActionFactory,
    MeasureBundleFactory,
    MeasureFactory,
)

IP, CO, DI, PA = Status.IN_PROGRESS, Status.COMPLETED, Status.DISCONTINUED, Status.PAUSED


def m(bundle: int, progress: int, weight="1", status=IP) -> tuple:
    """A measure row as roll_up takes it: (bundle_id, progress, weight, status)."""
    return (bundle, progress, Decimal(weight), status)


def b(bundle: int, field: int, weight="1") -> tuple:
    return (bundle, field, Decimal(weight))


ROLL_UP_CASES = [
    # id, measures, bundles, (bundle, core area) links, expected
    (
        "equal-weights",
        [m(1, 20), m(1, 60)],
        [b(1, 10)],
        [(1, 100)],
        StrategyProgress(
            overall=40.0, bundles={1: 40.0}, fields={10: 40.0}, core_areas={100: 40.0}
        ),
    ),
    (
        "explicit-measure-weights",
        [m(1, 20, "3"), m(1, 60, "1")],
        [b(1, 10)],
        [(1, 100)],
        StrategyProgress(
            overall=30.0, bundles={1: 30.0}, fields={10: 30.0}, core_areas={100: 30.0}
        ),
    ),
    (
        "fractional-weights",
        [m(1, 0, "0.5"), m(1, 90, "1.5")],
        [b(1, 10)],
        [(1, 100)],
        StrategyProgress(
            overall=67.5, bundles={1: 67.5}, fields={10: 67.5}, core_areas={100: 67.5}
        ),
    ),
    (
        "zero-weight-measure-left-out",
        [m(1, 20, "0"), m(1, 60)],
        [b(1, 10)],
        [(1, 100)],
        StrategyProgress(
            overall=60.0, bundles={1: 60.0}, fields={10: 60.0}, core_areas={100: 60.0}
        ),
    ),
    (
        "discontinued-measure-left-out",
        [m(1, 10, status=DI), m(1, 60)],
        [b(1, 10)],
        [(1, 100)],
        StrategyProgress(
            overall=60.0, bundles={1: 60.0}, fields={10: 60.0}, core_areas={100: 60.0}
        ),
    ),
    (
        "completed-and-paused-count-with-their-progress",
        [m(1, 80, status=CO), m(1, 20, status=PA)],
        [b(1, 10)],
        [(1, 100)],
        StrategyProgress(
            overall=50.0, bundles={1: 50.0}, fields={10: 50.0}, core_areas={100: 50.0}
        ),
    ),
    (
        "empty-bundle-is-none-and-left-out-above",
        [m(1, 50)],
        [b(1, 10), b(2, 10)],
        [(1, 100), (2, 100)],
        StrategyProgress(
            overall=50.0, bundles={1: 50.0, 2: None}, fields={10: 50.0}, core_areas={100: 50.0}
        ),
    ),
    (
        "bundle-of-only-discontinued-measures-is-empty",
        [m(1, 50), m(2, 10, status=DI)],
        [b(1, 10), b(2, 20)],
        [(1, 100), (2, 200)],
        StrategyProgress(
            overall=50.0,
            bundles={1: 50.0, 2: None},
            fields={10: 50.0, 20: None},
            core_areas={100: 50.0, 200: None},
        ),
    ),
    (
        "bundle-in-two-core-areas",
        [m(1, 40), m(2, 80)],
        [b(1, 10), b(2, 10)],
        [(1, 100), (1, 200), (2, 200)],
        StrategyProgress(
            overall=60.0,
            bundles={1: 40.0, 2: 80.0},
            fields={10: 60.0},
            core_areas={100: 40.0, 200: 60.0},
        ),
    ),
    (
        "bundle-weights",
        [m(1, 40), m(2, 80)],
        [b(1, 10, "3"), b(2, 10, "1")],
        [(1, 100), (2, 100)],
        StrategyProgress(
            overall=50.0, bundles={1: 40.0, 2: 80.0}, fields={10: 50.0}, core_areas={100: 50.0}
        ),
    ),
    (
        "zero-weight-bundle-keeps-its-own-progress-but-counts-nowhere",
        [m(1, 40), m(2, 80)],
        [b(1, 10), b(2, 10, "0")],
        [(1, 100), (2, 100)],
        StrategyProgress(
            overall=40.0, bundles={1: 40.0, 2: 80.0}, fields={10: 40.0}, core_areas={100: 40.0}
        ),
    ),
    (
        "overall-is-the-mean-over-bundles-not-over-fields",
        [m(1, 0), m(2, 100), m(3, 100)],
        [b(1, 10), b(2, 10), b(3, 20)],
        [(1, 100), (2, 100), (3, 100)],
        StrategyProgress(
            overall=66.7,
            bundles={1: 0.0, 2: 100.0, 3: 100.0},
            fields={10: 50.0, 20: 100.0},
            core_areas={100: 66.7},
        ),
    ),
    (
        "bundle-mean-is-not-the-mean-over-all-measures",
        [m(1, 0), m(1, 0), m(1, 0), m(2, 100)],
        [b(1, 10), b(2, 10)],
        [(1, 100), (2, 100)],
        StrategyProgress(
            overall=50.0, bundles={1: 0.0, 2: 100.0}, fields={10: 50.0}, core_areas={100: 50.0}
        ),
    ),
    (
        "rounded-to-one-decimal",
        [m(1, 0), m(1, 0), m(1, 100)],
        [b(1, 10)],
        [(1, 100)],
        StrategyProgress(
            overall=33.3, bundles={1: 33.3}, fields={10: 33.3}, core_areas={100: 33.3}
        ),
    ),
    (
        "bundle-without-core-area",
        [m(1, 40), m(2, 80)],
        [b(1, 10), b(2, 10)],
        [(1, 100)],
        StrategyProgress(
            overall=60.0, bundles={1: 40.0, 2: 80.0}, fields={10: 60.0}, core_areas={100: 40.0}
        ),
    ),
    (
        "links-to-unknown-bundles-are-ignored",
        [m(1, 40)],
        [b(1, 10)],
        [(1, 100), (99, 200)],
        StrategyProgress(
            overall=40.0, bundles={1: 40.0}, fields={10: 40.0}, core_areas={100: 40.0}
        ),
    ),
    (
        "nothing-at-all",
        [],
        [],
        [],
        StrategyProgress(overall=None, bundles={}, fields={}, core_areas={}),
    ),
    (
        "structure-without-measures",
        [],
        [b(1, 10)],
        [(1, 100)],
        StrategyProgress(
            overall=None, bundles={1: None}, fields={10: None}, core_areas={100: None}
        ),
    ),
]


@pytest.mark.parametrize(
    ("measures", "bundles", "links", "expected"),
    [case[1:] for case in ROLL_UP_CASES],
    ids=[case[0] for case in ROLL_UP_CASES],
)
def test_roll_up(measures, bundles, links, expected):
    assert roll_up(measures=measures, bundles=bundles, bundle_core_areas=links) == expected


# --- against the database ---------------------------------------------------------------------

pytestmark_db = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _empty_cache():
    # The locmem cache outlives each test's rolled-back transaction.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def strategy():
    """Two core areas, two fields, three bundles; bundle 1 serves both core areas."""
    ca1, ca2 = CoreAreaFactory(), CoreAreaFactory()
    hf1, hf2 = FieldOfActionFactory(), FieldOfActionFactory()
    b1 = MeasureBundleFactory(field_of_action=hf1, core_areas=[ca1, ca2])
    b2 = MeasureBundleFactory(field_of_action=hf1, core_areas=[ca2])
    b3 = MeasureBundleFactory(field_of_action=hf2, core_areas=[ca2])
    return {"ca1": ca1, "ca2": ca2, "hf1": hf1, "hf2": hf2, "b1": b1, "b2": b2, "b3": b3}


def publish(measure, date, progress, status=IP, reason=""):
    return services.progress_update_publish(
        measure=measure,
        actor=None,
        date=date,
        status=status,
        progress=progress,
        text=f"Stand {date:%d.%m.%Y}: {progress} %",
        reason=reason,
    )


@pytestmark_db
def test_strategy_progress_rolls_up_public_measures_from_the_database(strategy):
    MeasureFactory(bundle=strategy["b1"], progress=20)
    MeasureFactory(bundle=strategy["b1"], progress=60)
    MeasureFactory(bundle=strategy["b1"], progress=100, is_public=False)
    MeasureFactory(bundle=strategy["b2"], progress=90, weight=Decimal("0"))
    MeasureFactory(bundle=strategy["b2"], progress=10, status=DI)
    MeasureFactory(bundle=strategy["b3"], progress=100, status=CO)

    result = strategy_progress()

    assert result.bundles == {
        strategy["b1"].pk: 40.0,
        strategy["b2"].pk: None,
        strategy["b3"].pk: 100.0,
    }
    assert result.fields == {strategy["hf1"].pk: 40.0, strategy["hf2"].pk: 100.0}
    assert result.core_areas == {strategy["ca1"].pk: 40.0, strategy["ca2"].pk: 70.0}
    assert result.overall == 70.0


@pytestmark_db
def test_strategy_progress_can_include_non_public_measures(strategy):
    MeasureFactory(bundle=strategy["b1"], progress=20)
    MeasureFactory(bundle=strategy["b1"], progress=100, is_public=False)

    assert strategy_progress(public_only=True).bundles[strategy["b1"].pk] == 20.0
    assert strategy_progress(public_only=False).bundles[strategy["b1"].pk] == 60.0


@pytestmark_db
def test_strategy_progress_is_cached_until_an_update_is_published(
    strategy, django_assert_num_queries
):
    measure = MeasureFactory(bundle=strategy["b1"], progress=20)
    MeasureFactory(bundle=strategy["b1"], progress=60)
    assert strategy_progress().bundles[strategy["b1"].pk] == 40.0

    with django_assert_num_queries(0):
        assert strategy_progress().bundles[strategy["b1"].pk] == 40.0

    publish(measure, timezone.localdate(), 80)

    assert strategy_progress().bundles[strategy["b1"].pk] == 70.0


@pytestmark_db
def test_a_lost_version_never_brings_back_an_older_roll_up(strategy):
    """The version key may expire or be evicted while roll-ups computed under it are
    still cached: the next version must be one no earlier roll-up was stored under."""
    from measures.models import Measure
    from measures.rollup import CACHE_VERSION_KEY

    measure = MeasureFactory(bundle=strategy["b1"], progress=20)
    assert strategy_progress().bundles[strategy["b1"].pk] == 20.0  # cached
    cache.delete(CACHE_VERSION_KEY)  # expired or evicted
    Measure.objects.filter(pk=measure.pk).update(progress=50)  # no signal
    assert strategy_progress().bundles[strategy["b1"].pk] == 50.0

    publish(measure, timezone.localdate(), 80)  # invalidates
    cache.delete(CACHE_VERSION_KEY)
    assert strategy_progress().bundles[strategy["b1"].pk] == 80.0


@pytestmark_db
def test_cache_is_invalidated_by_changes_to_bundles_and_their_core_areas(strategy):
    MeasureFactory(bundle=strategy["b1"], progress=20)
    MeasureFactory(bundle=strategy["b2"], progress=80)
    assert strategy_progress().core_areas[strategy["ca1"].pk] == 20.0

    strategy["b2"].core_areas.add(strategy["ca1"])
    assert strategy_progress().core_areas[strategy["ca1"].pk] == 50.0

    strategy["b2"].weight = Decimal("3")
    strategy["b2"].save()
    assert strategy_progress().core_areas[strategy["ca1"].pk] == 65.0


# --- "as of date D" ---------------------------------------------------------------------------

D1 = datetime.date(2025, 3, 31)
D2 = datetime.date(2025, 9, 30)
D3 = datetime.date(2026, 3, 31)


@pytest.fixture
def timeline(strategy):
    """A measure with updates on D1 (20 %) and D3 (60 %); D2 (40 %) is added back-dated."""
    measure = MeasureFactory(
        bundle=strategy["b1"], status=Status.PLANNED, progress=0, last_update_on=None
    )
    publish(measure, D1, 20, status=Status.PREPARING)
    publish(measure, D3, 60)
    publish(measure, D2, 40)  # back-dated, published last
    return measure


AS_OF_CASES = [
    # id, date, expected (status, progress, date of the update it comes from)
    ("before-the-first-update", D1 - DAY, (Status.PLANNED, 0, None)),
    ("on-the-day-of-the-first-update", D1, (Status.PREPARING, 20, D1)),
    ("between-updates", D1 + DAY, (Status.PREPARING, 20, D1)),
    ("on-the-day-of-a-back-dated-update", D2, (IP, 40, D2)),
    ("after-a-back-dated-update", D3 - DAY, (IP, 40, D2)),
    ("on-the-day-of-the-latest-update", D3, (IP, 60, D3)),
    ("long-after", datetime.date(2030, 1, 1), (IP, 60, D3)),
]


@pytestmark_db
@pytest.mark.parametrize(
    ("date", "expected"), [c[1:] for c in AS_OF_CASES], ids=[c[0] for c in AS_OF_CASES]
)
def test_measure_state_as_of(timeline, date, expected):
    state = measure_state_as_of(measure=timeline, date=date)

    assert (state.status, state.progress, state.date) == expected


@pytestmark_db
def test_back_dated_update_does_not_overwrite_the_current_state(timeline):
    timeline.refresh_from_db()

    assert (timeline.status, timeline.progress, timeline.last_update_on) == (IP, 60, D3)


@pytestmark_db
def test_two_updates_on_the_same_day_the_later_published_counts(strategy):
    measure = MeasureFactory(bundle=strategy["b1"], last_update_on=None)
    publish(measure, D1, 20)
    publish(measure, D1, 30)

    assert measure_state_as_of(measure=measure, date=D1).progress == 30
    assert strategy_progress(as_of=D1).bundles[strategy["b1"].pk] == 30.0
    measure.refresh_from_db()
    assert measure.progress == 30


@pytestmark_db
@pytest.mark.parametrize(
    ("date", "expected"), [c[1:] for c in AS_OF_CASES], ids=[c[0] for c in AS_OF_CASES]
)
def test_bundle_and_core_area_progress_as_of(strategy, timeline, date, expected):
    # A second measure in the same bundle: 100 % from D2 on.
    other = MeasureFactory(
        bundle=strategy["b1"], status=Status.PLANNED, progress=0, last_update_on=None
    )
    publish(other, D2, 100, status=CO)
    other_progress = 100 if date >= D2 else 0
    expected_bundle = (expected[1] + other_progress) / 2

    result = strategy_progress(as_of=date)

    assert result.bundles[strategy["b1"].pk] == expected_bundle
    assert result.core_areas[strategy["ca1"].pk] == expected_bundle
    assert result.fields[strategy["hf1"].pk] == expected_bundle
    assert result.bundles[strategy["b2"].pk] is None
    assert result.overall == expected_bundle


@pytestmark_db
def test_as_of_ignores_the_current_state_and_the_cache(strategy, timeline):
    assert strategy_progress().bundles[strategy["b1"].pk] == 60.0

    assert strategy_progress(as_of=D1).bundles[strategy["b1"].pk] == 20.0
    assert strategy_progress().bundles[strategy["b1"].pk] == 60.0


@pytestmark_db
def test_as_of_a_date_a_measure_was_discontinued_it_no_longer_counts(strategy):
    stopped = MeasureFactory(bundle=strategy["b1"], last_update_on=None)
    kept = MeasureFactory(bundle=strategy["b1"], last_update_on=None)
    publish(stopped, D1, 80)
    publish(kept, D1, 20)
    publish(stopped, D2, 80, status=DI, reason="Nicht bewilligt.")

    assert strategy_progress(as_of=D1).bundles[strategy["b1"].pk] == 50.0
    assert strategy_progress(as_of=D2).bundles[strategy["b1"].pk] == 20.0


# --- query counts -----------------------------------------------------------------------------


def build_strategy(measure_count: int) -> None:
    areas = CoreAreaFactory.create_batch(5)
    fields = FieldOfActionFactory.create_batch(5)
    bundles = [
        MeasureBundleFactory(field_of_action=fields[i % 5], core_areas=areas[i % 5 : i % 5 + 2])
        for i in range(9)
    ]
    for i in range(measure_count):
        measure = MeasureFactory(bundle=bundles[i % 9], last_update_on=None)
        publish(measure, D1, 10 + i % 50)
        publish(measure, D2, 20 + i % 50)


@pytestmark_db
@pytest.mark.parametrize("measure_count", [10, 100])
def test_strategy_progress_as_of_runs_at_most_three_queries(
    measure_count, django_assert_max_num_queries
):
    build_strategy(measure_count)

    with django_assert_max_num_queries(3):
        result = strategy_progress(as_of=D1 + DAY)
    assert len(result.bundles) == 9
    assert result.overall is not None

    cache.clear()
    with django_assert_max_num_queries(3):
        strategy_progress()
