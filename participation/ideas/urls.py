"""Ideas, comments and votes under /beteiligung/ (namespace ``ideas``)."""

from django.urls import path, re_path

from . import exports
from .views import comments, ideas, votes
from .views.exports import export

app_name = "ideas"

urlpatterns = [
    path("ortsteile.geojson", ideas.districts_geojson_view, name="districts-geojson"),
    # ideas of a project
    path("<slug:project_slug>/ideen/", ideas.idea_list, name="idea-list"),
    path("<slug:project_slug>/ideen/neu/", ideas.idea_create_view, name="idea-create"),
    path("<slug:project_slug>/ideen/<int:pk>/", ideas.idea_detail, name="idea-detail"),
    path(
        "<slug:project_slug>/ideen/<int:pk>/bearbeiten/",
        ideas.idea_update_view,
        name="idea-update",
    ),
    path(
        "<slug:project_slug>/ideen/<int:pk>/loeschen/", ideas.idea_delete_view, name="idea-delete"
    ),
    path(
        "<slug:project_slug>/ideen/<int:pk>/antwort/", ideas.idea_respond_view, name="idea-respond"
    ),
    # votes
    path(
        "<slug:project_slug>/ideen/<int:idea_pk>/unterstuetzen/",
        votes.vote_cast,
        name="vote-cast",
    ),
    path(
        "<slug:project_slug>/ideen/<int:idea_pk>/unterstuetzung-zurueckziehen/",
        votes.vote_withdraw,
        name="vote-withdraw",
    ),
    # comments on an idea, a measure or a project
    path(
        "kommentare/idee/<int:idea_pk>/neu/",
        comments.comment_create_on_idea,
        name="comment-create-idea",
    ),
    path(
        "kommentare/massnahme/<slug:measure_slug>/neu/",
        comments.comment_create_on_measure,
        name="comment-create-measure",
    ),
    path(
        "kommentare/projekt/<slug:project_slug>/neu/",
        comments.comment_create_on_project,
        name="comment-create-project",
    ),
    path("kommentare/<int:pk>/antworten/", comments.comment_reply, name="comment-reply"),
    path("kommentare/<int:pk>/bearbeiten/", comments.comment_update, name="comment-update"),
    path("kommentare/<int:pk>/loeschen/", comments.comment_delete, name="comment-delete"),
    path(
        "kommentare/<int:pk>/hervorheben/", comments.comment_highlight, name="comment-highlight"
    ),
    # the moderators' exports of a project's ideas, comments and votes
    re_path(
        r"^(?P<project_slug>[-a-zA-Z0-9_]+)/moderation/export/"
        rf"(?P<what>{'|'.join(exports.WHATS)})\.(?P<fmt>{'|'.join(exports.FORMATS)})/$",
        export,
        name="export",
    ),
]
