"""API of the budget proposals, under /api/v1/budgets/ (lookups by the project slug).

* ``GET budgets/``, ``GET budgets/<slug>/``: the budgets a person may see, with the money
  (amount, carry-over, available, cap), the stage, the voting and counting rules and the
  phases.
* ``GET budgets/<slug>/proposals/``: the proposals (paginated), filtered as on the
  budget's page (``q``, ``category``, ``district``, ``status``); ETag and Last-Modified.
* ``GET budgets/<slug>/proposals.geojson``: the same set as a GeoJSON FeatureCollection.
* ``GET budgets/<slug>/proposals/<number>/``: one proposal.
* ``POST budgets/<slug>/proposals/``: ``proposal_submit`` — the site's rules and words.
"""

from calendar import timegm

from django.http import Http404
from django.urls import path
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from core.api.errors import BAD_QUERY, NOT_FOUND, write_errors
from core.api.renderers import GeoJSONRenderer
from core.rules import require
from geo.models import District
from participation.budgets.models import Budget, Proposal
from participation.budgets.rules.proposals import may_submit_proposal
from participation.budgets.selectors.proposals import (
    ProposalFilter,
    budget_for_detail,
    budgets_for_list,
    budgets_with_carryover,
    proposal_for_detail,
    proposal_url_builder,
    proposals_fingerprint,
    proposals_for_list,
    proposals_geojson,
)
from participation.budgets.services.proposals import proposal_submit
from projects.models import Category

from .proposal_serializers import (
    BudgetProposalCreateSerializer,
    BudgetProposalFeatureCollectionSerializer,
    BudgetProposalSerializer,
    BudgetSerializer,
)

TAG = "budgets"
SLUG = OpenApiParameter(
    "slug", str, OpenApiParameter.PATH, description=_("Kurzname des Bürgerbudgets (Projekt).")
)
NUMBER = OpenApiParameter(
    "number", int, OpenApiParameter.PATH, description=_("Nummer des Vorschlags im Budget.")
)
FILTERS = [
    OpenApiParameter("q", str, description=_("Suche in Titel, Beschreibung, Ort, Nummer.")),
    OpenApiParameter("category", str, description=_("Kurzname der Kategorie.")),
    OpenApiParameter("district", str, description=_("Kurzname des Ortsteils.")),
    OpenApiParameter("status", str, description=_("Status des Vorschlags.")),
]
NOT_MODIFIED = OpenApiResponse(description=_("Nicht geändert (bedingte Anfrage)."))


def _budget(request, slug: str) -> Budget:
    budget = budget_for_detail(user=request.user, slug=slug)
    budget.carryover_amount = budgets_with_carryover(Budget.objects.filter(pk=budget.pk))[
        0
    ].carryover_amount
    return budget


def _with_validators(response, etag: str, last_modified):
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, no_cache=True)
    return response


def _filtered(request, budget: Budget):
    filterset = ProposalFilter(
        request.query_params,
        queryset=proposals_for_list(user=request.user, budget=budget),
        budget=budget,
    )
    if not filterset.is_valid():
        raise ValidationError(filterset.errors)
    return filterset.qs


def _numbers(proposals) -> dict[int, int]:
    ids = {p.merged_into_id for p in proposals if p.merged_into_id}
    if not ids:
        return {}
    return dict(Proposal.objects.filter(pk__in=ids).values_list("pk", "number"))


class BudgetList(generics.GenericAPIView):
    serializer_class = BudgetSerializer
    pagination_class = None
    filter_backends: list = []

    @extend_schema(
        tags=[TAG],
        operation_id="budgets_list",
        summary=_("Bürgerbudgets"),
        description=_("Alle sichtbaren Bürgerbudgets, neuestes Jahr zuerst."),
        responses={200: BudgetSerializer(many=True)},
    )
    def get(self, request):
        budgets = budgets_with_carryover(budgets_for_list(user=request.user))
        return Response(BudgetSerializer(budgets, many=True, context={"request": request}).data)


class BudgetDetail(generics.GenericAPIView):
    serializer_class = BudgetSerializer
    filter_backends: list = []

    @extend_schema(
        tags=[TAG],
        operation_id="budgets_retrieve",
        summary=_("Ein Bürgerbudget"),
        description=_("Geld, Stand, Abstimmungs- und Auszählungsverfahren und die Phasen."),
        parameters=[SLUG],
        responses={200: BudgetSerializer, 404: NOT_FOUND},
    )
    def get(self, request, slug: str):
        budget = _budget(request, slug)
        return Response(BudgetSerializer(budget, context={"request": request}).data)


class ProposalList(generics.GenericAPIView):
    serializer_class = BudgetProposalSerializer
    filter_backends: list = []
    parser_classes = [JSONParser, MultiPartParser]

    def get_queryset(self):  # the schema's view of it; the methods below select
        return Proposal.objects.none()

    @extend_schema(
        tags=[TAG],
        operation_id="budgets_proposals_list",
        summary=_("Vorschläge eines Bürgerbudgets"),
        description=_(
            "Die Vorschläge nach Nummer, seitenweise, gefiltert wie auf der Seite des "
            "Bürgerbudgets. ETag und Last-Modified; eine bedingte Anfrage ergibt 304."
        ),
        parameters=[SLUG, *FILTERS],
        responses={
            200: BudgetProposalSerializer(many=True),
            304: NOT_MODIFIED,
            400: BAD_QUERY,
            404: NOT_FOUND,
        },
    )
    def get(self, request, slug: str):
        budget = budget_for_detail(user=request.user, slug=slug)
        queryset = _filtered(request, budget)
        etag, changed = proposals_fingerprint(queryset, variant=f"json|{request.get_full_path()}")
        last_modified = timegm(changed.utctimetuple()) if changed else None
        not_modified = get_conditional_response(
            request._request, etag=etag, last_modified=last_modified
        )
        if not_modified is not None:
            return _with_validators(not_modified, etag, last_modified)
        page = self.paginate_queryset(queryset)
        context = {
            "request": request,
            "proposal_path": proposal_url_builder(budget.project),
            "numbers": _numbers(page),
        }
        data = BudgetProposalSerializer(page, many=True, context=context).data
        return _with_validators(self.get_paginated_response(data), etag, last_modified)

    @extend_schema(
        tags=[TAG],
        operation_id="budgets_proposals_create",
        summary=_("Vorschlag einreichen"),
        description=_(
            "Angemeldet mit bestätigter E-Mail-Adresse, solange die Einreichung läuft (und "
            "im Rahmen ihrer Teilnahmebedingungen). Kosten in ganzen Euro bis zum "
            "Höchstbetrag; Kategorie des Projekts; Ort als GeoJSON-Punkt im Gebiet oder "
            "Ortsteil und Ortsbeschreibung. Ein Bild nur mit multipart/form-data."
        ),
        parameters=[SLUG],
        request={
            "application/json": BudgetProposalCreateSerializer,
            "multipart/form-data": BudgetProposalCreateSerializer,
        },
        responses={201: BudgetProposalSerializer, **write_errors(404)},
    )
    def post(self, request, slug: str):
        budget = budget_for_detail(user=request.user, slug=slug)
        # Who and when before what (as the site): closed 400, sign-in 403.
        require(may_submit_proposal(request.user, budget))
        serializer = BudgetProposalCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        category = district = None
        errors = {}
        if data.get("category"):
            category = Category.objects.filter(
                project_id=budget.project_id, slug=data["category"]
            ).first()
            if category is None:
                errors["category"] = [_("Diese Kategorie gibt es in diesem Bürgerbudget nicht.")]
        if data.get("district"):
            district = District.objects.filter(slug=data["district"]).first()
            if district is None:
                errors["district"] = [_("Diesen Ortsteil gibt es nicht.")]
        if errors:
            raise ValidationError(errors)
        proposal = proposal_submit(
            author=request.user,
            budget=budget,
            title=data["title"],
            description=data["description"],
            estimated_cost=data["estimated_cost"],
            category=category,
            district=district,
            location=data.get("location"),
            place_description=data.get("place_description", ""),
            image=data.get("image"),
            image_alt=data.get("image_alt", ""),
        )
        context = {"request": request, "proposal_path": proposal_url_builder(budget.project)}
        return Response(
            BudgetProposalSerializer(proposal, context=context).data, status=status.HTTP_201_CREATED
        )


class ProposalGeoJSON(generics.GenericAPIView):
    filter_backends: list = []
    renderer_classes = [GeoJSONRenderer, JSONRenderer]
    serializer_class = BudgetProposalFeatureCollectionSerializer

    @extend_schema(
        tags=[TAG],
        operation_id="budgets_proposals_geojson",
        summary=_("Vorschläge als GeoJSON"),
        description=_(
            "Dieselben Vorschläge wie die Liste (mit denselben Filtern) als "
            "FeatureCollection für Karten; Vorschläge ohne Punkt zählt "
            "omitted_without_location."
        ),
        parameters=[SLUG, *FILTERS],
        responses={
            (200, "application/geo+json"): BudgetProposalFeatureCollectionSerializer,
            304: NOT_MODIFIED,
            400: BAD_QUERY,
            404: NOT_FOUND,
        },
    )
    def get(self, request, slug: str):
        budget = budget_for_detail(user=request.user, slug=slug)
        queryset = _filtered(request, budget)
        etag, changed = proposals_fingerprint(
            queryset, variant=f"geojson|{request.get_full_path()}"
        )
        last_modified = timegm(changed.utctimetuple()) if changed else None
        not_modified = get_conditional_response(
            request._request, etag=etag, last_modified=last_modified
        )
        if not_modified is not None:
            return _with_validators(not_modified, etag, last_modified)
        data = proposals_geojson(
            queryset=queryset, budget=budget, absolute=request.build_absolute_uri
        )
        return _with_validators(Response(data), etag, last_modified)


class ProposalDetail(generics.GenericAPIView):
    serializer_class = BudgetProposalSerializer
    filter_backends: list = []

    @extend_schema(
        tags=[TAG],
        operation_id="budgets_proposals_retrieve",
        summary=_("Ein Vorschlag"),
        parameters=[SLUG, NUMBER],
        responses={200: BudgetProposalSerializer, 404: NOT_FOUND},
    )
    def get(self, request, slug: str, number: int):
        budget = budget_for_detail(user=request.user, slug=slug)
        try:
            proposal = proposal_for_detail(user=request.user, budget=budget, number=number)
        except Http404:
            raise
        context = {
            "request": request,
            "proposal_path": proposal_url_builder(budget.project),
            "numbers": _numbers([proposal]),
        }
        return Response(BudgetProposalSerializer(proposal, context=context).data)


urlpatterns: list = [
    path("budgets/", BudgetList.as_view(), name="budgets-api-budget-list"),
    path("budgets/<slug:slug>/", BudgetDetail.as_view(), name="budgets-api-budget-detail"),
    path(
        "budgets/<slug:slug>/proposals/",
        ProposalList.as_view(),
        name="budgets-api-proposal-list",
    ),
    path(
        "budgets/<slug:slug>/proposals.geojson",
        ProposalGeoJSON.as_view(),
        name="budgets-api-proposal-geojson",
    ),
    path(
        "budgets/<slug:slug>/proposals/<int:number>/",
        ProposalDetail.as_view(),
        name="budgets-api-proposal-detail",
    ),
]
