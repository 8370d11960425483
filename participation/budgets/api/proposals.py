"""API of the budget proposals."""

urlpatterns: list = []
