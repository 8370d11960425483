"""Follows and notifications in the REST API: a follow with its target, the input of
following something, a notification in the request's language, and the answer to
"mark all read"."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from participation.notifications import follows as services
from participation.notifications.follows import KINDS, follow_target, target_title
from participation.notifications.models import Follow, Notification, NotificationKind
from participation.notifications.services import notification_text, notification_title

# --- Follows ----------------------------------------------------------------------------------


class FollowTargetSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=_("Id des Gefolgten."))
    slug = serializers.CharField(allow_null=True, help_text=_("Kurzname oder null (Ideen)."))
    title = serializers.CharField(help_text=_("Titel oder Name."))
    url = serializers.CharField(
        allow_null=True, help_text=_("Pfad der Seite auf der Website oder null (Ortsteile).")
    )


class FollowSerializer(serializers.ModelSerializer):
    kind = serializers.SerializerMethodField(
        help_text=_("measure, bundle, core_area, project, idea oder district.")
    )
    target = serializers.SerializerMethodField(help_text=_("Dem folgen Sie."))

    class Meta:
        model = Follow
        fields = ["id", "kind", "target", "is_automatic", "created_at"]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=KINDS))
    def get_kind(self, follow: Follow) -> str:
        return services.follow_kind(follow_target(follow))

    @extend_schema_field(FollowTargetSerializer)
    def get_target(self, follow: Follow) -> dict:
        target = follow_target(follow)
        kind = services.follow_kind(target)
        return {
            "id": target.pk,
            "slug": getattr(target, "slug", None),
            "title": target_title(target),
            "url": None if kind == "district" else target.get_absolute_url(),
        }


class FollowCreateSerializer(serializers.Serializer):
    measure = serializers.CharField(required=False, help_text=_("Maßnahme: Kurzname oder Id."))
    bundle = serializers.CharField(
        required=False, help_text=_("Maßnahmenbündel: Kurzname oder Id.")
    )
    core_area = serializers.CharField(required=False, help_text=_("Kernbereich: Kurzname oder Id."))
    project = serializers.CharField(required=False, help_text=_("Projekt: Kurzname oder Id."))
    idea = serializers.IntegerField(required=False, min_value=1, help_text=_("Idee: Id."))
    district = serializers.CharField(required=False, help_text=_("Ortsteil: Kurzname oder Id."))

    def validate(self, attrs):
        given = [kind for kind in KINDS if attrs.get(kind) not in (None, "")]
        if len(given) != 1:
            raise serializers.ValidationError(
                _(
                    "Geben Sie genau eines an: measure, bundle, core_area, project, idea oder "
                    "district."
                )
            )
        return {"kind": given[0], "key": str(attrs[given[0]])}


# --- Notifications ----------------------------------------------------------------------------


class NotificationSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=NotificationKind.choices, read_only=True)
    title = serializers.SerializerMethodField(help_text=_("Überschrift, in Ihrer Sprache."))
    text = serializers.SerializerMethodField(help_text=_("Auszug oder Begründung, Klartext."))
    url = serializers.SerializerMethodField(help_text=_("Adresse des Gegenstands."))
    is_read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "text", "url", "created_at", "read_at", "is_read"]
        read_only_fields = fields

    def get_title(self, obj) -> str:
        return getattr(obj, "title", None) or notification_title(obj)

    def get_text(self, obj) -> str:
        return getattr(obj, "text", None) or notification_text(obj)

    def get_url(self, obj) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(obj.url) if request else obj.url

    def get_is_read(self, obj) -> bool:
        return obj.read_at is not None


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text=_("Wie viele jetzt als gelesen markiert wurden."))
