"""Comments in the REST API: a comment as everyone may read it (deleted and hidden ones
keep their place without text and author), and the input of writing and editing one.

Which targets exist for a person is ``participation.ideas.rules.can_see_comment_target``;
the input, the viewset and the pages all ask it."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from measures.models import Measure
from participation.ideas.models import Comment, Idea
from participation.ideas.rules import can_see_comment_target
from projects.models import Project


class CommentSerializer(serializers.ModelSerializer):
    idea = serializers.IntegerField(
        source="idea_id", allow_null=True, read_only=True, help_text=_("Id der Idee oder null.")
    )
    measure = serializers.SerializerMethodField(help_text=_("Kurzname der Maßnahme oder null."))
    project = serializers.SerializerMethodField(
        help_text=_("Kurzname des Projekts (Kommentar zum Projekt selbst) oder null.")
    )
    parent = serializers.IntegerField(
        source="parent_id",
        allow_null=True,
        read_only=True,
        help_text=_("Id des Kommentars, auf den dies antwortet, oder null."),
    )
    author = serializers.SerializerMethodField(
        help_text=_("Öffentlicher Anzeigename; null bei gelöschten oder ausgeblendeten.")
    )
    text = serializers.SerializerMethodField(
        help_text=_("Der Text (reiner Text); leer bei gelöschten oder ausgeblendeten.")
    )

    class Meta:
        model = Comment
        fields = [
            "id",
            "idea",
            "measure",
            "project",
            "parent",
            "author",
            "text",
            "is_deleted",
            "is_hidden",
            "is_highlighted",
            "created_at",
            "edited_at",
        ]
        read_only_fields = fields

    @staticmethod
    def _shown(comment: Comment) -> bool:
        return not comment.is_deleted and not comment.is_hidden

    def get_measure(self, comment: Comment) -> str | None:
        return comment.measure.slug if comment.measure_id else None

    def get_project(self, comment: Comment) -> str | None:
        return comment.project.slug if comment.project_id else None

    def get_author(self, comment: Comment) -> str | None:
        if not self._shown(comment) or comment.author is None:
            return None
        return comment.author.public_name

    def get_text(self, comment: Comment) -> str:
        return comment.text if self._shown(comment) else ""


NOT_THERE = {
    "idea": _("Diese Idee gibt es nicht."),
    "measure": _("Diese Maßnahme gibt es nicht."),
    "project": _("Dieses Beteiligungsprojekt gibt es nicht."),
}


class CommentCreateSerializer(serializers.Serializer):
    # ``text`` is checked by the service (empty, too long), in the site's words.
    text = serializers.CharField(
        allow_blank=True, trim_whitespace=False, help_text=_("Der Kommentar (reiner Text).")
    )
    idea = serializers.PrimaryKeyRelatedField(
        queryset=Idea.objects.select_related("project"),
        required=False,
        help_text=_("Id der Idee, die kommentiert wird."),
    )
    measure = serializers.SlugRelatedField(
        queryset=Measure.objects.all(),
        slug_field="slug",
        required=False,
        help_text=_("Kurzname der Maßnahme, die kommentiert wird."),
    )
    project = serializers.SlugRelatedField(
        queryset=Project.objects.prefetch_related("phases"),
        slug_field="slug",
        required=False,
        help_text=_("Kurzname des Projekts, das (als Ganzes) kommentiert wird."),
    )
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Comment.objects.all(),
        required=False,
        help_text=_("Id des Kommentars, auf den geantwortet wird (optional)."),
    )

    def _visible(self, value, kind: str):
        if not can_see_comment_target(self.context["request"].user, value):
            raise serializers.ValidationError(NOT_THERE[kind])
        return value

    def validate_idea(self, value):
        return self._visible(value, "idea")

    def validate_measure(self, value):
        return self._visible(value, "measure")

    def validate_project(self, value):
        return self._visible(value, "project")

    def validate(self, attrs):
        targets = [name for name in ("idea", "measure", "project") if attrs.get(name)]
        if len(targets) != 1:
            raise serializers.ValidationError(
                _("Bitte geben Sie genau eines an: idea, measure oder project.")
            )
        return attrs


class CommentUpdateSerializer(serializers.Serializer):
    text = serializers.CharField(
        allow_blank=True, trim_whitespace=False, help_text=_("Der neue Text.")
    )
