"""Milestones, indicators and indicator values: rows of a measure, saved and deleted
through the measure-part services, in their own admin pages and as inlines."""

from django.db import transaction

from core.admin import DomainErrorsAdminMixin

from .. import services
from .permissions import MeasureScopedAdminMixin


class MeasurePartAdminMixin(DomainErrorsAdminMixin, MeasureScopedAdminMixin):
    """Milestones and indicators: saved and deleted through the measure-part services."""

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        services.measure_part_save(obj=obj, actor=request.user)

    def delete_model(self, request, obj):
        services.measure_part_delete(obj=obj, actor=request.user)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.measure_part_delete(obj=obj, actor=request.user)

    def save_formset(self, request, form, formset, change):
        save_parts(request, formset)


def save_parts(request, formset) -> None:
    """Inline rows (milestones, indicators, indicator values) through the services."""
    instances = formset.save(commit=False)
    for obj in formset.deleted_objects:
        services.measure_part_delete(obj=obj, actor=request.user)
    for obj in instances:
        obj._history_user = request.user
        services.measure_part_save(obj=obj, actor=request.user)
    formset.save_m2m()
