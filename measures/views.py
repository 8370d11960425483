"""The public pages of the strategy tracker.

Thin views: selectors read (with a fixed number of queries), ``rollup`` computes the
progress, templates show. Every page works without JavaScript; bad query-string input
gives a form error and a normal page, never a server error.
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import FilterForm, answer_status
from core.sections import page_sections

from . import rollup, selectors
from .charts import line_chart
from .filters import MeasureFilter
from .models import Measure, MeasureBundle, Milestone, MilestoneState
from .rules import manages_measure

MEASURES_PER_PAGE = 25


class AsOfForm(FilterForm):
    """The optional ``?stand=YYYY-MM-DD``: show the state on a past date."""

    stand = forms.DateField(
        label=_("Stand an einem früheren Datum anzeigen"),
        required=False,
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Bitte geben Sie ein gültiges Datum an (TT.MM.JJJJ).")},
    )

    def clean_stand(self) -> datetime.date | None:
        value = self.cleaned_data["stand"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("Das Datum darf nicht in der Zukunft liegen."))
        return value


def _as_of(request) -> tuple[AsOfForm, datetime.date | None]:
    form = AsOfForm(request.GET if "stand" in request.GET else None)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["stand"]
    return form, None


# --- Strategy overview -------------------------------------------------------------------


@dataclass
class BundleCard:
    bundle: MeasureBundle
    progress: float | None
    delayed: int
    stale: int


def overview(request):
    as_of_form, as_of = _as_of(request)
    progress = rollup.strategy_progress(as_of=as_of)
    flags = selectors.bundle_flag_counts(user=request.user)
    bundles = list(selectors.bundles_for_overview(user=request.user))
    fields = list(selectors.fields_for_overview())
    core_areas = list(selectors.core_areas_for_overview())

    cards_by_field: dict[int, list[BundleCard]] = {}
    for bundle in bundles:
        delayed, stale = flags.get(bundle.pk, (0, 0))
        cards_by_field.setdefault(bundle.field_of_action_id, []).append(
            BundleCard(bundle, progress.bundles.get(bundle.pk), delayed, stale)
        )
    field_rows = [
        {
            "field": field,
            "progress": progress.fields.get(field.pk),
            "cards": cards_by_field.get(field.pk, []),
        }
        for field in fields
    ]
    core_area_rows = [
        {"core_area": area, "progress": progress.core_areas.get(area.pk)} for area in core_areas
    ]
    context = {
        "as_of_form": as_of_form,
        "as_of": as_of,
        "overall": progress.overall,
        "measure_count": sum(bundle.measure_count for bundle in bundles),
        "bundle_count": len(bundles),
        "core_area_rows": core_area_rows,
        "field_rows": field_rows,
    }
    return render(request, "measures/overview.html", context, status=answer_status(as_of_form))


# --- Bundle page -----------------------------------------------------------------------------


def bundle_detail(request, slug):
    try:
        bundle = selectors.bundle_for_detail(slug=slug)
    except MeasureBundle.DoesNotExist as exc:
        raise Http404(_("Dieses Maßnahmenbündel gibt es nicht.")) from exc
    measures = list(selectors.measures_of_bundle(user=request.user, bundle=bundle))
    context = {
        "bundle": bundle,
        "progress": rollup.strategy_progress().bundles.get(bundle.pk),
        "measures": measures,
        "delayed_count": sum(1 for measure in measures if measure.is_delayed),
    }
    return render(request, "measures/bundle_detail.html", context)


# --- Measure list --------------------------------------------------------------------------


def measure_list(request):
    filterset = MeasureFilter(request.GET, queryset=selectors.measures_for_list(user=request.user))
    form = filterset.form
    form.is_valid()  # validate now: invalid values are reported and left out of the filter
    page = Paginator(filterset.qs, MEASURES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "filter_form": form,
        "page_obj": page,
        "measures": page.object_list,
        "page_range": page.paginator.get_elided_page_range(page.number),
        "result_count": page.paginator.count,
        "is_filtered": any(value for key, value in request.GET.items() if key != "page"),
    }
    return render(request, "measures/measure_list.html", context, status=answer_status(form))


# --- Measure page --------------------------------------------------------------------------


@dataclass
class MilestoneRow:
    milestone: Milestone
    state: MilestoneState


def _milestone_rows(measure: Measure, today: datetime.date) -> list[MilestoneRow]:
    return [MilestoneRow(m, m.state(today)) for m in measure.milestones.all()]


def _indicator_blocks(measure: Measure) -> list[dict]:
    blocks = []
    for indicator in measure.indicators.all():
        values = list(indicator.values.all())
        blocks.append(
            {
                "indicator": indicator,
                "values": values,
                "latest": values[-1] if values else None,
                "chart": line_chart(
                    [(value.date, value.value) for value in values],
                    baseline=indicator.baseline_value,
                    target=indicator.target_value,
                ),
            }
        )
    return blocks


def _map_labels() -> dict[str, str]:
    """The map's words for site-map.js (``JenaSmartMap.labels``), in the page's language;
    the template hands them over with ``json_script``."""
    return {"zoomIn": gettext("Karte vergrößern"), "zoomOut": gettext("Karte verkleinern")}


def measure_detail(request, slug):
    today = timezone.localdate()
    try:
        measure = selectors.measure_for_detail(user=request.user, slug=slug, today=today)
    except Measure.DoesNotExist as exc:
        raise Http404(_("Diese Maßnahme gibt es nicht oder sie ist nicht öffentlich.")) from exc
    as_of_form, as_of = _as_of(request)
    successor = measure.successor
    if successor and not (successor.is_public or manages_measure(request.user, successor)):
        successor = None
    context = {
        "measure": measure,
        "today": today,
        "reasons": selectors.measure_flag_reasons(measure=measure, today=today),
        "can_manage": manages_measure(request.user, measure),
        "as_of_form": as_of_form,
        "as_of": as_of,
        "state_as_of": rollup.measure_state_as_of(measure=measure, date=as_of) if as_of else None,
        "successor": successor,
        "predecessors": list(measure.predecessors.all()),
        "related_measures": list(measure.related_measures.all()),
        "milestone_rows": _milestone_rows(measure, today),
        "updates": list(measure.progress_updates.all()),
        "indicator_blocks": _indicator_blocks(measure),
        "core_areas": list(measure.bundle.core_areas.all()),
        "map_tiles_url": settings.MAP_TILES_URL,
        "map_attribution": settings.MAP_TILES_ATTRIBUTION,
        "map_labels": _map_labels() if measure.location else None,
        "extra_sections": page_sections("measure", request, measure),
    }
    return render(
        request, "measures/measure_detail.html", context, status=answer_status(as_of_form)
    )
