"""The ballot page of a Bürgerbudget: vote, see one's ballot, change or withdraw it.

URLs (under /buergerbudget/, namespace ``budgets``):

* ``<slug>/abstimmen/``                ballot               GET, POST
* ``<slug>/abstimmen/gespeichert/``    ballot-confirmation  GET
* ``<slug>/abstimmen/zurueckziehen/``  ballot-withdraw      POST

And the box on the budget page during the voting (``voting_section``, registered in
``BudgetsConfig.ready``).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exceptions import Invalid, Missing
from core.rules import Refusal
from core.sections import PageSection
from projects.rules import can_see_project

from .. import stages
from ..counting import Euro
from ..forms.ballots import BallotForm, initial_from
from ..models import BallotChannel, Budget, VotingMethod
from ..rules.ballots import may_vote, voting_closed_refusal
from ..services import ballots as services


def budget_or_404(request, slug: str) -> Budget:
    budget = (
        Budget.objects.select_related("project", "confirmation")
        .prefetch_related("project__phases")
        .filter(project__slug=slug)
        .first()
    )
    if budget is None or not can_see_project(request.user, budget.project):
        raise Http404(_("Dieses Bürgerbudget gibt es nicht."))
    return budget


def ballot_status(budget: Budget, proposals, choices_by_number: dict[int, int]) -> str:
    """The status line of the ballot ("3 von 5 Stimmen vergeben"), as the script
    updates it in the page's live region."""
    chosen = {number: points for number, points in choices_by_number.items() if points}
    if budget.voting_method == VotingMethod.CUMULATIVE:
        return _("%(used)s von %(total)s Stimmen vergeben") % {
            "used": sum(chosen.values()),
            "total": budget.votes_per_ballot or 1,
        }
    if budget.voting_method == VotingMethod.APPROVAL:
        if budget.votes_per_ballot:
            return _("%(used)s von %(total)s Vorschlägen gewählt") % {
                "used": len(chosen),
                "total": budget.votes_per_ballot,
            }
        return _("%(used)s Vorschläge gewählt") % {"used": len(chosen)}
    cost = sum(p.cost for p in proposals if p.number in chosen)
    return _("Kosten %(cost)s von %(budget)s") % {
        "cost": Euro(cost),
        "budget": Euro(stages.available(budget)),
    }


def status_templates(budget: Budget) -> dict:
    """The status line with placeholders, for the script (translated here)."""
    return {
        "method": budget.voting_method,
        "cumulative": _("%(used)s von %(total)s Stimmen vergeben"),
        "approval": _("%(used)s von %(total)s Vorschlägen gewählt")
        if budget.votes_per_ballot
        else _("%(used)s Vorschläge gewählt"),
        "knapsack": _("Kosten %(cost)s von %(budget)s"),
        "total": budget.votes_per_ballot or 1,
        "budget": stages.available(budget),
        "budget_text": str(Euro(stages.available(budget))),
        "over": _("Das sind mehr als erlaubt."),
    }


def _refused(request, budget: Budget, refusal: Refusal, *, ballot=None):
    context = {"budget": budget, "project": budget.project, "refusal": refusal, "ballot": ballot}
    return render(request, "budgets/ballots/refused.html", context, status=403)


def _put_errors_into_form(form, exc: Invalid) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def ballot_view(request, slug: str):
    budget = budget_or_404(request, slug)
    refusal = may_vote(request.user, budget)
    if refusal is not None:
        return _refused(request, budget, refusal, ballot=services.ballot_of(request.user, budget))
    proposals = services.ballot_proposals(budget)
    ballot = services.ballot_of(request.user, budget)
    current = services.choices_by_number(ballot.choices, proposals) if ballot else {}
    form = BallotForm(
        request.POST or None,
        budget=budget,
        proposals=proposals,
        initial=initial_from(current, budget),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.ballot_cast(user=request.user, budget=budget, choices=form.choices())
        except Invalid as exc:
            _put_errors_into_form(form, exc)
        else:
            return redirect("budgets:ballot-confirmation", slug=budget.project.slug)
    shown = form.choices() if form.is_bound and hasattr(form, "cleaned_data") else current
    context = {
        "budget": budget,
        "project": budget.project,
        "form": form,
        "rows": form.choice_rows(),
        "ballot": ballot,
        "status": ballot_status(budget, proposals, shown),
        "status_templates": status_templates(budget),
        "phase": stages.voting_phase(budget),
        "cumulative": budget.voting_method == VotingMethod.CUMULATIVE,
        "available_text": str(Euro(stages.available(budget))),
    }
    return render(
        request, "budgets/ballots/ballot.html", context, status=400 if form.errors else 200
    )


@login_required
def ballot_confirmation_view(request, slug: str):
    """After saving: what was saved, its version, until when it can be changed."""
    budget = budget_or_404(request, slug)
    ballot = services.ballot_of(request.user, budget)
    if ballot is None:
        return redirect("budgets:ballot", slug=budget.project.slug)
    proposals = services.ballot_proposals(budget)
    chosen = services.choices_by_number(ballot.choices, proposals)
    context = {
        "budget": budget,
        "project": budget.project,
        "ballot": ballot,
        "lines": [(p, chosen[p.number]) for p in proposals if p.number in chosen],
        "phase": stages.voting_phase(budget),
        "open": voting_closed_refusal(budget) is None,
        "cumulative": budget.voting_method == VotingMethod.CUMULATIVE,
        "status": ballot_status(budget, proposals, chosen),
        "is_paper": ballot.channel == BallotChannel.PAPER,
    }
    return render(request, "budgets/ballots/confirmation.html", context)


@require_POST
@login_required
def ballot_withdraw_view(request, slug: str):
    budget = budget_or_404(request, slug)
    try:
        services.ballot_withdraw(user=request.user, budget=budget)
    except Missing as exc:
        messages.info(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _(
                "Ihr Stimmzettel ist zurückgezogen und gelöscht. Sie können bis zum Ende der "
                "Abstimmung erneut abstimmen."
            ),
        )
    return redirect("budgets:ballot", slug=budget.project.slug)


def voting_section(request, budget: Budget) -> PageSection | None:
    """The voting box of the budget page while the ballot is open: the person's ballot
    (version, when) and the way to vote; fixed queries (the ballot, the rule's)."""
    if voting_closed_refusal(budget) is not None:
        return None
    user = request.user
    refusal = may_vote(user, budget)
    ballot = services.ballot_of(user, budget)
    return PageSection(
        template="budgets/ballots/section_voting.html",
        context={
            "budget": budget,
            "ballot": ballot,
            "refusal": refusal,
            "phase": stages.voting_phase(budget),
            "url": reverse("budgets:ballot", kwargs={"slug": budget.project.slug}),
            "now": timezone.now(),
        },
        order=20,
    )
