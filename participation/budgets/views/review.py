"""The review pages: the reviewers' queue, the review of one proposal (with its
assignment), the board's confirmation with the public minutes, and the corrections after
the freeze. The pages only ask the rules (``rules.review``); the services decide."""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.forms import answer_status
from core.sections import PageSection
from core.storage import pdf_as_attachment
from projects.models import Category

from .. import stages
from ..forms.review import (
    AssignForm,
    BoardConfirmationForm,
    CorrectionForm,
    ProposalReviewForm,
    ReviewQueueFilterForm,
    check_initial,
    check_value,
)
from ..models import Budget, Proposal
from ..rules import review as rules
from ..selectors import review as selectors
from ..services import review as services

QUEUE_PAGE_SIZE = 50


def reviewer_view(view):
    """Resolve the budget by ``slug`` and let only its reviewers in: anonymous people
    are sent to sign in, everybody else gets 403."""

    @wraps(view)
    def wrapper(request, slug: str, *args, **kwargs):
        budget = selectors.budget_or_404(user=request.user, slug=slug)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        refusal = rules.may_see_review_queue(request.user, budget)
        if refusal is not None:
            raise PermissionDenied(refusal.message)
        return view(request, budget, *args, **kwargs)

    return wrapper


def _form_errors(form, error: ValidationError, *, field_map: dict | None = None) -> None:
    """Put the service's messages beside the form's fields (else at the top)."""
    field_map = field_map or {}
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            name = field_map.get(field, field)
            form.add_error(name if name in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


def _urls(budget: Budget) -> dict:
    slug = budget.project.slug
    return {
        "queue_url": reverse("budgets:review-queue", kwargs={"slug": slug}),
        "board_url": reverse("budgets:board-confirmation", kwargs={"slug": slug}),
        "project_url": reverse("projects:project-detail", kwargs={"slug": slug}),
    }


# --- the queue ------------------------------------------------------------------------------


@dataclass
class QueueRow:
    proposal: Proposal
    due: object
    overdue: bool
    review_url: str


@require_GET
@reviewer_view
def review_queue(request, budget: Budget):
    categories = list(Category.objects.filter(project=budget.project).order_by("name"))
    districts = list(budget.project.districts.order_by("name"))
    filter_form = ReviewQueueFilterForm(
        request.GET or None, categories=categories, districts=districts
    )
    filters = selectors.QueueFilters()
    if filter_form.is_bound and filter_form.is_valid():
        data = filter_form.cleaned_data
        filters = selectors.QueueFilters(
            status=data.get("status") or "",
            category=data.get("category"),
            district=data.get("district"),
            reviewer=data.get("reviewer") or "",
            overdue=bool(data.get("overdue")),
            sort=data.get("sort") or "due",
        )
    today = timezone.localdate()
    page = Paginator(
        selectors.review_queue(budget=budget, user=request.user, filters=filters, today=today),
        QUEUE_PAGE_SIZE,
    )
    page_obj = page.get_page(request.GET.get("page"))
    slug = budget.project.slug
    rows = [
        QueueRow(
            proposal=proposal,
            due=proposal.due,
            overdue=selectors.is_overdue(proposal, today),
            review_url=reverse(
                "budgets:proposal-review", kwargs={"slug": slug, "number": proposal.number}
            ),
        )
        for proposal in page_obj.object_list
    ]
    counts = selectors.status_counts(budget)
    status_labels = dict(Proposal._meta.get_field("status").choices)
    context = {
        "budget": budget,
        "project": budget.project,
        **_urls(budget),
        "filter_form": filter_form,
        "rows": rows,
        "page_obj": page_obj,
        "page_range": page.get_elided_page_range(page_obj.number),
        "result_count": page.count,
        "counts": [(value, status_labels[value], n) for value, n in counts.items()],
        "total": sum(counts.values()),
        "frozen": stages.is_frozen(budget),
        "default_due": selectors.default_due(budget),
        "may_confirm": rules.records_board_decision(request.user),
    }
    return render(request, "budgets/review/queue.html", context, status=answer_status(filter_form))


# --- reviewing one proposal -----------------------------------------------------------------


def _review_initial(proposal: Proposal) -> dict:
    return {
        "city_responsible": check_initial(proposal.city_responsible),
        "lawful": check_initial(proposal.lawful),
        "feasible": check_initial(proposal.feasible),
        "reviewed_cost": proposal.reviewed_cost,
        "decision": proposal.status
        if proposal.status in services.DECISIONS
        else services.UNDECIDED,
        "merged_into": proposal.merged_into_id,
        "reason": proposal.review_reason,
        "notes": proposal.review_notes,
    }


@require_http_methods(["GET", "POST"])
@reviewer_view
def proposal_review(request, budget: Budget, number: int):
    proposal = selectors.proposal_or_404(budget=budget, number=number)
    refusal = rules.may_review(request.user, proposal)
    merge_targets = selectors.merge_targets(proposal)
    reviewers = selectors.reviewers_of(budget)
    review_form = ProposalReviewForm(initial=_review_initial(proposal), merge_targets=merge_targets)
    assign_form = AssignForm(
        initial={"reviewer": proposal.reviewer_id, "due": proposal.review_due},
        reviewers=reviewers,
    )
    status = 200
    review_url = reverse(
        "budgets:proposal-review", kwargs={"slug": budget.project.slug, "number": number}
    )
    if request.method == "POST":
        if refusal is not None:
            raise refusal.exception()
        if request.POST.get("action") == "assign":
            assign_form = AssignForm(request.POST, reviewers=reviewers)
            if assign_form.is_valid():
                try:
                    services.proposal_review_assign(
                        proposal=proposal,
                        reviewer=assign_form.cleaned_data["reviewer"],
                        due=assign_form.cleaned_data["due"],
                        by=request.user,
                    )
                except ValidationError as error:
                    _form_errors(assign_form, error)
                else:
                    messages.success(request, _("Die Zuweisung wurde gespeichert."))
                    return redirect(review_url)
        else:
            review_form = ProposalReviewForm(request.POST, merge_targets=merge_targets)
            if review_form.is_valid():
                data = review_form.cleaned_data
                try:
                    services.proposal_review(
                        proposal=proposal,
                        by=request.user,
                        city_responsible=check_value(data["city_responsible"]),
                        lawful=check_value(data["lawful"]),
                        feasible=check_value(data["feasible"]),
                        reviewed_cost=data["reviewed_cost"],
                        decision=data["decision"],
                        merged_into=data["merged_into"],
                        reason=data["reason"],
                        notes=data["notes"],
                    )
                except ValidationError as error:
                    _form_errors(review_form, error)
                else:
                    if data["decision"] in services.DECISIONS:
                        messages.success(
                            request,
                            _(
                                "Die Prüfung von Vorschlag %(number)s ist gespeichert "
                                "und veröffentlicht."
                            )
                            % {"number": proposal.number},
                        )
                    else:
                        messages.success(request, _("Der Zwischenstand ist gespeichert."))
                    return redirect(f"{_urls(budget)['queue_url']}")
        status = 400
    context = {
        "budget": budget,
        "project": budget.project,
        "proposal": proposal,
        **_urls(budget),
        "public_url": selectors.public_proposal_url(proposal),
        "refusal": refusal,
        "frozen": stages.is_frozen(budget),
        "review_form": review_form,
        "assign_form": assign_form,
        "default_due": selectors.default_due(budget),
        "correct_url": reverse(
            "budgets:proposal-correct", kwargs={"slug": budget.project.slug, "number": number}
        ),
    }
    return render(request, "budgets/review/review_form.html", context, status=status)


# --- the board's confirmation ---------------------------------------------------------------


def _board_context(request, budget: Budget) -> dict:
    ballot = selectors.ballot_list(budget)
    total = sum(p.cost for p in ballot)
    available = stages.available(budget)
    confirmation = budget.confirmation if stages.is_frozen(budget) else None
    open_count = 0 if confirmation else selectors.open_proposal_count(budget)
    return {
        "budget": budget,
        "project": budget.project,
        **_urls(budget),
        "ballot": ballot,
        "not_admitted": selectors.not_admitted(budget),
        "total": total,
        "available": available,
        "over_budget": total > available,
        "confirmation": confirmation,
        "open_refusal": rules.open_proposals_refusal(open_count),
        "confirm_refusal": rules.may_confirm(request.user, budget),
        "is_reviewer": rules.reviews_budget(request.user, budget),
        "minutes_url": reverse("budgets:board-minutes", kwargs={"slug": budget.project.slug})
        if confirmation and confirmation.minutes
        else "",
    }


@require_http_methods(["GET", "POST"])
def board_confirmation(request, slug: str):
    """Public: the list that goes on the ballot, the proposals not admitted with their
    reasons, and the board's confirmation once recorded. The form to record it is for
    ``may_confirm`` only."""
    budget = selectors.budget_or_404(user=request.user, slug=slug)
    form = BoardConfirmationForm()
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        refusal = rules.may_confirm(request.user, budget)
        if refusal is not None:
            raise refusal.exception()
        form = BoardConfirmationForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.board_confirm(
                    budget=budget,
                    by=request.user,
                    meeting_date=form.cleaned_data["meeting_date"],
                    decision=form.cleaned_data["decision"],
                    minutes_file=form.cleaned_data["minutes"],
                )
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Die Bestätigung durch den Beirat ist erfasst. Die Liste der "
                        "Vorschläge ist damit festgeschrieben."
                    ),
                )
                return redirect(request.path)
        status = 400
    context = {**_board_context(request, budget), "form": form}
    return render(request, "budgets/review/board.html", context, status=status)


@require_GET
def board_minutes(request, slug: str):
    """The board's minutes (public, like the decision): always as a PDF, downloaded (or
    shown in the browser with ``?ansicht=browser``), never sniffed as anything else."""
    budget = selectors.budget_or_404(user=request.user, slug=slug)
    confirmation = budget.confirmation if stages.is_frozen(budget) else None
    if confirmation is None or not confirmation.minutes:
        raise Http404(_("Für dieses Bürgerbudget ist kein Protokoll veröffentlicht."))
    try:
        handle = confirmation.minutes.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404(_("Das Protokoll ist nicht verfügbar.")) from None
    response = FileResponse(
        handle,
        content_type="application/pdf",
        as_attachment=pdf_as_attachment(request),
        filename=f"protokoll-beirat-{budget.project.slug}.pdf",
    )
    # Never sniffed as anything else (no CSP sandbox: browsers then refuse to show PDFs).
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- corrections after the freeze -----------------------------------------------------------


@require_http_methods(["GET", "POST"])
@reviewer_view
def proposal_correct(request, budget: Budget, number: int):
    proposal = selectors.proposal_or_404(budget=budget, number=number)
    refusal = rules.may_correct(request.user, proposal)
    form = CorrectionForm()
    status = 200
    if request.method == "POST":
        if refusal is not None:
            raise refusal.exception()
        form = CorrectionForm(request.POST)
        if form.is_valid():
            try:
                services.proposal_correct(
                    proposal=proposal,
                    by=request.user,
                    field=form.cleaned_data["field"],
                    value=form.cleaned_data["value"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                _form_errors(form, error, field_map={"value": form.value_field()})
            else:
                messages.success(
                    request,
                    _("Die Korrektur an Vorschlag %(number)s ist gespeichert und veröffentlicht.")
                    % {"number": proposal.number},
                )
                return redirect(selectors.public_proposal_url(proposal))
        status = 400
    context = {
        "budget": budget,
        "project": budget.project,
        "proposal": proposal,
        **_urls(budget),
        "public_url": selectors.public_proposal_url(proposal),
        "refusal": refusal,
        "form": form,
        "corrections": selectors.corrections_of(proposal),
    }
    return render(request, "budgets/review/correct.html", context, status=status)


# --- sections on the public pages (registered in BudgetsConfig.ready) ----------------------


def proposal_review_section(request, proposal: Proposal) -> PageSection | None:
    """On the proposal's page: the published review once decided, and the corrections
    after the board's confirmation. One query (the corrections) at most."""
    published = selectors.review_is_published(proposal)
    frozen = stages.is_frozen(proposal.budget)
    corrections = selectors.corrections_of(proposal) if frozen else []
    if not published and not corrections:
        return None
    return PageSection(
        template="budgets/review/sections/proposal_review.html",
        context={
            "proposal": proposal,
            "published": published,
            "corrections": corrections,
            "frozen": frozen,
        },
        order=30,
    )


def budget_review_section(request, budget: Budget) -> PageSection:
    """On the budget's page: the board's confirmation once recorded (with the minutes),
    the proposals not admitted with their reasons, and for reviewers the way to the
    queue. Two queries at most."""
    confirmation = budget.confirmation if stages.is_frozen(budget) else None
    slug = budget.project.slug
    return PageSection(
        template="budgets/review/sections/budget_review.html",
        context={
            "budget": budget,
            "confirmation": confirmation,
            "minutes_url": reverse("budgets:board-minutes", kwargs={"slug": slug})
            if confirmation and confirmation.minutes
            else "",
            "board_url": reverse("budgets:board-confirmation", kwargs={"slug": slug}),
            "queue_url": reverse("budgets:review-queue", kwargs={"slug": slug}),
            "not_admitted": selectors.not_admitted(budget),
            "is_reviewer": rules.reviews_budget(request.user, budget),
        },
        order=30,
    )
