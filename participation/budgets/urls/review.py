"""URLs of the budget review pages (namespace ``budgets``)."""

from django.urls import path

from ..views import review as views

urlpatterns: list = [
    path("<slug:slug>/pruefung/", views.review_queue, name="review-queue"),
    path(
        "<slug:slug>/pruefung/<int:number>/",
        views.proposal_review,
        name="proposal-review",
    ),
    path("<slug:slug>/beirat/", views.board_confirmation, name="board-confirmation"),
    path(
        "<slug:slug>/beirat/protokoll.pdf",
        views.board_minutes,
        name="board-minutes",
    ),
    path(
        "<slug:slug>/vorschlaege/<int:number>/korrektur/",
        views.proposal_correct,
        name="proposal-correct",
    ),
]
