"""/api/v1/flags/: report an idea or a comment; the moderators' view of the reports.

* ``POST /api/v1/flags/`` (signed in, verified e-mail): ``{"idea"|"comment": id,
  "reason", "text"}`` through ``services.moderation.flag_create`` (the same rules as
  the report form: not one's own contribution, one open report per person and item;
  enough open reports hide the item automatically). 201 with the report; 403 when the
  person may not report; 400 with the reason when a rule refuses.
* ``GET /api/v1/flags/?project=<slug>[&status=open|upheld|dismissed]``: only for the
  moderators of that project (and global moderators): its reports, newest first, each
  with the reported item's moderation decisions. Everyone else gets 403. A fixed number
  of queries per page.
"""

import django_filters
from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from participation.moderation import selectors, services
from participation.moderation.models import Flag, FlagReason
from projects.rules import moderates_project
from projects.selectors import visible_project_or_404

from . import schema
from .serializers import FlagCreateSerializer, FlagSerializer, ModeratorFlagSerializer


class FlagFilter(django_filters.FilterSet):
    # ``project`` is read by the view first (only its moderators may list); declared
    # here so that it is documented and checked with the other parameters.
    project = django_filters.CharFilter(method="filter_nothing", required=True)
    status = django_filters.ChoiceFilter(
        choices=Flag.Status.choices, help_text=_("Nur Meldungen mit diesem Status.")
    )
    reason = django_filters.ChoiceFilter(
        choices=FlagReason.choices, help_text=_("Nur Meldungen mit diesem Grund.")
    )

    class Meta:
        model = Flag
        fields = ["project", "status", "reason"]

    def filter_nothing(self, queryset, name, value):
        return queryset  # the view already chose the project


@schema.flags
class FlagViewSet(mixins.CreateModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Reports (flags) of ideas and comments. Not the council's status reports."""

    permission_classes = [IsAuthenticated]
    serializer_class = ModeratorFlagSerializer
    filterset_class = FlagFilter
    ordering_fields = ["created_at"]

    def get_serializer_class(self):
        if self.action == "create":
            return FlagCreateSerializer
        return ModeratorFlagSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False) or self.action != "list":
            return Flag.objects.none()
        slug = self.request.query_params.get("project", "")
        if not slug:
            raise ValidationError({"project": [_("Bitte geben Sie das Projekt an.")]})
        project = visible_project_or_404(user=self.request.user, slug=slug, with_phases=False)
        if not moderates_project(self.request.user, project):
            raise PermissionDenied(_("Nur die Moderation dieses Projekts sieht seine Meldungen."))
        return selectors.flags_for_api(scope=selectors.ModerationScope(project))

    def create(self, request, *args, **kwargs):
        serializer = FlagCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        target = {"idea": data["idea"]} if data.get("idea") else {"comment": data["comment"]}
        report = services.flag_create(
            reporter=request.user, reason=data["reason"], text=data["text"], **target
        )
        return Response(FlagSerializer(report).data, status=status.HTTP_201_CREATED)
