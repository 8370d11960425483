"""URLs of the budget proposals pages (namespace ``budgets``)."""

urlpatterns: list = []
