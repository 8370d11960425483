"""The poll pages under /beteiligung/<project slug>/umfragen/ (namespace ``polls``)."""

from django.urls import path

from . import result_views, views

app_name = "polls"

urlpatterns = [
    path("<slug:slug>/umfragen/<int:pk>/", views.poll_detail, name="poll-detail"),
    path(
        "<slug:slug>/umfragen/<int:pk>/abschnitt/<int:number>/",
        views.poll_section,
        name="poll-section",
    ),
    path("<slug:slug>/umfragen/<int:pk>/pruefen/", views.poll_review, name="poll-review"),
    path("<slug:slug>/umfragen/<int:pk>/danke/", views.poll_thanks, name="poll-thanks"),
    path("<slug:slug>/umfragen/<int:pk>/vorschau/", views.poll_preview, name="poll-preview"),
    path(
        "<slug:slug>/umfragen/<int:pk>/ergebnisse/",
        result_views.poll_results,
        name="poll-results",
    ),
    path(
        "<slug:slug>/umfragen/<int:pk>/ergebnisse/antworten.<str:fmt>",
        result_views.poll_export,
        name="poll-export",
    ),
]
