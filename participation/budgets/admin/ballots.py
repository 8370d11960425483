"""Polling stations of a Bürgerbudget in the admin (``budgets.*_pollingstation``): the
places where paper ballots are cast; the sheets are entered on the staff's pages
(``budgets:paper-entry``), never here."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from ..models import PollingStation


@admin.register(PollingStation)
class PollingStationAdmin(admin.ModelAdmin):
    list_display = ["name", "budget", "address", "sheet_count"]
    list_filter = ["budget"]
    search_fields = ["name", "address"]
    list_select_related = ["budget__project"]

    def get_readonly_fields(self, request, obj=None):
        # A station with entered sheets stays in its budget: moving it would move the
        # sheets (and the ballots made from them) to another budget's count.
        if obj is not None and obj.sheets.exists():
            return ["budget"]
        return []

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(sheet_count=Count("sheets"))

    @admin.display(description=_("Zettel"), ordering="sheet_count")
    def sheet_count(self, obj):
        return obj.sheet_count
