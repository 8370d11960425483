"""API of the budget ballots: the signed-in person's own ballot in a Bürgerbudget.

* ``GET /api/v1/budgets/<slug>/ballot/``: the person's ballot → 200
  ``{"choices": {"<proposal number>": points}, "version": n, "channel": …, "cast_at": …}``;
  404 when they have none.
* ``PUT`` with ``{"choices": {"<proposal number>": points}}``: cast or change it (the
  same service and rules as the ballot page) → 200 with the ballot.
* ``DELETE``: withdraw one's online ballot while the voting is open → 204.

Refusals carry the reason in ``detail``: 403 not signed in, e-mail not verified, not
eligible (``"code": "resident"`` and ``verify_url`` when confirming one's residence
helps); 400 voting closed or a ballot that breaks the rule; 409 already voted in
another budget of the year (one per year).
"""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.errors import CONFLICT, FORBIDDEN, NOT_FOUND, ErrorSerializer, write_errors
from projects.rules import can_see_project

from ..models import Ballot, Budget
from ..services import ballots as services


class BallotSerializer(serializers.Serializer):
    choices = serializers.DictField(
        child=serializers.IntegerField(),
        help_text=_("Stimmen je Vorschlag: Nummer des Vorschlags → Stimmen."),
    )
    version = serializers.IntegerField(help_text=_("Fassung; jede Änderung zählt eins weiter."))
    channel = serializers.CharField(
        help_text=_(
            "Wie abgegeben: „online“ oder „paper“ (auf Papier, von der Verwaltung erfasst)."
        )
    )
    cast_at = serializers.DateTimeField(help_text=_("Zeitpunkt der gültigen Fassung."))


class BallotInputSerializer(serializers.Serializer):
    choices = serializers.DictField(
        child=serializers.IntegerField(min_value=-1_000, max_value=1_000),
        help_text=_(
            "Nummer des Vorschlags → Stimmen (0: nicht gewählt). Kumulieren: ganze Zahlen, "
            "zusammen höchstens die Stimmen je Person; Zustimmung und Rucksack: 1 je "
            "gewähltem Vorschlag."
        ),
    )

    def validate_choices(self, value):
        if any(not str(key).isdigit() or len(str(key)) > 9 for key in value):
            raise serializers.ValidationError(
                _('Die Schlüssel sind die Nummern der Vorschläge, z. B. {"3": 2}.')
            )
        if len(value) > 1_000:
            raise serializers.ValidationError(_("Zu viele Vorschläge."))
        return {int(key): points for key, points in value.items()}


def _represent(ballot: Ballot, budget: Budget) -> dict:
    proposals = services.ballot_proposals(budget)
    chosen = services.choices_by_number(ballot.choices, proposals)
    return {
        "choices": {str(number): points for number, points in sorted(chosen.items())},
        "version": ballot.version,
        "channel": ballot.channel,
        "cast_at": ballot.cast_at,
    }


class BallotView(APIView):
    permission_classes = [IsAuthenticated]

    def _budget(self, slug: str) -> Budget:
        budget = (
            Budget.objects.select_related("project", "confirmation")
            .prefetch_related("project__phases")
            .filter(project__slug=slug)
            .first()
        )
        if budget is None or not can_see_project(self.request.user, budget.project):
            raise NotFound(_("Dieses Bürgerbudget gibt es nicht."))
        return budget

    @extend_schema(
        tags=["budgets"],
        operation_id="budget_ballot_retrieve",
        summary=_("Mein Stimmzettel"),
        description=_("Ihr Stimmzettel in diesem Bürgerbudget (nur angemeldet)."),
        responses={
            200: BallotSerializer,
            403: FORBIDDEN,
            404: OpenApiResponse(
                ErrorSerializer,
                description=_(
                    "Sie haben hier (noch) nicht abgestimmt, oder das Bürgerbudget gibt es nicht."
                ),
            ),
        },
    )
    def get(self, request, slug: str):
        budget = self._budget(slug)
        ballot = services.ballot_of(request.user, budget)
        if ballot is None:
            raise NotFound(_("Sie haben in diesem Bürgerbudget noch nicht abgestimmt."))
        return Response(BallotSerializer(_represent(ballot, budget)).data)

    @extend_schema(
        tags=["budgets"],
        operation_id="budget_ballot_update",
        summary=_("Abstimmen oder den Stimmzettel ändern"),
        description=_(
            "Angemeldet mit bestätigter E-Mail-Adresse und bestätigtem Wohnsitz (wie die "
            "Abstimmungsphase es verlangt), nach der Bestätigung durch den Beirat, solange "
            "die Abstimmung läuft. Jede Änderung ist eine neue Fassung; es zählt die "
            "letzte. Eine Bestätigung geht per E-Mail an Sie."
        ),
        request=BallotInputSerializer,
        responses={200: BallotSerializer, **write_errors(404), 409: CONFLICT},
    )
    def put(self, request, slug: str):
        budget = self._budget(slug)
        data = BallotInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        stored = services.ballot_cast(
            user=request.user, budget=budget, choices=data.validated_data["choices"]
        )
        return Response(BallotSerializer(_represent(stored.ballot, budget)).data)

    @extend_schema(
        tags=["budgets"],
        operation_id="budget_ballot_destroy",
        summary=_("Stimmzettel zurückziehen"),
        description=_(
            "Löscht Ihren Online-Stimmzettel mit allen Fassungen, solange die Abstimmung "
            "läuft. Ein Papierstimmzettel kann nicht zurückgezogen werden."
        ),
        responses={204: None, **write_errors(404), 404: NOT_FOUND},
    )
    def delete(self, request, slug: str):
        budget = self._budget(slug)
        services.ballot_withdraw(user=request.user, budget=budget)
        return Response(status=status.HTTP_204_NO_CONTENT)


urlpatterns: list = [
    path("budgets/<slug:slug>/ballot/", BallotView.as_view(), name="budget-ballot"),
]
