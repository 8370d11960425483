"""Casting, changing and withdrawing an online ballot: the voting rules, the versions,
who may vote and when, the receipt."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from core.exceptions import Closed, Conflict, Invalid, Missing, NotAllowed
from participation.budgets.models import (
    Ballot,
    BallotVersion,
    VoteScope,
    VotingMethod,
)
from participation.budgets.rules.ballots import may_vote
from participation.budgets.services.ballots import ballot_cast, ballot_of, ballot_withdraw
from tests.budgets.ballots_world import (
    KIM,
    ballot_world,
    district,
    fresh,
    resident_of,
)
from tests.factories import BudgetFactory, ProjectFactory, UserFactory, ValidProposalFactory
from tests.verification.factories import JOERG, VerificationFactory

pytestmark = pytest.mark.django_db


def cast(world, choices, user=None):
    return ballot_cast(user=user or world.anna, budget=fresh(world.budget), choices=choices)


def ids(world, **by_number):
    return {str(world.proposals[int(n[1:]) - 1].pk): v for n, v in by_number.items()}


# --- cumulative ----------------------------------------------------------------------------


def test_a_cumulative_ballot_may_put_all_five_votes_on_one_proposal():
    world = ballot_world()
    stored = cast(world, {1: 5})
    assert stored.ballot.choices == ids(world, n1=5)
    assert stored.ballot.channel == "online"
    assert stored.ballot.district == district("Zentrum")


def test_a_cumulative_ballot_may_spread_fewer_than_five_votes():
    world = ballot_world()
    cast(world, {1: 2, 2: 1, 3: 0})
    assert Ballot.objects.get().choices == ids(world, n1=2, n2=1)


def test_a_cumulative_ballot_with_six_votes_is_refused_with_the_reason():
    world = ballot_world()
    with pytest.raises(Invalid) as error:
        cast(world, {1: 3, 2: 3})
    assert "6 Stimmen vergeben, erlaubt sind höchstens 5" in " ".join(error.value.messages)
    assert not Ballot.objects.exists()


def test_negative_points_are_refused():
    world = ballot_world()
    with pytest.raises(Invalid, match="mindestens 1"):
        cast(world, {1: -1})


def test_an_empty_ballot_is_refused():
    world = ballot_world()
    with pytest.raises(Invalid, match="keine Stimme"):
        cast(world, {1: 0, 2: 0})


def test_a_proposal_number_not_on_the_ballot_is_refused():
    world = ballot_world()
    hidden = ValidProposalFactory(budget=world.budget, number=4, is_hidden=True)
    with pytest.raises(Invalid, match="Nr. 4 steht nicht auf dem Stimmzettel"):
        cast(world, {hidden.number: 1})


# --- approval and knapsack -----------------------------------------------------------------


def test_an_approval_ballot_chooses_at_most_n_proposals_with_one_vote_each():
    world = ballot_world(voting_method=VotingMethod.APPROVAL, votes_per_ballot=2)
    cast(world, {1: 1, 3: 1})
    assert Ballot.objects.get().choices == ids(world, n1=1, n3=1)
    with pytest.raises(Invalid, match="3 Vorschläge gewählt, erlaubt sind höchstens 2"):
        cast(world, {1: 1, 2: 1, 3: 1})
    with pytest.raises(Invalid, match="nur eine Stimme"):
        cast(world, {1: 2})


def test_a_knapsack_ballot_over_the_budget_is_refused_and_one_within_is_stored():
    world = ballot_world(voting_method=VotingMethod.KNAPSACK, votes_per_ballot=None)
    with pytest.raises(Invalid, match="kosten zusammen"):
        cast(world, {1: 1, 2: 1, 3: 1})  # 53,000 € > 52,470 €
    cast(world, {1: 1, 2: 1})  # 44,000 €
    assert Ballot.objects.get().choices == ids(world, n1=1, n2=1)


# --- versions ------------------------------------------------------------------------------


def test_each_change_is_a_new_version_and_the_last_one_counts():
    world = ballot_world()
    cast(world, {1: 5})
    cast(world, {2: 3, 3: 2})
    ballot = Ballot.objects.get()
    assert ballot.version == 2
    assert ballot.choices == ids(world, n2=3, n3=2)
    assert list(BallotVersion.objects.values_list("number", "choices")) == [
        (1, ids(world, n1=5)),
        (2, ids(world, n2=3, n3=2)),
    ]


def test_the_same_choices_again_are_no_new_version():
    world = ballot_world()
    cast(world, {1: 5})
    again = cast(world, {1: 5})
    assert again.version is None
    assert Ballot.objects.get().version == 1
    assert BallotVersion.objects.count() == 1


def test_withdrawing_deletes_the_ballot_with_its_versions():
    world = ballot_world()
    cast(world, {1: 5})
    cast(world, {1: 4})
    ballot_withdraw(user=world.anna, budget=fresh(world.budget))
    assert not Ballot.objects.exists()
    assert not BallotVersion.objects.exists()
    with pytest.raises(Missing):
        ballot_withdraw(user=world.anna, budget=fresh(world.budget))


# --- who and when --------------------------------------------------------------------------


def test_nobody_votes_before_the_board_confirmed_the_ballot():
    world = ballot_world(confirmed=False)
    with pytest.raises(Closed, match="Beirat"):
        cast(world, {1: 5})


@pytest.mark.parametrize("stage", ["review", "counting"])
def test_nobody_votes_outside_the_voting_phase(stage):
    world = ballot_world(stage=stage)
    with pytest.raises(Closed):
        cast(world, {1: 5})


def test_a_ballot_cannot_be_changed_after_the_phase_ended():
    world = ballot_world()
    cast(world, {1: 5})
    phase = world.budget.project.phases.get(type="voting")
    phase.end = timezone.now() - datetime.timedelta(seconds=1)
    phase.save()
    with pytest.raises(Closed, match="beendet"):
        cast(world, {2: 5})
    assert Ballot.objects.get().choices == ids(world, n1=5)


def test_anonymous_and_unverified_people_are_refused():
    world = ballot_world()
    assert may_vote(None, world.budget).code == "sign_in"
    with pytest.raises(NotAllowed) as error:
        cast(world, {1: 5}, user=UserFactory(verified=False))
    assert error.value.code == "verify"


def test_a_person_without_a_confirmed_residence_is_asked_to_confirm_it():
    world = ballot_world()
    with pytest.raises(NotAllowed) as error:
        cast(world, {1: 5}, user=UserFactory())
    assert error.value.code == "resident"


def test_a_person_under_sixteen_on_the_key_date_is_refused():
    world = ballot_world()
    with pytest.raises(NotAllowed) as error:
        cast(world, {1: 5}, user=resident_of(KIM))
    assert error.value.code == "not_eligible"


def test_own_district_scope_refuses_a_resident_of_another_district():
    world = ballot_world(vote_scope=VoteScope.OWN_DISTRICT)
    world.budget.project.districts.add(district("Zentrum"))
    joerg = resident_of(JOERG)  # Lobeda-Ost
    with pytest.raises(NotAllowed) as error:
        cast(world, {1: 5}, user=joerg)
    assert error.value.code == "not_eligible"
    assert "Zentrum" in str(error.value)
    cast(world, {1: 5})  # Anna lives in Zentrum
    assert Ballot.objects.count() == 1


def test_own_district_scope_asks_a_person_without_a_known_district_to_confirm_it():
    world = ballot_world(vote_scope=VoteScope.OWN_DISTRICT)
    world.budget.project.districts.add(district("Zentrum"))
    user = UserFactory()
    VerificationFactory(user=user, district=None)
    assert may_vote(user, fresh(world.budget)).code == "resident"


def test_one_per_year_scope_allows_a_ballot_in_one_budget_of_the_year_only():
    world = ballot_world(vote_scope=VoteScope.ONE_PER_YEAR)
    other = BudgetFactory(
        project=ProjectFactory(title="Bürgerbudget Lobeda"),
        stage="voting",
        year=world.budget.year,
        vote_scope=VoteScope.ONE_PER_YEAR,
    )
    ValidProposalFactory(budget=other, number=1)
    from tests.budgets.ballots_world import confirm

    confirm(other)
    ballot_cast(user=world.anna, budget=fresh(other), choices={1: 5})
    with pytest.raises(Conflict, match="Bürgerbudget Lobeda"):
        cast(world, {1: 5})
    # changing the ballot in the budget voted in stays possible
    ballot_cast(user=world.anna, budget=fresh(other), choices={1: 4})


# --- the receipt ---------------------------------------------------------------------------


def test_the_receipt_lists_the_choices_and_says_until_when_they_can_be_changed(
    django_capture_on_commit_callbacks,
):
    world = ballot_world()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        cast(world, {1: 3, 3: 2})
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.anna.email]
    assert "Bürgerbudget 2026" in message.subject
    assert "Nr. 1: Bank am Spielplatz – 3 Stimmen" in message.body
    assert "Nr. 3: Bücherschrank – 2 Stimmen" in message.body
    assert "Trinkbrunnen" not in message.body
    assert "ändern" in message.body
    assert "/abstimmen/" in message.body


def test_an_unchanged_ballot_sends_no_second_receipt(django_capture_on_commit_callbacks):
    world = ballot_world()
    with django_capture_on_commit_callbacks(execute=True):
        cast(world, {1: 5})
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        cast(world, {1: 5})
    assert callbacks == []
    assert len(mail.outbox) == 1


def test_the_choices_never_go_to_the_log(caplog, django_capture_on_commit_callbacks):
    world = ballot_world()
    with caplog.at_level("DEBUG"), django_capture_on_commit_callbacks(execute=True):
        cast(world, {2: 5})
    text = caplog.text
    assert "Trinkbrunnen" not in text
    assert str(world.proposals[1].pk) + '": 5' not in text
    assert world.anna.email not in text


def test_ballot_of_finds_the_persons_ballot_by_their_key():
    world = ballot_world()
    assert ballot_of(world.anna, world.budget) is None
    cast(world, {1: 5})
    assert ballot_of(world.anna, world.budget).version == 1
    assert ballot_of(None, world.budget) is None
