"""Read-only representations of participation projects for the REST API.

Serializers only shape what ``projects.selectors`` loaded (phases, districts, measures,
categories prefetched): no serializer runs a query of its own. "Now" is one moment per
request, passed in as ``context["now"]``, so ``is_current`` and ``current_phase`` agree.
"""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.translated import TranslatedFieldsMixin
from measures.api.serializers import (
    GeoJSONGeometryField,
    MeasureReferenceSerializer,
    OrganisationalUnitSerializer,
    absolute_url,
    easy_summary_field,
)

from .. import eligibility, phases
from ..models import Category, Phase, Project

API_NAMESPACE = "projects-api"


class EligibilitySerializer(serializers.Serializer):
    """Who may take part in a phase beyond a verified e-mail address."""

    residents_only = serializers.BooleanField(
        source="requires_resident",
        help_text=_("Nur Personen mit bestätigtem Wohnsitz in Jena (/konto/wohnsitz/)."),
    )
    min_age = serializers.IntegerField(
        allow_null=True, help_text=_("Mindestalter am Stichtag; null: keines.")
    )
    age_key_date = serializers.SerializerMethodField(
        help_text=_("Der Tag, an dem das Alter zählt; null ohne Mindestalter.")
    )
    districts = serializers.SerializerMethodField(
        help_text=_("Kurznamen der Ortsteile, deren Einwohner teilnehmen; leer: ganz Jena.")
    )
    applies_to = serializers.CharField(
        source="eligibility_scope",
        help_text=_("votes: nur für das Unterstützen; all: für alles in der Phase."),
    )

    def get_age_key_date(self, phase: Phase) -> datetime.date | None:
        return eligibility.key_date(phase) if phase.min_age else None

    def get_districts(self, phase: Phase) -> list[str]:
        return sorted(district.slug for district in phase.eligible_districts.all())


class PhaseSerializer(TranslatedFieldsMixin, serializers.ModelSerializer):
    translated_fields = ("title", "description")
    translated_fields_keep = ("title",)
    type = serializers.ChoiceField(choices=Phase.Type.choices, read_only=True)
    type_label = serializers.CharField(source="get_type_display", read_only=True)
    title = serializers.SerializerMethodField(
        help_text=_(
            "Titel der Phase auf Deutsch; ohne eigenen Titel die Bezeichnung ihrer Art "
            "(alle Sprachen: title_de, title_en)."
        ),
    )
    start = serializers.DateTimeField(read_only=True, help_text=_("Beginn (inklusive)."))
    end = serializers.DateTimeField(
        read_only=True, help_text=_("Ende (exklusive): ab diesem Zeitpunkt ist die Phase vorbei.")
    )
    votes_per_person = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text=_("Wie viele Ideen eine Person unterstützen kann; null: beliebig viele."),
    )
    is_current = serializers.SerializerMethodField(
        help_text=_("Die Phase läuft gerade (Beginn ≤ jetzt < Ende).")
    )
    eligibility = EligibilitySerializer(source="*", read_only=True)
    easy_summary = easy_summary_field()

    class Meta:
        model = Phase
        fields = [
            "type",
            "type_label",
            "title",
            "description",
            "start",
            "end",
            "allows_ideas",
            "allows_comments",
            "allows_votes",
            "votes_per_person",
            "is_current",
            "eligibility",
            "easy_summary",
        ]
        read_only_fields = fields

    def get_title(self, obj: Phase) -> str:
        with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
            return obj.display_title

    def get_is_current(self, obj: Phase) -> bool:
        now = self.context["now"]
        return obj.start <= now < obj.end


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["name", "slug"]
        read_only_fields = fields


class ProjectSerializer(TranslatedFieldsMixin, serializers.ModelSerializer):
    translated_fields = ("title", "summary", "description", "image_alt")
    # Expects ``selectors.projects_for_api`` or ``selectors.project_for_detail``.

    status = serializers.ChoiceField(
        choices=Project.Status.choices,
        read_only=True,
        help_text=_("„draft“ sehen nur Moderierende dieses Projekts und die Verwaltung."),
    )
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    image = serializers.SerializerMethodField(help_text=_("Bild (absolute URL) oder null."))
    responsible_unit = OrganisationalUnitSerializer(read_only=True, allow_null=True)
    measures = MeasureReferenceSerializer(
        many=True, read_only=True, help_text=_("Verknüpfte (für Sie sichtbare) Maßnahmen.")
    )
    districts = serializers.SlugRelatedField(
        many=True, slug_field="slug", read_only=True, help_text=_("Kurznamen der Ortsteile.")
    )
    area = GeoJSONGeometryField(
        help_text=_("Gebiet der Ideen (GeoJSON Polygon oder MultiPolygon); null: ganz Jena.")
    )
    categories = CategorySerializer(many=True, read_only=True)
    phases = PhaseSerializer(many=True, read_only=True)
    current_phase = serializers.SerializerMethodField()
    easy_summary = easy_summary_field()
    url = serializers.SerializerMethodField(help_text=_("Öffentliche Seite (absolute URL)."))
    api_url = serializers.SerializerMethodField(help_text=_("Diese Ressource in der API."))

    class Meta:
        model = Project
        fields = [
            "title",
            "slug",
            "summary",
            "description",
            "status",
            "status_label",
            "image",
            "image_alt",
            "responsible_unit",
            "measures",
            "districts",
            "area",
            "categories",
            "phases",
            "current_phase",
            "easy_summary",
            "url",
            "api_url",
        ]
        read_only_fields = fields

    def get_image(self, obj: Project) -> str | None:
        return absolute_url(self.context, obj.image.url) if obj.image else None

    @extend_schema_field(
        PhaseSerializer(allow_null=True, help_text=_("Die laufende Phase oder null."))
    )
    def get_current_phase(self, obj: Project):
        running = phases.current_phase(obj, now=self.context["now"])
        return PhaseSerializer(running, context=self.context).data if running else None

    def get_url(self, obj: Project) -> str:
        return absolute_url(self.context, obj.get_absolute_url())

    def get_api_url(self, obj: Project) -> str:
        return absolute_url(
            self.context, reverse(f"{API_NAMESPACE}:project-detail", kwargs={"slug": obj.slug})
        )
