"""Reports and moderation decisions in the Django admin (imported from ``admin.py``).

Read-only records: reports come from residents, decisions from the moderation, and both
are evidence (EU Digital Services Act), so nobody edits or deletes them here except
administrators. Moderators (staff accounts holding ``projects.moderate_project`` for a
project) see the rows of the projects they moderate; holders of the global permission
see everything, including the comments on measures. The actions hide, restore or
dismiss the reported items through ``services.moderation``, the same functions as the
moderation queue on the site; each item is checked on its own, refusals are listed.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.admin_history import HistoryAsChangeMixin
from participation.ideas import rules
from participation.ideas.models import Idea
from participation.ideas.rules import moderates_item
from participation.ideas.targets import comment_select_related
from participation.moderation import services
from participation.moderation.forms import STATEMENT_HELP
from participation.moderation.models import Flag, FlagReason, ModerationDecision
from participation.moderation.selectors import public_url, scope_of
from projects.rules import projects_moderated_by


def _visible_q(request) -> Q | None:
    """None: everything (global moderators); else the rows of moderated projects."""
    user = request.user
    if user.is_superuser or rules.is_global_moderator(user):
        return None
    projects = projects_moderated_by(user).values("pk")
    condition = (
        Q(idea__project__in=projects)
        | Q(comment__idea__project__in=projects)
        | Q(comment__project__in=projects)
    )
    for path in comment_select_related():  # comments on proposals: the budget's project
        condition |= Q(**{f"comment__{path}__in": projects})
    return condition


class _ModerationRecordAdmin(HistoryAsChangeMixin, admin.ModelAdmin):
    """Shared rules: visible to moderators of the rows' projects, read-only."""

    list_select_related = (
        "idea",
        "idea__project",
        "comment",
        "comment__idea",
        "comment__idea__project",
        "comment__project",
        "comment__measure",
    )

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        visible = _visible_q(request)
        return queryset if visible is None else queryset.filter(visible)

    def _moderates_anything(self, request) -> bool:
        user = request.user
        return bool(
            user.is_active
            and user.is_staff
            and (rules.is_global_moderator(user) or projects_moderated_by(user).exists())
        )

    def has_module_permission(self, request) -> bool:
        return request.user.is_superuser or self._moderates_anything(request)

    def has_view_permission(self, request, obj=None) -> bool:
        if obj is not None:
            return request.user.is_superuser or moderates_item(
                request.user, obj.idea if obj.idea_id else obj.comment
            )
        return self.has_module_permission(request)

    def has_moderate_permission(self, request) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    @admin.display(description=_("Beitrag"))
    def target(self, obj) -> str:
        item = obj.idea if obj.idea_id else obj.comment
        if isinstance(item, Idea):
            label = gettext("Idee „%(title)s“") % {"title": item.title}
        else:
            label = gettext("Kommentar „%(text)s“") % {"text": item.text[:60]}
        return format_html('<a href="{}">{}</a>', scope_of(item).item_url(
            rules.item_kind(item), item.pk
        ), label)

    @admin.display(description=_("Projekt"))
    def project(self, obj) -> str:
        item = obj.idea if obj.idea_id else obj.comment
        project = rules.project_of(item)
        return project.title if project is not None else gettext("Kommentare zu Maßnahmen")

    @admin.display(description=_("auf der Seite"))
    def public_link(self, obj) -> str:
        url = public_url(obj.idea if obj.idea_id else obj.comment)
        return format_html('<a href="{}">{}</a>', url, gettext("ansehen")) if url else "–"


class HideForm(forms.Form):
    rule = forms.ChoiceField(
        label=_("Regel, gegen die der Beitrag verstößt"), choices=FlagReason.choices
    )
    statement = forms.CharField(
        label=_("Begründung"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text=STATEMENT_HELP,
        max_length=services.STATEMENT_MAX,
    )


def _items_of(reports) -> list:
    items, seen = [], set()
    for report in reports:
        item = report.idea if report.idea_id else report.comment
        key = (rules.item_kind(item), item.pk)
        if key not in seen:
            seen.add(key)
            items.append(item)
    return items


@admin.register(Flag)
class FlagAdmin(_ModerationRecordAdmin):
    list_display = ("created_at", "reason", "status", "target", "project", "reporter_name")
    list_filter = ("status", "reason")
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    readonly_fields = (
        "target", "project", "public_link", "reason", "text", "status", "reporter_name",
        "created_at", "decided_at",
    )
    fields = readonly_fields
    actions = ("hide_reported", "restore_reported", "dismiss_reported")
    list_select_related = (*_ModerationRecordAdmin.list_select_related, "reporter")

    @admin.display(description=_("gemeldet von"))
    def reporter_name(self, obj: Flag) -> str:
        return obj.reporter.public_name if obj.reporter_id else gettext("gelöschtes Konto")

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            actions.pop("delete_selected", None)
        return actions

    def _bulk(self, request, queryset, action: str, **kwargs):
        try:
            result = services.moderation_bulk(
                moderator=request.user, action=action, items=_items_of(queryset), **kwargs
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        if result.done:
            self.message_user(
                request,
                ngettext(
                    "%(count)s Beitrag bearbeitet.", "%(count)s Beiträge bearbeitet.",
                    len(result.done),
                ) % {"count": len(result.done)},
                messages.SUCCESS,
            )
        for item, reason in result.refused:
            self.message_user(
                request,
                gettext("Nicht bearbeitet: %(item)s – %(reason)s")
                % {"item": item, "reason": reason},
                messages.WARNING,
            )

    @admin.action(description=_("Gemeldete Beiträge ausblenden …"), permissions=["moderate"])
    def hide_reported(self, request, queryset):
        form = HideForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            self._bulk(request, queryset, "hide", **form.cleaned_data)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Gemeldete Beiträge ausblenden"),
            "opts": self.model._meta,
            "form": form,
            "items": _items_of(queryset),
            "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
            "action": "hide_reported",
        }
        return TemplateResponse(request, "moderation/admin_hide.html", context)

    @admin.action(description=_("Gemeldete Beiträge wiederherstellen"), permissions=["moderate"])
    def restore_reported(self, request, queryset):
        self._bulk(request, queryset, "restore")

    @admin.action(description=_("Meldungen zurückweisen"), permissions=["moderate"])
    def dismiss_reported(self, request, queryset):
        self._bulk(request, queryset, "dismiss")


@admin.register(ModerationDecision)
class ModerationDecisionAdmin(_ModerationRecordAdmin):
    list_display = ("created_at", "action", "rule", "target", "project", "moderator_name",
                    "review_state")
    list_filter = ("action", "rule", "review_outcome")
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    readonly_fields = (
        "target", "project", "public_link", "action", "rule", "statement", "moderator_name",
        "created_at", "review_requested_at", "review_text", "review_outcome",
        "review_decided_at", "review_decided_by",
    )
    fields = readonly_fields
    list_select_related = (*_ModerationRecordAdmin.list_select_related, "moderator")

    @admin.display(description=_("Moderation"))
    def moderator_name(self, obj: ModerationDecision) -> str:
        if obj.moderator_id:
            return obj.moderator.public_name
        if obj.action == ModerationDecision.Action.AUTO_HIDE:
            return gettext("automatisch")
        return gettext("gelöschtes Konto")

    @admin.display(description=_("Überprüfung"))
    def review_state(self, obj: ModerationDecision) -> str:
        if obj.review_outcome:
            return obj.get_review_outcome_display()
        if obj.review_requested_at:
            return gettext("beantragt, offen")
        return "–"
