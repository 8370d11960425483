from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetsConfig(AppConfig):
    name = "participation.budgets"
    label = "budgets"
    verbose_name = _("Bürgerbudget")

    def ready(self) -> None:
        from core.sections import register_section

        from .views import review as review_views

        register_section("proposal", review_views.proposal_review_section)
        register_section("budget", review_views.budget_review_section)
