"""Sachstände: publishing is the only write."""

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin import DomainErrorsAdminMixin
from core.admin_history import HistoryAsChangeMixin
from core.exceptions import NotAllowed

from .. import services
from ..forms import PUBLISH_FIELDS, ProgressUpdateForm
from ..models import ProgressUpdate
from .permissions import MeasureScopedAdminMixin, can_manage, managed_measures


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(
    HistoryAsChangeMixin, DomainErrorsAdminMixin, MeasureScopedAdminMixin, admin.ModelAdmin
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
            raise NotAllowed(gettext("Ein Sachstand bleibt, wie er ist."))
        data = form.cleaned_data
        update = services.progress_update_publish(measure=data["measure"],
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
