"""URLs of the budget ballots pages (namespace ``budgets``)."""

urlpatterns: list = []
