"""API of the budget ballots."""

urlpatterns: list = []
