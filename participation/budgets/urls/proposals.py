"""URLs of the budget proposals pages (namespace ``budgets``)."""

from django.urls import path

from participation.budgets.views import proposals as views

urlpatterns = [
    path("", views.budget_list, name="budget-list"),
    path("<slug:slug>/", views.budget_detail, name="budget-detail"),
    path(
        "<slug:slug>/vorschlaege.geojson",
        views.proposals_geojson_view,
        name="proposals-geojson",
    ),
    path("<slug:slug>/vorschlaege/neu/", views.proposal_create_view, name="proposal-create"),
    path("<slug:slug>/vorschlaege/<int:number>/", views.proposal_detail, name="proposal-detail"),
    path(
        "<slug:slug>/vorschlaege/<int:number>/bearbeiten/",
        views.proposal_update_view,
        name="proposal-update",
    ),
    path(
        "<slug:slug>/vorschlaege/<int:number>/zurueckziehen/",
        views.proposal_withdraw_view,
        name="proposal-withdraw",
    ),
    path(
        "<slug:slug>/vorschlaege/<int:number>/unterstuetzen/",
        views.proposal_support_view,
        name="proposal-support",
    ),
]
