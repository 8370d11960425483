"""Read-only representations of the strategy for the REST API.

Serializers only shape data that the selectors have already loaded: no serializer runs a
query of its own. Rolled-up progress comes from one ``rollup.strategy_progress()`` per
request, passed in as ``context["strategy_progress"]``; URLs are built from slugs.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.translated import TranslatedFieldsMixin
from core.easy_summary import EASY_SUMMARY_API_HELP

from ..models import (
    CoreArea,
    FieldOfAction,
    Indicator,
    IndicatorValue,
    Measure,
    MeasureBundle,
    Milestone,
    MilestoneState,
    OrganisationalUnit,
    ProgressUpdate,
    Status,
)

API_NAMESPACE = "measures-api"


def easy_summary_field() -> serializers.CharField:
    """The summary in Leichte Sprache, as every resource of the API carries it."""
    return serializers.CharField(read_only=True, help_text=EASY_SUMMARY_API_HELP)


ROLLED_UP_PROGRESS = serializers.FloatField(
    allow_null=True,
    min_value=0,
    max_value=100,
    help_text=_(
        "Gewichteter Fortschritt der öffentlichen Maßnahmen in Prozent (eine Nachkommastelle); "
        "null, solange nichts zählt."
    ),
)

GEOJSON_GEOMETRY = {
    "type": "object",
    "nullable": True,
    "description": "GeoJSON-Geometrie (Point, Polygon oder MultiPolygon, WGS 84) oder null.",
    "properties": {
        "type": {"type": "string", "enum": ["Point", "Polygon", "MultiPolygon"]},
        "coordinates": {"type": "array", "items": {}},
    },
    "required": ["type", "coordinates"],
}


def absolute_url(context: dict, path: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


def api_url(context: dict, basename: str, slug: str) -> str:
    return absolute_url(
        context, reverse(f"{API_NAMESPACE}:{basename}-detail", kwargs={"slug": slug})
    )


def site_url(context: dict, obj) -> str:
    return absolute_url(context, obj.get_absolute_url())


def rolled_up(context: dict, part: str, pk: int) -> float | None:
    """``part`` is "bundles", "fields" or "core_areas" of the request's StrategyProgress."""
    return getattr(context["strategy_progress"], part).get(pk)


@extend_schema_field(GEOJSON_GEOMETRY)
class GeoJSONGeometryField(serializers.JSONField):
    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)


# Serializer docstrings would become component descriptions in the OpenAPI schema, so
# notes for developers below are comments.


class _SiteAndApiUrlsMixin(serializers.Serializer):
    # Adds ``url`` (the public page) and ``api_url`` (this resource in the API).
    api_basename: str = ""

    url = serializers.SerializerMethodField(help_text=_("Öffentliche Seite (absolute URL)."))
    api_url = serializers.SerializerMethodField(help_text=_("Diese Ressource in der API."))

    def get_url(self, obj) -> str:
        return site_url(self.context, obj)

    def get_api_url(self, obj) -> str:
        return api_url(self.context, self.api_basename, obj.slug)


class BundleReferenceSerializer(
    TranslatedFieldsMixin, _SiteAndApiUrlsMixin, serializers.ModelSerializer
):
    api_basename = "bundle"
    translated_fields = ("title",)

    class Meta:
        model = MeasureBundle
        fields = ["number", "slug", "title", "url", "api_url"]
        read_only_fields = fields


class MeasureReferenceSerializer(
    TranslatedFieldsMixin, _SiteAndApiUrlsMixin, serializers.ModelSerializer
):
    api_basename = "measure"
    translated_fields = ("title",)

    class Meta:
        model = Measure
        fields = ["code", "slug", "title", "url", "api_url"]
        read_only_fields = fields


class CoreAreaSerializer(TranslatedFieldsMixin, _SiteAndApiUrlsMixin, serializers.ModelSerializer):
    api_basename = "core-area"
    translated_fields = ("title", "summary")

    progress = serializers.SerializerMethodField()
    bundles = BundleReferenceSerializer(many=True, read_only=True)

    class Meta:
        model = CoreArea
        fields = ["number", "title", "slug", "summary", "progress", "bundles", "url", "api_url"]
        read_only_fields = fields

    @extend_schema_field(ROLLED_UP_PROGRESS)
    def get_progress(self, obj: CoreArea) -> float | None:
        return rolled_up(self.context, "core_areas", obj.pk)


class FieldOfActionSerializer(
    TranslatedFieldsMixin, _SiteAndApiUrlsMixin, serializers.ModelSerializer
):
    api_basename = "field"
    translated_fields = ("title", "summary")

    progress = serializers.SerializerMethodField()
    bundles = BundleReferenceSerializer(many=True, read_only=True)

    class Meta:
        model = FieldOfAction
        fields = [
            "number",
            "code",
            "title",
            "slug",
            "summary",
            "progress",
            "bundles",
            "url",
            "api_url",
        ]
        read_only_fields = fields

    @extend_schema_field(ROLLED_UP_PROGRESS)
    def get_progress(self, obj: FieldOfAction) -> float | None:
        return rolled_up(self.context, "fields", obj.pk)


class BundleSerializer(TranslatedFieldsMixin, _SiteAndApiUrlsMixin, serializers.ModelSerializer):
    api_basename = "bundle"
    translated_fields = ("title", "summary")

    field = serializers.SlugRelatedField(
        source="field_of_action",
        slug_field="slug",
        read_only=True,
        help_text=_("Kurzname des Handlungsfelds."),
    )
    core_areas = serializers.SlugRelatedField(
        many=True, slug_field="slug", read_only=True, help_text=_("Kurznamen der Kernbereiche.")
    )
    weight = serializers.DecimalField(
        max_digits=6, decimal_places=2, coerce_to_string=False, read_only=True
    )
    progress = serializers.SerializerMethodField()
    measure_count = serializers.IntegerField(
        read_only=True, help_text=_("Zahl der für Sie sichtbaren Maßnahmen.")
    )
    easy_summary = easy_summary_field()

    class Meta:
        model = MeasureBundle
        fields = [
            "number",
            "title",
            "slug",
            "summary",
            "field",
            "core_areas",
            "weight",
            "progress",
            "measure_count",
            "easy_summary",
            "url",
            "api_url",
        ]
        read_only_fields = fields

    @extend_schema_field(ROLLED_UP_PROGRESS)
    def get_progress(self, obj: MeasureBundle) -> float | None:
        return rolled_up(self.context, "bundles", obj.pk)


class OrganisationalUnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrganisationalUnit
        fields = ["name", "slug"]
        read_only_fields = fields


class MeasureSerializer(TranslatedFieldsMixin, _SiteAndApiUrlsMixin, serializers.ModelSerializer):
    # A row of the measure list; expects ``measures_for_list`` (flags, joined bundle/unit).

    api_basename = "measure"
    translated_fields = ("title", "summary", "description")

    status = serializers.ChoiceField(choices=Status.choices, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    is_delayed = serializers.BooleanField(
        read_only=True,
        help_text=_("Offen und ein Meilenstein überfällig oder das geplante Ende überschritten."),
    )
    is_stale = serializers.BooleanField(
        read_only=True, help_text=_("Offen und seit längerem ohne Sachstand.")
    )
    bundle = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    field = serializers.CharField(
        source="bundle.field_of_action.slug",
        read_only=True,
        help_text=_("Kurzname des Handlungsfelds."),
    )
    responsible_unit = OrganisationalUnitSerializer(read_only=True, allow_null=True)
    budget_planned = serializers.DecimalField(
        max_digits=12, decimal_places=2, coerce_to_string=False, read_only=True, allow_null=True
    )
    budget_spent = serializers.DecimalField(
        max_digits=12, decimal_places=2, coerce_to_string=False, read_only=True, allow_null=True
    )
    location = GeoJSONGeometryField()
    easy_summary = easy_summary_field()

    class Meta:
        model = Measure
        fields = [
            "code",
            "title",
            "slug",
            "summary",
            "status",
            "status_label",
            "progress",
            "is_delayed",
            "is_stale",
            "last_update_on",
            "planned_start",
            "planned_end",
            "bundle",
            "field",
            "responsible_unit",
            "budget_planned",
            "budget_spent",
            "funding",
            "location",
            "easy_summary",
            "url",
            "api_url",
        ]
        read_only_fields = fields


# Named MilestoneStateEnum in the schema (SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]).
MILESTONE_STATE = serializers.ChoiceField(
    choices=MilestoneState.choices,
    help_text=_(
        "Stand heute, wie auf der Seite: reached (bis zum Fälligkeitstag erreicht), "
        "reached_late (später erreicht), open (noch nicht fällig oder heute fällig), "
        "overdue (Fälligkeit überschritten, Maßnahme läuft noch), missed (nicht erreicht, "
        "die Maßnahme ist abgeschlossen oder eingestellt)."
    ),
)


class MilestoneSerializer(TranslatedFieldsMixin, serializers.ModelSerializer):
    translated_fields = ("title",)
    # Expects the milestones of ``measure_for_detail`` (their measure loaded with them)
    # and ``today`` in the context.

    state = serializers.SerializerMethodField()
    is_overdue = serializers.SerializerMethodField(
        help_text=_("Gleichbedeutend mit state = overdue (für ältere Clients beibehalten).")
    )

    class Meta:
        model = Milestone
        fields = ["title", "due_on", "completed_on", "state", "is_overdue"]
        read_only_fields = fields

    @extend_schema_field(MILESTONE_STATE)
    def get_state(self, obj: Milestone) -> str:
        return obj.state(self.context["today"]).value

    def get_is_overdue(self, obj: Milestone) -> bool:
        return obj.state(self.context["today"]) == MilestoneState.OVERDUE


class ProgressUpdateSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=Status.choices, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    author = serializers.SerializerMethodField(
        help_text=_("Anzeigename der Verfasserin oder des Verfassers (nie die E-Mail-Adresse).")
    )

    class Meta:
        model = ProgressUpdate
        fields = ["date", "status", "status_label", "progress", "text", "reason", "author"]
        read_only_fields = fields

    def get_author(self, obj: ProgressUpdate) -> str | None:
        return str(obj.author.public_name) if obj.author_id else None


class IndicatorValueSerializer(serializers.ModelSerializer):
    value = serializers.DecimalField(
        max_digits=14, decimal_places=2, coerce_to_string=False, read_only=True
    )

    class Meta:
        model = IndicatorValue
        fields = ["date", "value", "note"]
        read_only_fields = fields


class IndicatorSerializer(serializers.ModelSerializer):
    baseline = serializers.DecimalField(
        source="baseline_value",
        max_digits=14,
        decimal_places=2,
        coerce_to_string=False,
        read_only=True,
    )
    target = serializers.DecimalField(
        source="target_value",
        max_digits=14,
        decimal_places=2,
        coerce_to_string=False,
        read_only=True,
    )
    values = IndicatorValueSerializer(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "name",
            "description",
            "unit",
            "baseline",
            "baseline_date",
            "target",
            "target_date",
            "values",
        ]
        read_only_fields = fields


class MeasureStateSerializer(serializers.Serializer):
    # ``rollup.MeasureState`` plus the date that was asked for.

    as_of = serializers.DateField(help_text=_("Das angefragte Datum."))
    date = serializers.DateField(
        allow_null=True,
        help_text=_("Datum des Sachstands, aus dem der Zustand stammt; null: noch keiner."),
    )
    status = serializers.ChoiceField(choices=Status.choices)
    status_label = serializers.SerializerMethodField()
    progress = serializers.IntegerField(min_value=0, max_value=100)

    def get_status_label(self, obj) -> str:
        return str(Status(obj["status"]).label)


class MeasureDetailSerializer(MeasureSerializer):
    # Everything the measure page shows; expects ``selectors.measure_for_detail``.
    # Context: ``today`` (for overdue milestones), ``successor_visible`` (bool) and
    # ``state_as_of`` (a dict for MeasureStateSerializer, or None).

    core_areas = serializers.SlugRelatedField(
        source="bundle.core_areas", many=True, slug_field="slug", read_only=True
    )
    related_measures = MeasureReferenceSerializer(many=True, read_only=True)
    successor = serializers.SerializerMethodField()
    predecessors = MeasureReferenceSerializer(many=True, read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)
    progress_updates = ProgressUpdateSerializer(many=True, read_only=True)
    indicators = IndicatorSerializer(many=True, read_only=True)
    state_as_of = serializers.SerializerMethodField()

    class Meta(MeasureSerializer.Meta):
        fields = [
            *MeasureSerializer.Meta.fields,
            "description",
            "partners",
            "core_areas",
            "related_measures",
            "successor",
            "predecessors",
            "milestones",
            "progress_updates",
            "indicators",
            "state_as_of",
        ]
        read_only_fields = fields

    @extend_schema_field(MeasureReferenceSerializer(allow_null=True))
    def get_successor(self, obj: Measure):
        if obj.successor_id is None or not self.context.get("successor_visible"):
            return None
        return MeasureReferenceSerializer(obj.successor, context=self.context).data

    @extend_schema_field(
        MeasureStateSerializer(
            allow_null=True,
            help_text=_("Zustand am Datum aus ?as_of=JJJJ-MM-TT; null ohne diesen Parameter."),
        )
    )
    def get_state_as_of(self, obj: Measure):
        state = self.context.get("state_as_of")
        if state is None:
            return None
        return MeasureStateSerializer(state, context=self.context).data


class AsOfQuerySerializer(serializers.Serializer):
    # The optional ``?as_of=YYYY-MM-DD`` of the measure detail.

    as_of = serializers.DateField(
        required=False,
        input_formats=["iso-8601"],
        help_text=_(
            "Datum (JJJJ-MM-TT): Status und Fortschritt laut dem letzten Sachstand "
            "bis zu diesem Tag, in state_as_of."
        ),
    )
