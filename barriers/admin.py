"""The staff inbox of barrier reports (for the accessibility officers: the permission
``barriers.handle_barrierreport``): status, received date, answer deadline (overdue ones
marked and filterable), the answer and the button "Antwort senden", which stores the
answer and e-mails it to the reporter (``barrier_report_answer``)."""

import datetime

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin import DomainErrorsAdminMixin

from . import services
from .models import HANDLE_PERMISSION, BarrierReport

SEND_ANSWER_BUTTON = "_send_answer"
DUE_SOON_DAYS = 3


class DeadlineFilter(admin.SimpleListFilter):
    title = _("Frist")
    parameter_name = "frist"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("überfällig")),
            ("soon", _("fällig in den nächsten 3 Tagen")),
            ("open", _("offen (neu oder in Bearbeitung)")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.overdue(today)
        if self.value() == "soon":
            return queryset.open().filter(
                answer_due__gte=today,
                answer_due__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
            )
        if self.value() == "open":
            return queryset.open()
        return queryset


@admin.register(BarrierReport)
class BarrierReportAdmin(DomainErrorsAdminMixin, admin.ModelAdmin):
    list_display = [
        "__str__",
        "received",
        "status",
        "deadline",
        "short_page",
        "can_answer",
        "answered_at",
    ]
    list_filter = [DeadlineFilter, "status"]
    search_fields = ["page_url", "description", "name", "email"]
    date_hierarchy = "received_at"
    list_select_related = False
    readonly_fields = [
        "received_at",
        "deadline",
        "page_url",
        "description",
        "assistive_technology",
        "name",
        "email",
        "reporter",
        "language",
        "answered_at",
        "answered_by",
        "answer_emailed_at",
        "anonymised_at",
    ]
    fieldsets = [
        (
            _("Meldung"),
            {
                "fields": [
                    "received_at",
                    "deadline",
                    "page_url",
                    "description",
                    "assistive_technology",
                ]
            },
        ),
        (
            _("Kontakt"),
            {"fields": ["name", "email", "reporter", "language", "anonymised_at"]},
        ),
        (_("Bearbeitung"), {"fields": ["status", "internal_note"]}),
        (
            _("Antwort"),
            {
                "fields": ["answer", "answered_at", "answered_by", "answer_emailed_at"],
                "description": _(
                    "„Antwort senden“ speichert die Antwort, setzt den Status auf "
                    "„beantwortet“ und schickt sie per E-Mail an die meldende Person. Eine "
                    "gesendete Antwort wird nicht noch einmal gesendet."
                ),
            },
        ),
    ]

    # --- Who: the accessibility officers ---------------------------------------------------

    def _officer(self, request) -> bool:
        return request.user.is_active and request.user.has_perm(HANDLE_PERMISSION)

    def has_module_permission(self, request) -> bool:
        return self._officer(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._officer(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._officer(request)

    def has_add_permission(self, request) -> bool:
        return False  # reports come from the form "Barriere melden"

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._officer(request) and super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if obj is not None and obj.answer_handed_over_at is not None:
            fields.append("answer")  # sent: it stays as it was sent
        return fields

    # --- Columns ----------------------------------------------------------------------------

    @admin.display(description=_("eingegangen"), ordering="received_at")
    def received(self, obj: BarrierReport) -> str:
        return date_format(timezone.localtime(obj.received_at), "SHORT_DATETIME_FORMAT")

    @admin.display(description=_("Antwort fällig bis"), ordering="answer_due")
    def deadline(self, obj: BarrierReport) -> str:
        text = date_format(obj.answer_due)
        if obj.is_overdue():
            return format_html(
                '<strong class="errornote">{} – {}</strong>', text, gettext("überfällig")
            )
        return text

    @admin.display(description=_("Seite"), ordering="page_url")
    def short_page(self, obj: BarrierReport) -> str:
        return obj.page_url if len(obj.page_url) <= 60 else obj.page_url[:59] + "…"

    @admin.display(description=_("Antwort per E-Mail möglich"), boolean=True)
    def can_answer(self, obj: BarrierReport) -> bool:
        return bool(obj.email)

    # --- Saving through the services ---------------------------------------------------------

    def save_model(self, request, obj, form, change) -> None:
        send = SEND_ANSWER_BUTTON in request.POST
        status = form.cleaned_data.get("status", obj.status)
        if send and status == BarrierReport.Status.ANSWERED:
            status = BarrierReport.Status(BarrierReport.objects.get(pk=obj.pk).status)
        saved = services.barrier_report_update(
            actor=request.user,
            report=obj,
            status=status,
            internal_note=form.cleaned_data.get("internal_note", obj.internal_note),
            answer=form.cleaned_data.get("answer"),
        )
        if send:
            saved = services.barrier_report_answer(
                actor=request.user, report=obj, answer=form.cleaned_data.get("answer", "")
            )
            self.message_user(
                request,
                gettext("Die Antwort wird an %(email)s gesendet.") % {"email": saved.email}
                if saved.email
                else gettext(
                    "Die Antwort ist gespeichert. Die Meldung hat keine E-Mail-Adresse; "
                    "es wird keine E-Mail gesendet."
                ),
                messages.SUCCESS if saved.email else messages.WARNING,
            )
        elif "answer" in form.changed_data:
            self.message_user(
                request,
                gettext(
                    "Die Antwort ist als Entwurf gespeichert, aber noch nicht gesendet: "
                    "Dafür gibt es die Schaltfläche „Antwort senden“."
                ),
                messages.WARNING,
            )
        for field in ("status", "internal_note", "answer", "answered_at", "answered_by"):
            setattr(obj, field, getattr(saved, field))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "send_answer_button": SEND_ANSWER_BUTTON}
        return super().change_view(request, object_id, form_url, extra_context)
