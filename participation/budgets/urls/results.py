"""URLs of the budget results pages (namespace ``budgets``)."""

urlpatterns: list = []
