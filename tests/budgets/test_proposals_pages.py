"""The pages of budgets and proposals: list, budget page with filters and map data,
proposal page, submitting, editing, withdrawing, supporting; query counts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from geo.models import District
from participation.budgets.models import Count, Proposal, ProposalSource, ProposalStatus
from projects.models import Phase
from tests.factories import (
    CITY_SQUARE,
    BudgetFactory,
    CategoryFactory,
    ProposalFactory,
    UserFactory,
    moderator_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget():
    budget = BudgetFactory(project__title="Bürgerbudget 2026", project__slug="bb-2026")
    Phase.objects.filter(project=budget.project, type="submission").update(
        description="Reichen Sie Ihre Vorschläge ein."
    )
    return budget


def _detail(budget):
    return reverse("budgets:budget-detail", kwargs={"slug": budget.project.slug})


def test_the_budget_list_shows_the_running_budget_first_with_stage_and_amount(client, budget):
    BudgetFactory(project__title="Bürgerbudget 2024", year=2024, stage=False)
    html = client.get(reverse("budgets:budget-list")).content.decode()
    assert html.index("Bürgerbudget 2026") < html.index("Bürgerbudget 2024")
    assert "50.000 €" in html and "Vorschläge einreichen" in html


def test_draft_budgets_are_not_listed_for_visitors(client):
    BudgetFactory(project__title="Geheim", project__status="draft")
    assert "Geheim" not in client.get(reverse("budgets:budget-list")).content.decode()
    assert client.get(reverse("budgets:budget-detail", kwargs={"slug": "nope"})).status_code == 404


def test_the_budget_page_shows_money_phases_and_what_to_do(client, budget):
    previous = BudgetFactory(year=2025, stage="implementation")
    now = timezone.now()
    Count.objects.create(
        budget=previous,
        method="greedy",
        available=50_000,
        spent=47_000,
        remainder=3_000,
        started_at=now,
        finished_at=now,
        published_at=now,
    )
    budget.carried_from = previous
    budget.save()
    html = client.get(_detail(budget)).content.decode()
    assert "50.000 €" in html  # this year's amount
    assert "3.000 €" in html  # carried over, separately
    assert "53.000 €" in html  # available
    assert "10.000 €" in html  # cap
    assert "Reichen Sie Ihre Vorschläge ein." in html  # the phase's description
    assert 'aria-current="step"' in html
    assert "Bitte melden Sie sich an" in html  # visitors are told how to take part


def test_a_signed_in_resident_sees_the_submit_button(client, budget):
    client.force_login(UserFactory())
    html = client.get(_detail(budget)).content.decode()
    assert reverse("budgets:proposal-create", kwargs={"slug": budget.project.slug}) in html


def test_the_budget_page_filters_the_proposals(client, budget):
    category = CategoryFactory(project=budget.project, name="Spielplätze", slug="spiel")
    ProposalFactory(budget=budget, number=1, title="Rutsche", category=category)
    ProposalFactory(budget=budget, number=2, title="Laterne")
    ProposalFactory(budget=budget, number=3, title="Geheim", is_hidden=True)
    html = client.get(_detail(budget), {"category": "spiel"}).content.decode()
    assert "Rutsche" in html and "Laterne" not in html
    html = client.get(_detail(budget), {"q": "Later"}).content.decode()
    assert "Laterne" in html and "Rutsche" not in html
    assert "Geheim" not in client.get(_detail(budget)).content.decode()
    response = client.get(_detail(budget), {"status": "nonsense"})
    assert response.status_code == 400 and "Rutsche" in response.content.decode()


def test_the_budget_page_runs_the_same_queries_for_1_and_30_proposals(
    client, budget, django_assert_max_num_queries
):
    ProposalFactory(budget=budget, number=1)
    client.force_login(UserFactory())
    url = _detail(budget)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for number in range(2, 31):
        ProposalFactory(budget=budget, number=number, category=None)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_map_data_is_geojson_with_an_etag(client, budget):
    ProposalFactory(budget=budget, number=1, title="Rutsche")
    ProposalFactory(budget=budget, number=2, title="Ohne Ort", location=None)
    url = reverse("budgets:proposals-geojson", kwargs={"slug": budget.project.slug})
    response = client.get(url)
    assert response["Content-Type"] == "application/geo+json"
    data = response.json()
    assert [f["properties"]["title"] for f in data["features"]] == ["1. Rutsche"]
    assert data["omitted_without_location"] == 1
    assert data["features"][0]["properties"]["url"].endswith("/vorschlaege/1/")
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_the_proposal_page_shows_its_facts(client, budget):
    district = District.objects.create(name="Zentrum", slug="zentrum", boundary=CITY_SQUARE)
    into = ProposalFactory(budget=budget, number=1, title="Große Bank")
    ProposalFactory(
        budget=budget,
        number=2,
        title="Kleine Bank",
        status=ProposalStatus.MERGED,
        merged_into=into,
        author=None,
        author_name="Erika Muster",
        author_contact="erika@example.org",
        source=ProposalSource.LETTER,
        district=district,
        reviewed_cost=4_200,
    )
    html = client.get(
        reverse("budgets:proposal-detail", kwargs={"slug": budget.project.slug, "number": 2})
    ).content.decode()
    assert "Erika Muster" in html and "erika@example.org" not in html
    assert "per Brief" in html and "4.200 €" in html and "Zentrum" in html
    assert "Große Bank" in html  # merged into
    html = client.get(into.get_absolute_url()).content.decode()
    assert "Kleine Bank" in html  # merged from


def test_a_hidden_proposal_is_404_for_others_but_shown_to_its_author(client, budget):
    proposal = ProposalFactory(budget=budget, is_hidden=True)
    assert client.get(proposal.get_absolute_url()).status_code == 404
    client.force_login(proposal.author)
    assert client.get(proposal.get_absolute_url()).status_code == 200


def test_a_resident_submits_a_proposal_with_district_instead_of_the_map(client, budget):
    District.objects.create(name="Zentrum", slug="zentrum", boundary=CITY_SQUARE)
    category = CategoryFactory(project=budget.project, slug="spiel")
    client.force_login(UserFactory())
    url = reverse("budgets:proposal-create", kwargs={"slug": budget.project.slug})
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "title": "Bank",
            "description": "Eine Bank.",
            "estimated_cost": "4500",
            "category": "spiel",
            "district": "zentrum",
            "place_description": "Markt",
        },
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response["Location"] == proposal.get_absolute_url()
    assert (proposal.number, proposal.category, proposal.estimated_cost) == (1, category, 4500)


def test_a_cost_over_the_cap_comes_back_as_a_form_error(client, budget):
    client.force_login(UserFactory())
    url = reverse("budgets:proposal-create", kwargs={"slug": budget.project.slug})
    response = client.post(
        url,
        {
            "title": "Bank",
            "description": "Eine Bank.",
            "estimated_cost": "20000",
            "latitude": "50.93",
            "longitude": "11.59",
        },
    )
    assert response.status_code == 400
    assert "Höchstbetrag" in response.content.decode()
    assert not Proposal.objects.exists()


def test_the_submit_page_explains_a_closed_submission(client):
    budget = BudgetFactory(stage="voting")
    client.force_login(UserFactory())
    response = client.get(reverse("budgets:proposal-create", kwargs={"slug": budget.project.slug}))
    assert response.status_code == 403
    assert "derzeit nicht eingereicht" in response.content.decode()


def test_the_author_edits_and_withdraws_on_the_site(client, budget):
    proposal = ProposalFactory(
        budget=budget,
        location=None,
        district=District.objects.create(name="Zentrum", slug="zentrum", boundary=CITY_SQUARE),
        place_description="Markt",
    )
    client.force_login(proposal.author)
    kwargs = {"slug": budget.project.slug, "number": proposal.number}
    response = client.post(
        reverse("budgets:proposal-update", kwargs=kwargs),
        {
            "title": "Neue Bank",
            "description": "Zwei Bänke.",
            "estimated_cost": "6000",
            "district": "zentrum",
            "place_description": "Markt",
        },
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.title == "Neue Bank"
    client.post(reverse("budgets:proposal-withdraw", kwargs=kwargs))
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.WITHDRAWN


def test_another_person_is_refused_editing(client, budget):
    proposal = ProposalFactory(budget=budget)
    client.force_login(UserFactory())
    kwargs = {"slug": budget.project.slug, "number": proposal.number}
    assert client.get(reverse("budgets:proposal-update", kwargs=kwargs)).status_code == 403
    assert client.post(reverse("budgets:proposal-withdraw", kwargs=kwargs)).status_code == 403


def test_supporting_toggles_on_the_proposal_page(client, budget):
    proposal = ProposalFactory(budget=budget)
    client.force_login(UserFactory())
    url = reverse(
        "budgets:proposal-support", kwargs={"slug": budget.project.slug, "number": proposal.number}
    )
    html = client.post(url, follow=True).content.decode()
    proposal.refresh_from_db()
    assert proposal.support_count == 1
    # the label says the state, the message (role=status) announces the new count
    assert ">Unterstützt – zurückziehen<" in html
    assert "aria-pressed" not in html
    assert "Sie unterstützen diesen Vorschlag. Er hat jetzt 1 Unterstützung." in html
    html = client.post(url, follow=True).content.decode()
    proposal.refresh_from_db()
    assert proposal.support_count == 0
    assert ">Diesen Vorschlag unterstützen<" in html
    assert "Er hat jetzt 0 Unterstützungen." in html


def test_the_project_page_links_the_budget(client, budget):
    html = client.get(
        reverse("projects:project-detail", args=[budget.project.slug])
    ).content.decode()
    assert _detail(budget) in html


def test_a_moderator_sees_hidden_proposals_in_the_list(client, budget):
    ProposalFactory(budget=budget, title="Ausgeblendet", is_hidden=True)
    client.force_login(moderator_of(budget.project))
    assert "Ausgeblendet" in client.get(_detail(budget)).content.decode()


def test_received_on_is_shown_for_letters(client, budget):
    proposal = ProposalFactory(
        budget=budget,
        author=None,
        author_name="Erika",
        source=ProposalSource.LETTER,
        received_on=datetime.date(2026, 3, 2),
    )
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert "2026-03-02" in html


def test_the_budget_list_runs_a_fixed_number_of_queries(client, budget):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(reverse("budgets:budget-list"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("budgets:budget-list"))
    for year in range(2015, 2025):
        BudgetFactory(year=year)
    with CaptureQueriesContext(connection) as many:
        html = client.get(reverse("budgets:budget-list")).content.decode()
    assert len(many.captured_queries) == len(one.captured_queries)
    assert html.count('class="participation-idea-card"') == 11


def test_the_cached_project_page_shows_a_changed_budget_amount(client, budget):
    url = reverse("projects:project-detail", args=[budget.project.slug])
    assert "50.000 €" in client.get(url).content.decode()
    client.get(url)  # from the page cache now
    budget.amount = 60_000
    budget.save()  # as the admin does
    assert "60.000 €" in client.get(url).content.decode()
