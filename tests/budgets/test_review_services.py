"""The review, the board's confirmation and the corrections, through the services."""

import datetime

import pytest
from django.core import mail

from core.exceptions import Closed, Conflict, Invalid, NotAllowed
from participation.budgets import stages
from participation.budgets.models import (
    BoardConfirmation,
    Correction,
    ProposalSource,
    ProposalStatus,
)
from participation.budgets.services.review import (
    board_confirm,
    proposal_correct,
    proposal_review,
    proposal_review_assign,
)
from participation.notifications.models import Notification, NotificationKind
from participation.notifications.services import notification_text, notification_title
from tests.budgets.review_helpers import (
    board_office,
    confirm,
    minutes_pdf,
    review_kwargs,
    review_office,
)
from tests.factories import (
    BudgetFactory,
    ProposalFactory,
    UserFactory,
    ValidProposalFactory,
    moderator_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget():
    return BudgetFactory(stage="review")


@pytest.fixture
def reviewer(budget):
    return moderator_of(budget.project)


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


# --- the review -----------------------------------------------------------------------------


def test_a_valid_review_publishes_the_checks_the_cost_and_the_reviewer(budget, reviewer):
    proposal = ProposalFactory(budget=budget, estimated_cost=4_000)
    proposal_review(proposal=proposal, by=reviewer, **review_kwargs(notes="intern"))
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.VALID
    assert (proposal.city_responsible, proposal.lawful, proposal.feasible) == (True, True, True)
    assert proposal.reviewer == reviewer
    assert proposal.reviewed_at is not None
    assert proposal.review_notes == "intern"
    assert proposal.cost == 4_000


@pytest.mark.parametrize("decision", ["invalid", "merged"])
def test_invalid_and_merged_need_a_published_reason(budget, reviewer, decision):
    proposal = ProposalFactory(budget=budget)
    other = ProposalFactory(budget=budget)
    with pytest.raises(Invalid) as excinfo:
        proposal_review(
            proposal=proposal,
            by=reviewer,
            **review_kwargs(decision=decision, lawful=False, merged_into=other),
        )
    assert "reason" in errors_of(excinfo)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_a_reviewed_cost_other_than_the_estimate_needs_a_reason(budget, reviewer):
    proposal = ProposalFactory(budget=budget, estimated_cost=4_000)
    with pytest.raises(Invalid) as excinfo:
        proposal_review(proposal=proposal, by=reviewer, **review_kwargs(reviewed_cost=6_000))
    assert "weichen von der Schätzung ab" in errors_of(excinfo)["reason"][0]
    proposal_review(
        proposal=proposal,
        by=reviewer,
        **review_kwargs(reviewed_cost=6_000, reason="Fundament nötig."),
    )
    proposal.refresh_from_db()
    assert proposal.cost == 6_000


def test_a_valid_proposal_costing_more_than_the_cap_is_refused(budget, reviewer):
    proposal = ProposalFactory(budget=budget, estimated_cost=4_000)
    with pytest.raises(Invalid) as excinfo:
        proposal_review(
            proposal=proposal,
            by=reviewer,
            **review_kwargs(reviewed_cost=12_000, reason="Teurer als gedacht."),
        )
    assert errors_of(excinfo)["reviewed_cost"] == [
        "Die Kosten von 12.000 € liegen über dem Höchstbetrag je Vorschlag von 10.000 €. "
        "Ein zulässiger Vorschlag darf höchstens so viel kosten."
    ]


def test_an_invalid_proposal_may_cost_more_than_the_cap(budget, reviewer):
    proposal = ProposalFactory(budget=budget, estimated_cost=4_000)
    proposal_review(
        proposal=proposal,
        by=reviewer,
        **review_kwargs(
            decision="invalid", reviewed_cost=30_000, reason="Kostet 30.000 €, zu teuer."
        ),
    )
    assert proposal.status == ProposalStatus.INVALID


def test_valid_needs_all_three_checks(budget, reviewer):
    proposal = ProposalFactory(budget=budget)
    with pytest.raises(Invalid) as excinfo:
        proposal_review(proposal=proposal, by=reviewer, **review_kwargs(feasible=None))
    assert "alle drei" in errors_of(excinfo)["decision"][0]


def test_merging_names_another_proposal_of_the_same_budget(budget, reviewer):
    proposal = ProposalFactory(budget=budget)
    elsewhere = ProposalFactory()
    with pytest.raises(Invalid) as excinfo:
        proposal_review(
            proposal=proposal,
            by=reviewer,
            **review_kwargs(decision="merged", merged_into=elsewhere, reason="Gleicher Ort."),
        )
    assert "merged_into" in errors_of(excinfo)
    target = ProposalFactory(budget=budget)
    proposal_review(
        proposal=proposal,
        by=reviewer,
        **review_kwargs(decision="merged", merged_into=target, reason="Gleicher Ort."),
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.merged_into) == (ProposalStatus.MERGED, target)


def test_saving_without_a_decision_keeps_the_proposal_in_review_and_tells_nobody(
    budget, reviewer, django_capture_on_commit_callbacks
):
    proposal = ProposalFactory(budget=budget)
    with django_capture_on_commit_callbacks(execute=True):
        proposal_review(
            proposal=proposal, by=reviewer, **review_kwargs(decision="in_review", lawful=None)
        )
    assert proposal.status == ProposalStatus.IN_REVIEW
    assert not Notification.objects.filter(recipient=proposal.author).exists()
    assert mail.outbox == []


def test_the_author_is_notified_in_the_portal_and_by_email(
    budget, reviewer, django_capture_on_commit_callbacks
):
    proposal = ProposalFactory(budget=budget, title="Bank am Teich")
    with django_capture_on_commit_callbacks(execute=True):
        proposal_review(
            proposal=proposal,
            by=reviewer,
            **review_kwargs(decision="invalid", lawful=False, reason="Die Fläche gehört dem Land."),
        )
    notification = Notification.objects.get(recipient=proposal.author)
    assert notification.kind == NotificationKind.BUDGET_REVIEW
    assert notification_title(notification) == (
        "Ihr Vorschlag „Bank am Teich“ wurde geprüft: nicht zulässig"
    )
    assert notification_text(notification) == "Die Fläche gehört dem Land."
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [proposal.author.email]
    assert "Bank am Teich" in mail.outbox[0].subject
    assert "nicht zulässig" in mail.outbox[0].subject
    assert "Die Fläche gehört dem Land." in mail.outbox[0].body


def test_reviewing_again_notifies_only_when_the_decision_or_reason_changed(
    budget, reviewer, django_capture_on_commit_callbacks
):
    proposal = ProposalFactory(budget=budget)
    invalid = review_kwargs(decision="invalid", lawful=False, reason="Landesstraße.")
    with django_capture_on_commit_callbacks(execute=True):
        proposal_review(proposal=proposal, by=reviewer, **invalid)
    with django_capture_on_commit_callbacks(execute=True):
        proposal_review(proposal=proposal, by=reviewer, **{**invalid, "notes": "nachgefragt"})
    assert Notification.objects.filter(recipient=proposal.author).count() == 1
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        proposal_review(
            proposal=proposal,
            by=reviewer,
            **{**invalid, "reason": "Landesstraße; zuständig ist das Land Thüringen."},
        )
    assert Notification.objects.filter(recipient=proposal.author).count() == 2
    assert len(mail.outbox) == 2


def test_a_proposal_entered_by_staff_is_answered_by_email_to_its_contact(
    budget, reviewer, django_capture_on_commit_callbacks
):
    proposal = ProposalFactory(
        budget=budget,
        author=None,
        author_name="Erika Muster",
        author_contact="erika@example.org",
        source=ProposalSource.LETTER,
        entered_by=reviewer,
    )
    with django_capture_on_commit_callbacks(execute=True):
        proposal_review(
            proposal=proposal,
            by=reviewer,
            **review_kwargs(decision="invalid", feasible=False, reason="Nicht umsetzbar."),
        )
    assert [m.to for m in mail.outbox] == [["erika@example.org"]]
    assert "Nicht umsetzbar." in mail.outbox[0].body
    assert "nicht zulässig" in mail.outbox[0].body
    assert not Notification.objects.exists()


def test_a_staff_entered_proposal_with_a_postal_contact_gets_no_email(
    budget, reviewer, django_capture_on_commit_callbacks
):
    proposal = ProposalFactory(
        budget=budget,
        author=None,
        author_name="Erika Muster",
        author_contact="Markt 1, 07743 Jena",
        source=ProposalSource.LETTER,
    )
    with django_capture_on_commit_callbacks(execute=True):
        proposal_review(proposal=proposal, by=reviewer, **review_kwargs())
    assert mail.outbox == []


def test_a_resident_cannot_review(budget):
    proposal = ProposalFactory(budget=budget)
    with pytest.raises(NotAllowed):
        proposal_review(proposal=proposal, by=proposal.author, **review_kwargs())


def test_the_freeze_blocks_the_review(budget, reviewer):
    proposal = ProposalFactory(budget=budget)
    confirm(budget)
    proposal.budget = budget
    with pytest.raises(Closed):
        proposal_review(proposal=proposal, by=reviewer, **review_kwargs())
    with pytest.raises(Closed):
        proposal_review_assign(proposal=proposal, reviewer=reviewer, due=None, by=reviewer)


# --- assigning ------------------------------------------------------------------------------


def test_assigning_puts_a_submitted_proposal_in_review(budget, reviewer):
    proposal = ProposalFactory(budget=budget)
    due = datetime.date(2026, 10, 1)
    proposal_review_assign(proposal=proposal, reviewer=reviewer, due=due, by=review_office())
    proposal.refresh_from_db()
    assert (proposal.status, proposal.reviewer, proposal.review_due) == (
        ProposalStatus.IN_REVIEW,
        reviewer,
        due,
    )


def test_only_a_reviewer_can_be_assigned(budget, reviewer):
    proposal = ProposalFactory(budget=budget)
    with pytest.raises(Invalid) as excinfo:
        proposal_review_assign(proposal=proposal, reviewer=UserFactory(), due=None, by=reviewer)
    assert "reviewer" in errors_of(excinfo)


# --- the board's confirmation ---------------------------------------------------------------


def test_the_board_cannot_confirm_while_proposals_are_open(budget):
    ValidProposalFactory(budget=budget)
    ProposalFactory(budget=budget)
    ProposalFactory(budget=budget, status=ProposalStatus.IN_REVIEW)
    with pytest.raises(Invalid) as excinfo:
        board_confirm(
            budget=budget,
            by=board_office(),
            meeting_date=datetime.date(2026, 9, 1),
            decision="Bestätigt.",
            minutes_file=minutes_pdf(),
        )
    assert "Noch 2 Vorschläge sind nicht abschließend geprüft." in str(excinfo.value)
    assert not stages.is_frozen(budget)


def test_confirming_records_the_meeting_and_freezes_the_ballot(budget):
    ValidProposalFactory(budget=budget)
    ValidProposalFactory(budget=budget)
    ProposalFactory(budget=budget, status=ProposalStatus.INVALID, review_reason="Land.")
    office = board_office()
    confirmation = board_confirm(
        budget=budget,
        by=office,
        meeting_date=datetime.date(2026, 9, 1),
        decision="Der Beirat bestätigt die Liste einstimmig.",
        minutes_file=minutes_pdf(),
    )
    assert confirmation.proposal_count == 2
    assert confirmation.recorded_by == office
    assert confirmation.minutes.read().startswith(b"%PDF-")
    budget.refresh_from_db()
    assert stages.is_frozen(budget)
    with pytest.raises(Conflict):
        board_confirm(
            budget=budget,
            by=office,
            meeting_date=datetime.date(2026, 9, 2),
            decision="Noch einmal.",
            minutes_file=minutes_pdf(),
        )


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (None, "Bitte laden Sie das Protokoll"),
        (minutes_pdf("protokoll.docx"), "PDF-Datei"),
        (minutes_pdf(content=b"<html>kein PDF</html>"), "PDF-Datei"),
    ],
)
def test_the_minutes_must_be_a_pdf(budget, upload, message):
    with pytest.raises(Invalid) as excinfo:
        board_confirm(
            budget=budget,
            by=board_office(),
            meeting_date=datetime.date(2026, 9, 1),
            decision="Bestätigt.",
            minutes_file=upload,
        )
    assert message in errors_of(excinfo)["minutes"][0]


def test_the_minutes_have_a_size_limit(budget, monkeypatch):
    from participation.budgets.services import review

    monkeypatch.setattr(review, "MINUTES_MAX_BYTES", 10)
    with pytest.raises(Invalid) as excinfo:
        board_confirm(
            budget=budget,
            by=board_office(),
            meeting_date=datetime.date(2026, 9, 1),
            decision="Bestätigt.",
            minutes_file=minutes_pdf(),
        )
    assert "höchstens" in errors_of(excinfo)["minutes"][0]


def test_a_reviewer_cannot_record_the_boards_decision(budget, reviewer):
    with pytest.raises(NotAllowed):
        board_confirm(
            budget=budget,
            by=reviewer,
            meeting_date=datetime.date(2026, 9, 1),
            decision="Bestätigt.",
            minutes_file=minutes_pdf(),
        )


# --- corrections ----------------------------------------------------------------------------


def test_a_correction_after_the_freeze_changes_the_proposal_and_logs_it(budget, reviewer):
    proposal = ValidProposalFactory(budget=budget, estimated_cost=4_000)
    confirm(budget)
    proposal.budget = budget
    correction = proposal_correct(
        proposal=proposal,
        by=reviewer,
        field="reviewed_cost",
        value="4500",
        reason="Angebot der Firma liegt vor.",
    )
    proposal.refresh_from_db()
    assert proposal.reviewed_cost == 4_500
    assert (correction.old_value, correction.new_value) == ("", "4500")
    assert (correction.made_by, correction.reason) == (reviewer, "Angebot der Firma liegt vor.")


def test_a_correction_needs_a_reason_and_a_new_value(budget, reviewer):
    proposal = ValidProposalFactory(budget=budget)
    confirm(budget)
    proposal.budget = budget
    with pytest.raises(Invalid) as excinfo:
        proposal_correct(proposal=proposal, by=reviewer, field="title", value="Neu", reason=" ")
    assert "reason" in errors_of(excinfo)
    with pytest.raises(Invalid) as excinfo:
        proposal_correct(
            proposal=proposal, by=reviewer, field="title", value=proposal.title, reason="x"
        )
    assert "derselbe" in errors_of(excinfo)["value"][0]
    assert not Correction.objects.exists()


def test_a_corrected_cost_above_the_cap_is_refused(budget, reviewer):
    proposal = ValidProposalFactory(budget=budget)
    confirm(budget)
    proposal.budget = budget
    with pytest.raises(Invalid) as excinfo:
        proposal_correct(
            proposal=proposal, by=reviewer, field="reviewed_cost", value=10_001, reason="Teurer."
        )
    assert "Höchstbetrag" in errors_of(excinfo)["value"][0]


def test_the_status_is_corrected_only_between_valid_and_invalid(budget, reviewer):
    proposal = ValidProposalFactory(budget=budget)
    merged = ProposalFactory(budget=budget, status=ProposalStatus.MERGED, merged_into=proposal)
    confirm(budget)
    proposal.budget = merged.budget = budget
    proposal_correct(
        proposal=proposal,
        by=reviewer,
        field="status",
        value="invalid",
        reason="Die Fläche wurde inzwischen verkauft.",
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.INVALID
    assert proposal.review_reason == "Die Fläche wurde inzwischen verkauft."
    with pytest.raises(Invalid):
        proposal_correct(
            proposal=merged, by=reviewer, field="status", value="valid", reason="Doch."
        )


def test_a_corrected_status_is_told_to_the_author(
    budget, reviewer, django_capture_on_commit_callbacks
):
    proposal = ValidProposalFactory(budget=budget, title="Bank am Teich")
    entered = ValidProposalFactory(
        budget=budget,
        author=None,
        author_name="Erika Muster",
        author_contact="erika@example.org",
        source=ProposalSource.EMAIL,
    )
    confirm(budget)
    proposal.budget = entered.budget = budget
    with django_capture_on_commit_callbacks(execute=True):
        proposal_correct(
            proposal=proposal, by=reviewer, field="title", value="Bank am Teich Nord", reason="Ort."
        )
    assert not Notification.objects.filter(recipient=proposal.author).exists()
    with django_capture_on_commit_callbacks(execute=True):
        for item in (proposal, entered):
            proposal_correct(
                proposal=item,
                by=reviewer,
                field="status",
                value="invalid",
                reason="Die Fläche wurde verkauft.",
            )
    notification = Notification.objects.get(recipient=proposal.author)
    assert notification.context["decision"] == "invalid"
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [proposal.author.email, "erika@example.org"]
    )
    assert all("Die Fläche wurde verkauft." in m.body for m in mail.outbox)


def test_a_correction_before_the_freeze_is_refused(budget, reviewer):
    proposal = ValidProposalFactory(budget=budget)
    with pytest.raises(Closed):
        proposal_correct(
            proposal=proposal, by=reviewer, field="title", value="Neu", reason="Tippfehler."
        )


def test_a_review_started_before_the_confirmation_is_refused_once_it_is_stored(budget, reviewer):
    """The page loaded the budget before the board's office saved the confirmation: the
    service looks again under the budget's lock."""
    proposal = ProposalFactory(budget=budget)
    assert not stages.is_frozen(proposal.budget)  # remembered: not confirmed
    BoardConfirmation.objects.create(
        budget=budget, meeting_date=datetime.date(2026, 9, 1), decision="Ja.", proposal_count=0
    )
    with pytest.raises(Closed):
        proposal_review(proposal=proposal, by=reviewer, **review_kwargs())
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_a_second_confirmation_from_a_stale_page_is_a_conflict_not_an_error(budget):
    assert not stages.is_frozen(budget)  # remembered: not confirmed
    BoardConfirmation.objects.create(
        budget=budget, meeting_date=datetime.date(2026, 9, 1), decision="Ja.", proposal_count=0
    )
    with pytest.raises(Conflict):
        board_confirm(
            budget=budget,
            by=board_office(),
            meeting_date=datetime.date(2026, 9, 2),
            decision="Noch einmal.",
            minutes_file=minutes_pdf(),
        )
