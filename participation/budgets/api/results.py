"""API of the budget results: ``GET /api/v1/budgets/<slug>/results/``.

The published count of a Bürgerbudget: the money, the ballots per channel and every
proposal on the ballot by rank with its points, whether it is funded and why (in the
request's language) and the state of its implementation. 404 until the result is
published (and for budgets of projects the caller may not see). The explanations are in
the language of the request's ``Accept-Language`` (German by default). A fixed number
of queries whatever the number of proposals.
"""

from django.http import Http404
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from core.api.errors import NOT_FOUND
from projects.rules import can_see_project

from ..models import Budget, CountingMethod, ImplementationStatus
from ..selectors import results as selectors


class MoneySerializer(serializers.Serializer):
    amount = serializers.IntegerField(help_text=_("Betrag des Jahres in Euro."))
    carryover = serializers.IntegerField(help_text=_("Rest aus dem Vorjahr in Euro."))
    available = serializers.IntegerField(help_text=_("Verfügbar: Betrag plus Rest, in Euro."))
    spent = serializers.IntegerField(help_text=_("Für die geförderten Vorschläge, in Euro."))
    remainder = serializers.IntegerField(
        help_text=_("Nicht vergeben; wird ins nächste Jahr übertragen, in Euro.")
    )


class BallotsSerializer(serializers.Serializer):
    online = serializers.IntegerField(help_text=_("Stimmzettel online."))
    paper = serializers.IntegerField(help_text=_("Stimmzettel auf Papier."))
    invalid = serializers.IntegerField(help_text=_("Davon ungültig (nicht gezählt)."))
    valid = serializers.IntegerField(help_text=_("Gezählte Stimmzettel."))


class ResultProposalSerializer(serializers.Serializer):
    number = serializers.IntegerField(help_text=_("Nummer des Vorschlags im Bürgerbudget."))
    title = serializers.CharField()
    district = serializers.CharField(allow_blank=True, help_text=_("Ortsteil (Name) oder leer."))
    cost = serializers.IntegerField(help_text=_("Kosten in Euro."))
    rank = serializers.IntegerField(help_text=_("Rang nach Punkten und der Regel bei Gleichstand."))
    points = serializers.IntegerField()
    points_online = serializers.IntegerField()
    points_paper = serializers.IntegerField()
    supporters = serializers.IntegerField(help_text=_("Stimmzettel mit mindestens einem Punkt."))
    funded = serializers.BooleanField()
    explanation = serializers.CharField(
        help_text=_("Warum gefördert oder nicht, in der Sprache der Anfrage.")
    )
    implementation_status = serializers.ChoiceField(
        choices=ImplementationStatus.choices,
        allow_blank=True,
        help_text=_("Stand der Umsetzung (nur geförderte Vorschläge)."),
    )
    implementation_progress = serializers.IntegerField(help_text=_("Fortschritt in Prozent."))


class BudgetResultSerializer(serializers.Serializer):
    budget = serializers.SlugField(help_text=_("Kurzname des Bürgerbudgets (Projekt)."))
    title = serializers.CharField()
    year = serializers.IntegerField()
    method = serializers.ChoiceField(
        choices=CountingMethod.choices, help_text=_("Auszählungsverfahren.")
    )
    method_label = serializers.CharField()
    tie_rule = serializers.CharField(help_text=_("Die Regel bei Gleichstand, in Worten."))
    published_at = serializers.DateTimeField()
    money = MoneySerializer()
    ballots = BallotsSerializer()
    proposals = ResultProposalSerializer(many=True)


class BudgetResultView(GenericAPIView):
    permission_classes = [AllowAny]
    serializer_class = BudgetResultSerializer
    filter_backends: list = []
    pagination_class = None

    @extend_schema(
        tags=["budgets"],
        operation_id="budgets_results_retrieve",
        summary=_("Ergebnis eines Bürgerbudgets"),
        description=_(
            "Das veröffentlichte Ergebnis: Geld, Stimmzettel je Weg und alle Vorschläge "
            "nach Rang mit Punkten, Förderung, Begründung und Stand der Umsetzung. "
            "404, solange das Ergebnis nicht veröffentlicht ist."
        ),
        responses={200: BudgetResultSerializer, 404: NOT_FOUND},
    )
    def get(self, request, slug: str):
        try:
            budget = selectors.budget_by_slug(slug)
        except Budget.DoesNotExist as exc:
            raise Http404 from exc
        if not can_see_project(request.user, budget.project):
            raise Http404
        count = selectors.published_count(budget)
        if count is None:
            raise Http404
        # The API has no language prefix: the explanations follow Accept-Language.
        with translation.override(translation.get_language_from_request(request)):
            rows = selectors.attach_implementation(selectors.result_rows(count), with_updates=False)
            method_label = selectors.method_label(count.method)
            tie_rule = selectors.tie_rule_text()
        result = count.result
        data = {
            "budget": budget.project.slug,
            "title": budget.project.title,
            "year": budget.year,
            "method": count.method,
            "method_label": method_label,
            "tie_rule": tie_rule,
            "published_at": count.published_at,
            "money": {
                "amount": result.get("amount", count.available),
                "carryover": result.get("carryover", 0),
                "available": count.available,
                "spent": count.spent,
                "remainder": count.remainder,
            },
            "ballots": {
                "online": count.ballots_online,
                "paper": count.ballots_paper,
                "invalid": count.ballots_invalid,
                "valid": result.get("ballots", {}).get(
                    "valid", count.ballots_online + count.ballots_paper - count.ballots_invalid
                ),
            },
            "proposals": [
                {
                    "number": row.number,
                    "title": row.title,
                    "district": row.district,
                    "cost": row.cost,
                    "rank": row.rank,
                    "points": row.points,
                    "points_online": row.points_online,
                    "points_paper": row.points_paper,
                    "supporters": row.supporters,
                    "funded": row.funded,
                    "explanation": row.explanation,
                    "implementation_status": row.implementation_status if row.funded else "",
                    "implementation_progress": row.implementation_progress if row.funded else 0,
                }
                for row in rows
            ],
        }
        return Response(self.get_serializer(data).data)


urlpatterns: list = [
    path("budgets/<slug:slug>/results/", BudgetResultView.as_view(), name="budget-results"),
]
