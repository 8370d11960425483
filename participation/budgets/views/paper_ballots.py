"""Staff enter the paper ballots of a Bürgerbudget, twice and independently, and
resolve the sheets whose two entries differ.

URLs (under /buergerbudget/, namespace ``budgets``):

* ``<slug>/papier/``         paper-entry   GET, POST  (``?station=<id>&zettel=<number>``
  prefills the sheet, as the list's "Klären" links do)
* ``<slug>/papier/zettel/``  paper-sheets  GET        (``?state=``, ``?station=``)

The entry page never shows what another person entered: the second entry is blind.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from core.exceptions import Conflict, Invalid

from ..forms.ballots import PaperEntryForm
from ..models import PaperSheetState, PollingStation
from ..rules.ballots import may_enter_paper
from ..services import ballots as ballot_services
from ..services import paper_ballots as services
from .ballots import _put_errors_into_form, budget_or_404

RESULT_MESSAGES = {
    PaperSheetState.AWAITING_SECOND: _(
        "Zettel %(number)s erfasst. Er wartet auf die zweite, unabhängige Erfassung durch "
        "eine andere Person."
    ),
    PaperSheetState.ACCEPTED: _(
        "Zettel %(number)s: beide Erfassungen stimmen überein – der Stimmzettel wird gezählt."
    ),
    PaperSheetState.INVALID: _("Zettel %(number)s ist als ungültig vermerkt."),
    PaperSheetState.DUPLICATE: _("Zettel %(number)s wird nicht gezählt: %(note)s"),
    PaperSheetState.MISMATCH: _(
        "Zettel %(number)s: die beiden Erfassungen weichen ab. Er ist zur Klärung markiert; "
        "eine dritte Person erfasst ihn dann noch einmal und entscheidet."
    ),
}

RESOLVED_MESSAGES = {
    PaperSheetState.ACCEPTED: _(
        "Zettel %(number)s: Abweichung geklärt – Ihre Erfassung entscheidet, der Stimmzettel "
        "wird gezählt."
    ),
    PaperSheetState.INVALID: _(
        "Zettel %(number)s: Abweichung geklärt – der Zettel ist als ungültig vermerkt."
    ),
}


def _staff_budget(request, slug):
    budget = budget_or_404(request, slug)
    refusal = may_enter_paper(request.user, budget)
    return budget, refusal


def _refused(request, budget, refusal):
    context = {"budget": budget, "project": budget.project, "refusal": refusal}
    return render(request, "budgets/ballots/paper_refused.html", context, status=403)


@login_required
def paper_entry_view(request, slug: str):
    budget, refusal = _staff_budget(request, slug)
    if refusal is not None:
        return _refused(request, budget, refusal)
    proposals = ballot_services.ballot_proposals(budget)
    initial = {}
    if request.method == "GET":
        station = request.GET.get("station", "")
        initial = {
            "station": station if station.isdigit() else None,
            "sheet_number": request.GET.get("zettel", "")[:30],
        }
    form = PaperEntryForm(request.POST or None, budget=budget, proposals=proposals, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.paper_entry_create(
                by=request.user,
                budget=budget,
                station=data["station"],
                sheet_number=data["sheet_number"],
                person=form.person(),
                choices=form.choices(),
                invalid_reason=data["invalid_reason"] if data.get("invalid") else "",
            )
        except Conflict as exc:
            form.add_error("sheet_number", exc.messages)
        except Invalid as exc:
            _put_errors_into_form(form, exc)
        else:
            sheet = result.sheet
            text = RESULT_MESSAGES[sheet.state] % {
                "number": sheet.sheet_number,
                "note": sheet.note,
            }
            if sheet.resolved_by_id is not None and sheet.state in RESOLVED_MESSAGES:
                text = RESOLVED_MESSAGES[sheet.state] % {"number": sheet.sheet_number}
            level = (
                messages.WARNING if sheet.state == PaperSheetState.MISMATCH else messages.SUCCESS
            )
            messages.add_message(request, level, text)
            url = reverse("budgets:paper-entry", kwargs={"slug": budget.project.slug})
            return redirect(f"{url}?{urlencode({'station': sheet.station_id})}")
    context = {
        "budget": budget,
        "project": budget.project,
        "form": form,
        "rows": form.choice_rows(),
        "cumulative": form.cumulative,
        "has_stations": PollingStation.objects.filter(budget=budget).exists(),
    }
    return render(
        request,
        "budgets/ballots/paper_entry.html",
        context,
        status=400 if form.errors else 200,
    )


@login_required
def paper_sheets_view(request, slug: str):
    budget, refusal = _staff_budget(request, slug)
    if refusal is not None:
        return _refused(request, budget, refusal)
    state = request.GET.get("state", "")
    if state not in PaperSheetState.values:
        state = ""
    station = request.GET.get("station", "")
    station_id = int(station) if station.isdigit() else None
    stations = list(PollingStation.objects.filter(budget=budget).order_by("name"))
    page = Paginator(services.sheets_of(budget, state=state, station_id=station_id), 50).get_page(
        request.GET.get("seite")
    )
    for sheet in page.object_list:
        sheet.refusal = services.refusal_for_sheet(sheet, request.user)
    counts = services.sheet_counts(budget)
    states = [
        (s, PaperSheetState(s).label, counts["per_state"].get(s, 0)) for s in services.STATE_ORDER
    ]
    context = {
        "budget": budget,
        "project": budget.project,
        "page": page,
        "state": state,
        "station_id": station_id,
        "states": states,
        "stations": [
            (s, [counts["per_station"].get(s.pk, {}).get(k, 0) for k in services.STATE_ORDER])
            for s in stations
        ],
        "state_order": services.STATE_ORDER,
    }
    return render(request, "budgets/ballots/paper_sheets.html", context)
