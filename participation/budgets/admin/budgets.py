"""Budgets of the Bürgerbudget in the admin: the year, the project (title, phases,
districts, categories and moderators are the project's), the money, the voting and
counting rules. The carried-over remainder and the available total are computed
(``stages``) and shown read-only. Who: the staff of a budget (moderators of its project,
holders of ``budgets.review_proposal``) and holders of the model permissions; adding a
budget or changing its project takes the model permissions (or a superuser)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import DomainErrorsAdminMixin
from core.admin_history import HistoryAsChangeMixin
from participation.budgets import stages
from participation.budgets.models import Budget
from participation.budgets.rules.proposals import is_budget_staff

from ..money import euros
from .proposals import budgets_of_staff, staffs_any_budget


def _euros(value: int) -> str:
    return f"{euros(value)} €"


@admin.register(Budget)
class BudgetAdmin(DomainErrorsAdminMixin, HistoryAsChangeMixin, admin.ModelAdmin):
    list_display = [
        "__str__",
        "year",
        "amount_display",
        "cap_display",
        "voting_method",
        "counting_method",
    ]
    list_filter = ["year", "voting_method", "counting_method"]
    list_select_related = ["project"]
    search_fields = ["project__title"]
    autocomplete_fields = []
    ordering = ["-year", "project__title"]
    readonly_fields = ["carryover_display", "available_display"]
    fieldsets = [
        (None, {"fields": ["year", "project"]}),
        (
            _("Geld"),
            {
                "fields": [
                    "amount",
                    "carried_from",
                    "carryover_display",
                    "available_display",
                    "cap_per_proposal",
                ]
            },
        ),
        (
            _("Abstimmung und Auszählung"),
            {
                "fields": [
                    "voting_method",
                    "votes_per_ballot",
                    "counting_method",
                    "paper_precedence",
                    "vote_scope",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("project", "carried_from__project")
        if super().has_view_permission(request):
            return queryset
        return queryset.filter(pk__in=budgets_of_staff(request.user).values("pk"))

    # Staff of a budget (moderators of its project, holders of budgets.review_proposal)
    # see and change it here; adding a budget or moving it to another project takes the
    # model permissions (or a superuser).

    def has_module_permission(self, request) -> bool:
        return super().has_module_permission(request) or self.has_view_permission(request)

    def has_view_permission(self, request, obj=None) -> bool:
        if super().has_view_permission(request, obj):
            return True
        if not request.user.is_staff:
            return False
        if obj is not None:
            return is_budget_staff(request.user, obj)
        return staffs_any_budget(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        if super().has_change_permission(request, obj):
            return True
        if obj is not None:
            return self.has_view_permission(request, obj)
        return False

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not super().has_change_permission(request, obj):
            fields.append("project")
        return fields

    @admin.display(description=_("Betrag des Jahres"), ordering="amount")
    def amount_display(self, obj: Budget) -> str:
        return _euros(obj.amount)

    @admin.display(description=_("Höchstbetrag je Vorschlag"), ordering="cap_per_proposal")
    def cap_display(self, obj: Budget) -> str:
        return _euros(obj.cap_per_proposal)

    @admin.display(description=_("Rest aus dem Vorjahr (berechnet)"))
    def carryover_display(self, obj: Budget) -> str:
        if obj.pk is None:
            return "–"
        return _euros(stages.carryover(obj))

    @admin.display(description=_("insgesamt verfügbar (berechnet)"))
    def available_display(self, obj: Budget) -> str:
        if obj.pk is None:
            return "–"
        return _euros(stages.available(obj))
