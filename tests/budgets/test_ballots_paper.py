"""Paper ballots: double entry by two staff members, mismatches resolved by a third,
the register lookup of the voter, and the precedence of online and paper ballots."""

import datetime

import pytest

from core.exceptions import Closed, Conflict, Invalid, NotAllowed
from participation.budgets.models import (
    Ballot,
    PaperEntry,
    PaperPrecedence,
    PaperSheet,
    PaperSheetState,
    PollingStation,
)
from participation.budgets.services.ballots import ballot_cast
from participation.budgets.services.paper_ballots import paper_entry_create, sheets_of
from tests.budgets.ballots_world import (
    KIM,
    ballot_world,
    fresh,
    paper_staff,
    person_of,
)
from tests.factories import BudgetFactory, ProjectFactory, UserFactory, moderator_of
from tests.verification.factories import ANNA, JOERG, Resident

pytestmark = pytest.mark.django_db


def enter(world, by, *, sheet="A-1", resident=ANNA, choices=None, invalid="", station=None):
    return paper_entry_create(
        by=by,
        budget=fresh(world.budget),
        station=station or world.station,
        sheet_number=sheet,
        person=None if invalid else person_of(resident),
        choices={1: 2, 3: 3} if choices is None else choices,
        invalid_reason=invalid,
    )


def test_two_agreeing_entries_make_the_persons_paper_ballot():
    world = ballot_world()
    first, second = paper_staff(), paper_staff()
    result = enter(world, first)
    assert result.sheet.state == PaperSheetState.AWAITING_SECOND
    assert not Ballot.objects.exists()
    result = enter(world, second)
    sheet = result.sheet
    assert sheet.state == PaperSheetState.ACCEPTED
    ballot = Ballot.objects.get()
    assert sheet.ballot == ballot
    assert ballot.channel == "paper"
    assert ballot.user is None
    assert ballot.voter_key == person_of(ANNA).digest()
    assert ballot.choices == {
        str(world.proposals[0].pk): 2,
        str(world.proposals[2].pk): 3,
    }


def test_the_person_data_are_not_stored_only_the_register_key():
    world = ballot_world()
    enter(world, paper_staff())
    entry = PaperEntry.objects.get()
    stored = " ".join(str(value) for value in PaperEntry.objects.values().get().values())
    assert "Müller" not in stored and "Löbdergraben" not in stored and "1990" not in stored
    assert entry.voter_key == person_of(ANNA).digest()


def test_the_same_staff_member_cannot_enter_a_sheet_twice():
    world = ballot_world()
    staff = paper_staff()
    enter(world, staff)
    with pytest.raises(Conflict, match="schon erfasst"):
        enter(world, staff)
    assert PaperEntry.objects.count() == 1


def test_differing_entries_are_flagged_as_a_mismatch_without_a_ballot():
    world = ballot_world()
    enter(world, paper_staff(), choices={1: 2, 3: 3})
    result = enter(world, paper_staff(), choices={1: 3, 3: 2})
    assert result.sheet.state == PaperSheetState.MISMATCH
    assert "die Stimmen" in result.sheet.note
    assert not Ballot.objects.exists()


def test_a_mismatch_is_resolved_by_a_third_person_whose_entry_decides():
    world = ballot_world()
    first, second, supervisor = paper_staff(), paper_staff(), paper_staff()
    enter(world, first, choices={1: 2, 3: 3})
    enter(world, second, choices={1: 3, 3: 2})
    with pytest.raises(Conflict, match="dritte Person"):
        enter(world, first, choices={1: 2, 3: 3})
    result = enter(world, supervisor, choices={1: 2, 3: 3})
    assert result.sheet.state == PaperSheetState.ACCEPTED
    assert result.sheet.resolved_by == supervisor
    assert Ballot.objects.get().choices == {
        str(world.proposals[0].pk): 2,
        str(world.proposals[2].pk): 3,
    }


def test_a_supervisor_may_resolve_a_mismatch_as_invalid_with_a_reason():
    world = ballot_world()
    enter(world, paper_staff(), resident=ANNA)
    enter(world, paper_staff(), resident=JOERG)
    result = enter(world, paper_staff(), invalid="Name nicht lesbar")
    assert result.sheet.state == PaperSheetState.INVALID
    assert result.sheet.note == "Name nicht lesbar"
    assert not Ballot.objects.exists()


def test_two_invalid_entries_make_an_invalid_sheet_and_a_decided_sheet_takes_no_more():
    world = ballot_world()
    enter(world, paper_staff(), invalid="zu viele Kreuze")
    result = enter(world, paper_staff(), invalid="zu viele Kreuze")
    assert result.sheet.state == PaperSheetState.INVALID
    with pytest.raises(Conflict, match="abgeschlossen"):
        enter(world, paper_staff())


def test_a_sheet_breaking_the_rule_is_refused_so_that_staff_enter_it_as_invalid():
    world = ballot_world()
    with pytest.raises(Invalid) as error:
        enter(world, paper_staff(), choices={1: 4, 2: 4})
    assert "als ungültig" in " ".join(error.value.messages)
    assert not PaperSheet.objects.exists()


def test_a_voter_not_in_the_register_is_refused():
    world = ballot_world()
    stranger = Resident("Max", "Mustermann", datetime.date(1980, 1, 1), "Nirgendwo", "1")
    with pytest.raises(Invalid, match="nicht .*im Melderegister gefunden"):
        enter(world, paper_staff(), resident=stranger)


def test_a_voter_under_sixteen_is_refused():
    world = ballot_world()
    with pytest.raises(Invalid) as error:
        enter(world, paper_staff(), resident=KIM)
    assert "date_of_birth" in error.value.error_dict


# --- online and paper -----------------------------------------------------------------------


def test_online_wins_a_later_paper_sheet_of_an_online_voter_is_a_duplicate():
    world = ballot_world()  # ONLINE_WINS by default
    ballot_cast(user=world.anna, budget=fresh(world.budget), choices={2: 5})
    enter(world, paper_staff())
    result = enter(world, paper_staff())
    assert result.sheet.state == PaperSheetState.DUPLICATE
    assert "online" in result.sheet.note
    ballot = Ballot.objects.get()
    assert ballot.channel == "online"
    assert ballot.choices == {str(world.proposals[1].pk): 5}


def test_online_wins_an_online_ballot_replaces_the_paper_ballot():
    world = ballot_world()
    enter(world, paper_staff())
    sheet = enter(world, paper_staff()).sheet
    ballot_cast(user=world.anna, budget=fresh(world.budget), choices={2: 5})
    ballot = Ballot.objects.get()
    assert (ballot.channel, ballot.version) == ("online", 2)
    sheet.refresh_from_db()
    assert sheet.state == PaperSheetState.DUPLICATE


def test_later_wins_a_later_paper_sheet_replaces_the_online_ballot():
    world = ballot_world(paper_precedence=PaperPrecedence.LATER_WINS)
    ballot_cast(user=world.anna, budget=fresh(world.budget), choices={2: 5})
    enter(world, paper_staff())
    result = enter(world, paper_staff())
    assert result.sheet.state == PaperSheetState.ACCEPTED
    ballot = Ballot.objects.get()
    assert (ballot.channel, ballot.version) == ("paper", 2)
    assert ballot.user == world.anna  # still the person's ballot on their page
    assert ballot.choices == {str(world.proposals[0].pk): 2, str(world.proposals[2].pk): 3}


def test_a_second_paper_sheet_of_the_same_person_is_a_duplicate():
    world = ballot_world(paper_precedence=PaperPrecedence.LATER_WINS)
    enter(world, paper_staff(), sheet="A-1")
    enter(world, paper_staff(), sheet="A-1")
    first, second = paper_staff(), paper_staff()
    enter(world, first, sheet="A-2", choices={2: 5})
    result = enter(world, second, sheet="A-2", choices={2: 5})
    assert result.sheet.state == PaperSheetState.DUPLICATE
    assert Ballot.objects.count() == 1
    assert Ballot.objects.get().version == 1


def test_counted_ballots_equal_the_rows():
    world = ballot_world()
    ballot_cast(user=world.anna, budget=fresh(world.budget), choices={1: 5})
    for sheet, resident in (("1", ANNA), ("2", JOERG)):
        enter(world, paper_staff(), sheet=sheet, resident=resident)
        enter(world, paper_staff(), sheet=sheet, resident=resident)
    accepted = PaperSheet.objects.filter(state=PaperSheetState.ACCEPTED).count()
    online = Ballot.objects.filter(channel="online").count()
    assert (online, accepted) == (1, 1)
    assert Ballot.objects.count() == online + accepted == 2


# --- who and when ---------------------------------------------------------------------------


def test_a_moderator_of_the_budget_may_enter_paper_ballots_others_may_not():
    world = ballot_world()
    moderator = moderator_of(world.budget.project)
    enter(world, moderator)
    for person in (UserFactory(), moderator_of(ProjectFactory())):
        with pytest.raises(NotAllowed):
            enter(world, person, sheet="B-1")


def test_paper_entry_waits_for_the_board_confirmation():
    world = ballot_world(confirmed=False)
    with pytest.raises(Closed):
        enter(world, paper_staff())


def test_paper_entry_goes_on_after_the_voting_ended():
    world = ballot_world(stage="counting")
    assert enter(world, paper_staff()).sheet.state == PaperSheetState.AWAITING_SECOND


def test_a_station_of_another_budget_is_refused():
    world = ballot_world()
    other = PollingStation.objects.create(budget=BudgetFactory(stage="voting"), name="Anderswo")
    with pytest.raises(Invalid):
        enter(world, paper_staff(), station=other)


def test_the_list_puts_mismatches_first():
    world = ballot_world()
    enter(world, paper_staff(), sheet="1")
    enter(world, paper_staff(), sheet="2", choices={1: 1})
    enter(world, paper_staff(), sheet="2", choices={1: 2})
    assert [s.sheet_number for s in sheets_of(world.budget)] == ["2", "1"]
    assert [s.sheet_number for s in sheets_of(world.budget, state="awaiting_second")] == ["1"]
