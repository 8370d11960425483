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
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from core.api.errors import BAD_REQUEST, NOT_FOUND, write_errors
from participation.ideas.models import Comment, Idea
from participation.moderation import selectors, services
from participation.moderation.models import Flag, FlagReason, ModerationDecision
from projects.rules import moderates_project
from projects.selectors import visible_project_or_404

# --- serializers ----------------------------------------------------------------------------
# Enum names (settings.SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]): FlagReasonEnum for
# ``reason`` and ``rule`` (one choice set), FlagStatusEnum for the report's ``status``.


class DecisionSerializer(serializers.ModelSerializer):
    moderator = serializers.SerializerMethodField(
        help_text=_("Anzeigename der Moderatorin oder des Moderators; null: automatisch.")
    )

    class Meta:
        model = ModerationDecision
        fields = [
            "id",
            "action",
            "rule",
            "statement",
            "moderator",
            "created_at",
            "review_requested_at",
            "review_text",
            "review_outcome",
            "review_decided_at",
        ]
        read_only_fields = fields

    def get_moderator(self, decision: ModerationDecision) -> str | None:
        return decision.moderator.public_name if decision.moderator_id else None


class FlagSerializer(serializers.ModelSerializer):
    """A report as its author sees it after sending."""

    idea = serializers.IntegerField(source="idea_id", allow_null=True, read_only=True)
    comment = serializers.IntegerField(source="comment_id", allow_null=True, read_only=True)

    class Meta:
        model = Flag
        fields = ["id", "idea", "comment", "reason", "text", "status", "created_at"]
        read_only_fields = fields


class ModeratorFlagSerializer(FlagSerializer):
    """A report as moderators see it: who reported, and what was decided on the item."""

    reporter = serializers.SerializerMethodField(
        help_text=_("Anzeigename der meldenden Person; null bei gelöschtem Konto.")
    )
    item_hidden = serializers.SerializerMethodField(
        help_text=_("Ist der gemeldete Beitrag zurzeit ausgeblendet?")
    )
    decisions = serializers.SerializerMethodField(
        help_text=_("Die Entscheidungen zum gemeldeten Beitrag, neueste zuerst.")
    )

    class Meta(FlagSerializer.Meta):
        fields = [
            *FlagSerializer.Meta.fields,
            "decided_at",
            "reporter",
            "item_hidden",
            "decisions",
        ]
        read_only_fields = fields

    @staticmethod
    def _item(report: Flag):
        return report.idea if report.idea_id else report.comment

    def get_reporter(self, report: Flag) -> str | None:
        return report.reporter.public_name if report.reporter_id else None

    def get_item_hidden(self, report: Flag) -> bool:
        return bool(self._item(report).is_hidden)

    @extend_schema_field(DecisionSerializer(many=True))
    def get_decisions(self, report: Flag) -> list[dict]:
        return DecisionSerializer(selectors.decisions_of(self._item(report)), many=True).data


class FlagCreateSerializer(serializers.Serializer):
    idea = serializers.PrimaryKeyRelatedField(
        queryset=Idea.objects.select_related("project"),
        required=False,
        help_text=_("Id der gemeldeten Idee."),
    )
    comment = serializers.PrimaryKeyRelatedField(
        queryset=Comment.objects.select_related("idea", "idea__project", "project", "measure"),
        required=False,
        help_text=_("Id des gemeldeten Kommentars."),
    )
    reason = serializers.ChoiceField(
        choices=FlagReason.choices, help_text=_("Grund der Meldung.")
    )
    text = serializers.CharField(
        max_length=services.REPORT_TEXT_MAX,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Erläuterung (Pflicht beim Grund „other“)."),
    )

    def validate(self, attrs):
        if bool(attrs.get("idea")) == bool(attrs.get("comment")):
            raise serializers.ValidationError(
                _("Bitte geben Sie genau eines an: idea oder comment.")
            )
        return attrs


# --- view -------------------------------------------------------------------------------------


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


@extend_schema_view(
    list=extend_schema(
        summary=_("Meldungen eines Projekts (Moderation)"),
        description=_(
            "Nur für die Moderation des Projekts: die Meldungen, neueste zuerst, je mit den "
            "Entscheidungen zum gemeldeten Beitrag."
        ),
        parameters=[
            OpenApiParameter(
                "project",
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                required=True,
                description=_("Kurzname des Projekts."),
            ),
        ],
        responses={
            200: ModeratorFlagSerializer(many=True),
            400: BAD_REQUEST,
            404: OpenApiResponse(NOT_FOUND.response, description=_("Projekt nicht gefunden.")),
        },
    ),
    create=extend_schema(
        summary=_("Idee oder Kommentar melden"),
        description=_(
            "Angemeldet mit bestätigter E-Mail-Adresse. Nicht den eigenen Beitrag; eine "
            "offene Meldung je Person und Beitrag. Nach mehreren Meldungen wird der "
            "Beitrag bis zur Entscheidung der Moderation ausgeblendet."
        ),
        request=FlagCreateSerializer,
        responses={201: FlagSerializer, **write_errors()},
    ),
)
@extend_schema(tags=["flags"])
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
