"""The form "Barriere melden" (linked from every page) and its confirmation."""

import datetime

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache

from core.exceptions import Invalid

from .forms import BarrierReportForm
from .services import barrier_report_create

SESSION_KEY = "barriers_last_report"


def _prefilled_page(request) -> str:
    """The page the person came from (``?seite=/pfad/``), as a full address of this site.
    Only paths of this site are taken; anything else leaves the field empty."""
    path = request.GET.get("seite", "").strip()
    if not path.startswith("/") or path.startswith("//") or "\\" in path:
        return ""
    return request.build_absolute_uri(path[:450])


@never_cache
def report(request):
    if request.method == "POST":
        form = BarrierReportForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = barrier_report_create(
                    reporter=request.user,
                    page_url=data["page_url"],
                    description=data["description"],
                    assistive_technology=data["assistive_technology"],
                    name=data["name"],
                    email=data["email"],
                    language=get_language() or settings.LANGUAGE_CODE,
                    client_address=get_adapter().get_client_ip(request) or "",
                )
            except Invalid as error:
                form.add_error(None, error)
            else:
                request.session[SESSION_KEY] = {
                    "due": created.answer_due.isoformat(),
                    "email": bool(created.email),
                }
                return redirect("barriers:thanks")
        status = 400
    else:
        initial = {"page_url": _prefilled_page(request)}
        if request.user.is_authenticated:
            initial.update(name=request.user.display_name or "", email=request.user.email)
        form = BarrierReportForm(initial=initial)
        status = 200
    return render(
        request,
        "barriers/report_form.html",
        {"form": form, "answer_days": settings.BARRIER_FEEDBACK_ANSWER_DAYS},
        status=status,
    )


@never_cache
def thanks(request):
    last = request.session.get(SESSION_KEY) or {}
    try:
        due = datetime.date.fromisoformat(last.get("due", ""))
    except (TypeError, ValueError):
        due = None
    return render(
        request,
        "barriers/thanks.html",
        {
            "due": due,
            "with_email": last.get("email", False),
            "answer_days": settings.BARRIER_FEEDBACK_ANSWER_DAYS,
        },
    )
