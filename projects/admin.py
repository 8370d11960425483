"""Participation projects in the Django admin.

Administrators of participation (staff with Django's model permissions on projects;
superusers) create projects, draw their area on a map (django-leaflet), plan the phases
and categories inline, publish, and make users or groups moderators of one project on the
project's "Objektberechtigungen" page (django-guardian). Project moderators who are not
such staff have no access here: they moderate on the site.

Every write goes through ``projects.services``; a refusal from a service (PermissionDenied,
ValidationError) comes back as an admin error message, never as a 500. The forms check the
same rules first, so most mistakes are shown at the field.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import RelatedOnlyFieldListFilter
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from guardian.admin import (
    AdminGroupObjectPermissionsForm,
    AdminUserObjectPermissionsForm,
    GuardedModelAdminMixin,
)
from leaflet.admin import LeafletGeoAdminMixin
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from core.admin import DOMAIN_ERRORS, DomainErrorsAdminMixin, refusal_message
from measures.admin import LocationWidget

from . import services
from .eligibility import describe
from .forms import PhaseInlineForm, PhaseInlineFormSet, ProjectAdminForm
from .models import Category, Phase, Project
from .rules import MODERATE_PROJECT, manages_projects, moderates_project
from .templatetags.projects_tags import card_phase_text

MODERATE_CODENAME = MODERATE_PROJECT.split(".", 1)[1]


# --- inlines -------------------------------------------------------------------------------------


class PhaseInline(TranslationStackedInline):
    model = Phase
    form = PhaseInlineForm
    formset = PhaseInlineFormSet
    extra = 0
    fieldsets = (
        (
            None,
            {
                "description": _(
                    "Phasen dürfen sich nicht überschneiden; eine Phase darf beginnen, wenn "
                    "die vorige endet. Was eine Phase erlaubt, legen die Häkchen fest."
                ),
                "fields": (
                    ("type", "title"),
                    "poll_link",
                    ("start", "end"),
                    ("allows_ideas", "allows_comments", "allows_votes", "votes_per_person"),
                    "description",
                    "easy_summary",
                ),
            },
        ),
        (
            _("Wer teilnehmen darf"),
            {
                "classes": ("collapse",),
                "description": _(
                    "Ohne Angaben: alle mit bestätigter E-Mail-Adresse. Ein Mindestalter oder "
                    "Ortsteile setzen einen bestätigten Wohnsitz voraus. Wer die Bedingungen "
                    "nicht erfüllt, sieht auf der Seite den Grund und was zu tun ist."
                ),
                "fields": (
                    ("requires_resident", "eligibility_scope"),
                    ("min_age", "age_key_date"),
                    "eligible_districts",
                    "eligibility_preview",
                ),
            },
        ),
    )
    filter_horizontal = ("eligible_districts",)
    readonly_fields = ("eligibility_preview", "poll_link")

    @admin.display(description=_("Umfrage"))
    def poll_link(self, phase: Phase) -> str:
        """A poll phase's questionnaire (participation.polls, named by its admin URLs so
        that projects imports nothing of it): edit it, or create it for this phase."""
        if phase is None or phase.pk is None or phase.type != Phase.Type.POLL:
            return gettext("Nur bei Phasen der Art „Umfrage“.")
        poll = getattr(phase, "poll", None)
        if poll is None:
            url = reverse("admin:polls_poll_add") + f"?phase={phase.pk}"
            return format_html('<a href="{}">{}</a>', url, gettext("Fragebogen anlegen"))
        url = reverse("admin:polls_poll_change", args=[poll.pk])
        return format_html(
            '<a href="{}">{}</a>', url, gettext("Fragebogen „%(title)s“ bearbeiten") % {
                "title": poll.title
            }
        )

    @admin.display(description=_("So lesen es die Teilnehmenden"))
    def eligibility_preview(self, phase: Phase) -> str:
        """The saved conditions in the words the project page uses (``describe``)."""
        if phase is None or phase.pk is None:
            return gettext("Nach dem Speichern sichtbar.")
        lines = describe(phase) or [gettext("Alle mit bestätigter E-Mail-Adresse.")]
        line_break = format_html("<{}>", "br")  # format_html needs an argument (Django 5)
        return format_html_join(line_break, "{}", ((line,) for line in lines))


class CategoryInline(admin.TabularInline):
    model = Category
    fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    extra = 0


# --- object permissions: "moderate this project" only, granted through the services -------------


class _ModeratorPermissionFormMixin:
    actor = None

    def get_obj_perms_field_choices(self):
        return [(MODERATE_CODENAME, gettext("Kann das Projekt moderieren"))]

    def get_obj_perms_field_label(self):
        return gettext("Berechtigungen für dieses Projekt")

    def get_obj_perms_field_widget(self):
        return forms.CheckboxSelectMultiple

    def _holder(self):
        raise NotImplementedError

    def save_obj_perms(self) -> None:
        wanted = MODERATE_CODENAME in self.cleaned_data[self.get_obj_perms_field_name()]
        holds = MODERATE_CODENAME in set(self.get_obj_perms_field_initial())
        if wanted and not holds:
            services.project_moderator_grant(project=self.obj,
                holder=self._holder(),
                actor=self.actor,
            )
        elif holds and not wanted:
            services.project_moderator_revoke(project=self.obj,
                holder=self._holder(),
                actor=self.actor,
            )


class ModeratorUserForm(_ModeratorPermissionFormMixin, AdminUserObjectPermissionsForm):
    def _holder(self):
        return self.user


class ModeratorGroupForm(_ModeratorPermissionFormMixin, AdminGroupObjectPermissionsForm):
    def _holder(self):
        return self.group


# --- projects ------------------------------------------------------------------------------------


@admin.register(Project)
class ProjectAdmin(
    DomainErrorsAdminMixin, GuardedModelAdminMixin, LeafletGeoAdminMixin, TranslationAdmin
):
    form = ProjectAdminForm
    widget = LocationWidget  # LeafletGeoAdminMixin's map widget for ``area``
    list_display = ("title", "status", "phase_now", "responsible_unit", "updated_at")
    list_display_links = ("title",)
    list_filter = (
        "status",
        ("responsible_unit", RelatedOnlyFieldListFilter),
        ("districts", RelatedOnlyFieldListFilter),
    )
    search_fields = ("title_de", "title_en", "slug", "summary_de", "summary_en")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("measures", "districts")
    readonly_fields = ("created_at", "updated_at", "evaluation_link")
    inlines = (PhaseInline, CategoryInline)
    actions = ("publish_selected", "unpublish_selected")
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "description", "status")}),
        (_("Leichte Sprache"), {"fields": ("easy_summary",)}),
        (_("Bild"), {"fields": ("image", "image_alt")}),
        (_("Zuständigkeit und Strategie"), {"fields": ("responsible_unit", "measures")}),
        (_("Ort"), {"fields": ("districts", "area")}),
        (_("Verlauf"), {"fields": ("created_at", "updated_at")}),
    )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and obj.pk and moderates_project(request.user, obj):
            fieldsets = (*fieldsets, (_("Auswertung"), {"fields": ("evaluation_link",)}))
        return fieldsets

    @admin.display(description=_("Exporte"))
    def evaluation_link(self, obj: Project) -> str:
        # The exports live on the participation app's moderation page (named by its URL,
        # so projects does not import participation).
        url = reverse("moderation:queue", kwargs={"project_slug": obj.slug})
        return format_html(
            '<a href="{}#auswertung">{}</a>',
            url,
            gettext("Auswertung exportieren (Ideen, Kommentare, Unterstützungen)"),
        )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("responsible_unit")
            .prefetch_related(Prefetch("phases", queryset=Phase.objects.order_by("start", "pk")))
        )

    @admin.display(description=_("Phase"))
    def phase_now(self, obj: Project) -> str:
        return card_phase_text(obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        area = form.base_fields.get("area")
        if area is not None:
            # Draw one polygon; an existing MultiPolygon stays editable as such.
            multi = isinstance(obj and obj.area, dict) and obj.area.get("type") == "MultiPolygon"
            area.widget.attrs["geom_type"] = "MULTIPOLYGON" if multi else "POLYGON"
        return form

    # writes

    def save_model(self, request, obj, form, change):
        # The status is changed after the phases are saved (publishing needs a phase).
        services.project_save(project=obj, actor=request.user)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        if formset.model is Phase:
            services.project_phases_save(project=form.instance,
                phases=instances,
                deleted=list(formset.deleted_objects),
                actor=request.user,
            )
        elif formset.model is Category:
            services.project_categories_save(project=form.instance,
                categories=instances,
                deleted=list(formset.deleted_objects),
                actor=request.user,
            )
        formset.save_m2m()

    def save_related(self, request, form, formsets, change):
        # Taking back comes first (then all phases may go), publishing last (it needs one).
        project = form.instance
        wanted = form.cleaned_data.get("status")
        if wanted == Project.Status.DRAFT and project.status != Project.Status.DRAFT:
            services.project_unpublish(project=project, actor=request.user)
        super().save_related(request, form, formsets, change)
        if wanted == Project.Status.PUBLISHED and project.status != Project.Status.PUBLISHED:
            services.project_publish(project=project, actor=request.user)

    def delete_model(self, request, obj):
        services.project_delete(project=obj, actor=request.user)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for project in queryset:
            services.project_delete(project=project, actor=request.user)

    # actions

    def _change_status(self, request, queryset, service, done_message: str) -> None:
        done, refused = [], []
        for project in queryset:
            try:
                with transaction.atomic():
                    service(project=project, actor=request.user)
            except (PermissionDenied, ValidationError) as error:
                refused.append(refusal_message(error))
            else:
                done.append(project.title)
        if done:
            self.message_user(
                request, done_message % {"titles": ", ".join(done)}, level=messages.SUCCESS
            )
        for reason in refused:
            self.message_user(
                request,
                gettext("Nicht geändert: %(reason)s") % {"reason": reason},
                level=messages.ERROR,
            )

    @admin.action(description=_("Ausgewählte Projekte veröffentlichen"))
    def publish_selected(self, request, queryset):
        self._change_status(
            request, queryset, services.project_publish, gettext("Veröffentlicht: %(titles)s")
        )

    @admin.action(description=_("Ausgewählte Projekte zurücknehmen (Entwurf)"))
    def unpublish_selected(self, request, queryset):
        self._change_status(
            request,
            queryset,
            services.project_unpublish,
            gettext("Zurück im Entwurf: %(titles)s"),
        )

    # object permissions: only "moderate", through the services

    def get_obj_perms_manage_user_form(self, request):
        return type("ModeratorUserForm", (ModeratorUserForm,), {"actor": request.user})

    def get_obj_perms_manage_group_form(self, request):
        return type("ModeratorGroupForm", (ModeratorGroupForm,), {"actor": request.user})

    def obj_perms_manage_view(self, request, object_pk):
        if not manages_projects(request.user):
            raise PermissionDenied
        return super().obj_perms_manage_view(request, object_pk)

    def obj_perms_manage_user_view(self, request, object_pk, user_id):
        if not manages_projects(request.user):
            raise PermissionDenied
        try:
            with transaction.atomic():
                return super().obj_perms_manage_user_view(request, object_pk, user_id)
        except DOMAIN_ERRORS as error:
            return self.domain_refused(request, error)

    def obj_perms_manage_group_view(self, request, object_pk, group_id):
        if not manages_projects(request.user):
            raise PermissionDenied
        try:
            with transaction.atomic():
                return super().obj_perms_manage_group_view(request, object_pk, group_id)
        except DOMAIN_ERRORS as error:
            return self.domain_refused(request, error)
