"""Submitted answers made directly in the database (no services), for the tests of the
results, exports, open data and API: ``submitted(poll, A(question, choice=…), …)``."""

from __future__ import annotations

import datetime

from django.utils import timezone

from participation.polls.models import Answer, Submission, SubmissionState


def A(question, **fields) -> Answer:  # noqa: N802 - reads like a row of answers
    return Answer(question=question, **fields)


def submitted(poll, *answers: Answer, person=None, state=SubmissionState.SUBMITTED,
              day: datetime.date | None = None) -> Submission:
    """A submission of ``poll`` with ``answers`` (a draft with ``state``)."""
    now = timezone.now()
    submission = Submission.objects.create(
        poll=poll,
        person=person,
        state=state,
        submitted_at=now if person is not None and state == SubmissionState.SUBMITTED else None,
        submitted_on=day or timezone.localdate(now),
    )
    for answer in answers:
        answer.submission = submission
    Answer.objects.bulk_create(list(answers))
    return submission


def typical(survey, district=None, *, often="täglich", person=None, **extra) -> Submission:
    """One full set of answers to the market square survey: ``often`` (a choice text or
    "Sonstiges" with the text "Kirmes"), Café, ranking Bäume > Bänke > Brunnen, matrix
    gut/schlecht, 41 years, since 2020-05-03, ``district``, a point, a long text."""
    s = survey
    rows = list(s.matrix.r.values())
    answers = [
        A(s.often, choice=s.often.c[often], text="Kirmes" if often == "Sonstiges" else ""),
        A(s.doing, choice=s.doing.c["Café"]),
        A(s.ranking, choice=s.ranking.c["Bäume"], rank=1),
        A(s.ranking, choice=s.ranking.c["Bänke"], rank=2),
        A(s.ranking, choice=s.ranking.c["Brunnen"], rank=3),
        A(s.matrix, row=rows[0], choice=s.matrix.c["gut"]),
        A(s.matrix, row=rows[1], choice=s.matrix.c["schlecht"]),
        A(s.missing, text="Mehr Schatten"),
        A(s.age, number=extra.get("age", 41)),
        A(s.since, date=datetime.date(2020, 5, 3)),
        A(s.place, point={"type": "Point", "coordinates": [11.5861, 50.9272]},
          district=district, text="Vor dem Rathaus"),
        A(s.name, text="Anna"),
    ]
    if district is not None:
        answers.append(A(s.district, district=district))
    return submitted(s.poll, *answers, person=person)
