"""Pages of the reports: the council dashboard, the list of status reports, one report
(with its generation status, in the page's language where it has that rendition), its
PDFs (German and English), and the staff's create/edit/generate/publish.

Thin: permissions and rules are in ``permissions`` and ``services``; a refused action
comes back as a message or a form error, never a 500.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.storage import pdf_as_attachment, private_file_response

from . import dashboard as dashboard_data
from . import services
from .models import StatusReport
from .rules import (
    can_make_reports,
    can_publish_reports,
    can_see_dashboard,
    can_see_report,
)

REPORTS_PER_PAGE = 20
# The PDF of each language: its URL and the name it is downloaded under (with the date).
PDF_URL_NAMES = {"de": "reports:report-pdf", "en": "reports:report-pdf-en"}
PDF_DOWNLOAD_NAMES = {
    "de": "sachstandsbericht-{:%Y-%m-%d}.pdf",
    "en": "status-report-{:%Y-%m-%d}.pdf",
}


def _visible_reports(user):
    reports = StatusReport.objects.defer("snapshot", "html", "html_en")
    if can_see_dashboard(user):
        return reports
    return reports.filter(state=StatusReport.State.PUBLISHED)


def _report_or_404(request, pk: int) -> StatusReport:
    report = get_object_or_404(StatusReport, pk=pk)
    if not can_see_report(request.user, report):
        raise Http404
    return report


# --- Dashboard ------------------------------------------------------------------------------


@login_required
@require_GET
def dashboard(request):
    if not can_see_dashboard(request.user):
        raise PermissionDenied(
            _("Das Dashboard ist für Mitglieder des Stadtrats und die Verwaltung.")
        )
    return render(request, "reports/dashboard.html", dashboard_data.dashboard_context())


# --- Reports --------------------------------------------------------------------------------


@require_GET
def report_list(request):
    page = Paginator(_visible_reports(request.user), REPORTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "reports/report_list.html",
        {
            "page_obj": page,
            "page_range": page.paginator.get_elided_page_range(page.number),
            "reports": page.object_list,
            "can_make_reports": can_make_reports(request.user),
            "sees_drafts": can_see_dashboard(request.user),
        },
    )


@require_GET
def report_detail(request, pk: int):
    report = _report_or_404(request, pk)
    # The page's language, or German (marked so) for a report generated before it had an
    # English rendition.
    html, html_lang = report.rendition(translation.get_language())
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "report_html": html,
            "report_lang": html_lang,
            "pdfs": [
                {
                    "language": language,
                    "url_name": PDF_URL_NAMES[language],
                    "file": report.pdf_in(language),
                    "name_local": translation.get_language_info(language)["name_local"],
                }
                for language in PDF_URL_NAMES
                if report.pdf_in(language)
            ],
            "can_make_reports": can_make_reports(request.user),
            "can_publish": can_publish_reports(request.user),
        },
    )


@require_GET
def report_status(request, pk: int):
    """The generation status as JSON, for the page's progress display."""
    report = _report_or_404(request, pk)
    return JsonResponse(
        {
            "state": report.state,
            "state_label": report.get_state_display(),
            "progress": report.progress,
            "step": report.progress_step,
            "busy": report.is_busy,
            "failed": report.state == StatusReport.State.FAILED,
        }
    )


def _pdf_response(request, pk: int, language: str):
    report = _report_or_404(request, pk)
    pdf = report.pdf_in(language)
    if not report.is_generated or not pdf:
        raise Http404
    # Checked above: published, or a draft for the council and staff.
    return private_file_response(
        pdf,
        content_type="application/pdf",
        filename=PDF_DOWNLOAD_NAMES[language].format(report.as_of),
        as_attachment=pdf_as_attachment(request),
        content_language=language,
    )


@require_GET
def report_pdf(request, pk: int):
    """The PDF in the default language (German)."""
    return _pdf_response(request, pk, settings.LANGUAGE_CODE)


@require_GET
def report_pdf_en(request, pk: int):
    """The English PDF; 404 for a report generated before it had one."""
    return _pdf_response(request, pk, "en")


def _formfield(db_field, **kwargs):
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class ReportForm(forms.ModelForm):
    class Meta:
        model = StatusReport
        formfield_callback = _formfield
        fields = list(services.EDITABLE_FIELDS)
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "as_of": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 6}),
        }

    def clean(self):
        data = super().clean()
        start, end, as_of = (data.get(k) for k in ("period_start", "period_end", "as_of"))
        if start and end and end < start:
            self.add_error("period_end", gettext_lazy("Das Ende liegt vor dem Beginn."))
        if end and as_of and as_of < end:
            self.add_error(
                "as_of", gettext_lazy("Der Stand muss am oder nach dem Ende des Zeitraums liegen.")
            )
        return data


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request, pk: int | None = None):
    if not can_make_reports(request.user):
        raise PermissionDenied(_("Sie dürfen keine Sachstandsberichte anlegen."))
    report = get_object_or_404(StatusReport, pk=pk) if pk else None
    if report is not None and report.is_published:
        messages.error(request, _("Ein veröffentlichter Bericht kann nicht mehr geändert werden."))
        return redirect(report)
    form = ReportForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.report_save(
                actor=request.user,
                report=report,
                data={name: form.cleaned_data[name] for name in services.EDITABLE_FIELDS},
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Der Bericht ist gespeichert."))
            return redirect(saved)
    return render(request, "reports/report_form.html", {"form": form, "report": report})


@login_required
@require_POST
def report_generate(request, pk: int):
    report = get_object_or_404(StatusReport, pk=pk)
    try:
        services.report_request_generation(actor=request.user, report=report)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Der Bericht wird erzeugt. Der Fortschritt wird hier angezeigt.")
        )
    return redirect(report)


@login_required
@require_POST
def report_publish(request, pk: int):
    report = get_object_or_404(StatusReport, pk=pk)
    try:
        services.report_publish(actor=request.user, report=report)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "Der Bericht ist veröffentlicht. Der Stadtrat und die Abonnentinnen und "
                "Abonnenten der Strategie werden benachrichtigt."
            ),
        )
    return redirect(report)
