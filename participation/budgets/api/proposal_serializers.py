"""Budgets and proposals in the REST API: what they show, and the input of submitting.

No serializer runs a query: the selectors joined what they show. The input fields only
check types; the rules (cap, category, place) are the service's, whose messages come
back per field."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.easy_summary import EASY_SUMMARY_API_HELP
from participation.budgets.models import (
    Budget,
    CountingMethod,
    Proposal,
    ProposalSource,
    ProposalStatus,
    VotingMethod,
)
from participation.ideas.api.serializers.ideas import (
    GEOJSON_POINT,
    NamedSlugSerializer,
    PointField,
)
from projects.models import Phase


class BudgetPhaseSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=Phase.Type.choices, read_only=True)
    title = serializers.CharField(source="display_title", read_only=True)
    description = serializers.CharField(read_only=True)
    start = serializers.DateTimeField(read_only=True)
    end = serializers.DateTimeField(read_only=True)
    allows_proposals = serializers.BooleanField(source="allows_ideas", read_only=True)
    allows_votes = serializers.BooleanField(read_only=True)
    easy_summary = serializers.CharField(read_only=True, help_text=EASY_SUMMARY_API_HELP)


class BudgetSerializer(serializers.ModelSerializer):
    slug = serializers.SlugField(
        source="project.slug",
        read_only=True,
        help_text=_("Kurzname des Projekts (Teil aller Adressen)."),
    )
    title = serializers.CharField(source="project.title", read_only=True)
    amount = serializers.IntegerField(read_only=True, help_text=_("Betrag des Jahres in Euro."))
    carryover = serializers.SerializerMethodField(
        help_text=_("Rest aus dem Vorjahr in Euro (0, solange das Vorjahr nicht ausgezählt ist).")
    )
    available = serializers.SerializerMethodField(
        help_text=_("Insgesamt verfügbar: Betrag des Jahres plus Rest aus dem Vorjahr.")
    )
    stage = serializers.SerializerMethodField(
        help_text=_("Art der laufenden Phase oder null zwischen den Phasen.")
    )
    voting_method = serializers.ChoiceField(choices=VotingMethod.choices, read_only=True)
    counting_method = serializers.ChoiceField(choices=CountingMethod.choices, read_only=True)
    phases = serializers.SerializerMethodField()
    easy_summary = serializers.CharField(
        source="project.easy_summary", read_only=True, help_text=EASY_SUMMARY_API_HELP
    )
    url = serializers.SerializerMethodField(help_text=_("Die Seite des Bürgerbudgets."))

    class Meta:
        model = Budget
        fields = [
            "slug",
            "title",
            "year",
            "amount",
            "carryover",
            "available",
            "cap_per_proposal",
            "stage",
            "voting_method",
            "votes_per_ballot",
            "counting_method",
            "phases",
            "easy_summary",
            "url",
        ]
        read_only_fields = fields

    def get_carryover(self, obj: Budget) -> int:
        return obj.carryover_amount

    def get_available(self, obj: Budget) -> int:
        return obj.amount + obj.carryover_amount

    @extend_schema_field(serializers.ChoiceField(choices=Phase.Type.choices, allow_null=True))
    def get_stage(self, obj: Budget) -> str | None:
        from participation.budgets import stages

        return stages.stage(obj)

    @extend_schema_field(BudgetPhaseSerializer(many=True))
    def get_phases(self, obj: Budget) -> list:
        from projects.phases import phases_in_order

        return BudgetPhaseSerializer(phases_in_order(obj.project), many=True).data

    def get_url(self, obj: Budget) -> str:
        request = self.context.get("request")
        path = obj.get_absolute_url()
        return request.build_absolute_uri(path) if request is not None else path


class BudgetProposalSerializer(serializers.ModelSerializer):
    category = NamedSlugSerializer(read_only=True, allow_null=True)
    district = NamedSlugSerializer(read_only=True, allow_null=True)
    status = serializers.ChoiceField(choices=ProposalStatus.choices, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    source = serializers.ChoiceField(choices=ProposalSource.choices, read_only=True)
    location = PointField(help_text=_("Ort als GeoJSON-Punkt oder null."))
    cost = serializers.IntegerField(
        read_only=True, help_text=_("Die geltenden Kosten: geprüft, sonst geschätzt (Euro).")
    )
    author = serializers.SerializerMethodField(
        help_text=_(
            "Anzeigename oder, bei Briefen und E-Mails, der angegebene Name; nie der Kontakt."
        )
    )
    merged_into = serializers.SerializerMethodField(
        help_text=_("Nummer des Vorschlags, mit dem dieser zusammengeführt wurde, oder null.")
    )
    image = serializers.SerializerMethodField(help_text=_("Bild (absolute URL) oder null."))
    easy_summary = serializers.CharField(read_only=True, help_text=EASY_SUMMARY_API_HELP)
    url = serializers.SerializerMethodField(help_text=_("Die Seite des Vorschlags."))

    class Meta:
        model = Proposal
        fields = [
            "number",
            "title",
            "description",
            "estimated_cost",
            "reviewed_cost",
            "cost",
            "category",
            "district",
            "place_description",
            "location",
            "image",
            "image_alt",
            "source",
            "author",
            "status",
            "status_label",
            "merged_into",
            "support_count",
            "comment_count",
            "created_at",
            "easy_summary",
            "url",
        ]
        read_only_fields = fields

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path

    def get_author(self, obj: Proposal) -> str | None:
        return obj.author_display or None

    def get_merged_into(self, obj: Proposal) -> int | None:
        return self.context.get("numbers", {}).get(obj.merged_into_id)

    def get_image(self, obj: Proposal) -> str | None:
        return self._absolute(obj.image.url) if obj.image else None

    def get_url(self, obj: Proposal) -> str:
        return self._absolute(self.context["proposal_path"](obj.number))


@extend_schema_field(GEOJSON_POINT)
class PointInputField(serializers.JSONField):
    pass


class BudgetProposalCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=140, allow_blank=True)
    description = serializers.CharField(max_length=5000, allow_blank=True)
    estimated_cost = serializers.IntegerField(
        min_value=1, help_text=_("Geschätzte Kosten in ganzen Euro, höchstens der Höchstbetrag.")
    )
    category = serializers.SlugField(
        required=False, allow_null=True, help_text=_("Kurzname einer Kategorie des Projekts.")
    )
    district = serializers.SlugField(
        required=False, allow_null=True, help_text=_("Kurzname des Ortsteils.")
    )
    location = PointInputField(required=False, allow_null=True)
    place_description = serializers.CharField(max_length=200, required=False, allow_blank=True)
    image = serializers.ImageField(required=False, allow_null=True)
    image_alt = serializers.CharField(max_length=250, required=False, allow_blank=True)


class BudgetProposalFeaturePropertiesSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=ProposalStatus.choices)
    status_label = serializers.CharField()
    cost = serializers.IntegerField()
    category = NamedSlugSerializer(allow_null=True)
    district = NamedSlugSerializer(allow_null=True)
    vote_count = serializers.IntegerField(help_text=_("Unterstützungen."))
    comment_count = serializers.IntegerField()
    url = serializers.URLField()


class BudgetProposalFeatureSerializer(serializers.Serializer):
    type = serializers.CharField(help_text="Feature")
    id = serializers.IntegerField()
    geometry = PointInputField()
    properties = BudgetProposalFeaturePropertiesSerializer()


class BudgetProposalFeatureCollectionSerializer(serializers.Serializer):
    type = serializers.CharField(help_text="FeatureCollection")
    features = BudgetProposalFeatureSerializer(many=True)
    omitted_without_location = serializers.IntegerField()
