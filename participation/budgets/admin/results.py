"""The counts (read only, with their protocol) and the implementation updates of the
funded proposals in the admin. Counts are made and published on the count page
(``budgets:count``); implementation updates are published here through the service."""

from django import forms
from django.contrib import admin
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin import DomainErrorsAdminMixin
from core.admin_history import HistoryAsChangeMixin
from core.exceptions import NotAllowed
from core.rules import cached, is_active_user
from projects.rules import is_global_moderator, projects_moderated_by

from ..models import Count, ImplementationStatus, ImplementationUpdate, Proposal
from ..rules.results import is_counter
from ..services.counting import implementation_update_publish


@admin.register(Count)
class CountAdmin(HistoryAsChangeMixin, admin.ModelAdmin):
    """A count is a record: nobody changes or deletes it here."""

    list_display = (
        "budget",
        "method",
        "available",
        "spent",
        "remainder",
        "ballots_online",
        "ballots_paper",
        "ballots_invalid",
        "counted_by",
        "finished_at",
        "published_at",
        "protocol_link",
    )
    list_filter = ("method", ("published_at", admin.EmptyFieldListFilter))
    list_select_related = ("budget__project", "counted_by", "published_by")
    search_fields = ("budget__project__title",)
    fields = (
        "budget",
        "method",
        "available",
        "spent",
        "remainder",
        "ballots_online",
        "ballots_paper",
        "ballots_invalid",
        "counted_by",
        "started_at",
        "finished_at",
        "published_by",
        "published_at",
        "protocol_link",
        "count_page_link",
    )
    readonly_fields = fields

    @admin.display(description=_("Zählprotokoll"))
    def protocol_link(self, obj):
        if obj.published_at is None:
            return "–"
        url = reverse("budgets:protocol-pdf", kwargs={"slug": obj.budget.project.slug})
        return format_html('<a href="{}">{}</a>', url, gettext("PDF"))

    @admin.display(description=_("Auszählung"))
    def count_page_link(self, obj):
        url = reverse("budgets:count", kwargs={"slug": obj.budget.project.slug})
        return format_html('<a href="{}">{}</a>', url, gettext("Zur Seite der Auszählung"))

    def has_module_permission(self, request):
        return is_counter(request.user)

    def has_view_permission(self, request, obj=None):
        return is_counter(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _funded_proposals(user):
    """The funded proposals whose implementation ``user`` may report on."""
    funded = Proposal.objects.filter(funding__isnull=False).select_related("budget__project")
    if is_counter(user) or is_global_moderator(user):
        return funded
    return funded.filter(budget__project__in=projects_moderated_by(user))


def _may_use(user) -> bool:
    return bool(
        is_active_user(user)
        and user.is_staff
        and cached(user, ("budget_funded_proposals",), lambda: _funded_proposals(user).exists())
    )


class ImplementationUpdateForm(forms.ModelForm):
    status = forms.ChoiceField(label=_("Stand"), choices=ImplementationStatus.choices)

    class Meta:
        model = ImplementationUpdate
        fields = ("proposal", "date", "status", "progress", "text")


@admin.register(ImplementationUpdate)
class ImplementationUpdateAdmin(HistoryAsChangeMixin, DomainErrorsAdminMixin, admin.ModelAdmin):
    """Publishing is the only write: an update stays as published; a correction is a
    new update. Moderators of a budget's project and the counting team."""

    form = ImplementationUpdateForm
    list_display = ("proposal", "date", "status", "progress", "author", "created_at")
    list_filter = ("status", "date")
    search_fields = ("proposal__title", "text")
    list_select_related = ("proposal__budget__project", "author")
    date_hierarchy = "date"
    readonly_fields = ("author", "created_at")

    def get_queryset(self, request):
        user = request.user
        queryset = super().get_queryset(request)
        if is_counter(user) or is_global_moderator(user):
            return queryset
        return queryset.filter(Q(proposal__budget__project__in=projects_moderated_by(user)))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "proposal":
            kwargs["queryset"] = _funded_proposals(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("proposal", "date", "status", "progress", "text")
        return ("proposal", "date", "status", "progress", "text", "author", "created_at")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return self.get_fields(request, obj)

    def has_module_permission(self, request):
        return _may_use(request.user)

    def has_view_permission(self, request, obj=None):
        return _may_use(request.user)

    def has_add_permission(self, request):
        return _may_use(request.user)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("date", timezone.localdate())
        return initial

    def save_model(self, request, obj, form, change):
        if change:  # never reached: nobody has the change permission
            raise NotAllowed(gettext("Ein Stand der Umsetzung bleibt, wie er ist."))
        data = form.cleaned_data
        update = implementation_update_publish(
            proposal=data["proposal"],
            by=request.user,
            date=data["date"],
            status=data["status"],
            progress=data["progress"],
            text=data["text"],
        )
        obj.pk = update.pk
        obj.author = update.author
        obj.created_at = update.created_at
        obj._state.adding = False
