"""Follows and notifications under /beteiligung/ (namespace ``notifications``)."""

from django.urls import path

from .views import follows, notifications

app_name = "notifications"

urlpatterns = [
    path("benachrichtigungen/", notifications.notification_list, name="list"),
    path("benachrichtigungen/<int:pk>/gelesen/", notifications.notification_read, name="read"),
    path(
        "benachrichtigungen/alle-gelesen/", notifications.notifications_read_all, name="read-all"
    ),
    path(
        "benachrichtigungen/einstellungen/",
        notifications.notification_preferences,
        name="preferences",
    ),
    path(
        "benachrichtigungen/abbestellen/<str:token>/",
        notifications.notification_unsubscribe,
        name="unsubscribe",
    ),
    path("abonnements/", follows.follows, name="follows"),
    path("abonnements/<str:kind>/<int:pk>/folgen/", follows.follow_create, name="follow-create"),
    path(
        "abonnements/<str:kind>/<int:pk>/nicht-mehr-folgen/",
        follows.follow_delete,
        name="follow-delete",
    ),
]
