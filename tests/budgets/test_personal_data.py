"""The Bürgerbudget in a person's copy of their data and in the deletion of their
account: proposals and supports listed, a ballot only as a fact (never its choices);
deleting the account keeps decided proposals without an author, removes undecided ones
on request, takes back supports and keeps ballots counted without a person."""

import pytest

from participation.budgets.models import Ballot, BallotChannel, Proposal, ProposalStatus, Support
from participation.budgets.services.comments import proposal_comment_count_refresh
from participation.ideas.models import Comment
from privacy import deletion, services
from tests.factories import (
    DEFAULT_PASSWORD,
    BudgetFactory,
    ProposalFactory,
    UserFactory,
    ValidProposalFactory,
)

pytestmark = pytest.mark.django_db


def _world():
    person = UserFactory()
    budget = BudgetFactory(stage="submission")
    undecided = ProposalFactory(budget=budget, author=person, title="Meine Bank")
    decided = ValidProposalFactory(budget=budget, author=person, title="Mein Brunnen")
    other = ProposalFactory(budget=budget, title="Fremder Vorschlag", support_count=2)
    Support.objects.create(proposal=other, user=person)
    Support.objects.create(proposal=other, user=UserFactory())
    Ballot.objects.create(
        budget=budget, voter_key="k" * 64, user=person, channel=BallotChannel.ONLINE,
        choices={str(other.pk): 5}, version=2, cast_at=undecided.created_at,
    )
    Comment.objects.create(proposal=other, author=person, text="Gute Idee")
    proposal_comment_count_refresh(other.pk)
    return person, undecided, decided, other


def test_the_copy_lists_proposals_and_supports_and_a_ballot_without_its_choices():
    person, undecided, decided, other = _world()
    data, _photos = services.collect(person)
    assert {p["title"] for p in data["budget_proposals"]} == {"Meine Bank", "Mein Brunnen"}
    assert [s["proposal"] for s in data["budget_supports"]] == ["Fremder Vorschlag"]
    (ballot,) = data["budget_ballots"]
    assert ballot["version"] == 2 and "choices" not in ballot


@pytest.mark.parametrize("choice", deletion.CHOICES)
def test_deleting_the_account_keeps_what_others_rely_on(choice):
    person, undecided, decided, other = _world()
    deletion.account_delete(user=person, password=DEFAULT_PASSWORD, contributions=choice)

    decided.refresh_from_db()
    assert decided.author is None and decided.author_name == "gelöschtes Konto"
    assert decided.status == ProposalStatus.VALID
    assert Proposal.objects.filter(pk=undecided.pk).exists() == (choice != deletion.REMOVE)
    other.refresh_from_db()
    assert other.support_count == Support.objects.filter(proposal=other).count() == 1
    assert other.comment_count == Comment.objects.filter(
        proposal=other, is_deleted=False, is_hidden=False
    ).count()
    ballot = Ballot.objects.get(voter_key="k" * 64)
    assert ballot.user is None and ballot.choices == {str(other.pk): 5}
