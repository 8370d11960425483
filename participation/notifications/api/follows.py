"""/api/v1/follows/: what the signed-in person follows, through the same services as the
site's buttons.

* ``GET /api/v1/follows/``: one's own follows, newest first (403 for anonymous callers).
* ``POST /api/v1/follows/`` with exactly one of ``measure``, ``bundle``, ``core_area``,
  ``project``, ``district`` (slug or id) or ``idea`` (id) → 201 with the follow; 200 with
  the existing one when already following (idempotent).
* ``DELETE /api/v1/follows/<id>/``: stop following → 204; someone else's follow is a 404.

Errors carry ``{"detail": "<message in German>"}``: 403 not signed in or e-mail not
verified; 404 unknown or not public; 400 not exactly one target.
"""

import django_filters
from django.core.exceptions import PermissionDenied, ValidationError
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
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from core.api.errors import FORBIDDEN, as_api_exception, write_errors
from participation.notifications import follows as services
from participation.notifications.follows import KINDS, MODEL_OF_KIND, follow_target
from participation.notifications.models import Follow
from participation.notifications.rules import target_is_visible
from participation.notifications.selectors import follows_with_targets
from participation.notifications.views.follows import target_title


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


def _resolve(kind: str, key: str, user):
    objects = MODEL_OF_KIND[kind].objects
    if kind == "idea":
        objects = objects.select_related("project")
    if key.isascii() and key.isdigit():
        lookup = {"pk": int(key)}
    elif kind != "idea":  # ideas have no slug
        lookup = {"slug": key}
    else:
        lookup = None
    target = objects.filter(**lookup).first() if lookup else None
    if target is None or not target_is_visible(user, target):
        raise NotFound(_("Das gibt es nicht (oder es ist nicht öffentlich)."))
    return target


class FollowFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        choices=[(kind, kind) for kind in KINDS],
        method="filter_kind",
        help_text=_("Nur Abonnements dieser Art."),
    )

    class Meta:
        model = Follow
        fields = ["kind"]

    def filter_kind(self, queryset, name, value):
        return queryset.filter(**{f"{value}__isnull": False})


FOLLOW_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description=_("Id des Abonnements.")
)


@extend_schema_view(
    list=extend_schema(
        summary=_("Meine Abonnements"),
        description=_("Dem folgen Sie (nur angemeldet), das Neueste zuerst."),
        responses={200: FollowSerializer(many=True), 403: FORBIDDEN},
    ),
    create=extend_schema(
        summary=_("Folgen"),
        description=_(
            "Angemeldet mit bestätigter E-Mail-Adresse; nur Öffentliches. Folgen Sie schon, "
            "kommt das bestehende Abonnement mit 200 zurück."
        ),
        request=FollowCreateSerializer,
        responses={
            201: FollowSerializer,
            200: OpenApiResponse(FollowSerializer, description=_("Sie folgen schon.")),
            **write_errors(404),
        },
    ),
    destroy=extend_schema(
        summary=_("Nicht mehr folgen"),
        parameters=[FOLLOW_ID],
        responses={204: None, **write_errors(404)},
    ),
)
@extend_schema(tags=["follows"])
class FollowViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = FollowSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = FollowFilter
    ordering_fields = ["created_at"]
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return follows_with_targets(self.request.user)

    def create(self, request, *args, **kwargs):
        data = FollowCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        target = _resolve(data.validated_data["kind"], data.validated_data["key"], request.user)
        kind = services.follow_kind(target)
        existed = Follow.objects.filter(user=request.user, **{kind: target}).exists()
        try:
            follow = services.follow_create(user=request.user, target=target)
        except ValidationError as exc:  # not visible: it does not exist for this person
            raise NotFound(" ".join(exc.messages)) from None
        except PermissionDenied as exc:  # NotAllowed: 403 with the reason
            raise as_api_exception(exc) from None
        follow = self.get_queryset().get(pk=follow.pk)
        return Response(
            FollowSerializer(follow).data,
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )

    def destroy(self, request, *args, **kwargs):
        follow = self.get_object()  # own follows only: someone else's is a 404
        services.follow_delete(user=request.user, target=follow_target(follow))
        return Response(status=status.HTTP_204_NO_CONTENT)
