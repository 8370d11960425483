"""URLs of the budget review pages (namespace ``budgets``)."""

urlpatterns: list = []
