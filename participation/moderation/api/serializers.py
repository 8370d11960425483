"""Reports (flags) in the REST API: a report as its author sees it after sending, as the
moderators see it (who reported, what was decided on the item), and the input of one.

Enum names (settings.SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]): FlagReasonEnum for
``reason`` and ``rule`` (one choice set), FlagStatusEnum for the report's ``status``.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from participation.ideas.models import Comment, Idea
from participation.moderation import selectors, services
from participation.moderation.models import Flag, FlagReason, ModerationDecision


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
