"""Proposals and budgets in the admin: staff record a letter, edit a proposal, merge
duplicates; others are kept out; the budget shows its computed money."""

import pytest
from django.urls import reverse
from django.utils import timezone

from participation.budgets.models import Count, Proposal, ProposalSource, ProposalStatus
from participation.notifications.models import Notification
from tests.factories import (
    BudgetFactory,
    CategoryFactory,
    ProposalFactory,
    StaffFactory,
    moderator_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget():
    return BudgetFactory()


@pytest.fixture
def staff(budget):
    return moderator_of(budget.project, staff=True)


def _letter(budget, **overrides):
    data = {
        "budget": budget.pk,
        "source": ProposalSource.LETTER,
        "author_name": "Erika Muster",
        "author_contact": "Markt 1, 07743 Jena",
        "received_on": "2026-03-02",
        "title": "Trinkbrunnen am Markt",
        "description": "Im Sommer fehlt Wasser.",
        "estimated_cost": "8000",
        "location": "",
        "place_description": "Markt",
        "image_alt": "",
    }
    data.update(overrides)
    return data


def test_staff_record_a_letter_in_the_admin(client, budget, staff):
    category = CategoryFactory(project=budget.project)
    client.force_login(staff)
    response = client.post(
        reverse("admin:budgets_proposal_add"), _letter(budget, category=category.pk)
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    proposal = Proposal.objects.get()
    assert (proposal.number, proposal.author, proposal.entered_by) == (1, None, staff)
    assert proposal.author_name == "Erika Muster" and proposal.category == category
    assert str(proposal.received_on) == "2026-03-02"


def test_the_admin_form_shows_a_cost_over_the_cap_beside_the_field(client, budget, staff):
    client.force_login(staff)
    response = client.post(
        reverse("admin:budgets_proposal_add"), _letter(budget, estimated_cost="12000")
    )
    assert response.status_code == 200
    assert "Höchstbetrag" in response.content.decode()
    assert not Proposal.objects.exists()


def test_staff_of_another_budget_cannot_enter_into_this_one(client, budget):
    other = moderator_of(BudgetFactory().project, staff=True)
    client.force_login(other)
    response = client.post(reverse("admin:budgets_proposal_add"), _letter(budget))
    assert response.status_code == 200  # the budget is not among the choices
    assert not Proposal.objects.exists()
    proposal = ProposalFactory(budget=budget)
    change = reverse("admin:budgets_proposal_change", args=[proposal.pk])
    assert client.get(change).status_code == 302  # "does not exist" for them


def test_staff_edit_a_proposal_and_review_fields_stay_read_only(client, budget, staff):
    proposal = ProposalFactory(
        budget=budget, author=None, author_name="Erika", source=ProposalSource.EMAIL, location=None
    )
    client.force_login(staff)
    url = reverse("admin:budgets_proposal_change", args=[proposal.pk])
    page = client.get(url).content.decode()
    assert 'name="status"' not in page and 'name="reviewed_cost"' not in page
    data = _letter(budget, title="Neuer Titel", source=ProposalSource.EMAIL)
    data.pop("budget")
    response = client.post(url, {**data, "status": "valid"})
    assert response.status_code == 302, response.content.decode()[:2000]
    proposal.refresh_from_db()
    assert proposal.title == "Neuer Titel" and proposal.status == ProposalStatus.SUBMITTED


def test_the_merge_action_merges_and_notifies(client, budget, staff):
    into = ProposalFactory(budget=budget, number=1)
    duplicate = ProposalFactory(budget=budget, number=2)
    client.force_login(staff)
    url = reverse("admin:budgets_proposal_changelist")
    form = client.post(url, {"action": "merge_action", "_selected_action": [duplicate.pk]})
    assert form.status_code == 200 and "Zusammenführen" in form.content.decode()
    response = client.post(
        url,
        {
            "action": "merge_action",
            "_selected_action": [duplicate.pk],
            "apply": "1",
            "into": into.pk,
            "reason": "Beide wollen dasselbe.",
        },
    )
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.status == ProposalStatus.MERGED and duplicate.merged_into == into
    assert Notification.objects.filter(recipient=duplicate.author).exists()


def test_the_budget_admin_shows_the_computed_carryover(client, budget):
    previous = BudgetFactory(year=2025, stage=False)
    now = timezone.now()
    Count.objects.create(
        budget=previous,
        method="greedy",
        available=1,
        spent=1,
        remainder=2_500,
        started_at=now,
        finished_at=now,
        published_at=now,
    )
    budget.carried_from = previous
    budget.save()
    from tests.factories import SuperuserFactory

    client.force_login(SuperuserFactory())
    html = client.get(reverse("admin:budgets_budget_change", args=[budget.pk])).content.decode()
    assert "2.500 €" in html and "52.500 €" in html


def test_a_staff_member_without_a_budget_does_not_see_proposals(client, budget):
    client.force_login(StaffFactory())
    assert client.get(reverse("admin:budgets_proposal_changelist")).status_code == 403


def test_a_moderator_changes_the_money_of_their_budget_but_not_its_project(client, budget, staff):
    client.force_login(staff)
    url = reverse("admin:budgets_budget_change", args=[budget.pk])
    page = client.get(url).content.decode()
    assert 'name="amount"' in page and 'name="project"' not in page
    response = client.post(
        url,
        {
            "year": budget.year,
            "amount": "55000",
            "carried_from": "",
            "cap_per_proposal": "9000",
            "voting_method": "cumulative",
            "votes_per_ballot": "5",
            "counting_method": "greedy",
            "paper_precedence": "online_wins",
            "vote_scope": "every",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    budget.refresh_from_db()
    assert (budget.amount, budget.cap_per_proposal) == (55_000, 9_000)


def test_a_moderator_of_another_project_does_not_see_the_budget(client, budget):
    client.force_login(moderator_of(BudgetFactory().project, staff=True))
    url = reverse("admin:budgets_budget_change", args=[budget.pk])
    assert client.get(url).status_code == 302  # "does not exist" for them
