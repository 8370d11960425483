"""Answering a poll through its services: each kind of question's checks, conditions,
drafts, submitting once (the database's constraint too), changing until the end, and
the unlinkability of anonymous answers."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from core.exceptions import Closed, Conflict, Invalid, NotAllowed
from participation.polls import events
from participation.polls.models import Answer, Participation, Submission, SubmissionState
from participation.polls.selectors import questionnaire
from participation.polls.services import (
    RawAnswer,
    check_answer,
    parse_number,
    poll_submit,
    question_delete,
    section_save,
)
from tests.factories import JENA_CENTRE, UserFactory
from tests.ideas.factories_ideas import load_demo_districts
from tests.polls.factories import ended, market_square_survey, raw

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    return market_square_survey()


def check(survey, question, answer: RawAnswer, districts=None):
    q = questionnaire(survey.poll)
    loaded = q.by_id[question.pk]
    return check_answer(loaded, answer, districts=districts or {}, project=survey.project)


def save(survey, user, number: int, answers: dict, *, check_required=False):
    section = questionnaire(survey.poll).sections[number - 1]
    return section_save(
        user=user,
        poll=survey.poll,
        section=section,
        raw={question.pk: value for question, value in answers.items()},
        check_required=check_required,
    )


def fill_required(survey, user, *, often="wöchentlich"):
    choices = list(survey.ranking.c.values())
    good = str(survey.matrix.c["gut"].pk)
    save(survey, user, 1, {survey.often: raw(survey.often.c[often].pk)})
    save(
        survey,
        user,
        2,
        {
            survey.ranking: raw(ranks={c.pk: str(n) for n, c in enumerate(choices, 1)}),
            survey.matrix: raw(cells={row.pk: [good] for row in survey.matrix.r.values()}),
        },
    )


# --- Each kind's checks -------------------------------------------------------------------


def test_single_choice_takes_one_known_choice(survey):
    assert not check(survey, survey.often, raw(survey.often.c["täglich"].pk)).errors
    two = raw(survey.often.c["täglich"].pk, survey.often.c["selten"].pk)
    assert check(survey, survey.often, two).errors == ["Bitte wählen Sie nur eine Antwort."]
    assert check(survey, survey.often, raw("999999")).errors
    assert check(survey, survey.often, raw("abc")).errors


def test_other_choice_needs_its_text(survey):
    other = survey.often.c["Sonstiges"]
    assert check(survey, survey.often, raw(other.pk)).errors == [
        "Bitte schreiben Sie, was Sie mit „Sonstiges“ meinen."
    ]
    checked = check(survey, survey.often, raw(other.pk, other="Zum Arbeiten"))
    assert not checked.errors
    assert checked.answers[0].text == "Zum Arbeiten"


def test_multiple_choice_keeps_min_and_max(survey):
    c = survey.doing.c
    assert check(survey, survey.doing, raw(c["Café"].pk, c["Markt"].pk)).answers
    too_many = check(survey, survey.doing, raw(c["Café"].pk, c["Markt"].pk, c["Einkaufen"].pk))
    assert too_many.errors == ["Bitte wählen Sie höchstens 2 Antworten."]
    # Unanswered and optional: no minimum applies.
    assert check(survey, survey.doing, raw()).errors == []


def test_ranking_needs_distinct_ranks_and_renumbers_them(survey):
    c = list(survey.ranking.c.values())
    checked = check(survey, survey.ranking, raw(ranks={c[0].pk: "3", c[1].pk: "1", c[2].pk: "2"}))
    assert not checked.errors
    assert [(a.choice.text, a.rank) for a in checked.answers] == [
        ("Bänke", 1), ("Brunnen", 2), ("Bäume", 3)
    ]
    assert check(survey, survey.ranking, raw(ranks={c[0].pk: "1", c[1].pk: "1"})).errors == [
        "Jeder Rang darf nur einmal vorkommen."
    ]
    # Required without a minimum: every choice must get a rank.
    assert check(survey, survey.ranking, raw(ranks={c[0].pk: "1"})).errors == [
        "Bitte wählen Sie mindestens 3 Antworten."
    ]
    assert check(survey, survey.ranking, raw(ranks={c[0].pk: "7"})).errors


def test_matrix_single_takes_one_choice_per_row_and_every_row_when_required(survey):
    rows, cols = survey.matrix.r, survey.matrix.c
    full = raw(cells={rows["Sauberkeit"].pk: [str(cols["gut"].pk)],
                      rows["Beleuchtung"].pk: [str(cols["schlecht"].pk)]})
    assert len(check(survey, survey.matrix, full).answers) == 2
    half = raw(cells={rows["Sauberkeit"].pk: [str(cols["gut"].pk)]})
    assert check(survey, survey.matrix, half).errors == ["Bitte beantworten Sie jede Zeile."]
    two = raw(cells={rows["Sauberkeit"].pk: [str(cols["gut"].pk), str(cols["mittel"].pk)]})
    assert "nur eine Antwort" in check(survey, survey.matrix, two).errors[0]


def test_matrix_multiple_takes_several_choices_per_row(survey):
    rows, cols = survey.times.r, survey.times.c
    checked = check(
        survey, survey.times,
        raw(cells={rows["Abend"].pk: [str(cols["Werktag"].pk), str(cols["Wochenende"].pk)]}),
    )
    assert not checked.errors and len(checked.answers) == 2


def test_texts_keep_their_length(survey):
    assert check(survey, survey.name, raw("Anna")).answers[0].text == "Anna"
    assert check(survey, survey.name, raw("x" * 301)).errors
    assert check(survey, survey.missing, raw("x" * 5000)).answers
    assert check(survey, survey.missing, raw("x" * 5001)).errors


@pytest.mark.parametrize(
    ("typed", "number"),
    [("12", Decimal("12")), ("3,5", Decimal("3.5")), ("-0.25", Decimal("-0.25")),
     ("1.234,5", Decimal("1234.5"))],
)
def test_numbers_as_typed_in_germany(typed, number):
    assert parse_number(typed) == number


def test_a_number_must_be_a_number(survey):
    assert check(survey, survey.age, raw("zwölf")).errors == [
        "Bitte geben Sie eine Zahl ein, zum Beispiel 12 oder 3,5."
    ]
    assert check(survey, survey.age, raw("NaN")).errors
    assert check(survey, survey.age, raw("1e20")).errors


def test_dates_from_the_date_field_or_typed(survey):
    may_first = datetime.date(2020, 5, 1)
    assert check(survey, survey.since, raw("2020-05-01")).answers[0].date == may_first
    assert check(survey, survey.since, raw("1.5.2020")).answers[0].date == may_first
    assert check(survey, survey.since, raw("31.2.2020")).errors


def test_district_must_be_one_of_the_project_or_the_city():
    districts = load_demo_districts()
    survey = market_square_survey()
    from participation.polls.services import answer_districts

    choices = answer_districts(survey.poll)
    zentrum = districts["jena-zentrum"]
    assert check(survey, survey.district, raw(zentrum.pk), choices).answers[0].district == zentrum
    survey.project.districts.add(districts["neulobeda"])
    only_lobeda = answer_districts(survey.poll)
    assert check(survey, survey.district, raw(zentrum.pk), only_lobeda).errors


def test_point_inside_the_project_area_gets_its_district():
    districts = load_demo_districts()
    survey = market_square_survey()
    inside = check(survey, survey.place, RawAnswer(latitude=str(JENA_CENTRE[1]),
                                                   longitude=str(JENA_CENTRE[0])))
    assert not inside.errors
    assert inside.answers[0].point == {"type": "Point", "coordinates": list(JENA_CENTRE)}
    assert inside.answers[0].district is not None
    outside = check(survey, survey.place, RawAnswer(latitude="50.80", longitude="11.40"))
    assert "außerhalb des Projektgebiets" in outside.errors[0]
    assert districts


def test_point_from_the_map_field(survey):
    location = '{"type": "Point", "coordinates": [11.5861, 50.9272]}'
    assert check(survey, survey.place, RawAnswer(location=location)).answers
    assert check(survey, survey.place, RawAnswer(location="kein geojson")).errors


def test_point_without_a_map_needs_district_and_description():
    districts = load_demo_districts()
    survey = market_square_survey()
    choices = {d.pk: d for d in districts.values()}
    zentrum = districts["jena-zentrum"]
    only_district = RawAnswer(district=str(zentrum.pk))
    assert check(survey, survey.place, only_district, choices).errors
    both = RawAnswer(district=str(zentrum.pk), description="vor dem Rathaus")
    answer = check(survey, survey.place, both, choices).answers[0]
    assert (answer.district, answer.text, answer.point) == (zentrum, "vor dem Rathaus", None)


# --- Drafts and conditions ------------------------------------------------------------------


def test_a_section_is_saved_as_the_draft_and_replaced_when_saved_again(survey):
    draft = save(survey, survey.anna, 1, {survey.often: raw(survey.often.c["täglich"].pk)})
    assert draft.state == SubmissionState.DRAFT and draft.person == survey.anna
    save(survey, survey.anna, 1, {survey.often: raw(survey.often.c["selten"].pk)})
    assert [a.choice.text for a in Answer.objects.filter(submission=draft)] == ["selten"]
    assert Submission.objects.count() == 1


def test_required_questions_are_asked_on_next_not_when_saving_a_draft(survey):
    save(survey, survey.anna, 1, {})
    with pytest.raises(Invalid) as error:
        save(survey, survey.anna, 1, {}, check_required=True)
    assert error.value.message_dict == {
        f"q{survey.often.pk}": ["Bitte beantworten Sie diese Frage."]
    }


def test_malformed_answers_save_nothing(survey):
    save(survey, survey.anna, 3, {survey.name: raw("Anna")})
    with pytest.raises(Invalid) as error:
        save(survey, survey.anna, 3, {survey.name: raw("Bea"), survey.age: raw("alt")})
    assert list(error.value.message_dict) == [f"q{survey.age.pk}"]
    assert Answer.objects.get(question=survey.name).text == "Anna"


def test_a_question_hidden_in_the_same_section_is_dropped_and_not_required(survey):
    often, doing = survey.often, survey.doing
    draft = save(
        survey, survey.anna, 1,
        {often: raw(often.c["selten"].pk), doing: raw(doing.c["Café"].pk, doing.c["Markt"].pk,
                                                        doing.c["Einkaufen"].pk)},
        check_required=True,
    )
    # "selten": the question about what one does is hidden, its (too many) answers dropped.
    assert not draft.answers.filter(question=doing).exists()


def test_a_question_on_an_earlier_section_follows_that_answer(survey):
    often, missing = survey.often, survey.missing
    save(survey, survey.anna, 1, {often: raw(often.c["täglich"].pk)})
    draft = save(survey, survey.anna, 2, {missing: raw("Mehr Schatten")})
    assert draft.answers.filter(question=missing).exists()
    # Changing the earlier answer hides the question and drops its answer.
    save(survey, survey.anna, 1, {often: raw(often.c["wöchentlich"].pk)})
    assert not draft.answers.filter(question=missing).exists()
    # Hidden, it is not saved either.
    save(survey, survey.anna, 2, {missing: raw("Mehr Schatten")})
    assert not draft.answers.filter(question=missing).exists()


# --- Submitting once ----------------------------------------------------------------------


def test_submit_turns_the_draft_into_the_submitted_answers(survey):
    fill_required(survey, survey.anna)
    received = []
    events.poll_submitted.connect(lambda **kw: received.append(kw), weak=False, dispatch_uid="t")
    try:
        submission = poll_submit(user=survey.anna, poll=survey.poll)
    finally:
        events.poll_submitted.disconnect(dispatch_uid="t")
    assert submission.state == SubmissionState.SUBMITTED
    assert submission.person == survey.anna and submission.submitted_at is not None
    assert not Submission.objects.filter(state=SubmissionState.DRAFT).exists()
    assert received[0]["submission"] == submission


def test_submit_asks_for_the_missing_required_answers(survey):
    save(survey, survey.anna, 1, {survey.often: raw(survey.often.c["täglich"].pk)})
    with pytest.raises(Invalid) as error:
        poll_submit(user=survey.anna, poll=survey.poll)
    assert set(error.value.message_dict) == {f"q{survey.ranking.pk}", f"q{survey.matrix.pk}"}


def test_nothing_to_submit_without_a_draft(survey):
    with pytest.raises(Invalid):
        poll_submit(user=survey.anna, poll=survey.poll)


def test_a_second_submit_is_refused(survey):
    fill_required(survey, survey.anna)
    poll_submit(user=survey.anna, poll=survey.poll)
    with pytest.raises(Conflict):
        save(survey, survey.anna, 1, {survey.often: raw(survey.often.c["selten"].pk)})
    with pytest.raises(Conflict):
        poll_submit(user=survey.anna, poll=survey.poll)


def test_the_database_allows_one_submitted_answer_sheet_per_person(survey):
    Submission.objects.create(poll=survey.poll, person=survey.anna, state="submitted")
    with pytest.raises(IntegrityError), transaction.atomic():
        Submission.objects.create(poll=survey.poll, person=survey.anna, state="submitted")


def test_a_lost_race_is_already_submitted_not_an_error(survey, monkeypatch):
    """Two submits at once: the rule let both through, the constraint stops the second."""
    fill_required(survey, survey.anna)
    Submission.objects.create(poll=survey.poll, person=survey.anna, state="submitted")
    # The earlier submission replaced in a change: here the poll is not changeable, but
    # the rule saw nothing yet (the parallel request had not committed).
    monkeypatch.setattr("participation.polls.services.may_answer", lambda user, poll: None)
    monkeypatch.setattr(
        "participation.polls.services.Submission.objects.filter",
        _filter_hiding_submitted(Submission.objects.filter),
    )
    with pytest.raises(Conflict) as error:
        poll_submit(user=survey.anna, poll=survey.poll)
    assert error.value.messages == ["Sie haben diese Umfrage bereits abgeschickt."]


def _filter_hiding_submitted(original):
    """Submission.objects.filter that does not find (so does not delete) the submitted
    row, as a parallel request's uncommitted row would not be found."""

    def filter_(*args, **kwargs):
        if kwargs.get("state") == SubmissionState.SUBMITTED:
            return Submission.objects.none()
        return original(*args, **kwargs)

    return filter_


def test_closed_poll_refuses_answers(survey):
    ended(survey.poll)
    with pytest.raises(Closed):
        save(survey, survey.anna, 1, {})


def test_an_unverified_person_cannot_answer(survey):
    with pytest.raises(NotAllowed):
        save(survey, UserFactory(verified=False), 1, {})


# --- Changing until the end ---------------------------------------------------------------


def test_changeable_answers_are_changed_until_the_phase_ends():
    survey = market_square_survey(answers_changeable=True)
    fill_required(survey, survey.anna)
    first = poll_submit(user=survey.anna, poll=survey.poll)
    # The change starts a draft from the submitted answers.
    draft = save(survey, survey.anna, 1, {survey.often: raw(survey.often.c["selten"].pk)})
    assert draft.pk != first.pk
    assert draft.answers.filter(question=survey.ranking).count() == 3
    assert Submission.objects.get(pk=first.pk).state == SubmissionState.SUBMITTED
    second = poll_submit(user=survey.anna, poll=survey.poll)
    assert not Submission.objects.filter(pk=first.pk).exists()
    assert Answer.objects.get(submission=second, question=survey.often).choice.text == "selten"
    ended(survey.poll)
    with pytest.raises(Closed):
        save(survey, survey.anna, 1, {survey.often: raw(survey.often.c["täglich"].pk)})


# --- Anonymous polls ----------------------------------------------------------------------


def test_anonymous_answers_are_not_linked_to_the_person():
    survey = market_square_survey(anonymous=True)
    other = UserFactory()
    fill_required(survey, other)
    poll_submit(user=other, poll=survey.poll)
    fill_required(survey, survey.anna, often="täglich")
    draft = Submission.objects.get(person=survey.anna, state="draft")
    assert draft.person == survey.anna  # while filling in, the draft is hers
    poll_submit(user=survey.anna, poll=survey.poll)

    assert not Submission.objects.filter(person__isnull=False).exists()  # drafts deleted
    assert not Submission.objects.filter(pk=draft.pk).exists()
    submissions = list(Submission.objects.all())
    participations = list(Participation.objects.all())
    assert {p.person for p in participations} == {other, survey.anna}
    for submission in submissions:
        row = Submission.objects.filter(pk=submission.pk).values().get()
        # Nothing in the row points at a person or a moment.
        assert row["person_id"] is None
        assert row["submitted_at"] is None and row["saved_at"] is None
        assert isinstance(row["submitted_on"], datetime.date)
    # Random keys: neither the submissions' nor the participations' keys follow the order
    # in which people took part, nor do they share any value.
    for obj in submissions + participations + list(Answer.objects.all()):
        assert isinstance(obj.pk, uuid.UUID) and obj.pk.version == 4
    assert not {s.pk for s in submissions} & {p.pk for p in participations}
    participation_fields = {f.name for f in Participation._meta.get_fields()}
    assert participation_fields == {"id", "poll", "person"}


def test_anonymous_poll_refuses_a_second_participation():
    survey = market_square_survey(anonymous=True)
    fill_required(survey, survey.anna)
    poll_submit(user=survey.anna, poll=survey.poll)
    with pytest.raises(Conflict):
        save(survey, survey.anna, 1, {})
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(poll=survey.poll, person=survey.anna)


def test_anonymous_and_changeable_cannot_be_combined():
    from django.core.exceptions import ValidationError

    survey = market_square_survey(anonymous=True)
    survey.poll.answers_changeable = True
    with pytest.raises(ValidationError) as error:
        survey.poll.full_clean()
    assert "answers_changeable" in error.value.message_dict


# --- The admin's guard ------------------------------------------------------------------------


def test_a_question_with_answers_cannot_be_deleted(survey):
    fill_required(survey, survey.anna)
    with pytest.raises(Conflict):
        question_delete(question=survey.often)
    question_delete(question=survey.name)  # no answers: fine
