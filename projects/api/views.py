"""Read-only API of participation projects, over the same selectors as the pages: the
API shows exactly what the site shows to the same person (drafts only to the project's
moderators and to staff). The list runs a fixed number of queries whatever its length.
The OpenAPI prose is in ``schema``, the fields' in the serializers.
"""

import django_filters
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import viewsets

from core.api.filters import StrictBooleanFilter

from .. import selectors
from ..models import Project
from . import schema, serializers


class ProjectFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=Project.Status.choices,
        help_text=_("„draft“ liefert nur Entwürfe, die Sie sehen dürfen."),
    )
    district = django_filters.CharFilter(
        field_name="districts__slug", help_text=_("Kurzname eines Ortsteils des Projekts.")
    )
    measure = django_filters.CharFilter(
        field_name="measures__slug", help_text=_("Kurzname einer verknüpften Maßnahme.")
    )
    running = StrictBooleanFilter(
        field_name="is_running", help_text=_("true: nur Projekte mit laufender Phase.")
    )

    class Meta:
        model = Project
        fields = ["status", "district", "measure", "running"]


@schema.projects
class ProjectViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.ProjectSerializer
    lookup_field = "slug"
    filterset_class = ProjectFilter
    ordering_fields = ["title", "created_at"]

    def _now(self):
        if not hasattr(self, "_request_now"):
            self._request_now = timezone.now()
        return self._request_now

    def get_queryset(self):
        return selectors.projects_for_api(user=self.request.user, now=self._now())

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "now": self._now()}

    def get_object(self) -> Project:
        try:
            project = selectors.project_for_detail(
                user=self.request.user, slug=self.kwargs[self.lookup_field]
            )
        except Project.DoesNotExist:
            raise Http404 from None
        self.check_object_permissions(self.request, project)
        return project
