"""The review in the admin: the board's confirmations and the corrections after them,
read-only. They are written only through ``services.review`` (the review pages), which
keep the rules: confirmation once, with minutes; corrections with a reason, in the same
transaction as the change. The budget's and the proposal's admin list them through the
inlines below (``BoardConfirmationInline``, ``CorrectionInline``)."""

from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.rules import has_global_perm, is_active_user

from ..models import BoardConfirmation, Correction
from ..rules.review import RECORD_BOARD_DECISION, REVIEW_PROPOSAL


def _may_read(request) -> bool:
    user = request.user
    return (
        is_active_user(user)
        and user.is_staff
        and (has_global_perm(user, REVIEW_PROPOSAL) or has_global_perm(user, RECORD_BOARD_DECISION))
    )


class ReadOnlyAdminMixin:
    """Nothing is added, changed or deleted here; the reviewers and the board's office
    (and holders of the model's view permission) read."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        return _may_read(request) or super().has_view_permission(request, obj)

    def has_module_permission(self, request) -> bool:
        return _may_read(request) or super().has_module_permission(request)


def _budget_links(budget) -> str:
    slug = budget.project.slug
    links = [
        format_html(
            '<a href="{}">{}</a>',
            reverse("budgets:board-confirmation", kwargs={"slug": slug}),
            _("öffentliche Liste und Bestätigung"),
        )
    ]
    try:
        links.insert(
            0,
            format_html(
                '<a href="{}">{}</a>',
                reverse("admin:budgets_budget_change", args=[budget.pk]),
                budget,
            ),
        )
    except NoReverseMatch:  # the budget has no admin page (yet)
        links.insert(0, str(budget))
    return format_html(" · ".join(["{}"] * len(links)), *links)


@admin.register(BoardConfirmation)
class BoardConfirmationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["budget", "meeting_date", "proposal_count", "recorded_by", "recorded_at"]
    list_select_related = ["budget__project", "recorded_by"]
    date_hierarchy = "meeting_date"
    fields = [
        "budget_links",
        "meeting_date",
        "decision",
        "minutes_link",
        "proposal_count",
        "recorded_by",
        "recorded_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("Bürgerbudget"))
    def budget_links(self, obj: BoardConfirmation) -> str:
        return _budget_links(obj.budget)

    @admin.display(description=_("Protokoll"))
    def minutes_link(self, obj: BoardConfirmation) -> str:
        if not obj.minutes:
            return "–"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("budgets:board-minutes", kwargs={"slug": obj.budget.project.slug}),
            _("Protokoll (PDF)"),
        )


@admin.register(Correction)
class CorrectionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["proposal", "budget", "field", "made_by", "made_at"]
    list_filter = ["field", "proposal__budget"]
    list_select_related = ["proposal__budget__project", "made_by"]
    search_fields = ["proposal__title", "reason"]
    date_hierarchy = "made_at"
    fields = [
        "budget_links",
        "proposal",
        "field",
        "old_value",
        "new_value",
        "reason",
        "made_by",
        "made_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("Bürgerbudget"), ordering="proposal__budget")
    def budget(self, obj: Correction):
        return obj.proposal.budget

    @admin.display(description=_("Bürgerbudget"))
    def budget_links(self, obj: Correction) -> str:
        return _budget_links(obj.proposal.budget)


class BoardConfirmationInline(ReadOnlyAdminMixin, admin.StackedInline):
    """For the budget's admin page: its confirmation, read-only."""

    model = BoardConfirmation
    extra = 0
    can_delete = False
    fields = ["meeting_date", "decision", "minutes", "proposal_count", "recorded_by", "recorded_at"]
    readonly_fields = fields


class CorrectionInline(ReadOnlyAdminMixin, admin.TabularInline):
    """For the proposal's admin page: its corrections, read-only."""

    model = Correction
    extra = 0
    can_delete = False
    fields = ["field", "old_value", "new_value", "reason", "made_by", "made_at"]
    readonly_fields = fields
