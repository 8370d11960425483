"""Participation in the Django admin.

Ideas (this block): staff and the moderators of a project (staff accounts holding the
object permission ``projects.moderate_project``) read the ideas of the projects they
moderate, set their status and the city's official response, link the measure that
takes an idea up, and delete ideas. What residents wrote stays as they wrote it: title,
text, place and picture are read-only here. Every write goes through
``participation.ideas.services.ideas``; a refusal comes back as a form error or an admin
message, never as a 500. Ideas are proposed on the site, not added in the admin.
"""

from django import forms
from django.contrib import admin
from django.db import transaction
from django.utils.html import format_html
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from core.admin import DomainErrorsAdminMixin
from core.admin_history import HistoryAsChangeMixin
from participation.ideas.models import Idea
from participation.ideas.rules import moderates_ideas_of
from participation.ideas.services.ideas import idea_delete, idea_set_status_and_response
from projects.rules import projects_moderated_by

IDEA_GLOBAL_PERMS = ("ideas.change_idea", "ideas.view_idea")


class IdeaAdminForm(forms.ModelForm):
    """Status, response and measure; the model's checks (``Idea.clean_fields``) show
    their errors beside the fields."""

    class Meta:
        model = Idea
        fields = ["status", "official_response", "measure"]


@admin.register(Idea)
class IdeaAdmin(DomainErrorsAdminMixin, HistoryAsChangeMixin, admin.ModelAdmin):
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
            return moderates_ideas_of(request.user, obj.project)
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None:
            return (
                request.user.has_perm("ideas.change_idea")
                or moderates_ideas_of(request.user, obj.project)
            ) and self.has_view_permission(request, obj)
        return request.user.has_perm("ideas.change_idea") or (
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
        idea_set_status_and_response(
            idea=stored,
            actor=request.user,
            status=form.cleaned_data["status"],
            official_response=form.cleaned_data["official_response"],
            measure=form.cleaned_data["measure"],
        )

    def delete_model(self, request, obj):
        idea_delete(idea=obj, actor=request.user)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for idea in queryset.select_related("project"):
            idea_delete(idea=idea, actor=request.user)

