"""The results selector: counts per choice, matrix cell and place, number and date
statistics, districts, points, texts for the staff only, the breakdown by district,
only submitted answers, and a fixed number of queries."""

import datetime
from decimal import Decimal

import pytest

from participation.polls.models import SubmissionState
from participation.polls.results import for_viewer, poll_results
from tests.notifications.factories_follows import DistrictFactory
from tests.polls.answers import A, submitted, typical
from tests.polls.factories import market_square_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    return market_square_survey()


def test_counts_shares_and_statistics_of_every_kind(survey):
    lobeda, zentrum = DistrictFactory(name="Lobeda"), DistrictFactory(name="Zentrum")
    typical(survey, lobeda, often="täglich", age=20)
    typical(survey, lobeda, often="wöchentlich", age=40)
    typical(survey, zentrum, often="Sonstiges", age=90)
    # A draft never counts.
    submitted(survey.poll, A(survey.often, choice=survey.often.c["selten"]),
              person=survey.anna, state=SubmissionState.DRAFT)

    results = poll_results(survey.poll, texts=True)
    by = results.by_question()
    assert results.submissions == 3
    often = by[survey.often.pk]
    assert often.answered == 3
    assert [(b.label, b.count, b.percent) for b in often.bars] == [
        ("täglich", 1, 33.3), ("wöchentlich", 1, 33.3), ("selten", 0, 0.0),
        ("Sonstiges", 1, 33.3),
    ]
    assert often.other_texts == ["Kirmes"]
    matrix = by[survey.matrix.pk]
    assert [(r.text, [b.count for b in r.bars]) for r in matrix.rows] == [
        ("Sauberkeit", [3, 0, 0]), ("Beleuchtung", [0, 0, 3]),
    ]
    ranking = by[survey.ranking.pk]
    assert [(r.text, r.places, r.mean_rank, r.borda) for r in ranking.ranks] == [
        ("Bäume", [3, 0, 0], 1.0, 9), ("Bänke", [0, 3, 0], 2.0, 6),
        ("Brunnen", [0, 0, 3], 3.0, 3),
    ]
    numbers = by[survey.age.pk].numbers
    assert (numbers.count, numbers.minimum, numbers.maximum) == (3, 20, 90)
    assert numbers.mean == Decimal("50.00") and numbers.median == Decimal("40.00")
    dates = by[survey.since.pk].dates
    assert dates.earliest == datetime.date(2020, 5, 3) and dates.count == 3
    assert [(b.label, b.count) for b in dates.months] == [("2020-05", 3)]
    assert [(b.label, b.count) for b in by[survey.district.pk].bars] == [
        ("Lobeda", 2), ("Zentrum", 1),
    ]
    place = by[survey.place.pk]
    assert len(place.points) == 3 and place.points[0]["geometry"]["type"] == "Point"
    assert [(b.label, b.count) for b in place.point_districts] == [("Lobeda", 2), ("Zentrum", 1)]
    assert place.texts == ["Vor dem Rathaus"] * 3
    assert by[survey.missing.pk].texts == ["Mehr Schatten"] * 3
    # The breakdown of "Wie oft" by the district answered in the same submission.
    breakdown = next(b for b in results.breakdowns if b.question.pk == survey.often.pk)
    assert breakdown.columns == ["Lobeda", "Zentrum", ""]
    assert breakdown.rows[0] == ("täglich", [1, 0, 0])
    assert breakdown.rows[3] == ("Sonstiges", [0, 1, 0])
    assert breakdown.totals == [2, 1, 0]


def test_without_texts_no_free_text_is_read(survey):
    typical(survey, often="Sonstiges")
    results = poll_results(survey.poll)
    assert all(not r.texts and not r.other_texts for r in results.questions)


def test_confidential_questions_keep_only_their_count_for_the_public(survey):
    survey.age.confidential = True
    survey.age.save()
    survey.district.confidential = True
    survey.district.save()
    typical(survey, DistrictFactory(name="Lobeda"))
    public = for_viewer(poll_results(survey.poll, texts=False), staff=False)
    age = public.by_question()[survey.age.pk]
    assert age.restricted and age.answered == 1 and age.numbers is None
    assert public.by_question()[survey.district.pk].bars == []
    # A confidential district question gives no breakdown at all.
    assert public.district_question is None and public.breakdowns == []
    staff = for_viewer(poll_results(survey.poll, texts=True), staff=True)
    assert staff.by_question()[survey.age.pk].numbers.count == 1


def test_no_answers_at_all(survey):
    results = poll_results(survey.poll, texts=True)
    assert results.submissions == 0
    assert results.by_question()[survey.age.pk].numbers.mean is None
    assert results.by_question()[survey.often.pk].bars[0].percent == 0.0


@pytest.mark.parametrize("count", [2, 40])
def test_a_fixed_number_of_queries(survey, count, django_assert_max_num_queries):
    district = DistrictFactory()
    for _ in range(count):
        typical(survey, district)
    with django_assert_max_num_queries(16):
        results = poll_results(survey.poll, texts=True)
    assert results.submissions == count


def test_the_breakdown_counts_submissions_without_a_district_apart(survey):
    lobeda = DistrictFactory(name="Lobeda")
    typical(survey, lobeda, often="täglich")
    typical(survey, None, often="täglich")
    typical(survey, None, often="selten")
    results = poll_results(survey.poll)
    breakdown = next(b for b in results.breakdowns if b.question.pk == survey.often.pk)
    assert breakdown.columns == ["Lobeda", ""]
    assert breakdown.rows[0] == ("täglich", [1, 1])
    assert breakdown.rows[2] == ("selten", [0, 1])
    doing = next(b for b in results.breakdowns if b.question.pk == survey.doing.pk)
    assert doing.rows[1] == ("Café", [1, 2])
