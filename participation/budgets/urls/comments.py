"""URLs of the comments on proposals (namespace ``budgets``)."""

from django.urls import path

from participation.budgets.views import comments as views

urlpatterns = [
    path(
        "<slug:slug>/vorschlaege/<int:number>/kommentieren/",
        views.proposal_comment_create,
        name="proposal-comment-create",
    ),
]
