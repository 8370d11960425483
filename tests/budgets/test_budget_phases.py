"""A Bürgerbudget's submission phase takes proposals, not ideas: the ideas app's rules
and pages do not offer ideas on a budget's project."""

import pytest
from django.urls import reverse

from participation.budgets.rules.proposals import may_submit_proposal
from participation.ideas.rules import may_propose_idea
from projects.phases import phase_allowing
from tests.factories import BudgetFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_submission_phase_allows_proposals_and_no_ideas():
    budget = BudgetFactory(stage="submission")
    project = budget.project
    assert phase_allowing(project, "proposals") is not None
    assert phase_allowing(project, "ideas") is None
    resident = UserFactory()
    assert may_submit_proposal(resident, budget) is None
    refusal = may_propose_idea(resident, project)
    assert refusal is not None and refusal.code == "closed"


def test_the_idea_form_of_a_budget_project_refuses(client):
    budget = BudgetFactory(stage="submission")
    client.force_login(UserFactory())
    response = client.get(
        reverse("ideas:idea-create", kwargs={"project_slug": budget.project.slug})
    )
    assert response.status_code in (403, 302)
    assert not budget.project.ideas.exists()
