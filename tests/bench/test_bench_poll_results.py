"""Benchmark: a poll's results page with 5,000 and 50,000 answers (issue #17: constant
queries and under 300 ms of server time at 50,000 answers).

Not part of the unit suite (pyproject's addopts ignore tests/bench). Run it with:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jena_dev \\
    .venv/bin/pytest tests/bench/test_bench_poll_results.py -m bench -p no:cacheprovider \\
        --override-ini addopts="" -q -s

The survey is the market-square survey of the poll tests (tests/polls/factories.py: eleven
questions in three sections, every kind), with live public results. Its submissions are
written in bulk: each answers the single choice, one or two of the multiple choice, all
three ranks, both matrix rows, the number, the date and the Ortsteil, and every tenth a
point — eleven answer rows per submission. What is timed is the whole request of an
anonymous reader through Django's test client (the results page is not page-cached):
the selector, the cross-tab by Ortsteil, the template. On PostgreSQL the tables are
analysed after the bulk writes, as autovacuum would (without statistics the planner
joins the 50,000 answers by nested loops: 3 s instead of 0.17 s). Printed: the median and the
slowest of 7 requests, and the queries; asserted: the same number of queries at both
sizes, and only a wide bound on the time (no hang).
"""

import datetime
import random
import statistics
import time
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from geo.models import District
from participation.polls.models import (
    Answer,
    ResultsVisibility,
    Submission,
    SubmissionState,
)
from tests.factories import JENA_CENTRE
from tests.polls.factories import market_square_survey
from tests.scenarios import load_demo_districts

pytestmark = [pytest.mark.bench, pytest.mark.django_db]

NO_HANG_SECONDS = 30.0
RUNS = 7
ROWS_PER_SUBMISSION = 11  # without the tenth's point: 10.9 on average


def populate(survey, submissions: int, *, seed: int) -> None:
    """``submissions`` more submitted sheets of ``survey``, with their answers."""
    districts = list(District.objects.all())
    rng = random.Random(seed)
    today = timezone.localdate()
    now = timezone.now()
    sheets = [
        Submission(
            poll=survey.poll, state=SubmissionState.SUBMITTED, submitted_on=today,
            submitted_at=now,
        )
        for _ in range(submissions)
    ]
    Submission.objects.bulk_create(sheets, batch_size=2_000)
    often = list(survey.often.c.values())
    doing = list(survey.doing.c.values())
    ranked = list(survey.ranking.c.values())
    grades = list(survey.matrix.c.values())
    answers: list[Answer] = []
    for index, sheet in enumerate(sheets):
        row = {"submission": sheet}
        answers.append(Answer(question=survey.often, choice=rng.choice(often[:3]), **row))
        for choice in rng.sample(doing, rng.choice((1, 2))):
            answers.append(Answer(question=survey.doing, choice=choice, **row))
        for rank, choice in enumerate(rng.sample(ranked, 3), start=1):
            answers.append(Answer(question=survey.ranking, choice=choice, rank=rank, **row))
        for matrix_row in survey.matrix.r.values():
            answers.append(
                Answer(question=survey.matrix, row=matrix_row, choice=rng.choice(grades), **row)
            )
        answers.append(Answer(question=survey.age, number=Decimal(rng.randint(16, 90)), **row))
        answers.append(
            Answer(
                question=survey.since,
                date=datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randint(0, 27_000)),
                **row,
            )
        )
        answers.append(Answer(question=survey.district, district=rng.choice(districts), **row))
        if index % 10 == 0:
            lon, lat = JENA_CENTRE
            point = [lon + rng.uniform(-0.002, 0.002), lat + rng.uniform(-0.002, 0.002)]
            answers.append(
                Answer(question=survey.place, point={"type": "Point", "coordinates": point}, **row)
            )
        if len(answers) >= 20_000:
            Answer.objects.bulk_create(answers, batch_size=5_000)
            answers = []
    Answer.objects.bulk_create(answers, batch_size=5_000)
    if connection.vendor == "postgresql":
        # What autovacuum does on a live database after so many new rows: without the
        # statistics the planner picks nested loops for the joins (seconds, not ms).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE polls_answer, polls_submission, polls_question")


def measure(survey) -> tuple[list[float], int, int]:
    url = f"/beteiligung/{survey.project.slug}/umfragen/{survey.poll.pk}/ergebnisse/"
    client = Client()
    assert client.get(url).status_code == 200  # warm: templates, translations
    seconds = []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            seconds.append(time.perf_counter() - start)
        assert response.status_code == 200
    return seconds, len(queries), len(response.content)


def test_results_page_of_5000_and_50000_answers_runs_constant_queries():
    load_demo_districts()
    survey = market_square_survey(results_visibility=ResultsVisibility.LIVE)
    measured = {}
    for step, submissions in enumerate((460, 4_140)):
        populate(survey, submissions, seed=step)
        sheets = Submission.objects.filter(poll=survey.poll).count()
        rows = Answer.objects.filter(submission__poll=survey.poll).count()
        seconds, queries, size = measure(survey)
        measured[sheets] = queries
        print(
            f"\nresults page, {sheets:,} submissions, {rows:,} answers "
            f"({connection.vendor}): median {statistics.median(seconds) * 1000:.0f} ms, "
            f"slowest {max(seconds) * 1000:.0f} ms, {queries} queries, {size // 1024} KB"
        )
        assert max(seconds) < NO_HANG_SECONDS
    assert len(set(measured.values())) == 1, measured

