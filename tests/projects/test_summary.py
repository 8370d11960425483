"""'Was Sie jetzt tun können' and the phase line of a card: the facts of
``participation_summary`` and the sentences they become, at moments across a project."""

import pytest
from django.utils import translation

from projects.models import Phase, Project
from projects.selectors import participation_summary, phase_timeline
from projects.templatetags.projects_tags import (
    card_phase_text,
    end_text,
    phase_allows,
    phase_period,
    start_text,
    summary_sentences,
)
from tests.factories import PhaseFactory, ProjectFactory
from tests.projects.factories_projects import at, planned_project

pytestmark = pytest.mark.django_db


def sentences_at(project, now) -> list[str]:
    return summary_sentences(participation_summary(project, now))


# --- the facts -----------------------------------------------------------------------------


def test_during_the_ideas_phase_ideas_and_comments_are_open_and_voting_comes_next():
    project = planned_project()

    summary = participation_summary(project, at(2027, 3, 10))

    assert [(item.action, item.until) for item in summary.open_actions] == [
        ("ideas", at(2027, 4, 1)),
        ("comments", at(2027, 4, 1)),
    ]
    assert [(item.action, item.starts) for item in summary.upcoming_actions] == [
        ("votes", at(2027, 4, 1))
    ]
    assert summary.current_phase.type == Phase.Type.IDEAS
    assert summary.next_phase.type == Phase.Type.VOTING
    assert summary.can_take_part
    assert not summary.is_finished and not summary.not_started


def test_in_the_voting_phase_the_votes_per_person_are_part_of_the_facts():
    summary = participation_summary(planned_project(), at(2027, 4, 5))

    votes = [item for item in summary.open_actions if item.action == "votes"]
    assert votes[0].votes_per_person == 3
    assert votes[0].until == at(2027, 4, 16)


def test_before_the_start_and_after_the_end():
    project = planned_project()

    before = participation_summary(project, at(2027, 1, 1))
    after = participation_summary(project, at(2027, 7, 1))

    assert before.not_started and before.starts == at(2027, 2, 1)
    assert not before.open_actions
    assert after.is_finished and after.ended == at(2027, 6, 1)
    assert not after.open_actions and not after.upcoming_actions


def test_a_draft_allows_nothing_but_still_shows_its_plan():
    project = planned_project(status=Project.Status.DRAFT)

    summary = participation_summary(project, at(2027, 3, 10))

    assert not summary.is_published
    assert summary.open_actions == []
    assert summary.current_phase.type == Phase.Type.IDEAS


def test_the_timeline_marks_past_current_and_upcoming_phases():
    timeline = phase_timeline(planned_project(), now=at(2027, 3, 10))

    assert [(entry.number, entry.phase.type, entry.state) for entry in timeline] == [
        (1, "information", "past"),
        (2, "ideas", "current"),
        (3, "voting", "upcoming"),
        (4, "evaluation", "upcoming"),
    ]


# --- the sentences -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (
            at(2027, 1, 10),
            [
                "Ideen einreichen beginnt am 1. März 2027.",
                "Kommentieren beginnt am 1. März 2027.",
                "Abstimmen beginnt am 1. April 2027.",
            ],
        ),
        (
            at(2027, 2, 10),
            [
                "Gerade läuft die Phase „Information“ bis 28. Februar 2027; mitmachen können "
                "Sie in dieser Phase nicht.",
                "Ideen einreichen beginnt am 1. März 2027.",
                "Kommentieren beginnt am 1. März 2027.",
                "Abstimmen beginnt am 1. April 2027.",
            ],
        ),
        (
            at(2027, 3, 10),
            [
                "Ideen einreichen ist bis 31. März 2027 möglich.",
                "Kommentieren ist bis 31. März 2027 möglich.",
                "Abstimmen beginnt am 1. April 2027.",
            ],
        ),
        (
            at(2027, 4, 5),
            [
                "Kommentieren ist bis 15. April 2027 möglich.",
                "Abstimmen ist bis 15. April 2027 möglich: Sie können bis zu 3 Ideen unterstützen.",
            ],
        ),
        (
            at(2027, 5, 1),
            [
                "Gerade läuft die Phase „Auswertung“ bis 31. Mai 2027; mitmachen können Sie "
                "in dieser Phase nicht."
            ],
        ),
        (at(2027, 6, 1), ["Die Beteiligung ist abgeschlossen."]),
    ],
)
def test_what_you_can_do_now_in_plain_words(now, expected):
    assert sentences_at(planned_project(), now) == expected


def test_a_project_that_has_not_started_and_opens_nothing_says_when_it_begins():
    project = ProjectFactory()
    PhaseFactory(
        project=project,
        type=Phase.Type.INFORMATION,
        start=at(2027, 5, 1, 10),
        end=at(2027, 6, 1),
        allows_ideas=False,
        allows_comments=False,
    )

    assert sentences_at(project, at(2027, 1, 1)) == [
        "Die Beteiligung beginnt am 1. Mai 2027, 10:00 Uhr."
    ]


def test_between_two_phases_nothing_is_possible_until_the_next_opening():
    project = ProjectFactory()
    PhaseFactory(project=project, start=at(2027, 3, 1), end=at(2027, 3, 15))
    PhaseFactory(
        project=project,
        type=Phase.Type.VOTING,
        start=at(2027, 4, 1),
        end=at(2027, 4, 15, 18),
        allows_ideas=False,
        allows_comments=False,
        allows_votes=True,
        votes_per_person=None,
    )

    assert sentences_at(project, at(2027, 3, 20)) == [
        "Gerade ist keine Beteiligung möglich.",
        "Abstimmen beginnt am 1. April 2027.",
    ]
    assert sentences_at(project, at(2027, 4, 2)) == [
        "Abstimmen ist bis 15. April 2027, 18:00 Uhr möglich: Sie können beliebig viele "
        "Ideen unterstützen."
    ]


def test_after_the_last_opening_the_next_phase_is_named():
    project = ProjectFactory()
    PhaseFactory(project=project, start=at(2027, 3, 1), end=at(2027, 3, 15))
    PhaseFactory(
        project=project,
        type=Phase.Type.IMPLEMENTATION,
        start=at(2027, 5, 1),
        end=at(2028, 1, 1),
        allows_ideas=False,
        allows_comments=False,
    )

    assert sentences_at(project, at(2027, 4, 1)) == [
        "Gerade ist keine Beteiligung möglich.",
        "Als Nächstes folgt die Phase „Umsetzung“ ab 1. Mai 2027.",
    ]


def test_a_draft_and_a_project_without_phases_say_so():
    draft = planned_project(status=Project.Status.DRAFT)

    assert sentences_at(draft, at(2027, 3, 10)) == [
        "Dieses Projekt ist noch nicht veröffentlicht. Mitmachen ist erst möglich, wenn es "
        "veröffentlicht ist."
    ]
    assert sentences_at(ProjectFactory(), at(2027, 3, 10)) == [
        "Der Ablauf dieser Beteiligung steht noch nicht fest."
    ]


def test_one_vote_per_person_is_said_in_the_singular():
    project = ProjectFactory()
    PhaseFactory(
        project=project,
        type=Phase.Type.VOTING,
        start=at(2027, 4, 1),
        end=at(2027, 4, 10),
        allows_ideas=False,
        allows_comments=False,
        allows_votes=True,
        votes_per_person=1,
    )

    assert sentences_at(project, at(2027, 4, 2)) == [
        "Abstimmen ist bis 9. April 2027 möglich: Sie können eine Idee unterstützen."
    ]


# --- dates and phases in words ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("end", "expected"),
    [
        (at(2027, 4, 1), "31. März 2027"),  # midnight: the day before is the last day
        (at(2027, 3, 31, 23, 59), "31. März 2027"),
        (at(2027, 3, 31, 18), "31. März 2027, 18:00 Uhr"),
    ],
)
def test_the_end_of_a_phase_names_its_last_day(end, expected):
    assert end_text(end) == expected


def test_start_dates_show_the_time_only_when_it_is_not_midnight():
    assert start_text(at(2027, 3, 1)) == "1. März 2027"
    assert start_text(at(2027, 3, 1, 9, 30)) == "1. März 2027, 09:30 Uhr"


def test_english_pages_get_english_dates():
    with translation.override("en"):
        assert end_text(at(2027, 4, 1)) == "31 March 2027"


def test_the_period_of_a_phase_has_machine_readable_dates():
    phase = PhaseFactory.build(start=at(2027, 3, 1), end=at(2027, 4, 1))

    assert phase_period(phase) == (
        '<time datetime="2027-03-01">1. März 2027</time> bis '
        '<time datetime="2027-03-31">31. März 2027</time>'
    )


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        (
            {"allows_ideas": True, "allows_comments": True},
            "Möglich: Ideen einreichen und kommentieren.",
        ),
        (
            {"allows_votes": True, "votes_per_person": 3},
            "Möglich: abstimmen (bis zu 3 Ideen unterstützen).",
        ),
        (
            {"allows_comments": True, "allows_votes": True},
            "Möglich: kommentieren und abstimmen (beliebig viele Ideen unterstützen).",
        ),
        ({}, "In dieser Phase ist kein Mitmachen vorgesehen; sie dient der Information."),
    ],
)
def test_what_a_phase_allows_in_words(flags, expected):
    phase = Phase(
        type=Phase.Type.IDEAS,
        **{"allows_ideas": False, "allows_comments": False, "allows_votes": False, **flags},
    )

    assert phase_allows(phase) == expected


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (at(2027, 1, 10), "Beginnt am 1. Februar: Information"),
        (at(2027, 3, 10), "Jetzt: Ideen sammeln bis 31. März"),
        (at(2026, 3, 10), "Beginnt am 1. Februar 2027: Information"),  # another year: with year
        (at(2027, 5, 1), "Jetzt: Auswertung bis 31. Mai"),
        (at(2027, 7, 1), "Abgeschlossen"),
    ],
)
def test_the_phase_line_of_a_project_card(now, expected):
    assert card_phase_text(planned_project(), now=now) == expected


def test_a_card_between_phases_names_the_next_one_and_without_phases_says_open():
    project = ProjectFactory()
    PhaseFactory(project=project, start=at(2027, 3, 1), end=at(2027, 3, 15))
    PhaseFactory(project=project, type=Phase.Type.VOTING, start=at(2027, 4, 1), end=at(2027, 5, 1))

    assert card_phase_text(project, now=at(2027, 3, 20)) == "Als Nächstes: Abstimmen ab 1. April"
    assert card_phase_text(ProjectFactory(), now=at(2027, 3, 20)) == "Ablauf noch offen"
