"""The Bürgerbudget under /buergerbudget/ (namespace ``budgets``): each area of the
process has its own module; fixed paths come before the ``<slug>`` pages."""

from . import ballots, comments, proposals, results, review

app_name = "budgets"

urlpatterns = [
    *review.urlpatterns,
    *ballots.urlpatterns,
    *results.urlpatterns,
    *comments.urlpatterns,
    *proposals.urlpatterns,
]
