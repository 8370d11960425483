"""factory_boy factories of the polls, and the survey the poll tests start from
(``market_square_survey``, in the style of ``tests.scenarios``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import factory
from django.utils import timezone

from participation.polls.models import (
    Choice,
    ConditionOperator,
    MatrixRow,
    Poll,
    Question,
    QuestionKind,
    Section,
)
from participation.polls.services import RawAnswer
from projects.models import Phase, Project
from tests.factories import PhaseFactory, ProjectFactory, UserFactory
from users.models import User


class PollPhaseFactory(PhaseFactory):
    """A running poll phase (started a day ago, ends in 30 days), nothing else allowed."""

    type = Phase.Type.POLL
    allows_ideas = False
    allows_comments = False
    allows_votes = False


class PollFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Poll

    phase = factory.SubFactory(PollPhaseFactory)
    title = factory.Sequence(lambda n: f"Umfrage {n + 1}")
    intro = "Sagen Sie uns Ihre Meinung."


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    poll = factory.SubFactory(PollFactory)
    order = factory.Sequence(lambda n: (n + 1) * 10)
    title = factory.Sequence(lambda n: f"Abschnitt {n + 1}")


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    section = factory.SubFactory(SectionFactory)
    order = factory.Sequence(lambda n: (n + 1) * 10)
    kind = QuestionKind.SHORT_TEXT
    text = factory.Sequence(lambda n: f"Frage {n + 1}?")


class ChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Choice

    question = factory.SubFactory(QuestionFactory, kind=QuestionKind.SINGLE)
    order = factory.Sequence(lambda n: (n + 1) * 10)
    text = factory.Sequence(lambda n: f"Antwort {n + 1}")


class MatrixRowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MatrixRow

    question = factory.SubFactory(QuestionFactory, kind=QuestionKind.MATRIX_SINGLE)
    order = factory.Sequence(lambda n: (n + 1) * 10)
    text = factory.Sequence(lambda n: f"Zeile {n + 1}")


def question(section, kind, text, *, choices=(), rows=(), other=False, **fields) -> Question:
    """A question of ``kind`` with ``choices`` (texts; with ``other`` a last
    "Sonstiges" choice) and matrix ``rows``; ``q.c[text]`` / ``q.r[text]`` name them."""
    made = QuestionFactory(section=section, kind=kind, text=text, **fields)
    made.c = {t: ChoiceFactory(question=made, text=t) for t in choices}
    if other:
        made.c["Sonstiges"] = ChoiceFactory(question=made, text="Sonstiges", is_other=True)
    made.r = {t: MatrixRowFactory(question=made, text=t) for t in rows}
    return made


def raw(*values, **fields) -> RawAnswer:
    """What a person sent for one question: ``raw(choice.pk)``, ``raw("12,5")``,
    ``raw(ranks={…})`` …; numbers become strings as a browser sends them."""
    return RawAnswer(values=[str(v) for v in values], **fields)


@dataclass
class Survey:
    """The survey "Wie soll der Marktplatz werden?" of the project "Marktplatz" (area: a
    square around Jena's centre), open for 30 more days, in three sections:

    1. "Ihr Besuch": ``often`` (single, required: täglich, wöchentlich, selten,
       Sonstiges) and ``doing`` (multiple, 1 to 2 of Einkaufen, Café, Markt; only when
       ``often`` is not "selten": a condition within the section);
    2. "Ihre Wünsche": ``ranking`` (Bäume, Bänke, Brunnen; required: all ranked),
       ``matrix`` (single per row, required: Sauberkeit, Beleuchtung × gut, mittel,
       schlecht) and ``missing`` (long text; only when ``often`` is "täglich": a
       condition on an earlier section);
    3. "Zu Ihrer Person": ``age`` (number), ``since`` (date), ``district``, ``place``
       (point), ``name`` (short text), ``times`` (matrix, several per row: Vormittag,
       Abend × Werktag, Wochenende), all optional.

    ``anna`` has a verified e-mail address (no confirmed residence needed here)."""

    project: Project
    poll: Poll
    sections: list[Section]
    often: Question
    doing: Question
    ranking: Question
    matrix: Question
    missing: Question
    age: Question
    since: Question
    district: Question
    place: Question
    name: Question
    times: Question
    anna: User


def market_square_survey(**poll_fields) -> Survey:
    project = ProjectFactory(title="Marktplatz", slug="marktplatz")
    poll = PollFactory(
        phase=PollPhaseFactory(project=project),
        title="Wie soll der Marktplatz werden?",
        **poll_fields,
    )
    visit = SectionFactory(poll=poll, order=10, title="Ihr Besuch")
    wishes = SectionFactory(poll=poll, order=20, title="Ihre Wünsche")
    person = SectionFactory(poll=poll, order=30, title="Zu Ihrer Person")
    often = question(
        visit, QuestionKind.SINGLE, "Wie oft sind Sie am Markt?",
        choices=("täglich", "wöchentlich", "selten"), other=True, required=True,
    )
    doing = question(
        visit, QuestionKind.MULTIPLE, "Was machen Sie dort?",
        choices=("Einkaufen", "Café", "Markt"), min_choices=1, max_choices=2,
        condition_question=often, condition_operator=ConditionOperator.DIFFERS,
        condition_choice=often.c["selten"],
    )
    ranking = question(
        wishes, QuestionKind.RANKING, "Was ist Ihnen am wichtigsten?",
        choices=("Bäume", "Bänke", "Brunnen"), required=True,
    )
    matrix = question(
        wishes, QuestionKind.MATRIX_SINGLE, "Wie bewerten Sie den Markt?",
        choices=("gut", "mittel", "schlecht"), rows=("Sauberkeit", "Beleuchtung"),
        required=True,
    )
    missing = question(
        wishes, QuestionKind.LONG_TEXT, "Was fehlt Ihnen jeden Tag?",
        condition_question=often, condition_operator=ConditionOperator.EQUALS,
        condition_choice=often.c["täglich"], help_text="Alles, was Ihnen einfällt.",
    )
    age = question(person, QuestionKind.NUMBER, "Wie alt sind Sie?")
    since = question(person, QuestionKind.DATE, "Seit wann wohnen Sie in Jena?")
    district = question(person, QuestionKind.DISTRICT, "In welchem Ortsteil wohnen Sie?")
    place = question(person, QuestionKind.POINT, "Wo fehlt eine Bank?")
    name = question(person, QuestionKind.SHORT_TEXT, "Wie sollen wir Sie nennen?")
    times = question(
        person, QuestionKind.MATRIX_MULTIPLE, "Wann sind Sie dort?",
        choices=("Werktag", "Wochenende"), rows=("Vormittag", "Abend"),
    )
    return Survey(
        project=project, poll=poll, sections=[visit, wishes, person], often=often,
        doing=doing, ranking=ranking, matrix=matrix, missing=missing, age=age, since=since,
        district=district, place=place, name=name, times=times,
        anna=UserFactory(display_name="Anna"),
    )


def ended(poll: Poll) -> None:
    """The poll's phase ended a minute ago."""
    now = timezone.now()
    Phase.objects.filter(pk=poll.phase_id).update(
        start=now - datetime.timedelta(days=10), end=now - datetime.timedelta(minutes=1)
    )
    poll.phase.refresh_from_db()


def poll_with_questions(count: int) -> Poll:
    """A poll whose one section holds ``count`` questions of every kind in turn."""
    poll = PollFactory()
    section = SectionFactory(poll=poll)
    kinds = list(QuestionKind)
    for index in range(count):
        kind = kinds[index % len(kinds)]
        question(
            section, kind, f"Frage {index + 1}?",
            choices=("eins", "zwei", "drei"), rows=("oben", "unten"), other=True,
        )
    return poll
