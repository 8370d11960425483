"""The count page for the counting team, the public results page and the downloads
(protocol PDF, Pabulib file). Views only ask the rules (``rules.results``) and call the
services; the tables come from ``selectors.results``."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.rules import Refusal
from core.storage import pdf_as_attachment
from projects.rules import can_see_project

from .. import stages
from ..forms.results import DistrictFilterForm, PublishCountForm
from ..models import Budget, Count
from ..rules.results import may_count, may_publish_count, may_see_count_page
from ..selectors import results as selectors
from ..services.counting import count_publish, count_run


def _budget(request, slug: str) -> Budget:
    try:
        budget = selectors.budget_by_slug(slug)
    except Budget.DoesNotExist as exc:
        raise Http404(_("Dieses Bürgerbudget gibt es nicht.")) from exc
    if not can_see_project(request.user, budget.project):
        raise Http404(_("Dieses Bürgerbudget gibt es nicht."))
    return budget


def _published(budget: Budget) -> Count:
    count = selectors.published_count(budget)
    if count is None:
        raise Http404(_("Das Ergebnis dieses Bürgerbudgets ist noch nicht veröffentlicht."))
    return count


def _map_labels() -> dict[str, str]:
    return {
        "zoomIn": _("Karte vergrößern"),
        "zoomOut": _("Karte verkleinern"),
        "funded": _("gefördert"),
        "notFunded": _("nicht gefördert"),
    }


def result_table_context(count: Count, *, district: str = "") -> dict:
    """What the results table shows (the count page's preview uses the same)."""
    rows = selectors.result_rows(count)
    selectors.attach_implementation(rows)
    shown = [row for row in rows if not district or row.district_slug == district]
    return {
        "count": count,
        "result": count.result,
        "rows": shown,
        "all_rows": rows,
        "funded_rows": [row for row in rows if row.funded],
        "method": selectors.method_label(count.method),
        "tie_rule": selectors.tie_rule_text(),
        "turnout": selectors.turnout(count),
        "map_features": selectors.map_features(shown),
    }


# --- The count (counting team) ------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def count_view(request, slug: str):
    budget = _budget(request, slug)
    refusal = may_see_count_page(request.user, budget)
    if refusal is not None:
        return render(request, "refused.html", {"message": refusal.message}, status=403)
    publish_form = None
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "run":
            count_run(budget=budget, by=request.user)
            return redirect("budgets:count", slug=slug)
        if action == "publish":
            publish_form = PublishCountForm(request.POST)
            if publish_form.is_valid():
                count = Count.objects.filter(
                    budget=budget, pk=publish_form.cleaned_data["count"]
                ).first()
                if count is None:
                    raise Http404(_("Diese Auszählung gibt es nicht."))
                count_publish(count=count, by=request.user)
                return redirect("budgets:results", slug=slug)
            status = 400
        else:
            return render(
                request,
                "refused.html",
                {"message": _("Unbekannte Aktion.")},
                status=400,
            )
    counts = selectors.counts_of(budget)
    latest = counts[0] if counts else None
    published = next((c for c in counts if c.published_at is not None), None)
    preview = published or latest
    context = {
        "budget": budget,
        "project": budget.project,
        "counts": counts,
        "latest": latest,
        "published": published,
        "run_refusal": may_count(request.user, budget),
        "publish_refusal": may_publish_count(request.user, latest)
        if latest
        else Refusal("invalid", _("Es gibt noch keine Auszählung.")),
        "publish_form": publish_form
        or (PublishCountForm(initial={"count": latest.pk}) if latest else None),
        "voting_has_ended": stages.voting_has_ended(budget),
        "is_frozen": stages.is_frozen(budget),
        "available": stages.available(budget),
        "map_tiles_url": settings.MAP_TILES_URL,
        "map_attribution": settings.MAP_TILES_ATTRIBUTION,
        "map_labels": _map_labels(),
    }
    if preview is not None:
        context.update(result_table_context(preview))
    return render(request, "budgets/results/count.html", context, status=status)


# --- The published result (everyone) ------------------------------------------------------


@require_safe
def results_view(request, slug: str):
    budget = _budget(request, slug)
    count = _published(budget)
    rows = selectors.result_rows(count)
    form = DistrictFilterForm(request.GET or None, districts=selectors.districts_of(rows))
    district = ""
    status = 200
    if form.is_bound:
        if form.is_valid():
            district = form.cleaned_data["ortsteil"]
        else:
            status = 400
    context = {
        "budget": budget,
        "project": budget.project,
        "filter_form": form,
        "district": district,
        "map_tiles_url": settings.MAP_TILES_URL,
        "map_attribution": settings.MAP_TILES_ATTRIBUTION,
        "map_labels": _map_labels(),
        **result_table_context(count, district=district),
    }
    return render(request, "budgets/results/results.html", context, status=status)


@require_safe
def protocol_pdf_view(request, slug: str):
    budget = _budget(request, slug)
    count = _published(budget)
    if count.protocol:
        body = count.protocol.open("rb")
        response = FileResponse(body, content_type="application/pdf")
    else:  # published before protocols were stored: made now (not stored by a GET)
        from ..protocol import protocol_pdf

        response = HttpResponse(protocol_pdf(count), content_type="application/pdf")
    filename = f"zaehlprotokoll-{budget.project.slug}.pdf"
    response["Content-Disposition"] = content_disposition_header(
        pdf_as_attachment(request), filename
    )
    return response


@require_safe
def pabulib_export_view(request, slug: str):
    budget = _budget(request, slug)
    count = _published(budget)
    text = selectors.pabulib_text(count)
    response = HttpResponse(text.encode("utf-8"), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="jena-{budget.project.slug}-{budget.year}.pb"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
