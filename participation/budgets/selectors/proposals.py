"""Reads of budgets and proposals, shared by the pages, the map's GeoJSON and the API.

One FilterSet (``ProposalFilter``) filters for all three, so the map and the list show
the same set. The selectors own the joins: a list of any length runs a fixed number of
queries, and URLs are built from fields already loaded.
"""

from __future__ import annotations

import datetime
import hashlib
import json

import django_filters
from django import forms
from django.db.models import (
    BigIntegerField,
    Count,
    ExpressionWrapper,
    F,
    Max,
    Prefetch,
    Q,
    QuerySet,
    Sum,
)
from django.http import Http404
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.forms import FilterForm
from core.translation import localized
from geo.models import District
from participation.budgets.models import Budget, Proposal, ProposalStatus
from participation.budgets.rules.proposals import can_see_proposal, is_budget_staff
from projects.models import Category, Phase, Project
from projects.selectors import projects_visible_to

# --- Budgets -------------------------------------------------------------------------------


def _phases_in_order() -> Prefetch:
    return Prefetch(
        "project__phases",
        queryset=Phase.objects.order_by("start", "pk").prefetch_related("eligible_districts"),
    )


def budgets_for_list(*, user) -> QuerySet[Budget]:
    """The budgets of projects ``user`` may see (drafts only for their moderators and
    staff), newest year first, with their projects and phases (three queries)."""
    return (
        Budget.objects.filter(project__in=projects_visible_to(user))
        .select_related("project")
        .prefetch_related(_phases_in_order())
        .order_by("-year", localized("project__title"))
    )


def budget_for_detail(*, user, slug: str) -> Budget:
    """The budget of the project ``slug`` with its project, phases (and their
    districts), the project's districts and categories, the previous year's budget.
    Http404 when there is none or ``user`` may not see it."""
    budget = (
        budgets_for_list(user=user)
        .select_related("carried_from", "project__responsible_unit")
        .prefetch_related("project__districts", "project__categories")
        .filter(project__slug=slug)
        .first()
    )
    if budget is None:
        raise Http404(_("Dieses Bürgerbudget gibt es nicht oder es ist nicht öffentlich."))
    return budget


# --- Proposals -----------------------------------------------------------------------------


def proposals_visible_to(*, user, budget: Budget) -> QuerySet[Proposal]:
    """The budget's proposals ``user`` may see: hidden ones only for their author and
    the budget's staff."""
    proposals = Proposal.objects.filter(budget=budget)
    if is_budget_staff(user, budget):
        return proposals
    if user is not None and user.is_authenticated:
        return proposals.filter(Q(is_hidden=False) | Q(author=user))
    return proposals.filter(is_hidden=False)


def proposals_for_list(*, user, budget: Budget) -> QuerySet[Proposal]:
    """Visible proposals with what a list row, a popup or an API row shows."""
    return (
        proposals_visible_to(user=user, budget=budget)
        .select_related("category", "district", "author")
        .order_by("number")
    )


def proposal_for_detail(*, user, budget: Budget, number: int) -> Proposal:
    """One proposal with what its page shows, or Http404 (also for a hidden one the
    person may not see)."""
    proposal = (
        Proposal.objects.filter(budget=budget, number=number)
        .select_related("category", "district", "author", "merged_into")
        .prefetch_related(
            Prefetch(
                "merged_from",
                queryset=Proposal.objects.filter(is_hidden=False).order_by("number"),
            )
        )
        .first()
    )
    if proposal is None:
        raise Http404(_("Diesen Vorschlag gibt es nicht."))
    proposal.budget = budget  # with its prefetched project and phases
    if not can_see_proposal(user, proposal):
        raise Http404(_("Diesen Vorschlag gibt es nicht."))
    return proposal


def filter_districts(budget: Budget) -> QuerySet[District]:
    """Districts to filter by: the project's own and those its proposals lie in."""
    return (
        District.objects.filter(
            Q(projects=budget.project_id)
            | Q(pk__in=Proposal.objects.filter(budget=budget).values("district_id"))
        )
        .only("pk", "name", "slug")
        .distinct()
        .order_by("name")
    )


class ProposalFilter(django_filters.FilterSet):
    """Filters (text, category, district, status) of a budget's proposals. Pass
    ``budget=`` so the choices are the project's categories and districts."""

    q = django_filters.CharFilter(
        method="filter_text", label=_("Suche im Text"), widget=forms.SearchInput
    )
    category = django_filters.ModelChoiceFilter(
        field_name="category",
        to_field_name="slug",
        queryset=Category.objects.none(),
        label=_("Kategorie"),
        empty_label=_("alle"),
    )
    district = django_filters.ModelChoiceFilter(
        field_name="district",
        to_field_name="slug",
        queryset=District.objects.none(),
        label=_("Ortsteil"),
        empty_label=_("alle"),
    )
    status = django_filters.ChoiceFilter(
        choices=ProposalStatus.choices, label=_("Status"), empty_label=_("alle")
    )

    class Meta:
        model = Proposal
        form = FilterForm
        fields = ["q", "category", "district", "status"]

    def __init__(self, data=None, queryset=None, *, budget: Budget, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.budget = budget
        self.filters["district"].queryset = filter_districts(budget)
        self.filters["category"].queryset = Category.objects.filter(
            project_id=budget.project_id
        ).order_by("name")

    def filter_text(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        query = (
            Q(title__icontains=value)
            | Q(description__icontains=value)
            | Q(place_description__icontains=value)
        )
        if value.isdigit():
            query |= Q(number=int(value))
        return queryset.filter(query)


FILTER_PARAMS = ("q", "category", "district", "status")


def proposal_url_builder(project: Project):
    """A function number → the proposal page's path, without a reverse() per row."""
    marker = 987654321
    template = reverse("budgets:proposal-detail", kwargs={"slug": project.slug, "number": marker})
    head, _sep, tail = template.rpartition(str(marker))
    return lambda number: f"{head}{number}{tail}"


def proposals_geojson(*, queryset: QuerySet[Proposal], budget: Budget, absolute=None) -> dict:
    """The proposals of ``queryset`` with a point as a GeoJSON FeatureCollection (one
    query). No personal data; proposals without a point are counted in
    ``omitted_without_location``. The property names of the ideas' map (``vote_count``
    holds the supports) let the site's idea-map.js draw it."""
    path_of = proposal_url_builder(budget.project)
    absolute = absolute or (lambda path: path)
    labels = dict(ProposalStatus.choices)
    features, omitted = [], 0
    rows = queryset.values_list(
        "pk",
        "number",
        "title",
        "status",
        "location",
        "estimated_cost",
        "reviewed_cost",
        "support_count",
        "comment_count",
        "category__slug",
        "category__name",
        "district__slug",
        "district__name",
    )
    for (
        pk,
        number,
        title,
        status,
        location,
        estimated,
        reviewed,
        supports,
        comments,
        c_slug,
        c_name,
        d_slug,
        d_name,
    ) in rows:
        if not location or not isinstance(location, dict) or not location.get("coordinates"):
            omitted += 1
            continue
        features.append(
            {
                "type": "Feature",
                "id": pk,
                "geometry": location,
                "properties": {
                    "id": pk,
                    "number": number,
                    "title": f"{number}. {title}",
                    "status": status,
                    "status_label": str(labels.get(status, status)),
                    "cost": reviewed or estimated,
                    "category": {"slug": c_slug, "name": c_name} if c_slug else None,
                    "district": {"slug": d_slug, "name": d_name} if d_slug else None,
                    "vote_count": supports,
                    "comment_count": comments,
                    "url": absolute(path_of(number)),
                },
            }
        )
    return {
        "type": "FeatureCollection",
        "features": features,
        "omitted_without_location": omitted,
    }


def proposals_geojson_bytes(**kwargs) -> bytes:
    return json.dumps(
        proposals_geojson(**kwargs), ensure_ascii=False, separators=(",", ":")
    ).encode()


def proposals_fingerprint(
    queryset: QuerySet[Proposal], *, variant: str = ""
) -> tuple[str, datetime.datetime | None]:
    """(ETag, Last-Modified) of a list of proposals, from one aggregate query; the
    counters enter through weighted sums (their UPDATE does not touch ``updated_at``)."""
    weighted = {
        name: ExpressionWrapper(F("pk") * F(column), output_field=BigIntegerField())
        for name, column in (("supports", "support_count"), ("comments", "comment_count"))
    }
    row = queryset.order_by().aggregate(
        n=Count("pk"),
        changed=Max("updated_at"),
        pks=Sum("pk"),
        supports=Sum(weighted["supports"]),
        comments=Sum(weighted["comments"]),
    )
    changed = row["changed"]
    source = "|".join(
        str(part)
        for part in (
            variant,
            get_language(),
            row["n"],
            changed.isoformat() if changed else "",
            row["pks"],
            row["supports"],
            row["comments"],
        )
    )
    return f'"{hashlib.sha256(source.encode()).hexdigest()[:32]}"', changed


def supported_by(user, proposal: Proposal) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return proposal.supports.filter(user=user).exists()


def budgets_with_carryover(budgets) -> list[Budget]:
    """The budgets (a queryset) as a list, each with ``carryover_amount`` (as
    ``stages.carryover``) from one prefetch of the previous years' published counts."""
    from participation.budgets.models import Count as BudgetCount

    rows = list(
        budgets.select_related("carried_from").prefetch_related(
            Prefetch(
                "carried_from__counts",
                queryset=BudgetCount.objects.filter(published_at__isnull=False).order_by(
                    "-finished_at"
                ),
                to_attr="published_counts",
            )
        )
    )
    for budget in rows:
        previous = budget.carried_from
        counts = getattr(previous, "published_counts", []) if previous is not None else []
        budget.carryover_amount = counts[0].remainder if counts else 0
    return rows
