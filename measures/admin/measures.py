"""Maßnahmen: the measure page with its milestones and indicators inline, import and
export of the catalogue, and object permissions for strategy staff."""

from django.contrib import admin
from django.contrib.admin import RelatedOnlyFieldListFilter
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from guardian.admin import GuardedModelAdminMixin
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV
from leaflet.admin import LeafletGeoAdminMixin
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import DomainErrorsAdminMixin
from core.admin_history import HistoryAsChangeMixin

from .. import services
from ..models import Measure
from ..resources import MeasureResource
from .filters import DelayedFilter, StaleFilter
from .indicators import IndicatorInline
from .milestones import MilestoneInline
from .parts import save_parts
from .permissions import can_manage, is_manager, managed_measures, manages_all, sees_all
from .refusals import GuardedHistoryMixin
from .widgets import LocationWidget

LATEST_UPDATES_SHOWN = 5


@admin.register(Measure)
class MeasureAdmin(
    HistoryAsChangeMixin,
    DomainErrorsAdminMixin,
    GuardedHistoryMixin,
    GuardedModelAdminMixin,
    ImportExportMixin,
    LeafletGeoAdminMixin,
    TranslationAdmin,  # a field per language: "Titel (Deutsch)", "Titel (English)"
    SimpleHistoryAdmin,
):
    change_form_template = "admin/measures/measure/change_form.html"
    widget = LocationWidget  # LeafletGeoAdminMixin's map widget for ``location``
    resource_classes = [MeasureResource]
    import_formats = [CSV]
    export_formats = [CSV]

    list_display = (
        "code",
        "title",
        "status",
        "progress_display",
        "last_update_on",
        "responsible_unit",
        "delayed",
        "stale",
    )
    list_display_links = ("code", "title")
    list_filter = (
        "status",
        DelayedFilter,
        StaleFilter,
        ("bundle", RelatedOnlyFieldListFilter),
        ("bundle__field_of_action", RelatedOnlyFieldListFilter),
        ("responsible_unit", RelatedOnlyFieldListFilter),
    )
    search_fields = ("code", "title_de", "title_en")
    list_per_page = 100
    inlines = (MilestoneInline, IndicatorInline)

    fieldsets = (
        (None, {"fields": ("bundle", "code", "title", "slug", "summary", "description")}),
        (_("Leichte Sprache"), {"fields": ("easy_summary",)}),
        (
            _("Aktueller Stand"),
            {
                "description": _(
                    "Status und Fortschritt ändern sich nur durch einen veröffentlichten "
                    "Sachstand; frühere Sachstände bleiben als Verlauf erhalten."
                ),
                "fields": ("status", "progress", "last_update_on", "latest_progress_updates"),
            },
        ),
        (_("Planung"), {"fields": ("planned_start", "planned_end")}),
        (_("Zuständigkeit"), {"fields": ("responsible_unit", "partners")}),
        (_("Finanzen"), {"fields": ("budget_planned", "budget_spent", "funding")}),
        (_("Verknüpfungen"), {"fields": ("related_measures", "successor")}),
        (_("Ort"), {"fields": ("location",)}),
        (
            _("Veröffentlichung und Gewichtung"),
            {"fields": ("is_public", "comments_closed", "weight")},
        ),
    )
    filter_horizontal = ("related_measures",)
    # Reserved to strategy staff in the admin. The service guards STAFF_ONLY_FIELDS;
    # the links are reserved here too because a symmetric relation also changes the
    # *other* measure, which a manager may not manage.
    staff_only_fields = (*services.STAFF_ONLY_FIELDS, "related_measures", "successor")
    state_fields = ("status", "progress", "last_update_on", "latest_progress_updates")

    # permissions

    def has_module_permission(self, request):
        return sees_all(request) or is_manager(request)

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return sees_all(request) or is_manager(request)
        return sees_all(request) or can_manage(request, obj.pk)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return is_manager(request)
        return can_manage(request, obj.pk)

    def has_add_permission(self, request):
        return manages_all(request)

    def has_delete_permission(self, request, obj=None):
        # Only strategy staff holding the global delete permission; never per object.
        return manages_all(request) and super().has_delete_permission(request, obj)

    def has_import_permission(self, request):
        return manages_all(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not manages_all(request):
            actions.pop("delete_selected", None)
        return actions

    # Object permissions are assigned by strategy staff only; a manager must not hand
    # their measure on (guardian itself asks only for the change permission).

    def obj_perms_manage_view(self, request, object_pk):
        if not manages_all(request):
            raise PermissionDenied
        return super().obj_perms_manage_view(request, object_pk)

    def obj_perms_manage_user_view(self, request, object_pk, user_id):
        if not manages_all(request):
            raise PermissionDenied
        return super().obj_perms_manage_user_view(request, object_pk, user_id)

    def obj_perms_manage_group_view(self, request, object_pk, group_id):
        if not manages_all(request):
            raise PermissionDenied
        return super().obj_perms_manage_group_view(request, object_pk, group_id)

    # lists

    def get_queryset(self, request):
        queryset = (
            super()
            .get_queryset(request)
            .with_flags()
            .select_related("bundle__field_of_action", "responsible_unit")
        )
        if sees_all(request):
            return queryset
        return queryset.filter(pk__in=managed_measures(request).values("pk"))

    @admin.display(description=_("Fortschritt"), ordering="progress")
    def progress_display(self, obj):
        return f"{obj.progress} %"

    @admin.display(description=_("verzögert"), boolean=True, ordering="is_delayed")
    def delayed(self, obj):
        return bool(obj.is_delayed)

    @admin.display(description=_("ohne aktuellen Sachstand"), boolean=True, ordering="is_stale")
    def stale(self, obj):
        return bool(obj.is_stale)

    # the form

    def get_readonly_fields(self, request, obj=None):
        readonly = [*self.state_fields, "created_at", "updated_at"]
        if not manages_all(request):
            readonly.extend(self.staff_only_fields)
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        return {"slug": ("title_de",)} if manages_all(request) else {}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "successor":
            kwargs["queryset"] = Measure.objects.order_by("bundle__number", "sort_key")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("Letzte Sachstände"))
    def latest_progress_updates(self, obj):
        if obj is None or obj.pk is None:
            return gettext("Noch keine – erst nach dem Anlegen der Maßnahme.")
        updates = list(
            obj.progress_updates.select_related("author").order_by("-date", "-published_at", "-pk")[
                :LATEST_UPDATES_SHOWN
            ]
        )
        rows = format_html_join(
            "",
            '<tr><td><a href="{}">{}</a></td><td>{}</td><td>{} %</td><td>{}</td><td>{}</td></tr>',
            (
                (
                    reverse("admin:measures_progressupdate_change", args=[update.pk]),
                    update.date.strftime("%d.%m.%Y"),
                    update.get_status_display(),
                    update.progress,
                    update.author or "–",
                    Truncator(update.text).chars(120),
                )
                for update in updates
            ),
        )
        all_url = (
            reverse("admin:measures_progressupdate_changelist") + f"?measure__id__exact={obj.pk}"
        )
        if not updates:
            table = format_html("<p>{}</p>", gettext("Noch kein Sachstand veröffentlicht."))
        else:
            table = format_html(
                "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>"
                "</tr></thead><tbody>{}</tbody></table>",
                gettext("Stand vom"),
                gettext("Status"),
                gettext("Fortschritt"),
                gettext("verfasst von"),
                gettext("Sachstand"),
                rows,
            )
        return format_html(
            '{}<p><a class="button" href="{}">{}</a> <a href="{}">{}</a></p>',
            table,
            publish_url(obj.pk),
            gettext("Neuen Sachstand veröffentlichen"),
            all_url,
            gettext("Alle Sachstände dieser Maßnahme"),
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_manage_object_permissions"] = manages_all(request)
        context["publish_progress_url"] = (
            publish_url(obj.pk) if obj is not None and can_manage(request, obj.pk) else None
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    # writes

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        services.measure_save(measure=obj, actor=request.user)

    def save_formset(self, request, form, formset, change):
        save_parts(request, formset)

    # import and export

    def get_import_resource_kwargs(self, request, **kwargs):
        return {**super().get_import_resource_kwargs(request, **kwargs), "actor": request.user}


def publish_url(measure_pk) -> str:
    return reverse("admin:measures_progressupdate_add") + f"?measure={measure_pk}"
