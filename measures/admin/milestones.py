"""Meilensteine: inline on the measure page and a page of their own."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from core.admin_history import HistoryAsChangeMixin

from ..models import Milestone
from .parts import MeasurePartAdminMixin
from .permissions import MeasurePartInlineMixin
from .refusals import GuardedHistoryMixin


class MilestoneInline(MeasurePartInlineMixin, TranslationTabularInline):
    model = Milestone
    fields = ("title", "due_on", "completed_on")
    extra = 0


@admin.register(Milestone)
class MilestoneAdmin(
    HistoryAsChangeMixin,
    MeasurePartAdminMixin,
    GuardedHistoryMixin,
    TranslationAdmin,
    SimpleHistoryAdmin,
):
    list_display = ("title", "measure", "due_on", "completed_on")
    list_filter = ("due_on", "completed_on")
    search_fields = ("title_de", "title_en", "measure__code", "measure__title_de")
    list_select_related = ("measure",)
    fields = ("measure", "title", "due_on", "completed_on")
