"""Who may review, confirm and correct: asked from outside, for every role."""

import pytest

from participation.budgets.rules.review import may_confirm, may_correct, may_review
from tests.budgets.review_helpers import board_office, confirm, review_office
from tests.factories import (
    BudgetFactory,
    ProjectFactory,
    ProposalFactory,
    SuperuserFactory,
    UserFactory,
    moderator_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal():
    return ProposalFactory(budget=BudgetFactory(stage="review"))


def people(proposal) -> dict:
    return {
        "anonymous": None,
        "resident": UserFactory(),
        "author": proposal.author,
        "other_moderator": moderator_of(ProjectFactory()),
        "moderator": moderator_of(proposal.budget.project),
        "review_office": review_office(),
        "board_office": board_office(),
        "superuser": SuperuserFactory(),
    }


def codes(rule, obj, persons) -> dict:
    from django.contrib.auth.models import AnonymousUser

    answers = {}
    for role, user in persons.items():
        refusal = rule(user or AnonymousUser(), obj)
        answers[role] = refusal.code if refusal else "ok"
    return answers


def test_only_the_budget_projects_moderators_and_the_review_office_may_review(proposal):
    assert codes(may_review, proposal, people(proposal)) == {
        "anonymous": "sign_in",
        "resident": "forbidden",
        "author": "forbidden",
        "other_moderator": "forbidden",
        "moderator": "ok",
        "review_office": "ok",
        "board_office": "forbidden",
        "superuser": "ok",
    }


def test_only_the_boards_office_and_superusers_may_record_the_confirmation(proposal):
    assert codes(may_confirm, proposal.budget, people(proposal)) == {
        "anonymous": "sign_in",
        "resident": "forbidden",
        "author": "forbidden",
        "other_moderator": "forbidden",
        "moderator": "forbidden",
        "review_office": "forbidden",
        "board_office": "ok",
        "superuser": "ok",
    }


def test_after_the_freeze_reviewers_correct_and_nobody_reviews(proposal):
    persons = people(proposal)
    confirm(proposal.budget)
    review = codes(may_review, proposal, persons)
    assert review["moderator"] == review["review_office"] == "closed"
    refusal = may_review(persons["moderator"], proposal)
    assert refusal.message == (
        "Die Liste ist vom Beirat bestätigt; Änderungen nur als Korrektur mit Begründung."
    )
    assert codes(may_correct, proposal, persons) == {
        "anonymous": "sign_in",
        "resident": "forbidden",
        "author": "forbidden",
        "other_moderator": "forbidden",
        "moderator": "ok",
        "review_office": "ok",
        "board_office": "forbidden",
        "superuser": "ok",
    }
    assert may_confirm(persons["board_office"], proposal.budget).code == "duplicate"


def test_before_the_freeze_a_correction_is_refused_in_favour_of_the_review(proposal):
    refusal = may_correct(moderator_of(proposal.budget.project), proposal)
    assert refusal.code == "closed"
    assert "über die Prüfung" in refusal.message


def test_a_withdrawn_proposal_is_not_reviewed(proposal):
    proposal.status = "withdrawn"
    assert may_review(review_office(), proposal).code == "invalid"
