"""The polls in the REST API under /api/v1/polls/ (see ``views``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("polls/", views.PollList.as_view(), name="polls-list"),
    path("polls/<int:id>/", views.PollDetail.as_view(), name="polls-detail"),
    path("polls/<int:id>/results/", views.PollResultsView.as_view(), name="polls-results"),
    path(
        "polls/<int:id>/submission/",
        views.PollSubmissionView.as_view(),
        name="polls-submission",
    ),
]
