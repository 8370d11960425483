"""Publishing a count: fundings, the protocol PDF, the event and notification, the
carry-over into next year, and the implementation updates of the funded proposals."""

import datetime
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from core.exceptions import Invalid, NotAllowed
from participation.budgets import events, stages
from participation.budgets.models import Funding, ImplementationStatus
from participation.budgets.services.counting import (
    count_publish,
    count_run,
    implementation_update_publish,
)
from participation.notifications.models import Follow, Notification, NotificationKind
from tests.factories import BudgetFactory, UserFactory, moderator_of

from .results_helpers import ballot, counted_budget, counter

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(django_capture_on_commit_callbacks):
    budget, proposals = counted_budget()
    ballot(budget, {proposals[0]: 3, proposals[1]: 2})
    ballot(budget, {proposals[0]: 2, proposals[1]: 2, proposals[2]: 1}, channel="paper")
    ballot(budget, {proposals[2]: 1})
    ballot(budget, {proposals[2]: 9})  # invalid: 9 of 5 points
    team = counter(display_name="Clara Zähler")
    count = count_run(budget=budget, by=team)
    with django_capture_on_commit_callbacks(execute=True):
        count = count_publish(count=count, by=team)
    return budget, proposals, count, team


def pdf_text(count) -> str:
    with count.protocol.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_publishing_funds_the_proposals_and_plans_their_implementation(published):
    budget, proposals, count, team = published
    assert count.published_at is not None and count.published_by == team
    fundings = {f.proposal_id: (f.amount, f.rank) for f in Funding.objects.filter(count=count)}
    assert fundings == {proposals[0].pk: (9_800, 1), proposals[2].pk: (3_000, 3)}
    for proposal in proposals:
        proposal.refresh_from_db()
    assert proposals[0].implementation_status == ImplementationStatus.PLANNED
    assert proposals[1].implementation_status == ""


def test_the_protocol_is_a_pdf_with_the_totals_and_the_counter(published):
    _budget, _proposals, count, _team = published
    with count.protocol.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    text = pdf_text(count)
    assert "Zählprotokoll" in text
    assert "Clara Zähler" in text
    assert "9.800" in text and "12.800" in text and "1.200" in text  # cost, spent, remainder
    assert "ungültig" in text and "Es wurden 9 Stimmen vergeben" in text
    assert "passen nicht in die verbleibenden 4.200" in text
    assert "Punkte online" in text and "Punkte Papier" in text


def test_publishing_tells_the_projects_followers(django_capture_on_commit_callbacks):
    budget, proposals = counted_budget()
    ballot(budget, {proposals[0]: 1})
    follower = UserFactory()
    Follow.objects.create(user=follower, project=budget.project)
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    events.budget_results_published.connect(receiver, dispatch_uid="test-results")
    try:
        team = counter()
        count = count_run(budget=budget, by=team)
        with django_capture_on_commit_callbacks(execute=True):
            count_publish(count=count, by=team)
    finally:
        events.budget_results_published.disconnect(dispatch_uid="test-results")
    assert received and received[0]["count"].pk == count.pk and received[0]["budget"] == budget
    notification = Notification.objects.get(recipient=follower)
    assert notification.kind == NotificationKind.BUDGET_RESULTS
    assert notification.url.endswith(f"/buergerbudget/{budget.project.slug}/ergebnis/")


def test_the_remainder_is_carried_over_to_next_years_budget(published):
    budget, _proposals, count, _team = published
    next_year = BudgetFactory(amount=50_000, carried_from=budget, year=budget.year + 1)
    assert stages.carryover(next_year) == 1_200
    assert stages.available(next_year) == 51_200


def test_carry_over_counts_in_next_years_count(published):
    budget, _proposals, _count, _team = published
    next_budget, next_proposals = counted_budget(
        costs=(51_000,), amount=50_000, carried_from=budget
    )
    ballot(next_budget, {next_proposals[0]: 1})
    count = count_run(budget=next_budget, by=counter())
    assert count.available == 51_200 and count.result["carryover"] == 1_200
    assert count.spent == 51_000


def test_publishing_is_refused_to_moderators(django_capture_on_commit_callbacks):
    budget, proposals = counted_budget()
    count = count_run(budget=budget, by=counter())
    with pytest.raises(NotAllowed):
        count_publish(count=count, by=moderator_of(budget.project))


# --- Implementation ------------------------------------------------------------------------


def test_moderator_reports_progress_on_a_funded_proposal(published):
    budget, proposals, _count, _team = published
    moderator = moderator_of(budget.project)
    today = timezone.localdate()
    implementation_update_publish(
        proposal=proposals[0],
        by=moderator,
        date=today - datetime.timedelta(days=10),
        status=ImplementationStatus.IN_PROGRESS,
        progress=40,
        text="Die Bank ist bestellt.",
    )
    # A back-dated update fills in the history without overwriting the newer state.
    implementation_update_publish(
        proposal=proposals[0],
        by=moderator,
        date=today - datetime.timedelta(days=20),
        status=ImplementationStatus.PLANNED,
        progress=10,
        text="Angebote eingeholt.",
    )
    proposals[0].refresh_from_db()
    assert proposals[0].implementation_status == ImplementationStatus.IN_PROGRESS
    assert proposals[0].implementation_progress == 40
    assert proposals[0].implementation_updates.count() == 2


def test_implementation_updates_only_for_funded_proposals(published):
    budget, proposals, _count, team = published
    with pytest.raises(Invalid):
        implementation_update_publish(
            proposal=proposals[1],
            by=team,
            date=timezone.localdate(),
            status=ImplementationStatus.IN_PROGRESS,
            progress=10,
            text="x",
        )


def test_implementation_update_refused_to_residents_and_checked(published):
    budget, proposals, _count, team = published
    with pytest.raises(NotAllowed):
        implementation_update_publish(
            proposal=proposals[0],
            by=UserFactory(),
            date=timezone.localdate(),
            status=ImplementationStatus.IN_PROGRESS,
            progress=10,
            text="x",
        )
    with pytest.raises(Invalid) as error:
        implementation_update_publish(
            proposal=proposals[0],
            by=team,
            date=timezone.localdate() + datetime.timedelta(days=3),
            status=ImplementationStatus.COMPLETED,
            progress=80,
            text=" ",
        )
    assert set(error.value.error_dict) == {"date", "progress", "text"}
