"""What the polls keep about one person: for their copy of their data (GDPR art. 15)
and for the deletion of their account.

The copy holds their answers to polls that are not anonymous (submitted, and drafts of
any poll: a draft is linked to the person while being filled in) and, for anonymous
polls, only that they took part — their submitted answers there are linked to nobody,
so they cannot be found, and are not. Three queries whatever the amount of data.

Deleting the account (``contributions_release``): drafts and the records of having taken
part are deleted. Submitted answers of polls that are not anonymous stay, unlinked from
the person and with only the day (as anonymous answers are stored): the results of a
poll — public after or during the phase, reported to the council, in the open data —
must not change when someone leaves. When the person asks for their contributions to be
removed, the words they wrote go too (text answers deleted, "Sonstiges" texts and place
descriptions emptied); their choices, numbers, dates, districts and points stay counted.
"""

from __future__ import annotations

from django.db.models import Prefetch

from .models import Answer, Participation, QuestionKind, Submission, SubmissionState

TEXT_KINDS = (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT)


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _answer(answer: Answer) -> dict:
    """One value as plain JSON values, empty parts left out."""
    values = {
        "question": answer.question.text,
        "row": answer.row.text if answer.row_id else None,
        "choice": answer.choice.text if answer.choice_id else None,
        "rank": answer.rank,
        "text": answer.text or None,
        "number": format(answer.number.normalize(), "f") if answer.number is not None else None,
        "date": _iso(answer.date),
        "district": answer.district.name if answer.district_id else None,
        "point": answer.point,
    }
    return {key: value for key, value in values.items() if value is not None}


def personal_data(user) -> dict:
    answers = Answer.objects.select_related("question", "choice", "row", "district").order_by(
        "question__section__order", "question__section_id", "question__order", "question_id",
        "row__order", "rank", "choice__order", "pk",
    )
    submissions = (
        Submission.objects.filter(person=user)
        .select_related("poll__phase__project")
        .prefetch_related(Prefetch("answers", queryset=answers, to_attr="answer_list"))
        .order_by("poll__created_at", "state")
    )
    participations = (
        Participation.objects.filter(person=user)
        .select_related("poll__phase__project")
        .order_by("poll__created_at")
    )

    def head(submission: Submission) -> dict:
        poll = submission.poll
        return {"poll": poll.title, "project": poll.phase.project.title}

    return {
        "poll_answers": [
            {
                **head(s),
                "submitted_at": _iso(s.submitted_at),
                "answers": [_answer(a) for a in s.answer_list],
            }
            for s in submissions
            if s.state == SubmissionState.SUBMITTED
        ],
        "poll_drafts": [
            {
                **head(s),
                "anonymous_poll": s.poll.anonymous,
                "saved_at": _iso(s.saved_at),
                "answers": [_answer(a) for a in s.answer_list],
            }
            for s in submissions
            if s.state == SubmissionState.DRAFT
        ],
        "anonymous_poll_participations": [
            {"poll": p.poll.title, "project": p.poll.phase.project.title}
            for p in participations
        ],
    }


def contributions_release(*, user, remove: bool) -> None:
    """Before the account is deleted (see the module docstring)."""
    Submission.objects.filter(person=user, state=SubmissionState.DRAFT).delete()
    Participation.objects.filter(person=user).delete()
    submitted = Submission.objects.filter(person=user, state=SubmissionState.SUBMITTED)
    if remove:
        own = Answer.objects.filter(submission__in=submitted)
        own.filter(question__kind__in=TEXT_KINDS).delete()
        own.exclude(text="").update(text="")
    submitted.update(person=None, submitted_at=None, saved_at=None)
