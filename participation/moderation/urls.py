"""Flags and moderation under /beteiligung/ (namespace ``moderation``): the queue of a
project and the one of the comments on measures, decisions and requests for review."""

from django.urls import path

from . import views

app_name = "moderation"

urlpatterns = [
    path("melden/<str:kind>/<int:pk>/", views.flag, name="flag"),
    path(
        "moderation/entscheidung/<int:pk>/ueberpruefung/",
        views.review_request,
        name="review-request",
    ),
    # the comments on measures (global moderators)
    path("moderation/massnahmen/", views.queue, name="measures-queue"),
    path("moderation/massnahmen/sammelaktion/", views.bulk, name="measures-bulk"),
    path(
        "moderation/massnahmen/ueberpruefung/<int:pk>/",
        views.review_decide,
        name="measures-review",
    ),
    path("moderation/massnahmen/<str:kind>/<int:pk>/", views.item_detail, name="measures-item"),
    # a project (its moderators)
    path("<slug:project_slug>/moderation/", views.queue, name="queue"),
    path("<slug:project_slug>/moderation/sammelaktion/", views.bulk, name="bulk"),
    path(
        "<slug:project_slug>/moderation/benachrichtigung/", views.flag_alert, name="flag-alert"
    ),
    path(
        "<slug:project_slug>/moderation/ueberpruefung/<int:pk>/",
        views.review_decide,
        name="review",
    ),
    path("<slug:project_slug>/moderation/<str:kind>/<int:pk>/", views.item_detail, name="item"),
]
