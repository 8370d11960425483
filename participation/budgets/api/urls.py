"""The Bürgerbudget in the REST API under /api/v1/budgets/."""

from . import ballots, proposals, results

urlpatterns = [
    *ballots.urlpatterns,
    *results.urlpatterns,
    *proposals.urlpatterns,
]
