"""Votes in the REST API: one's own votes, the idea to support, and the answer to a vote
(the idea's new count and the votes left in the phase)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from participation.ideas.models import Vote


class VoteSerializer(serializers.ModelSerializer):
    idea = serializers.IntegerField(source="idea_id", read_only=True, help_text=_("Id der Idee."))
    project = serializers.CharField(
        source="idea.project.slug", read_only=True, help_text=_("Kurzname des Projekts.")
    )

    class Meta:
        model = Vote
        fields = ["idea", "project", "created_at"]
        read_only_fields = fields


class VoteCreateSerializer(serializers.Serializer):
    idea = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, help_text=_("Id der Idee, die Sie unterstützen.")
    )


class VoteResultSerializer(serializers.Serializer):
    idea = serializers.IntegerField(help_text=_("Id der Idee."))
    vote_count = serializers.IntegerField(help_text=_("Unterstützungen der Idee, jetzt."))
    votes_limit = serializers.IntegerField(
        allow_null=True, help_text=_("Stimmen je Person in dieser Phase; null: unbegrenzt.")
    )
    votes_left = serializers.IntegerField(
        allow_null=True,
        help_text=_("Ihre verbleibenden Stimmen in dieser Phase; null: unbegrenzt."),
    )
