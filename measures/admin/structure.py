"""The structure of the strategy: organisational units, core areas, fields of action,
bundles (strategy staff only: Django's model permissions)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from core.admin import DomainErrorsAdminMixin

from .. import services
from ..models import CoreArea, FieldOfAction, MeasureBundle, OrganisationalUnit


@admin.register(OrganisationalUnit)
class OrganisationalUnitAdmin(DomainErrorsAdminMixin, admin.ModelAdmin):
    list_display = ("name", "short_name", "email", "group")
    search_fields = ("name", "short_name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    list_select_related = ("group",)

    def save_model(self, request, obj, form, change):
        services.organisational_unit_save(unit=obj, actor=request.user)


@admin.register(CoreArea)
class CoreAreaAdmin(TranslationAdmin):
    list_display = ("number", "title", "slug")
    list_display_links = ("number", "title")
    prepopulated_fields = {"slug": ("title",)}


@admin.register(FieldOfAction)
class FieldOfActionAdmin(TranslationAdmin):
    list_display = ("number", "code", "title", "slug")
    list_display_links = ("number", "code", "title")
    prepopulated_fields = {"slug": ("title",)}


@admin.register(MeasureBundle)
class MeasureBundleAdmin(TranslationAdmin):
    list_display = ("number", "title", "field_of_action", "weight")
    list_display_links = ("number", "title")
    list_filter = ("field_of_action", "core_areas")
    list_select_related = ("field_of_action",)
    filter_horizontal = ("core_areas",)
    prepopulated_fields = {"slug": ("title",)}
    search_fields = ("title_de", "title_en")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "number",
                    "title",
                    "slug",
                    "summary",
                    "field_of_action",
                    "core_areas",
                    "weight",
                )
            },
        ),
        (_("Leichte Sprache"), {"fields": ("easy_summary",)}),
    )
