"""Demo data of the polls: the project „Probierladen und ProbierMobil: Ihre Meinung“ of
the Volkshochschule (measures 5.1 and 5.2 of the strategy) with two polls.

* „Wie kommen Sie zum Smart City Probierladen?“ — open now (started twelve days ago,
  ends in three weeks), not anonymous, results shown live. Three sections with every
  common kind: single choice with "Sonstiges", a question shown only to those who come
  by bus or tram (a condition), a number, a district, multiple choice (at most three), a
  ranking, a matrix, a point on the map and a short text. About 240 people answered:
  the demo residents except the first (Anna, who signs in with the printed password and
  can answer herself) and 200 further demo participants.
* „Wie hat Ihnen das ProbierMobil gefallen?“ — closed (ended six weeks ago), anonymous,
  results after the phase: 120 anonymous answers (no person, only the day) and, apart
  from them, the records that those people took part.

ILLUSTRATIVE, like the rest of the demo. The answers are planned from one
``random.Random`` seeded with 2026 and written as rows with ``bulk_create`` (a few
thousand rows in well under a second); answering through the services would check each
person's eligibility and every answer again, for nothing, and take a minute. The plan
keeps the rules: one submission per person, the conditional question only where its
condition holds, at most three choices, full rankings, points inside Jena with their
district derived.

Idempotent: the project is matched by slug, its phases by title, the polls by phase;
the answers are written only with a poll this run created, so a second run adds nothing
and what was changed during a demo stays.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from measures.models import Measure, OrganisationalUnit
from participation.polls.models import (
    Answer,
    Choice,
    ConditionOperator,
    MatrixRow,
    Participation,
    Poll,
    Question,
    QuestionKind,
    ResultsVisibility,
    Section,
    Submission,
    SubmissionState,
)
from projects import services as project_services
from projects.models import Phase, Project

SEED = 2026
DOMAIN = "jena-smart.example"
SLUG = "probierladen-ihre-meinung"
PARTICIPANTS = 200
PARTICIPANT_EMAIL = "umfrage{n:03d}@" + DOMAIN
ANONYMOUS_ANSWERS = 120
DAY = datetime.timedelta(days=1)

OPEN_TITLE = "Wie kommen Sie zum Smart City Probierladen?"
CLOSED_TITLE = "Wie hat Ihnen das ProbierMobil gefallen?"

# Jena's districts by how many people come from there (the Probierladen is in the
# centre, Grietgasse; the demo's weights for ideas, with the centre a little stronger).
DISTRICT_WEIGHTS = {
    "Jena-Zentrum": 12, "Jena-Nord": 8, "Jena-West": 7, "Jena-Süd": 7, "Wenigenjena": 6,
    "Neulobeda": 6, "Lobeda-Altstadt": 3, "Winzerla": 5, "Burgau": 2, "Göschwitz": 1,
    "Ammerbach": 2, "Lichtenhain": 2, "Kernberge": 2, "Wöllnitz": 2, "Ziegenhain": 1,
    "Zwätzen": 3, "Löbstedt": 2, "Drackendorf": 1,
}
# Where the ProbierMobil should stop: places people would name.
STOP_DISTRICTS = ("Neulobeda", "Winzerla", "Lobeda-Altstadt", "Zwätzen", "Burgau", "Jena-Nord")
REMARKS = (
    "Bitte mehr Fahrradbügel vor dem Laden.",
    "Der Eingang ist mit dem Rollator schwer zu finden.",
    "Gern auch Termine am Samstagvormittag.",
    "Die Beratung war sehr geduldig, danke!",
    "Eine Haltestelle direkt vor der Tür wäre toll.",
    "Könnte das ProbierMobil auch zu den Seniorentreffs kommen?",
    "Bitte Kurse auch auf Englisch und Arabisch.",
    "Mehr Angebote für Jugendliche am Nachmittag.",
)
IMPROVEMENTS = (
    "Längere Standzeiten in den Ortsteilen.",
    "Ankündigung der Termine auch in der Zeitung.",
    "Mehr Tablets, an denen man üben kann.",
    "Eine Sitzgelegenheit vor dem Fahrzeug.",
    "Öfter nach Winzerla kommen.",
)


@dataclass(frozen=True)
class Q:
    """A question of the plan: kind, text, choices (the last one "Sonstiges" with
    ``other``), matrix rows and the rest of the question's fields."""

    key: str
    kind: str
    text: str
    choices: tuple[str, ...] = ()
    rows: tuple[str, ...] = ()
    other: bool = False
    required: bool = False
    min_choices: int | None = None
    max_choices: int | None = None
    help_text: str = ""


OPEN_SECTIONS: tuple[tuple[str, str, tuple[Q, ...]], ...] = (
    (
        "Ihr Weg",
        "Der Probierladen ist in der Grietgasse, mitten in der Stadt.",
        (
            Q("way", QuestionKind.SINGLE, "Wie kommen Sie meistens zum Probierladen?",
              ("zu Fuß", "mit dem Fahrrad", "mit Bus oder Straßenbahn", "mit dem Auto"),
              other=True, required=True),
            Q("line", QuestionKind.SINGLE, "Womit fahren Sie meistens?",
              ("Straßenbahn", "Stadtbus", "Regionalbus"), required=True),
            Q("minutes", QuestionKind.NUMBER, "Wie viele Minuten sind Sie unterwegs?",
              help_text="Ungefähr, für einen Weg."),
            Q("district", QuestionKind.DISTRICT, "Aus welchem Ortsteil kommen Sie?"),
        ),
    ),
    (
        "Der Probierladen",
        "",
        (
            Q("try", QuestionKind.MULTIPLE, "Was möchten Sie ausprobieren?",
              ("Smartphone und Tablet", "VR-Brille", "3D-Druck", "Smart Home",
               "KI im Alltag", "Online-Dienste der Stadt"),
              required=True, min_choices=1, max_choices=3,
              help_text="Höchstens drei."),
            Q("hours", QuestionKind.RANKING,
              "Welche Öffnungszeiten sind Ihnen am wichtigsten?",
              ("vormittags", "nachmittags", "abends", "samstags"), required=True,
              help_text="Bringen Sie alle in eine Reihenfolge: 1 ist am wichtigsten."),
            Q("rating", QuestionKind.MATRIX_SINGLE, "Wie finden Sie …",
              ("gut", "es geht", "schlecht", "weiß nicht"),
              rows=("die Erreichbarkeit", "die Beratung", "die Geräte"), required=True),
        ),
    ),
    (
        "Das ProbierMobil",
        "Der Probierladen auf Rädern kommt in die Ortsteile.",
        (
            Q("stop", QuestionKind.POINT, "Wo sollte das ProbierMobil einmal halten?",
              help_text="Setzen Sie einen Punkt auf die Karte oder nennen Sie den Ort."),
            Q("remark", QuestionKind.SHORT_TEXT, "Möchten Sie uns noch etwas sagen?"),
        ),
    ),
)

CLOSED_SECTIONS: tuple[tuple[str, str, tuple[Q, ...]], ...] = (
    (
        "Ihr Besuch",
        "",
        (
            Q("where", QuestionKind.DISTRICT,
              "In welchem Ortsteil haben Sie das ProbierMobil besucht?", required=True),
            Q("tried", QuestionKind.MULTIPLE, "Was haben Sie ausprobiert?",
              ("Smartphone und Tablet", "VR-Brille", "Online-Dienste der Stadt",
               "Videotelefonie"), min_choices=1, max_choices=2),
            Q("content", QuestionKind.MATRIX_SINGLE, "Wie zufrieden waren Sie mit …",
              ("sehr zufrieden", "zufrieden", "unzufrieden"),
              rows=("der Beratung", "den Geräten", "der Dauer des Besuchs"), required=True),
            Q("better", QuestionKind.LONG_TEXT, "Was können wir besser machen?"),
        ),
    ),
)


# --- accounts -------------------------------------------------------------------------------


def participants_ensure(result) -> list:
    """The further demo participants (verified, no usable password), created in bulk."""
    user_model = get_user_model()
    emails = [PARTICIPANT_EMAIL.format(n=n) for n in range(1, PARTICIPANTS + 1)]
    existing = set(user_model.objects.filter(email__in=emails).values_list("email", flat=True))
    missing = [
        user_model(
            email=email,
            display_name=f"Demo-Teilnehmerin {n}",
            password=make_password(None),
        )
        for n, email in enumerate(emails, start=1)
        if email not in existing
    ]
    if missing:
        created = user_model.objects.bulk_create(missing)
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in created]
        )
        result.add("poll_participants", len(created))
    return list(user_model.objects.filter(email__in=emails).order_by("email"))


# --- project, phases, questionnaires ------------------------------------------------------------


def _midnight(moment: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(moment).replace(hour=0, minute=0, second=0, microsecond=0)


def _phases(now: datetime.datetime) -> list[Phase]:
    today = _midnight(now)
    common = {"type": Phase.Type.POLL, "allows_ideas": False, "allows_comments": False,
              "allows_votes": False}
    return [
        Phase(
            title="Umfrage zum ProbierMobil",
            title_en="Survey on the ProbierMobil",
            description="Wie war Ihr Besuch im ProbierMobil? Die Umfrage ist anonym.",
            description_en="How was your visit to the ProbierMobil? The survey is anonymous.",
            start=today - 75 * DAY,
            end=today - 45 * DAY,
            **common,
        ),
        Phase(
            title="Umfrage zum Probierladen",
            title_en="Survey on the Probierladen",
            description="Wie kommen Sie zum Probierladen, und was möchten Sie dort "
            "ausprobieren?",
            description_en="How do you get to the Probierladen, and what would you like "
            "to try there?",
            start=today - 12 * DAY,
            end=today + 23 * DAY,
            **common,
        ),
    ]


def project_ensure(now: datetime.datetime, moderator, result) -> Project:
    project = Project.objects.filter(slug=SLUG).first()
    created = project is None
    if created:
        project = project_services.project_save(
            project=Project(
                title="Probierladen und ProbierMobil: Ihre Meinung",
                title_en="Probierladen and ProbierMobil: your opinion",
                slug=SLUG,
                summary="Die Volkshochschule fragt: Wie kommen Sie zum Probierladen, was "
                "möchten Sie ausprobieren, und wie war das ProbierMobil?",
                summary_en="The adult education centre asks: how do you get to the "
                "Probierladen, what would you like to try, and how was the ProbierMobil?",
                description="Im Probierladen der Volkshochschule in der Grietgasse können "
                "alle digitale Technik ausprobieren, mit Beratung und ohne Kaufdruck; das "
                "ProbierMobil bringt das Angebot in die Ortsteile. Mit zwei Umfragen plant "
                "die Volkshochschule Öffnungszeiten, Angebote und die Haltestellen des "
                "ProbierMobils.",
                description_en="In the adult education centre's Probierladen in Grietgasse "
                "everyone can try out digital technology, with advice and no pressure to "
                "buy; the ProbierMobil takes it to the districts. With two surveys the "
                "centre plans opening hours, offers and the ProbierMobil's stops.",
                responsible_unit=OrganisationalUnit.objects.filter(slug="volkshochschule").first(),
            ),
            actor=None,
        )
        project.measures.set(Measure.objects.filter(code__in=("5.1", "5.2")))
        result.add("poll_projects")
    have = set(project.phases.values_list("title_de", flat=True))
    missing = [phase for phase in _phases(now) if phase.title not in have]
    if missing:
        project_services.project_phases_save(
            project=project, phases=missing, deleted=[], actor=None
        )
        result.add("poll_phases", len(missing))
    if created:
        project_services.project_publish(project=project, actor=None)
    project_services.project_moderator_grant(project=project, holder=moderator, actor=None)
    return project


def _questionnaire(poll: Poll, sections) -> dict[str, Question]:
    """Sections, questions, choices and rows of ``sections`` (the plan); key → question,
    each with ``c`` (text → Choice) and ``r`` (text → MatrixRow)."""
    questions: dict[str, Question] = {}
    for s_index, (title, description, items) in enumerate(sections, start=1):
        section = Section.objects.create(
            poll=poll, order=s_index * 10, title=title, description=description
        )
        for q_index, spec in enumerate(items, start=1):
            question = Question.objects.create(
                section=section, order=q_index * 10, kind=spec.kind, text=spec.text,
                help_text=spec.help_text, required=spec.required,
                min_choices=spec.min_choices, max_choices=spec.max_choices,
            )
            texts = [*spec.choices, *(["Sonstiges"] if spec.other else [])]
            question.c = {
                text: c
                for text, c in zip(texts, Choice.objects.bulk_create([
                    Choice(question=question, order=i * 10, text=text,
                           is_other=spec.other and text == "Sonstiges")
                    for i, text in enumerate(texts, start=1)
                ]), strict=True)
            }
            question.r = {
                text: r
                for text, r in zip(spec.rows, MatrixRow.objects.bulk_create([
                    MatrixRow(question=question, order=i * 10, text=text)
                    for i, text in enumerate(spec.rows, start=1)
                ]), strict=True)
            }
            questions[spec.key] = question
    return questions


# --- answers (planned, then written in bulk) -----------------------------------------------------


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _order(rng: random.Random, items: list, weights: list[float]) -> list:
    """All of ``items`` in an order drawn by ``weights`` (heavier ones first, mostly)."""
    items, weights, ordered = list(items), list(weights), []
    while items:
        index = rng.choices(range(len(items)), weights=weights)[0]
        ordered.append(items.pop(index))
        weights.pop(index)
    return ordered


def _open_answers(rng, q: dict[str, Question], home: str, districts, by_name) -> list[Answer]:
    way = _weighted(rng, {"zu Fuß": 24, "mit dem Fahrrad": 22, "mit Bus oder Straßenbahn": 38,
                          "mit dem Auto": 11, "Sonstiges": 5})
    answers = [Answer(question=q["way"], choice=q["way"].c[way],
                      text=rng.choice(("mit dem E-Roller", "ich werde gebracht"))
                      if way == "Sonstiges" else "")]
    if way == "mit Bus oder Straßenbahn":  # the condition of "line"
        line = _weighted(rng, {"Straßenbahn": 6, "Stadtbus": 3, "Regionalbus": 1})
        answers.append(Answer(question=q["line"], choice=q["line"].c[line]))
    minutes = {"zu Fuß": (5, 25), "mit dem Fahrrad": (5, 20), "mit dem Auto": (10, 30)}.get(
        way, (10, 45)
    )
    if rng.random() < 0.9:
        answers.append(Answer(question=q["minutes"], number=rng.randint(*minutes)))
    if home in by_name and rng.random() < 0.95:
        answers.append(Answer(question=q["district"], district=by_name[home]))
    tried = rng.sample(list(q["try"].c.values()), rng.choices((1, 2, 3), (3, 4, 3))[0])
    answers += [Answer(question=q["try"], choice=c) for c in tried]
    hours = _order(rng, list(q["hours"].c.values()), [2, 4, 3, 3])
    answers += [Answer(question=q["hours"], choice=c, rank=r) for r, c in enumerate(hours, 1)]
    grades = list(q["rating"].c.values())
    for row in q["rating"].r.values():
        answers.append(Answer(question=q["rating"], row=row,
                              choice=rng.choices(grades, (6, 3, 1, 1))[0]))
    if rng.random() < 0.35:
        name = rng.choice(STOP_DISTRICTS)
        lon, lat = districts.sample(rng, name)
        answers.append(Answer(question=q["stop"], district=by_name[name],
                              point={"type": "Point", "coordinates": [lon, lat]}))
    if rng.random() < 0.15:
        answers.append(Answer(question=q["remark"], text=rng.choice(REMARKS)))
    return answers


def _closed_answers(rng, q: dict[str, Question], by_name) -> list[Answer]:
    where = _weighted(rng, {name: 1 for name in STOP_DISTRICTS if name in by_name})
    answers = [Answer(question=q["where"], district=by_name[where])]
    if rng.random() < 0.9:
        tried = rng.sample(list(q["tried"].c.values()), rng.choice((1, 2)))
        answers += [Answer(question=q["tried"], choice=c) for c in tried]
    grades = list(q["content"].c.values())
    for row in q["content"].r.values():
        answers.append(Answer(question=q["content"], row=row,
                              choice=rng.choices(grades, (5, 4, 1))[0]))
    if rng.random() < 0.2:
        answers.append(Answer(question=q["better"], text=rng.choice(IMPROVEMENTS)))
    return answers


def _moment(rng: random.Random, start: datetime.datetime, end: datetime.datetime):
    return start + datetime.timedelta(seconds=rng.uniform(0, (end - start).total_seconds()))


def _write(submissions: list[Submission], answers: list[list[Answer]]) -> int:
    Submission.objects.bulk_create(submissions, batch_size=500)
    rows = []
    for submission, own in zip(submissions, answers, strict=True):
        for answer in own:
            answer.submission = submission
            rows.append(answer)
    Answer.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def open_poll_ensure(phase: Phase, people: list, districts, by_name, now, result) -> Poll:
    poll = Poll.objects.filter(phase=phase).first()
    if poll is not None:
        return poll
    poll = Poll.objects.create(
        phase=phase, title=OPEN_TITLE, results_visibility=ResultsVisibility.LIVE,
        answers_changeable=True,
        intro="Die Volkshochschule plant Öffnungszeiten und Angebote des Probierladens und "
        "die Haltestellen des ProbierMobils. Die Umfrage dauert etwa fünf Minuten.",
    )
    result.add("polls")
    q = _questionnaire(poll, OPEN_SECTIONS)
    line = q["line"]  # shown only to those who come by bus or tram
    line.condition_question = q["way"]
    line.condition_operator = ConditionOperator.EQUALS
    line.condition_choice = q["way"].c["mit Bus oder Straßenbahn"]
    line.save(update_fields=["condition_question", "condition_operator", "condition_choice"])
    rng = random.Random(f"{SEED}-poll-open")
    homes = list(DISTRICT_WEIGHTS)
    names = {d.pk: name for name, d in by_name.items()}
    submissions, answers = [], []
    for person in people:
        home = names.get(person.home_district_id) or _weighted(rng, DISTRICT_WEIGHTS)
        at = _moment(rng, phase.start, now)
        submissions.append(Submission(
            poll=poll, person=person, state=SubmissionState.SUBMITTED, saved_at=at,
            submitted_at=at, submitted_on=timezone.localdate(at),
        ))
        answers.append(_open_answers(rng, q, home if home in by_name else homes[0],
                                     districts, by_name))
    result.add("poll_answers", _write(submissions, answers))
    result.add("poll_submissions", len(submissions))
    return poll


def closed_poll_ensure(phase: Phase, people: list, by_name, result) -> Poll:
    poll = Poll.objects.filter(phase=phase).first()
    if poll is not None:
        return poll
    poll = Poll.objects.create(
        phase=phase, title=CLOSED_TITLE, anonymous=True,
        results_visibility=ResultsVisibility.AFTER_PHASE,
        intro="Sie haben das ProbierMobil besucht? Sagen Sie uns, wie es war. Die Umfrage "
        "ist anonym.",
    )
    result.add("polls")
    q = _questionnaire(poll, CLOSED_SECTIONS)
    rng = random.Random(f"{SEED}-poll-closed")
    takers = rng.sample(people, min(ANONYMOUS_ANSWERS, len(people)))
    # Anonymous: no person, only the day; the participations apart, in another order.
    submissions = [
        Submission(poll=poll, person=None, state=SubmissionState.SUBMITTED,
                   submitted_on=timezone.localdate(_moment(rng, phase.start, phase.end)))
        for _person in takers
    ]
    answers = [_closed_answers(rng, q, by_name) for _person in takers]
    result.add("poll_answers", _write(submissions, answers))
    result.add("poll_submissions", len(submissions))
    Participation.objects.bulk_create(
        [Participation(poll=poll, person=person)
         for person in sorted(takers, key=lambda p: p.pk)]
    )
    return poll


def polls_ensure(*, residents: dict[int, object], districts, moderator, now, result):
    """The poll project with its two polls and their answers (see the module docstring);
    returns (open poll, closed poll)."""
    project = project_ensure(now, moderator, result)
    phases = list(project.phases.filter(type=Phase.Type.POLL).order_by("start"))
    if len(phases) < 2:  # phases changed during a demo: leave them
        result.skipped["polls"] += 1
        return None, None
    closed_phase, open_phase = phases[0], phases[-1]
    by_name = districts.by_name
    people = [residents[n] for n in sorted(residents) if n != 1] + participants_ensure(result)
    open_poll = open_poll_ensure(open_phase, people, districts, by_name, now, result)
    closed_poll = closed_poll_ensure(closed_phase, people, by_name, result)
    return open_poll, closed_poll
