"""URLs of the budget ballots pages (namespace ``budgets``): voting online, and the
staff's entry of paper ballots."""

from django.urls import path

from ..views import ballots, paper_ballots

urlpatterns: list = [
    path("<slug:slug>/abstimmen/", ballots.ballot_view, name="ballot"),
    path(
        "<slug:slug>/abstimmen/gespeichert/",
        ballots.ballot_confirmation_view,
        name="ballot-confirmation",
    ),
    path(
        "<slug:slug>/abstimmen/zurueckziehen/",
        ballots.ballot_withdraw_view,
        name="ballot-withdraw",
    ),
    path("<slug:slug>/papier/", paper_ballots.paper_entry_view, name="paper-entry"),
    path("<slug:slug>/papier/zettel/", paper_ballots.paper_sheets_view, name="paper-sheets"),
]
