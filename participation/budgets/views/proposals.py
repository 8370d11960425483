"""Pages of the Bürgerbudget's budgets and proposals: the list of budgets, a budget's
page (money, phases, what one can do now, the proposals as a list with filters and on a
map), a proposal's page, submitting, editing and withdrawing, supporting; plus the
budget's box on the project page.

Thin views: selectors read (a fixed number of queries), services write and decide;
their refusals become plain words on the page, their validation errors form errors.
Everything works without JavaScript; the map adds to the list, it does not replace it.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import condition, require_http_methods, require_POST

from core.exceptions import Invalid
from core.forms import answer_status
from core.rules import Refusal
from core.sections import PageSection, page_sections
from participation.budgets import stages
from participation.budgets.forms.proposals import ProposalForm
from participation.budgets.models import Budget
from participation.budgets.rules.proposals import (
    may_submit_proposal,
    may_support_proposal,
    may_update_proposal,
    may_withdraw_proposal,
)
from participation.budgets.selectors.proposals import (
    FILTER_PARAMS,
    ProposalFilter,
    budget_for_detail,
    budgets_for_list,
    proposal_for_detail,
    proposals_fingerprint,
    proposals_for_list,
    proposals_geojson_bytes,
    supported_by,
)
from participation.budgets.services.proposals import (
    proposal_submit,
    proposal_support_toggle,
    proposal_update,
    proposal_withdraw,
)
from projects.eligibility import describe
from projects.models import Phase
from projects.phases import next_phase_allowing, phase_allowing
from projects.selectors import phase_timeline

PROPOSALS_PER_PAGE = 20


def stage_label(stage: str | None) -> str:
    if stage is None:
        return _("zurzeit keine laufende Phase")
    return str(Phase.Type(stage).label)


def _map_context(budget: Budget) -> dict:
    return {
        "map_tiles_url": settings.MAP_TILES_URL,
        "map_attribution": settings.MAP_TILES_ATTRIBUTION,
        "districts_url": reverse("ideas:districts-geojson"),
        "project_area": budget.project.area or None,
    }


def _zoom_labels() -> dict[str, str]:
    return {"zoomIn": _("Karte vergrößern"), "zoomOut": _("Karte verkleinern")}


def _proposal_map_labels() -> dict[str, str]:
    return {
        **_zoom_labels(),
        "votes": _("Unterstützungen"),
        "comments": _("Kommentare"),
        "cluster": _("Vorschläge an dieser Stelle – zum Vergrößern auswählen"),
        "countOne": _("1 Vorschlag auf der Karte."),
        "countMany": _("{n} Vorschläge auf der Karte."),
        "omitted": _("{n} ohne Punkt stehen nur in der Liste."),
        "error": _(
            "Die Vorschläge konnten nicht auf die Karte geladen werden. Die Liste zeigt sie alle."
        ),
        "throttled": _(
            "Die Karte ist gerade nicht verfügbar. Die Liste zeigt alle Vorschläge; in einigen "
            "Minuten klappt es wieder."
        ),
        "close": _("Hinweis zum Vorschlag schließen"),
        "clusterOpened": _("Gruppe mit {n} Vorschlägen geöffnet."),
    }


def _picker_labels() -> dict[str, str]:
    return {
        **_zoom_labels(),
        "marker": _("Punkt Ihres Vorschlags (verschiebbar)"),
        "set": _("Punkt gesetzt bei {lat} Nord, {lon} Ost."),
        "removed": _("Punkt entfernt. Bitte wählen Sie den Ortsteil und beschreiben Sie den Ort."),
    }


def _put_errors_into_form(form, exc: Invalid) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _refused(request, budget: Budget, refusal: Refusal, *, proposal=None):
    context = {
        "budget": budget,
        "project": budget.project,
        "proposal": proposal,
        "refusal": refusal,
    }
    return render(request, "budgets/proposals/refused.html", context, status=403)


def _filter_query(form) -> dict[str, str]:
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    query = {}
    for name in FILTER_PARAMS:
        value = cleaned.get(name)
        if value in (None, ""):
            continue
        query[name] = getattr(value, "slug", value)
    return query


# --- Budgets -------------------------------------------------------------------------------


def budget_list(request):
    """/buergerbudget/: the budgets by year, the running one first."""
    budgets = list(budgets_for_list(user=request.user))
    rows = []
    for budget in budgets:
        stage = stages.stage(budget)
        rows.append({"budget": budget, "stage": stage, "stage_label": stage_label(stage)})
    running = [row for row in rows if row["stage"] is not None]
    others = [row for row in rows if row["stage"] is None]
    return render(request, "budgets/proposals/budget_list.html", {"rows": running + others})


def _filtered(request, budget: Budget):
    filterset = ProposalFilter(
        request.GET, queryset=proposals_for_list(user=request.user, budget=budget), budget=budget
    )
    form = filterset.form
    if not budget.project.categories.all():
        del form.fields["category"]
    form.is_valid()
    return filterset, form


def budget_detail(request, slug: str):
    budget = budget_for_detail(user=request.user, slug=slug)
    project = budget.project
    filterset, form = _filtered(request, budget)
    page = Paginator(filterset.qs, PROPOSALS_PER_PAGE).get_page(request.GET.get("page"))
    filters = _filter_query(form)
    geojson_url = reverse("budgets:proposals-geojson", kwargs={"slug": slug})
    if filters:
        geojson_url = f"{geojson_url}?{urlencode(filters)}"
    stage = stages.stage(budget)
    submission = phase_allowing(project, "proposals")
    next_submission = next_phase_allowing(project, "proposals") if submission is None else None
    carryover = stages.carryover(budget)
    context = {
        "budget": budget,
        "project": project,
        "stage": stage,
        "stage_label": stage_label(stage),
        "carryover": carryover,
        "available": budget.amount + carryover,
        "timeline": phase_timeline(project),
        "submission_phase": submission,
        "next_submission_phase": next_submission,
        "eligibility": describe(submission) if submission is not None else [],
        "refusal": may_submit_proposal(request.user, budget),
        "filter_form": form,
        "page_obj": page,
        "proposals": page.object_list,
        "page_range": page.paginator.get_elided_page_range(page.number),
        "result_count": page.paginator.count,
        "is_filtered": bool(filters),
        "geojson_url": geojson_url,
        "sections": page_sections("budget", request, budget),
        **_map_context(budget),
        "map_labels": _proposal_map_labels(),
    }
    return render(
        request, "budgets/proposals/budget_detail.html", context, status=answer_status(form)
    )


def _geojson_state(request, slug: str):
    if not hasattr(request, "_proposals_geojson"):
        budget = budget_for_detail(user=request.user, slug=slug)
        filterset, _form = _filtered(request, budget)
        queryset = filterset.qs
        etag, changed = proposals_fingerprint(
            queryset, variant=f"geojson|{request.get_full_path()}"
        )
        request._proposals_geojson = (budget, queryset, etag, changed)
    return request._proposals_geojson


@condition(
    etag_func=lambda request, slug: _geojson_state(request, slug)[2],
    last_modified_func=lambda request, slug: _geojson_state(request, slug)[3],
)
def proposals_geojson_view(request, slug: str):
    """The budget's proposals (with the page's filters) as a GeoJSON FeatureCollection,
    the data of the map: /buergerbudget/<slug>/vorschlaege.geojson. ETag and
    Last-Modified: a conditional GET gets 304 after one aggregate query."""
    budget, queryset, _etag, _changed = _geojson_state(request, slug)
    response = HttpResponse(
        proposals_geojson_bytes(
            queryset=queryset, budget=budget, absolute=request.build_absolute_uri
        ),
        content_type="application/geo+json",
    )
    patch_cache_control(response, no_cache=True)
    return response


# --- One proposal --------------------------------------------------------------------------


def proposal_detail(request, slug: str, number: int):
    budget = budget_for_detail(user=request.user, slug=slug)
    proposal = proposal_for_detail(user=request.user, budget=budget, number=number)
    support_refusal = may_support_proposal(request.user, proposal)
    context = {
        "budget": budget,
        "project": budget.project,
        "proposal": proposal,
        "merged_from": list(proposal.merged_from.all()),
        "can_edit": may_update_proposal(request.user, proposal) is None,
        "can_withdraw": may_withdraw_proposal(request.user, proposal) is None,
        "support_refusal": support_refusal,
        "support_open": support_refusal is None
        or support_refusal.code in ("sign_in", "verify", "resident", "not_eligible"),
        "supported": supported_by(request.user, proposal),
        "sections": page_sections("proposal", request, proposal),
        **_map_context(budget),
        "map_labels": _zoom_labels(),
    }
    return render(request, "budgets/proposals/proposal_detail.html", context)


def _render_form(request, budget, form, *, proposal=None, status=200):
    context = {
        "budget": budget,
        "project": budget.project,
        "form": form,
        "proposal": proposal,
        "image_lost": bool(request.method == "POST" and request.FILES.get("image")),
        **_map_context(budget),
        "map_labels": _picker_labels(),
    }
    return render(request, "budgets/proposals/proposal_form.html", context, status=status)


@login_required
def proposal_create_view(request, slug: str):
    budget = budget_for_detail(user=request.user, slug=slug)
    refusal = may_submit_proposal(request.user, budget)
    if refusal is not None:
        return _refused(request, budget, refusal)
    form = ProposalForm(request.POST or None, request.FILES or None, budget=budget)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = proposal_submit(author=request.user, budget=budget, **form.service_kwargs())
        except Invalid as exc:
            _put_errors_into_form(form, exc)
        else:
            messages.success(
                request,
                _("Danke! Ihr Vorschlag ist eingereicht und hat die Nummer %(number)s.")
                % {"number": proposal.number},
            )
            return redirect(proposal.get_absolute_url())
    return _render_form(request, budget, form, status=400 if form.errors else 200)


@login_required
def proposal_update_view(request, slug: str, number: int):
    budget = budget_for_detail(user=request.user, slug=slug)
    proposal = proposal_for_detail(user=request.user, budget=budget, number=number)
    refusal = may_update_proposal(request.user, proposal)
    if refusal is not None:
        return _refused(request, budget, refusal, proposal=proposal)
    form = ProposalForm(
        request.POST or None, request.FILES or None, budget=budget, proposal=proposal
    )
    if request.method == "POST" and form.is_valid():
        try:
            proposal_update(proposal=proposal, actor=request.user, **form.service_kwargs())
        except Invalid as exc:
            _put_errors_into_form(form, exc)
        else:
            messages.success(request, _("Ihre Änderungen sind gespeichert."))
            return redirect(proposal.get_absolute_url())
    return _render_form(
        request, budget, form, proposal=proposal, status=400 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_withdraw_view(request, slug: str, number: int):
    budget = budget_for_detail(user=request.user, slug=slug)
    proposal = proposal_for_detail(user=request.user, budget=budget, number=number)
    refusal = may_withdraw_proposal(request.user, proposal)
    if refusal is not None:
        return _refused(request, budget, refusal, proposal=proposal)
    if request.method == "POST":
        proposal_withdraw(proposal=proposal, actor=request.user)
        messages.success(request, _("Ihr Vorschlag ist zurückgezogen."))
        return redirect(proposal.get_absolute_url())
    context = {"budget": budget, "project": budget.project, "proposal": proposal}
    return render(request, "budgets/proposals/proposal_withdraw.html", context)


@login_required
@require_POST
def proposal_support_view(request, slug: str, number: int):
    budget = budget_for_detail(user=request.user, slug=slug)
    proposal = proposal_for_detail(user=request.user, budget=budget, number=number)
    refusal = may_support_proposal(request.user, proposal)
    if refusal is not None:
        return _refused(request, budget, refusal, proposal=proposal)
    supported = proposal_support_toggle(proposal=proposal, user=request.user)
    proposal.refresh_from_db(fields=["support_count"])
    count = ngettext(
        "Er hat jetzt %(count)s Unterstützung.",
        "Er hat jetzt %(count)s Unterstützungen.",
        proposal.support_count,
    ) % {"count": proposal.support_count}
    if supported:
        messages.success(request, f"{_('Sie unterstützen diesen Vorschlag.')} {count}")
    else:
        messages.success(request, f"{_('Ihre Unterstützung ist zurückgenommen.')} {count}")
    return redirect(proposal.get_absolute_url())


# --- The budget's box on the project page --------------------------------------------------


def project_budget_section(request, project) -> PageSection | None:
    """On the page of a project that is a Bürgerbudget: the money and the way to the
    budget's page. One query (the budget, by the project's key)."""
    budget = Budget.objects.filter(project_id=project.pk).first()
    if budget is None:
        return None
    return PageSection(
        "budgets/proposals/section_project.html",
        {"budget": budget, "project": project},
        order=10,
    )
