"""The structure of the strategy: organisational units, core areas, fields of action,
bundles (strategy staff only: Django's model permissions)."""

from django.contrib import admin
from django.db import transaction
from guardian.shortcuts import remove_perm

from .. import services
from ..models import CoreArea, FieldOfAction, MeasureBundle, OrganisationalUnit


@admin.register(OrganisationalUnit)
class OrganisationalUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "email", "group")
    search_fields = ("name", "short_name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    list_select_related = ("group",)

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        old_group = None
        if change and "group" in form.changed_data:
            old_group = OrganisationalUnit.objects.get(pk=obj.pk).group
        super().save_model(request, obj, form, change)
        if change and "group" in form.changed_data:
            # The unit's measures move with it to the new group of managers.
            for measure in obj.measures.all():
                if old_group is not None:
                    for perm in services.UNIT_PERMISSIONS:
                        remove_perm(perm, old_group, measure)
                services.measure_unit_permissions_sync(measure=measure)


@admin.register(CoreArea)
class CoreAreaAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "slug")
    list_display_links = ("number", "title")
    prepopulated_fields = {"slug": ("title",)}


@admin.register(FieldOfAction)
class FieldOfActionAdmin(admin.ModelAdmin):
    list_display = ("number", "code", "title", "slug")
    list_display_links = ("number", "code", "title")
    prepopulated_fields = {"slug": ("title",)}


@admin.register(MeasureBundle)
class MeasureBundleAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "field_of_action", "weight")
    list_display_links = ("number", "title")
    list_filter = ("field_of_action", "core_areas")
    list_select_related = ("field_of_action",)
    filter_horizontal = ("core_areas",)
    prepopulated_fields = {"slug": ("title",)}
    search_fields = ("title",)
