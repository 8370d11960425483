"""API of the budget results."""

urlpatterns: list = []
