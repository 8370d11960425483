"""API of the budget review."""

urlpatterns: list = []
