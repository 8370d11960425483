"""The review pages from outside: who gets in, the queue's filters and query count, the
review form, the board's page with its minutes, corrections, and the public sections."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from core.sections import page_sections
from participation.budgets.models import Correction, ProposalStatus
from participation.budgets.selectors.review import budget_or_404
from tests.budgets.review_helpers import board_office, confirm, minutes_pdf, review_office
from tests.factories import (
    BudgetFactory,
    CategoryFactory,
    ProjectFactory,
    ProposalFactory,
    UserFactory,
    ValidProposalFactory,
    moderator_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget():
    return BudgetFactory(stage="review", project=ProjectFactory(slug="bb-2026"))


def queue_url(budget, **query) -> str:
    url = reverse("budgets:review-queue", kwargs={"slug": budget.project.slug})
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def review_url(proposal) -> str:
    return reverse(
        "budgets:proposal-review",
        kwargs={"slug": proposal.budget.project.slug, "number": proposal.number},
    )


def board_url(budget) -> str:
    return reverse("budgets:board-confirmation", kwargs={"slug": budget.project.slug})


def correct_url(proposal) -> str:
    return reverse(
        "budgets:proposal-correct",
        kwargs={"slug": proposal.budget.project.slug, "number": proposal.number},
    )


# --- who gets in ----------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["queue", "review", "correct"])
def test_staff_pages_send_anonymous_people_to_sign_in_and_refuse_others(client, budget, page):
    proposal = ProposalFactory(budget=budget)
    url = {"queue": queue_url(budget), "review": review_url(proposal)}.get(
        page, correct_url(proposal)
    )
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    for person in (UserFactory(), proposal.author, moderator_of(ProjectFactory())):
        client.force_login(person)
        assert client.get(url).status_code == 403
    for person in (moderator_of(budget.project), review_office()):
        client.force_login(person)
        assert client.get(url).status_code == 200


# --- the queue ------------------------------------------------------------------------------


def test_the_queue_shows_costs_reviewer_due_date_and_counts(client, budget):
    reviewer = moderator_of(budget.project, display_name="Frau Prüfer")
    ProposalFactory(budget=budget, title="Bank", estimated_cost=3_000, reviewer=reviewer)
    ValidProposalFactory(budget=budget, title="Brunnen", reviewed_cost=7_000)
    client.force_login(reviewer)
    response = client.get(queue_url(budget))
    page = response.content.decode()
    assert "Bank" in page and "Brunnen" in page
    assert "Frau Prüfer" in page and "7.000" in page
    counts = dict((value, n) for value, _label, n in response.context["counts"])
    assert counts["submitted"] == 1 and counts["valid"] == 1
    default = response.context["default_due"]
    assert default is not None
    assert all(row.due == default for row in response.context["rows"])


def test_the_queue_filters_by_status_reviewer_category_and_overdue(client, budget):
    me = moderator_of(budget.project)
    category = CategoryFactory(project=budget.project, name="Spielplätze")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    mine = ProposalFactory(budget=budget, reviewer=me, status=ProposalStatus.IN_REVIEW)
    late = ProposalFactory(budget=budget, review_due=yesterday, category=category)
    done_late = ValidProposalFactory(budget=budget, review_due=yesterday)
    client.force_login(me)

    def numbers(**query) -> set[int]:
        response = client.get(queue_url(budget, **query))
        assert response.status_code == 200
        return {row.proposal.number for row in response.context["rows"]}

    assert numbers(reviewer="me") == {mine.number}
    assert numbers(reviewer="unassigned") == {late.number, done_late.number}
    assert numbers(status="valid") == {done_late.number}
    assert numbers(category=category.pk) == {late.number}
    assert numbers(overdue="on") == {late.number}
    response = client.get(queue_url(budget))
    rows = {row.proposal.number: row for row in response.context["rows"]}
    assert rows[late.number].overdue and not rows[done_late.number].overdue
    assert response.context["rows"][0].proposal == late  # the earliest due date first
    assert "überfällig" in response.content.decode()


def test_a_bad_filter_is_answered_with_400_not_500(client, budget):
    client.force_login(moderator_of(budget.project))
    assert client.get(queue_url(budget, status="erfunden")).status_code == 400


def test_the_queue_runs_a_constant_number_of_queries(client, budget, django_assert_max_num_queries):
    reviewer = moderator_of(budget.project)
    category = CategoryFactory(project=budget.project)
    ProposalFactory(budget=budget, reviewer=reviewer, category=category)
    client.force_login(reviewer)
    client.get(queue_url(budget))  # warm the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(queue_url(budget))
    for _ in range(15):
        ProposalFactory(budget=budget, reviewer=moderator_of(budget.project), category=category)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(queue_url(budget))
    assert len(response.context["rows"]) == 16


# --- the review form ------------------------------------------------------------------------


def test_an_invalid_decision_without_a_reason_is_shown_beside_the_field(client, budget):
    proposal = ProposalFactory(budget=budget)
    client.force_login(moderator_of(budget.project))
    response = client.post(
        review_url(proposal), {"action": "review", "decision": "invalid", "lawful": "no"}
    )
    assert response.status_code == 400
    assert "warum der Vorschlag nicht zulässig ist" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_a_reviewer_decides_through_the_form(client, budget):
    proposal = ProposalFactory(budget=budget, estimated_cost=4_000)
    reviewer = moderator_of(budget.project)
    client.force_login(reviewer)
    response = client.post(
        review_url(proposal),
        {
            "action": "review",
            "city_responsible": "yes",
            "lawful": "yes",
            "feasible": "yes",
            "reviewed_cost": "4500",
            "decision": "valid",
            "reason": "Mit Fundament.",
            "notes": "Rücksprache Grünflächenamt",
        },
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.reviewed_cost, proposal.reviewer) == (
        ProposalStatus.VALID,
        4_500,
        reviewer,
    )


def test_a_reviewer_assigns_the_proposal_with_a_due_date(client, budget):
    proposal = ProposalFactory(budget=budget)
    colleague = moderator_of(budget.project)
    client.force_login(review_office())
    response = client.post(
        review_url(proposal),
        {"action": "assign", "assign-reviewer": colleague.pk, "assign-due": "2026-10-15"},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.reviewer, proposal.review_due) == (colleague, datetime.date(2026, 10, 15))


def test_after_the_freeze_the_review_page_reads_and_refuses_changes(client, budget):
    proposal = ValidProposalFactory(budget=budget)
    confirm(budget)
    client.force_login(moderator_of(budget.project))
    page = client.get(review_url(proposal)).content.decode()
    assert "Änderungen nur als Korrektur mit Begründung" in page
    assert correct_url(proposal) in page
    response = client.post(review_url(proposal), {"action": "review", "decision": "invalid"})
    assert response.status_code == 400
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.VALID


# --- the board ------------------------------------------------------------------------------


def test_the_board_page_is_public_with_costs_and_the_reasons_of_the_invalid_ones(client, budget):
    ValidProposalFactory(budget=budget, title="Brunnen", estimated_cost=9_000)
    ProposalFactory(
        budget=budget,
        title="Tunnel",
        status=ProposalStatus.INVALID,
        review_reason="Zu teuer für das Bürgerbudget.",
    )
    response = client.get(board_url(budget))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Brunnen" in page and "9.000" in page
    assert "Zu teuer für das Bürgerbudget." in page
    assert response.context["available"] == 50_000
    assert "board-confirmation-form" not in page


def test_the_board_page_lists_open_proposals_instead_of_the_form(client, budget):
    ProposalFactory(budget=budget)
    client.force_login(board_office())
    page = client.get(board_url(budget)).content.decode()
    assert "Noch 1 Vorschlag ist nicht abschließend geprüft." in page
    assert "board-confirmation-form" not in page


def test_posting_the_confirmation_needs_the_boards_office(client, budget):
    data = {"meeting_date": "2026-09-01", "decision": "Bestätigt.", "minutes": minutes_pdf()}
    assert "/accounts/login/" in client.post(board_url(budget), data)["Location"]
    client.force_login(moderator_of(budget.project))
    assert client.post(board_url(budget), data).status_code == 403


def test_the_board_confirmation_is_recorded_and_the_minutes_served_as_pdf(client, budget):
    ValidProposalFactory(budget=budget, title="Brunnen")
    client.force_login(board_office())
    response = client.post(
        board_url(budget),
        {
            "meeting_date": "2026-09-01",
            "decision": "Der Beirat bestätigt die Liste einstimmig.",
            "minutes": minutes_pdf(),
        },
    )
    assert response.status_code == 302
    client.logout()
    page = client.get(board_url(budget)).content.decode()
    assert "Der Beirat bestätigt die Liste einstimmig." in page
    minutes = reverse("budgets:board-minutes", kwargs={"slug": budget.project.slug})
    assert minutes in page
    response = client.get(minutes)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_file_that_is_not_a_pdf_is_refused_with_a_message(client, budget):
    client.force_login(board_office())
    response = client.post(
        board_url(budget),
        {
            "meeting_date": "2026-09-01",
            "decision": "Bestätigt.",
            "minutes": minutes_pdf("protokoll.pdf", b"MZ\x90\x00 not a pdf"),
        },
    )
    assert response.status_code == 400
    assert "Das Protokoll muss eine PDF-Datei sein." in response.content.decode()


def test_there_are_no_minutes_before_the_confirmation(client, budget):
    url = reverse("budgets:board-minutes", kwargs={"slug": budget.project.slug})
    assert client.get(url).status_code == 404


# --- corrections ----------------------------------------------------------------------------


def test_a_correction_is_saved_through_the_form(client, budget):
    proposal = ValidProposalFactory(budget=budget, title="Bnak am Teich")
    confirm(budget)
    client.force_login(moderator_of(budget.project))
    response = client.post(
        correct_url(proposal),
        {"field": "title", "text": "Bank am Teich", "reason": "Tippfehler im Titel."},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.title == "Bank am Teich"
    correction = Correction.objects.get()
    assert (correction.old_value, correction.new_value) == ("Bnak am Teich", "Bank am Teich")


def test_a_correction_without_its_value_is_shown_beside_the_value_field(client, budget):
    proposal = ValidProposalFactory(budget=budget)
    confirm(budget)
    client.force_login(moderator_of(budget.project))
    response = client.post(
        correct_url(proposal), {"field": "reviewed_cost", "cost": "20000", "reason": "Teurer."}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["cost"]


# --- the public sections --------------------------------------------------------------------


def render_sections(page: str, obj, user=None) -> str:
    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    return "".join(
        render_to_string(section.template, {"section": section.context, "request": request})
        for section in page_sections(page, request, obj)
    )


def test_the_proposal_page_shows_the_published_review_and_later_corrections(budget):
    proposal = ProposalFactory(budget=budget)
    assert "Ergebnis der Prüfung" not in render_sections("proposal", proposal)
    proposal.status = ProposalStatus.INVALID
    proposal.lawful = False
    proposal.review_reason = "Die Fläche gehört dem Land."
    proposal.review_notes = "geheime Notiz"
    proposal.reviewed_at = timezone.now()
    proposal.save()
    shown = render_sections("proposal", proposal)
    assert "Die Fläche gehört dem Land." in shown
    assert "nicht zulässig" in shown
    assert "geheime Notiz" not in shown
    confirm(budget)
    Correction.objects.create(
        proposal=proposal,
        field="title",
        old_value="Alt",
        new_value="Neu",
        reason="Tippfehler.",
    )
    shown = render_sections("proposal", proposal)
    assert "Korrekturen nach der Bestätigung" in shown
    assert "„Alt“ in „Neu“" in shown and "Tippfehler." in shown


def test_the_budget_page_shows_the_confirmation_the_invalid_list_and_the_queue_for_reviewers(
    budget,
):
    ProposalFactory(
        budget=budget, status=ProposalStatus.INVALID, title="Tunnel", review_reason="Zu teuer."
    )
    confirm(budget, decision="Der Beirat bestätigt.")
    budget = budget_or_404(user=AnonymousUser(), slug=budget.project.slug)
    public = render_sections("budget", budget)
    assert "Der Beirat bestätigt." in public
    assert "Tunnel" in public and "Zu teuer." in public
    assert queue_url(budget) not in public
    assert queue_url(budget) in render_sections("budget", budget, moderator_of(budget.project))


def test_the_budget_section_runs_a_constant_number_of_queries(
    budget, django_assert_max_num_queries
):
    for _ in range(10):
        ProposalFactory(budget=budget, status=ProposalStatus.INVALID, review_reason="Nein.")
    budget = budget_or_404(user=AnonymousUser(), slug=budget.project.slug)
    with django_assert_max_num_queries(2):
        render_sections("budget", budget)
