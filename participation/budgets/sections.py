"""The results box on the budget page (``core.sections``, page "budget")."""

from __future__ import annotations

from core.sections import PageSection

from . import stages
from .models import Count
from .rules.results import is_counter


def results_section(request, budget) -> PageSection | None:
    """A link to the published result; for the counting team, after the voting, a link
    to the count page. One query."""
    count = (
        Count.objects.filter(budget=budget, published_at__isnull=False)
        .only("pk", "spent", "remainder", "published_at")
        .first()
    )
    can_count = is_counter(request.user) and stages.voting_has_ended(budget)
    if count is None and not can_count:
        return None
    return PageSection(
        template="budgets/results/section.html",
        context={"count": count, "slug": budget.project.slug, "can_count": can_count},
        order=20,
    )
