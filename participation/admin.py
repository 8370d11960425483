"""Participation in the Django admin.

Ideas (this block): staff and the moderators of a project (staff accounts holding the
object permission ``projects.moderate_project``) read the ideas of the projects they
moderate, set their status and the city's official response, link the measure that
takes an idea up, and delete ideas. What residents wrote stays as they wrote it: title,
text, place and picture are read-only here. Every write goes through
``participation.services.ideas``; a refusal comes back as a form error or an admin
message, never as a 500. Ideas are proposed on the site, not added in the admin.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.utils.html import format_html
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from core.admin_history import HistoryAsChangeMixin
from projects.permissions import projects_moderated_by

from .models import Delivery, Idea, Notification
from .services.ideas import (
    can_moderate_ideas,
    idea_delete,
    idea_set_status_and_response,
    validate_status_and_response,
)

IDEA_GLOBAL_PERMS = ("participation.change_idea", "participation.view_idea")


class _IdeaRefused(Exception):
    def __init__(self, error: Exception):
        super().__init__(error)
        if isinstance(error, ValidationError):
            self.message = " ".join(error.messages)
        else:
            self.message = str(error) or gettext("Das dürfen Sie nicht.")


def _service(function, **kwargs):
    try:
        return function(**kwargs)
    except (PermissionDenied, ValidationError) as error:
        raise _IdeaRefused(error) from error


class IdeaAdminForm(forms.ModelForm):
    class Meta:
        model = Idea
        fields = ["status", "official_response", "measure"]

    def clean(self):
        cleaned = super().clean()
        try:
            validate_status_and_response(
                status=cleaned.get("status", ""),
                official_response=cleaned.get("official_response", ""),
                measure=cleaned.get("measure"),
            )
        except ValidationError as error:
            for field, errors in error.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        return cleaned


@admin.register(Idea)
class IdeaAdmin(HistoryAsChangeMixin, admin.ModelAdmin):
    form = IdeaAdminForm
    list_display = [
        "title",
        "project",
        "status",
        "district",
        "author_name",
        "vote_count",
        "comment_count",
        "is_hidden",
        "created_at",
    ]
    list_filter = ["status", "is_hidden", "project", "district"]
    list_select_related = ["project", "district", "author"]
    search_fields = ["title", "text", "place_description"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-pk"]
    readonly_fields = [
        "project",
        "author_name",
        "title",
        "text",
        "category",
        "district",
        "place_description",
        "location_text",
        "picture",
        "image_alt",
        "is_hidden",
        "vote_count",
        "comment_count",
        "official_response_by",
        "official_response_at",
        "created_at",
        "updated_at",
        "public_page",
    ]
    fieldsets = [
        (
            _("Die Idee (wie eingereicht)"),
            {
                "fields": [
                    "project",
                    "title",
                    "text",
                    "category",
                    "author_name",
                    "created_at",
                    "updated_at",
                    "public_page",
                ]
            },
        ),
        (
            _("Ort"),
            {"fields": ["district", "place_description", "location_text"]},
        ),
        (_("Bild"), {"fields": ["picture", "image_alt"]}),
        (
            _("Status und Antwort der Stadt"),
            {
                "fields": [
                    "status",
                    "official_response",
                    "official_response_by",
                    "official_response_at",
                    "measure",
                ]
            },
        ),
        (_("Zahlen und Moderation"), {"fields": ["vote_count", "comment_count", "is_hidden"]}),
    ]

    # --- who sees what ------------------------------------------------------------------

    def _global(self, request) -> bool:
        user = request.user
        return user.is_superuser or any(user.has_perm(perm) for perm in IDEA_GLOBAL_PERMS)

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related(
            "project", "author", "category", "district", "measure", "official_response_by"
        )
        if self._global(request):
            return queryset
        return queryset.filter(project__in=projects_moderated_by(request.user).values("pk"))

    def has_module_permission(self, request) -> bool:
        return self._global(request) or (
            request.user.is_staff and projects_moderated_by(request.user).exists()
        )

    def has_view_permission(self, request, obj=None) -> bool:
        if obj is not None and not self._global(request):
            return can_moderate_ideas(request.user, obj.project)
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None:
            return (
                request.user.has_perm("participation.change_idea")
                or can_moderate_ideas(request.user, obj.project)
            ) and self.has_view_permission(request, obj)
        return request.user.has_perm("participation.change_idea") or (
            self.has_module_permission(request) and not self._global(request)
        )

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None:
            return self.has_change_permission(request, obj)
        return self.has_change_permission(request)

    def has_add_permission(self, request) -> bool:
        return False  # residents propose ideas on the site

    # --- read-only displays -------------------------------------------------------------

    @admin.display(description=_("eingereicht von"), ordering="author__display_name")
    def author_name(self, obj: Idea) -> str:
        return obj.author.public_name if obj.author_id else gettext("gelöschtes Konto")

    @admin.display(description=_("Punkt"))
    def location_text(self, obj: Idea) -> str:
        coordinates = (obj.location or {}).get("coordinates") or []
        if len(coordinates) < 2:
            return gettext("kein Punkt (nur Ortsteil und Beschreibung)")
        north, east = pgettext("Himmelsrichtung", "N"), pgettext("Himmelsrichtung", "O")
        return f"{coordinates[1]:.5f} {north}, {coordinates[0]:.5f} {east}"

    @admin.display(description=_("Bild"))
    def picture(self, obj: Idea) -> str:
        if not obj.image:
            return "–"
        return format_html(
            '<img src="{}" alt="{}" class="participation-admin-image" width="240">',
            obj.image.url,
            obj.image_alt,
        )

    @admin.display(description=_("Öffentliche Seite"))
    def public_page(self, obj: Idea) -> str:
        if obj.pk is None:
            return "–"
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), gettext("ansehen"))

    # --- writes through the services ---------------------------------------------------

    def save_model(self, request, obj, form, change):
        # The form has already copied its values onto ``obj``; the service compares with
        # the stored row to know whether the response changed (responder and time).
        stored = Idea.objects.select_related("project").get(pk=obj.pk)
        _service(
            idea_set_status_and_response,
            idea=stored,
            actor=request.user,
            status=form.cleaned_data["status"],
            official_response=form.cleaned_data["official_response"],
            measure=form.cleaned_data["measure"],
        )

    def delete_model(self, request, obj):
        _service(idea_delete, idea=obj, actor=request.user)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for idea in queryset.select_related("project"):
            _service(idea_delete, idea=idea, actor=request.user)

    def _refused(self, request, refused: _IdeaRefused):
        self.message_user(
            request,
            gettext("Nicht gespeichert: %(reason)s") % {"reason": refused.message},
            level=messages.ERROR,
        )
        return HttpResponseRedirect(request.get_full_path())

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except _IdeaRefused as refused:
            return self._refused(request, refused)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except _IdeaRefused as refused:
            return self._refused(request, refused)

    def changelist_view(self, request, extra_context=None):
        try:
            return super().changelist_view(request, extra_context)
        except _IdeaRefused as refused:
            return self._refused(request, refused)
from . import admin_moderation  # noqa: E402,F401

# --- Notification e-mails: a view for the people who run the portal -------------------------


class EmailStateFilter(admin.SimpleListFilter):
    title = _("E-Mail-Zustellung")
    parameter_name = "email_state"

    def lookups(self, request, model_admin):
        return [
            ("pending", _("ausstehend")),
            ("failed", _("fehlgeschlagen (Versuche)")),
            ("given_up", _("aufgegeben (zu viele Versuche)")),
            ("uncertain", _("ungewiss (Versand abgebrochen)")),
            ("sent", _("gesendet")),
        ]

    def queryset(self, request, queryset):
        from .notifications.delivery import MAX_ATTEMPTS

        open_rows = queryset.exclude(delivery=Delivery.OFF).filter(
            emailed_at__isnull=True, email_skipped=False
        )
        match self.value():
            case "pending":
                return open_rows
            case "failed":
                return open_rows.filter(email_attempts__gt=0)
            case "given_up":
                return open_rows.filter(email_attempts__gte=MAX_ATTEMPTS)
            case "uncertain":
                return queryset.filter(email_uncertain=True)
            case "sent":
                return queryset.filter(emailed_at__isnull=False)
        return queryset


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: what was sent to whom and how delivery went. Only superusers (who
    may see all personal data anyway) get this page."""

    list_display = ("created_at", "recipient", "kind", "delivery", "emailed_at",
                    "email_attempts", "email_uncertain", "read_at")
    list_filter = (EmailStateFilter, "kind", "delivery")
    search_fields = ("recipient__email", "event_key")
    list_select_related = ("recipient",)
    date_hierarchy = "created_at"
    actions = ["send_again"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("E-Mail erneut versuchen (Fehlversuche zurücksetzen)"))
    def send_again(self, request, queryset):
        """Rows that failed too often (the sweeper stopped trying) get another chance."""
        count = queryset.filter(
            emailed_at__isnull=True, email_skipped=False, email_claim__isnull=True
        ).exclude(delivery=Delivery.OFF).update(email_attempts=0, email_last_error="")
        self.message_user(
            request,
            gettext("%(count)s Benachrichtigung(en) werden erneut versucht.") % {"count": count},
            messages.SUCCESS,
        )
