"""Domain events of the Bürgerbudget.

Services send them after their transaction committed (``transaction.on_commit``); higher
apps (notifications) connect their receivers in ``AppConfig.ready()``, budgets never
imports them.
"""

from django.dispatch import Signal

# kwargs: budget (Budget), count (the published Count), actor (who published it)
budget_results_published = Signal()
