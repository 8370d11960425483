"""Status reports in the admin: an overview for staff. Creating, generating and
publishing happen on the site (/strategie/berichte/), where progress and the frozen
result are shown; the actions here call the same services."""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin_history import HistoryAsChangeMixin

from . import services
from .models import StatusReport


@admin.register(StatusReport)
class StatusReportAdmin(HistoryAsChangeMixin, admin.ModelAdmin):
    list_display = (
        "title",
        "period_start",
        "period_end",
        "as_of",
        "state",
        "progress",
        "generated_at",
        "published_at",
        "site_link",
    )
    list_filter = ("state",)
    search_fields = ("title", "council_paper_number")
    date_hierarchy = "as_of"
    readonly_fields = (
        "state",
        "progress",
        "progress_step",
        "error",
        "attempts",
        "generated_at",
        "generation_seconds",
        "published_at",
        "pdf_link",
        "pdf_en_link",
        "created_by",
        "created_at",
        "updated_at",
    )
    fields = (*services.EDITABLE_FIELDS, *readonly_fields)
    actions = ["generate", "publish"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(description=_("auf der Website"))
    def site_link(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), gettext("ansehen"))

    def _pdf_link(self, obj, language: str, url_name: str):
        if not obj or not obj.pdf_in(language):
            return "–"
        # The private storage has no URL: the site's view hands the PDF out.
        return format_html(
            '<a href="{}">{}</a>', reverse(url_name, args=[obj.pk]), obj.pdf_in(language).name
        )

    @admin.display(description=_("PDF"))
    def pdf_link(self, obj):
        return self._pdf_link(obj, settings.LANGUAGE_CODE, "reports:report-pdf")

    @admin.display(description=_("PDF (englisch)"))
    def pdf_en_link(self, obj):
        return self._pdf_link(obj, "en", "reports:report-pdf-en")

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_published:
            return False  # frozen
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        data = {
            name: form.cleaned_data[name]
            for name in services.EDITABLE_FIELDS
            if name in form.cleaned_data
        }
        saved = services.report_save(actor=request.user, report=obj if change else None, data=data)
        obj.pk = saved.pk

    def _run(self, request, queryset, action, done_message):
        done = 0
        for report in queryset:
            try:
                action(actor=request.user, report=report)
                done += 1
            except (ValidationError, PermissionDenied) as error:
                text = (
                    " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
                )
                self.message_user(request, f"{report}: {text}", messages.ERROR)
        if done:
            self.message_user(request, done_message % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Bericht erzeugen (HTML und PDF)"))
    def generate(self, request, queryset):
        self._run(
            request,
            queryset,
            services.report_request_generation,
            gettext("%(count)s Bericht(e) werden erzeugt."),
        )

    @admin.action(description=_("Veröffentlichen"))
    def publish(self, request, queryset):
        self._run(
            request,
            queryset,
            services.report_publish,
            gettext("%(count)s Bericht(e) veröffentlicht."),
        )
