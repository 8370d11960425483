from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetsConfig(AppConfig):
    name = "participation.budgets"
    label = "budgets"
    verbose_name = _("Bürgerbudget")

    def ready(self) -> None:
        from core.sections import register_section

        from . import pagecache
        from .sections import results_section

        register_section("budget", results_section)
        pagecache.connect()
