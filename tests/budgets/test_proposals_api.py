"""The budgets and proposals in the REST API: reading, filters, GeoJSON, conditional
GET, submitting with the site's rules, and query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from participation.budgets.models import Count, Proposal, ProposalStatus
from tests.factories import (
    BudgetFactory,
    CategoryFactory,
    ProposalFactory,
    UserFactory,
    point,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def budget():
    return BudgetFactory(project__slug="bb-2026", year=2026)


def _url(name, **kwargs):
    return reverse(f"budgets-api-{name}", kwargs=kwargs)


def test_the_budget_list_and_detail_show_money_stage_and_phases(api, budget):
    previous = BudgetFactory(year=2025, stage="implementation")
    now = timezone.now()
    Count.objects.create(
        budget=previous,
        method="greedy",
        available=50_000,
        spent=48_500,
        remainder=1_500,
        started_at=now,
        finished_at=now,
        published_at=now,
    )
    budget.carried_from = previous
    budget.save()
    rows = api.get(_url("budget-list")).json()
    row = next(r for r in rows if r["slug"] == "bb-2026")
    assert (row["amount"], row["carryover"], row["available"]) == (50_000, 1_500, 51_500)
    detail = api.get(_url("budget-detail", slug="bb-2026")).json()
    assert detail["stage"] == "submission"
    assert detail["cap_per_proposal"] == 10_000
    assert detail["voting_method"] == "cumulative" and detail["counting_method"] == "greedy"
    assert [p["type"] for p in detail["phases"]][:2] == ["submission", "review"]
    assert detail["carryover"] == 1_500


def test_the_budget_list_runs_a_fixed_number_of_queries(api, budget):
    with CaptureQueriesContext(connection) as one:
        api.get(_url("budget-list"))
    for year in range(2010, 2020):
        BudgetFactory(year=year, carried_from=None)
    with CaptureQueriesContext(connection) as many:
        api.get(_url("budget-list"))
    assert len(many.captured_queries) == len(one.captured_queries)


def test_a_draft_budget_is_404(api):
    BudgetFactory(project__slug="entwurf", project__status="draft")
    assert api.get(_url("budget-detail", slug="entwurf")).status_code == 404
    assert api.get(_url("proposal-list", slug="entwurf")).status_code == 404


def test_the_proposal_list_filters_and_hides_the_contact(api, budget):
    category = CategoryFactory(project=budget.project, slug="spiel")
    ProposalFactory(budget=budget, number=1, title="Rutsche", category=category)
    ProposalFactory(
        budget=budget,
        number=2,
        title="Brief",
        author=None,
        author_name="Erika",
        author_contact="erika@example.org",
    )
    ProposalFactory(budget=budget, number=3, title="Versteckt", is_hidden=True)
    data = api.get(_url("proposal-list", slug="bb-2026")).json()
    assert [r["number"] for r in data["results"]] == [1, 2]
    assert "erika@example.org" not in str(data)
    assert data["results"][1]["author"] == "Erika"
    data = api.get(_url("proposal-list", slug="bb-2026"), {"category": "spiel"}).json()
    assert [r["title"] for r in data["results"]] == ["Rutsche"]
    assert api.get(_url("proposal-list", slug="bb-2026"), {"status": "x"}).status_code == 400


def test_the_proposal_list_runs_the_same_queries_for_1_and_30(api, budget):
    ProposalFactory(budget=budget, number=1)
    url = _url("proposal-list", slug="bb-2026")
    with CaptureQueriesContext(connection) as one:
        api.get(url)
    for number in range(2, 31):
        ProposalFactory(budget=budget, number=number)
    with CaptureQueriesContext(connection) as many:
        assert len(api.get(url).json()["results"]) == 30
    assert len(many.captured_queries) == len(one.captured_queries)


def test_the_proposal_list_answers_304_to_a_conditional_get(api, budget):
    ProposalFactory(budget=budget, number=1)
    url = _url("proposal-list", slug="bb-2026")
    etag = api.get(url)["ETag"]
    assert api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    Proposal.objects.filter(number=1).update(support_count=3)
    assert api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_the_geojson_is_a_feature_collection(api, budget):
    ProposalFactory(budget=budget, number=1, title="Rutsche")
    ProposalFactory(budget=budget, number=2, location=None)
    response = api.get(_url("proposal-geojson", slug="bb-2026"))
    assert response["Content-Type"].startswith("application/geo+json")
    data = response.json()
    assert data["type"] == "FeatureCollection"
    assert data["features"][0]["properties"]["number"] == 1
    assert data["omitted_without_location"] == 1


def test_one_proposal_with_merged_into_as_number(api, budget):
    into = ProposalFactory(budget=budget, number=1)
    ProposalFactory(budget=budget, number=2, status=ProposalStatus.MERGED, merged_into=into)
    data = api.get(_url("proposal-detail", slug="bb-2026", number=2)).json()
    assert data["merged_into"] == 1 and data["status"] == "merged"
    assert api.get(_url("proposal-detail", slug="bb-2026", number=99)).status_code == 404


def _payload(**overrides):
    payload = {
        "title": "Bank",
        "description": "Eine Bank.",
        "estimated_cost": 4_000,
        "location": point(),
    }
    payload.update(overrides)
    return payload


def test_a_resident_submits_through_the_api(api, budget):
    CategoryFactory(project=budget.project, slug="spiel")
    api.force_authenticate(UserFactory())
    response = api.post(
        _url("proposal-list", slug="bb-2026"), _payload(category="spiel"), format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["number"] == 1 and response.json()["category"]["slug"] == "spiel"


def test_the_api_refuses_as_the_site(api, budget):
    url = _url("proposal-list", slug="bb-2026")
    assert api.post(url, _payload(), format="json").status_code == 403  # anonymous
    api.force_authenticate(UserFactory())
    response = api.post(url, _payload(estimated_cost=99_999), format="json")
    assert response.status_code == 400 and "estimated_cost" in response.json()
    response = api.post(url, _payload(category="fremd"), format="json")
    assert response.status_code == 400 and "category" in response.json()
    closed = BudgetFactory(project__slug="zu", stage="voting")
    assert closed
    response = api.post(_url("proposal-list", slug="zu"), _payload(), format="json")
    assert response.status_code == 400 and "detail" in response.json()


def test_received_dates_do_not_leak_contacts(api, budget):
    ProposalFactory(
        budget=budget,
        number=1,
        author=None,
        author_name="Max",
        author_contact="Markt 1",
        received_on=datetime.date(2026, 3, 1),
    )
    data = api.get(_url("proposal-detail", slug="bb-2026", number=1)).json()
    assert "Markt 1" not in str(data)
