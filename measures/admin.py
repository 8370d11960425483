"""The strategy tracker in the Django admin.

Who sees what (the rules are in ``measures.rules``; the admin only asks them):

* Strategy staff (superusers, or the *global* ``measures.change_measure`` permission)
  see and change everything, assign object permissions, import the catalogue.
* A measure manager (staff with the *object* permission ``measures.change_measure``,
  directly or through the group of their organisational unit) sees only their measures
  with their Sachstände, milestones and indicators, and changes only what is not
  reserved to strategy staff. Everything else is absent: another unit's measure URL gets
  the admin's usual "does not exist" redirect, on its history page too.
* Staff with the *global* ``measures.view_measure`` permission see everything read-only.

Every write goes through ``services``; a refusal from a service (PermissionDenied,
ValidationError) comes back as an admin error message, never as a 500.
"""

from django.contrib import admin, messages
from django.contrib.admin import RelatedOnlyFieldListFilter
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from guardian.admin import GuardedModelAdminMixin
from guardian.shortcuts import remove_perm
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV
from leaflet.admin import LeafletAdminWidget, LeafletGeoAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from core.admin_history import HistoryAsChangeMixin

from . import services
from .forms import PUBLISH_FIELDS, ProgressUpdateForm
from .models import (
    CoreArea,
    FieldOfAction,
    Indicator,
    IndicatorValue,
    Measure,
    MeasureBundle,
    Milestone,
    OrganisationalUnit,
    ProgressUpdate,
)
from .resources import MeasureResource
from .rules import (
    is_measure_manager,
    manages_all_measures,
    manages_measure,
    measures_managed_by,
)

VIEW_MEASURE = "measures.view_measure"
LATEST_UPDATES_SHOWN = 5


# --- permission answers, asked once per request -----------------------------------------------


def _cached(request, key: str, compute):
    cache = request.__dict__.setdefault("_measures_admin_cache", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def manages_all(request) -> bool:
    return _cached(request, "manages_all", lambda: manages_all_measures(request.user))


def sees_all(request) -> bool:
    """Strategy staff, and read-only staff with the global view permission."""
    return _cached(
        request,
        "sees_all",
        lambda: manages_all(request) or request.user.has_perm(VIEW_MEASURE),
    )


def is_manager(request) -> bool:
    return _cached(request, "is_manager", lambda: is_measure_manager(request.user))


def can_manage(request, measure_id) -> bool:
    if measure_id is None:
        return False
    if manages_all(request):
        return True
    # guardian needs the content type and the pk only: no need to load the measure.
    return _cached(
        request,
        f"can_manage:{measure_id}",
        lambda: manages_measure(request.user, Measure(pk=measure_id)),
    )


def managed_measures(request):
    return measures_managed_by(request.user)


# --- service refusals as admin messages -------------------------------------------------------


class ServiceRefused(Exception):
    """A service said no. Raised inside the admin's transaction, so everything the
    request saved so far (the object, its inlines) is rolled back."""

    def __init__(self, error: Exception):
        super().__init__(error)
        self.message = refusal_message(error)


def refusal_message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            parts = []
            for field, errors in error.message_dict.items():
                text = " ".join(errors)
                parts.append(text if field == "__all__" else f"{field}: {text}")
            return " ".join(parts)
        return " ".join(error.messages)
    return str(error) or gettext("Das dürfen Sie nicht.")


class ServiceErrorsAsMessagesMixin:
    """Catch ``ServiceRefused`` around the views that write, show it as an error message
    and send the user back where they were."""

    def _refused(self, request, refused: ServiceRefused, url: str):
        self.message_user(
            request,
            gettext("Nicht gespeichert: %(reason)s") % {"reason": refused.message},
            level=messages.ERROR,
        )
        return HttpResponseRedirect(url)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ServiceRefused as refused:
            return self._refused(request, refused, request.get_full_path())

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except ServiceRefused as refused:
            return self._refused(request, refused, request.get_full_path())

    def changelist_view(self, request, extra_context=None):
        try:
            return super().changelist_view(request, extra_context)
        except ServiceRefused as refused:
            return self._refused(request, refused, request.get_full_path())


class GuardedHistoryMixin:
    """simple_history's "revert to this version" page saves with only the *view*
    permission checked and outside a transaction; here a revert needs the change
    permission on the object, runs atomically and goes through ``save_model`` (the
    services) like any other change."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "POST":
            return super().history_form_view(request, object_id, version_id, extra_context)
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_change_permission(request, obj):
            raise PermissionDenied
        try:
            with transaction.atomic():
                return super().history_form_view(request, object_id, version_id, extra_context)
        except ServiceRefused as refused:
            return self._refused(request, refused, request.get_full_path())


def _call_service(function, **kwargs):
    try:
        return function(**kwargs)
    except (PermissionDenied, ValidationError) as error:
        raise ServiceRefused(error) from error


# --- rows that belong to a measure ------------------------------------------------------------


def measure_id_of(obj) -> int | None:
    if isinstance(obj, Measure):
        return obj.pk
    if isinstance(obj, IndicatorValue):
        return obj.indicator.measure_id if obj.indicator_id else None
    return obj.measure_id


class MeasureScopedAdminMixin:
    """For models that belong to a measure: visible and changeable only for those who
    manage that measure (strategy staff: all)."""

    measure_lookup = "measure"

    def has_module_permission(self, request):
        return sees_all(request) or is_manager(request)

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return sees_all(request) or is_manager(request)
        return sees_all(request) or can_manage(request, measure_id_of(obj))

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return is_manager(request)
        return can_manage(request, measure_id_of(obj))

    def has_add_permission(self, request):
        return is_manager(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if sees_all(request):
            return queryset
        return queryset.filter(
            **{f"{self.measure_lookup}__in": managed_measures(request).values("pk")}
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not manages_all(request):
            # Bulk deletion is for strategy staff; managers delete one row at a time.
            actions.pop("delete_selected", None)
        return actions

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "measure":
            kwargs["queryset"] = managed_measures(request).order_by("bundle__number", "sort_key")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class MeasurePartAdminMixin(ServiceErrorsAsMessagesMixin, MeasureScopedAdminMixin):
    """Milestones and indicators: saved and deleted through the measure-part services."""

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        _call_service(services.measure_part_save, obj=obj, actor=request.user)

    def delete_model(self, request, obj):
        _call_service(services.measure_part_delete, obj=obj, actor=request.user)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for obj in queryset:
            _call_service(services.measure_part_delete, obj=obj, actor=request.user)

    def save_formset(self, request, form, formset, change):
        save_parts(request, formset)


def save_parts(request, formset) -> None:
    """Inline rows (milestones, indicators, indicator values) through the services."""
    instances = formset.save(commit=False)
    for obj in formset.deleted_objects:
        _call_service(services.measure_part_delete, obj=obj, actor=request.user)
    for obj in instances:
        obj._history_user = request.user
        _call_service(services.measure_part_save, obj=obj, actor=request.user)
    formset.save_m2m()


class MeasurePartInlineMixin:
    """Inline rows follow the parent: whoever manages the parent's measure edits them.

    Django asks with ``obj=None`` in two cases: while the parent is being added
    (``has_add_permission``), and for the inline's queryset in general (view/change),
    where the formset narrows the rows to the parent anyway.
    """

    def parent_add_permission(self, request) -> bool:
        # While the parent is being added there is no measure yet to ask about.
        return manages_all(request)

    def has_add_permission(self, request, obj):
        if obj is None:
            return self.parent_add_permission(request)
        return can_manage(request, measure_id_of(obj))

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return is_manager(request)
        return can_manage(request, measure_id_of(obj))

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def has_view_permission(self, request, obj=None):
        return sees_all(request) or self.has_change_permission(request, obj)


# --- list filters -----------------------------------------------------------------------------


class FlagFilter(admin.SimpleListFilter):
    """Yes/no on one of the ``with_flags()`` annotations."""

    flag: str = ""

    def lookups(self, request, model_admin):
        return (("yes", _("ja")), ("no", _("nein")))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(**{self.flag: True})
        if self.value() == "no":
            # NULL counts as "no": the SQL of a flag can be NULL (e.g. no planned end).
            return queryset.filter(Q(**{self.flag: False}) | Q(**{f"{self.flag}__isnull": True}))
        return queryset


class DelayedFilter(FlagFilter):
    title = _("verzögert")
    parameter_name = "delayed"
    flag = "is_delayed"


class StaleFilter(FlagFilter):
    title = _("ohne aktuellen Sachstand")
    parameter_name = "stale"
    flag = "is_stale"


# --- inlines of the measure page --------------------------------------------------------------


class MilestoneInline(MeasurePartInlineMixin, admin.TabularInline):
    model = Milestone
    fields = ("title", "due_on", "completed_on")
    extra = 0


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


class LocationWidget(LeafletAdminWidget):
    """The map widget for an optional location. An empty GeoJSON field renders as the
    string "null", which GEOS cannot parse (an error in the log on every page view)."""

    def get_context(self, name, value, attrs):
        return super().get_context(name, None if value == "null" else value, attrs)


# --- Maßnahmen --------------------------------------------------------------------------------


@admin.register(Measure)
class MeasureAdmin(
    HistoryAsChangeMixin,
    ServiceErrorsAsMessagesMixin,
    GuardedHistoryMixin,
    GuardedModelAdminMixin,
    ImportExportMixin,
    LeafletGeoAdminMixin,
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
    search_fields = ("code", "title")
    list_per_page = 100
    inlines = (MilestoneInline, IndicatorInline)

    fieldsets = (
        (None, {"fields": ("bundle", "code", "title", "slug", "summary", "description")}),
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
        return {"slug": ("title",)} if manages_all(request) else {}

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
        _call_service(services.measure_save, measure=obj, actor=request.user)

    def save_formset(self, request, form, formset, change):
        save_parts(request, formset)

    # import and export

    def get_import_resource_kwargs(self, request, **kwargs):
        return {**super().get_import_resource_kwargs(request, **kwargs), "actor": request.user}


def publish_url(measure_pk) -> str:
    return reverse("admin:measures_progressupdate_add") + f"?measure={measure_pk}"


# --- Sachstände -------------------------------------------------------------------------------


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(
    HistoryAsChangeMixin, ServiceErrorsAsMessagesMixin, MeasureScopedAdminMixin, admin.ModelAdmin
):
    """Publishing is the only write: a Sachstand is history and stays as published;
    a correction is a new Sachstand."""

    form = ProgressUpdateForm
    list_display = ("measure", "date", "status", "progress", "author", "published_at")
    list_filter = ("status", "date")
    search_fields = ("measure__code", "measure__title", "text")
    list_select_related = ("measure", "author")
    date_hierarchy = "date"
    readonly_fields = ("author", "published_at")

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return (
                (
                    None,
                    {
                        "description": _(
                            "Der Sachstand wird sofort veröffentlicht und ist danach nicht "
                            "mehr änderbar. Ist er der neueste, setzt er Status und "
                            "Fortschritt der Maßnahme."
                        ),
                        "fields": PUBLISH_FIELDS,
                    },
                ),
            )
        return ((None, {"fields": (*PUBLISH_FIELDS, "author", "published_at")}),)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("date", timezone.localdate())
        try:
            measure = managed_measures(request).filter(pk=int(initial.get("measure", ""))).first()
        except (TypeError, ValueError):
            measure = None
        if measure is not None:
            initial.setdefault("status", measure.status)
            initial.setdefault("progress", measure.progress)
        return initial

    def save_model(self, request, obj, form, change):
        if change:  # never reached: nobody has the change permission
            raise ServiceRefused(PermissionDenied(gettext("Ein Sachstand bleibt, wie er ist.")))
        data = form.cleaned_data
        update = _call_service(
            services.progress_update_publish,
            measure=data["measure"],
            actor=request.user,
            date=data["date"],
            status=data["status"],
            progress=data["progress"],
            text=data["text"],
            reason=data.get("reason") or "",
        )
        obj.pk = update.pk
        obj.author = update.author
        obj.published_at = update.published_at
        obj._state.adding = False

    def response_post_save_add(self, request, obj):
        if can_manage(request, obj.measure_id):
            return HttpResponseRedirect(
                reverse("admin:measures_measure_change", args=[obj.measure_id])
            )
        return super().response_post_save_add(request, obj)


# --- Meilensteine und Indikatoren -------------------------------------------------------------


@admin.register(Milestone)
class MilestoneAdmin(
    HistoryAsChangeMixin, MeasurePartAdminMixin, GuardedHistoryMixin, SimpleHistoryAdmin
):
    list_display = ("title", "measure", "due_on", "completed_on")
    list_filter = ("due_on", "completed_on")
    search_fields = ("title", "measure__code", "measure__title")
    list_select_related = ("measure",)
    fields = ("measure", "title", "due_on", "completed_on")


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


# --- structure of the strategy (strategy staff only: Django's model permissions) --------------


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
