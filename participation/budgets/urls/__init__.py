"""The Bürgerbudget under /buergerbudget/ (namespace ``budgets``): each area of the
process has its own module; fixed paths come before the ``<slug>`` pages."""

from . import ballots, proposals, results, review

app_name = "budgets"

urlpatterns = [
    *review.urlpatterns,
    *ballots.urlpatterns,
    *results.urlpatterns,
    *proposals.urlpatterns,
]
