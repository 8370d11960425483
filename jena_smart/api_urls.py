"""The REST API under /api/v1/: each app contributes its router's URLs."""

from django.urls import include, path

urlpatterns = [
    path("", include("geo.api.urls")),
    path("", include("measures.api.urls")),
    path("", include("projects.api.urls")),
    path("", include("participation.ideas.api.urls")),
    path("", include("participation.budgets.api.urls")),
    path("", include("participation.polls.api.urls")),
    path("", include("participation.moderation.api.urls")),
    path("", include("participation.notifications.api.urls")),
    path("", include("reports.api.urls")),
]
