"""Indikatoren and their values: inline on the measure page and a page of their own."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin_history import HistoryAsChangeMixin

from ..models import Indicator, IndicatorValue
from .parts import MeasurePartAdminMixin
from .permissions import MeasurePartInlineMixin, is_manager
from .refusals import GuardedHistoryMixin


class IndicatorInline(MeasurePartInlineMixin, admin.TabularInline):
    model = Indicator
    fields = (
        "name",
        "unit",
        "baseline_value",
        "baseline_date",
        "target_value",
        "target_date",
        "values_link",
    )
    readonly_fields = ("values_link",)
    show_change_link = True
    extra = 0

    @admin.display(description=_("Werte"))
    def values_link(self, obj):
        if not obj.pk:
            return gettext("nach dem Speichern")
        url = reverse("admin:measures_indicator_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Werte erfassen"))


class IndicatorValueInline(MeasurePartInlineMixin, admin.TabularInline):
    model = IndicatorValue
    fields = ("date", "value", "note")
    extra = 1

    def parent_add_permission(self, request) -> bool:
        # A manager adds an indicator with its first values; the service checks the measure.
        return is_manager(request)


@admin.register(Indicator)
class IndicatorAdmin(
    HistoryAsChangeMixin, MeasurePartAdminMixin, GuardedHistoryMixin, SimpleHistoryAdmin
):
    list_display = ("name", "measure", "unit", "baseline_value", "target_value", "target_date")
    search_fields = ("name", "measure__code", "measure__title")
    list_select_related = ("measure",)
    fields = (
        "measure",
        "name",
        "description",
        "unit",
        ("baseline_value", "baseline_date"),
        ("target_value", "target_date"),
    )
    inlines = (IndicatorValueInline,)
