"""The board's confirmations and the corrections in the admin: read-only, for the
reviewers and the board's office."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from participation.budgets.models import BoardConfirmation, Correction
from tests.budgets.review_helpers import PDF, board_office, review_office
from tests.factories import BudgetFactory, StaffFactory, ValidProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def confirmation():
    budget = BudgetFactory(stage="voting")
    confirmation = BoardConfirmation.objects.create(
        budget=budget,
        meeting_date=datetime.date(2026, 9, 1),
        decision="Der Beirat bestätigt.",
        proposal_count=1,
    )
    confirmation.minutes.save("protokoll.pdf", ContentFile(PDF), save=True)
    return confirmation


def test_the_boards_office_reads_the_confirmation_with_links_to_list_and_minutes(
    client, confirmation
):
    client.force_login(board_office())
    url = reverse("admin:budgets_boardconfirmation_change", args=[confirmation.pk])
    page = client.get(url).content.decode()
    slug = confirmation.budget.project.slug
    assert reverse("budgets:board-minutes", kwargs={"slug": slug}) in page
    assert reverse("budgets:board-confirmation", kwargs={"slug": slug}) in page
    assert 'name="decision"' not in page  # read-only: no form field


def test_corrections_cannot_be_added_changed_or_deleted_in_the_admin(client, confirmation):
    proposal = ValidProposalFactory(budget=confirmation.budget)
    correction = Correction.objects.create(
        proposal=proposal, field="title", old_value="A", new_value="B", reason="Tippfehler."
    )
    client.force_login(review_office())
    assert client.get(reverse("admin:budgets_correction_changelist")).status_code == 200
    assert client.get(reverse("admin:budgets_correction_add")).status_code == 403
    change = reverse("admin:budgets_correction_change", args=[correction.pk])
    assert client.post(change, {"reason": "anders"}).status_code == 403
    delete = reverse("admin:budgets_correction_delete", args=[correction.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    correction.refresh_from_db()
    assert correction.reason == "Tippfehler."


def test_staff_without_a_budget_permission_do_not_see_them(client, confirmation):
    client.force_login(StaffFactory())
    assert client.get(reverse("admin:budgets_boardconfirmation_changelist")).status_code == 403
