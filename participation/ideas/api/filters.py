"""The filters of the ideas API. The ideas use the HTML list's ``IdeaFilter`` (in
``selectors.ideas``) through a backend that hands it the project; comments and votes
have their own small FilterSets."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend

from core.api.filters import IdFilter
from participation.ideas.models import Comment, Vote


class ProjectIdeaFilterBackend(DjangoFilterBackend):
    """The site's ``IdeaFilter``, given the project so its choices are the project's."""

    def get_filterset_kwargs(self, request, queryset, view):
        return {**super().get_filterset_kwargs(request, queryset, view), "project": view.project}


class CommentFilter(django_filters.FilterSet):
    idea = IdFilter(field_name="idea_id", help_text=_("Id einer Idee."))
    measure = django_filters.CharFilter(
        field_name="measure__slug", help_text=_("Kurzname einer Maßnahme.")
    )
    project = django_filters.CharFilter(
        field_name="project__slug",
        help_text=_("Kurzname eines Projekts: die Kommentare zum Projekt selbst."),
    )
    parent = IdFilter(
        field_name="parent_id", help_text=_("Nur die Antworten auf diesen Kommentar.")
    )

    class Meta:
        model = Comment
        fields = ["idea", "measure", "project", "parent"]


class VoteFilter(django_filters.FilterSet):
    project = django_filters.CharFilter(
        field_name="idea__project__slug", help_text=_("Nur in diesem Projekt (Kurzname).")
    )

    class Meta:
        model = Vote
        fields = ["project"]
