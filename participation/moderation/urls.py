"""Flags and moderation under /beteiligung/ (namespace ``moderation``): the queue of a
project and the one of the comments on measures, decisions and requests for review."""

from django.urls import path

from .views import flags, items, overview, queue, reviews

app_name = "moderation"

urlpatterns = [
    path("melden/<str:kind>/<int:pk>/", flags.flag, name="flag"),
    # all queues of the signed-in person (the header's "Moderation" link)
    path("moderation/", overview.overview, name="overview"),
    path(
        "moderation/entscheidung/<int:pk>/ueberpruefung/",
        reviews.review_request,
        name="review-request",
    ),
    # the comments on measures (global moderators)
    path("moderation/massnahmen/", queue.queue, name="measures-queue"),
    path("moderation/massnahmen/sammelaktion/", queue.bulk, name="measures-bulk"),
    path(
        "moderation/massnahmen/ueberpruefung/<int:pk>/",
        reviews.review_decide,
        name="measures-review",
    ),
    path("moderation/massnahmen/<str:kind>/<int:pk>/", items.item_detail, name="measures-item"),
    # a project (its moderators)
    path("<slug:project_slug>/moderation/", queue.queue, name="queue"),
    path("<slug:project_slug>/moderation/sammelaktion/", queue.bulk, name="bulk"),
    path("<slug:project_slug>/moderation/benachrichtigung/", queue.flag_alert, name="flag-alert"),
    path(
        "<slug:project_slug>/moderation/ueberpruefung/<int:pk>/",
        reviews.review_decide,
        name="review",
    ),
    path("<slug:project_slug>/moderation/<str:kind>/<int:pk>/", items.item_detail, name="item"),
]
