"""Reads of the review: the budget under its slug, the reviewers' queue with its filters
and counts, the lists the board confirms, and the public record (review, corrections).
Each runs a fixed number of queries, whatever the number of proposals."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, DateField, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from projects.models import Phase
from projects.rules import can_see_project
from projects.selectors import _phase_prefetch

from .. import stages
from ..models import Budget, Correction, Proposal, ProposalStatus

OPEN_STATUSES = (ProposalStatus.SUBMITTED, ProposalStatus.IN_REVIEW)


def budget_or_404(*, user, slug: str) -> Budget:
    """The budget of the project ``slug`` with its project, phases and confirmation, if
    ``user`` may see the project; else Http404."""
    budget = (
        Budget.objects.select_related("project", "confirmation", "confirmation__recorded_by")
        .prefetch_related(_phase_prefetch_for_budget())
        .filter(project__slug=slug)
        .first()
    )
    if budget is None or not can_see_project(user, budget.project):
        raise Http404(_("Dieses Bürgerbudget gibt es nicht oder es ist nicht öffentlich."))
    return budget


def _phase_prefetch_for_budget():
    prefetch = _phase_prefetch()
    prefetch.add_prefix("project")
    return prefetch


def proposal_or_404(*, budget: Budget, number: int) -> Proposal:
    """The proposal ``number`` of ``budget`` (its budget object reused) with what the
    review pages show."""
    proposal = (
        Proposal.objects.select_related("category", "district", "reviewer", "merged_into", "author")
        .filter(budget=budget, number=number)
        .first()
    )
    if proposal is None:
        raise Http404(_("Diesen Vorschlag gibt es nicht."))
    proposal.budget = budget
    return proposal


def public_proposal_url(proposal: Proposal) -> str:
    """The proposal's public page; the budget's project page where the proposal pages
    are not installed."""
    try:
        return proposal.get_absolute_url()
    except NoReverseMatch:
        return reverse("projects:project-detail", kwargs={"slug": proposal.budget.project.slug})


def open_proposal_count(budget: Budget) -> int:
    """Proposals not decided yet (submitted or in review)."""
    return Proposal.objects.filter(budget=budget, status__in=OPEN_STATUSES).count()


def default_due(budget: Budget) -> datetime.date | None:
    """The default due date of a review: the last day of the review phase."""
    phase = stages.phase_of(budget, Phase.Type.REVIEW)
    if phase is None:
        return None
    return timezone.localdate(phase.end - datetime.timedelta(microseconds=1))


# --- the reviewers' queue -------------------------------------------------------------------


@dataclass(frozen=True)
class QueueFilters:
    status: str = ""
    category: int | None = None
    district: int | None = None
    reviewer: str = ""  # "me", "unassigned" or ""
    overdue: bool = False
    sort: str = "due"  # "due" or "number"


def review_queue(
    *, budget: Budget, user, filters: QueueFilters, today: datetime.date | None = None
) -> QuerySet[Proposal]:
    """The budget's proposals for the reviewers, each annotated with ``due`` (its due
    date or the end of the review phase) and ``is_overdue``, filtered and sorted."""
    today = today or timezone.localdate()
    proposals = (
        Proposal.objects.filter(budget=budget)
        .select_related("category", "district", "reviewer")
        .annotate(due=Coalesce("review_due", Value(default_due(budget), output_field=DateField())))
    )
    if filters.status:
        proposals = proposals.filter(status=filters.status)
    if filters.category:
        proposals = proposals.filter(category_id=filters.category)
    if filters.district:
        proposals = proposals.filter(district_id=filters.district)
    if filters.reviewer == "me":
        proposals = proposals.filter(reviewer=user)
    elif filters.reviewer == "unassigned":
        proposals = proposals.filter(reviewer__isnull=True)
    if filters.overdue:
        proposals = proposals.filter(status__in=OPEN_STATUSES, due__lt=today)
    if filters.sort == "number":
        return proposals.order_by("number")
    return proposals.order_by(Coalesce("due", Value(datetime.date.max)).asc(), "number")


def status_counts(budget: Budget) -> dict[str, int]:
    """How many proposals of each status (every status, zero included)."""
    counts = dict(
        Proposal.objects.filter(budget=budget)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {value: counts.get(value, 0) for value in ProposalStatus.values}


def is_overdue(proposal: Proposal, today: datetime.date) -> bool:
    due = getattr(proposal, "due", None) or proposal.review_due
    return bool(due and due < today and proposal.status in OPEN_STATUSES)


# --- the board's lists and the public record ------------------------------------------------


def ballot_list(budget: Budget) -> list[Proposal]:
    """The valid proposals (the ballot), by number, with category and district."""
    return list(stages.ballot_proposals(budget).select_related("category", "district"))


def not_admitted(budget: Budget) -> list[Proposal]:
    """The proposals not on the ballot with their published reasons: invalid and merged
    (with the proposal they were merged into), by number."""
    return list(
        Proposal.objects.filter(
            budget=budget,
            status__in=(ProposalStatus.INVALID, ProposalStatus.MERGED),
            is_hidden=False,
        )
        .select_related("merged_into")
        .order_by("number")
    )


def corrections_of(proposal: Proposal) -> list[Correction]:
    """The corrections of a proposal after the freeze, newest first."""
    return list(
        Correction.objects.filter(proposal=proposal)
        .select_related("made_by")
        .order_by("-made_at", "-pk")
    )


def corrections_in(budget: Budget) -> list[Correction]:
    """Every correction in ``budget`` after the freeze, newest first."""
    return list(
        Correction.objects.filter(proposal__budget=budget)
        .select_related("proposal", "made_by")
        .order_by("-made_at", "-pk")
    )


def review_is_published(proposal: Proposal) -> bool:
    return (
        proposal.status
        in (
            ProposalStatus.VALID,
            ProposalStatus.INVALID,
            ProposalStatus.MERGED,
        )
        and proposal.reviewed_at is not None
    )


def merge_targets(proposal: Proposal) -> QuerySet[Proposal]:
    """The proposals ``proposal`` may be merged into: others of its budget, still in
    review or valid."""
    return (
        Proposal.objects.filter(budget_id=proposal.budget_id)
        .exclude(pk=proposal.pk)
        .filter(Q(status__in=(*OPEN_STATUSES, ProposalStatus.VALID)))
        .order_by("number")
    )


def reviewers_of(budget: Budget) -> QuerySet:
    """The active people who may review ``budget``'s proposals (``rules.review``): the
    moderators of its project (personally or by group), the global moderators, holders
    of ``budgets.review_proposal`` and superusers. Two queries."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from guardian.shortcuts import get_users_with_perms

    User = get_user_model()
    moderators = get_users_with_perms(
        budget.project,
        only_with_perms_in=["moderate_project"],
        with_group_users=True,
        with_superusers=False,
    ).values("pk")
    permissions = Permission.objects.filter(
        Q(content_type__app_label="budgets", codename="review_proposal")
        | Q(content_type__app_label="projects", codename="moderate_project")
    )
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(pk__in=moderators)
            | Q(is_superuser=True)
            | Q(user_permissions__in=permissions)
            | Q(groups__permissions__in=permissions)
        )
        .distinct()
        .order_by("display_name", "pk")
    )
