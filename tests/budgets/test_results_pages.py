"""The count page, the public results page, its downloads (protocol, Pabulib) and the
results API, seen from outside."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from pabutools.election.pabulib import parse_pabulib_from_string

from core.sections import page_sections
from geo.models import District
from participation.budgets.models import Count, Funding, ImplementationStatus
from participation.budgets.services.counting import (
    count_publish,
    count_run,
    implementation_update_publish,
)
from tests.factories import CITY_SQUARE, UserFactory, point

from .results_helpers import ballot, counted_budget, counter

pytestmark = pytest.mark.django_db


def district(name):
    return District.objects.create(
        name=name,
        slug=name.lower(),
        boundary={"type": "MultiPolygon", "coordinates": [CITY_SQUARE["coordinates"]]},
    )


@pytest.fixture
def world(django_capture_on_commit_callbacks):
    """A published greedy result: P1 (9,800 €) and P3 funded, P2 skipped; ballots online,
    on paper, one invalid; voters from Lobeda and Zentrum."""
    lobeda, zentrum = district("Lobeda"), district("Zentrum")
    budget, proposals = counted_budget()
    proposals[0].district = lobeda
    proposals[0].location = point(11.6, 50.9)
    proposals[0].save()
    proposals[1].district = zentrum
    proposals[1].save()
    ballot(budget, {proposals[0]: 3, proposals[1]: 2}, district=lobeda)
    ballot(budget, {proposals[0]: 2, proposals[1]: 2, proposals[2]: 1}, channel="paper")
    ballot(budget, {proposals[2]: 1}, district=zentrum)
    ballot(budget, {proposals[2]: 7}, district=zentrum)  # invalid
    team = counter()
    with django_capture_on_commit_callbacks(execute=True):
        count = count_publish(count=count_run(budget=budget, by=team), by=team)
    return budget, proposals, count, team


def results_url(budget):
    return reverse("budgets:results", kwargs={"slug": budget.project.slug})


def test_results_page_shows_money_decisions_with_reasons_and_turnout(client, world):
    budget, _proposals, _count, _team = world
    response = client.get(results_url(budget))
    html = response.content.decode()
    assert response.status_code == 200
    assert "12.800 €" in html and "1.200 €" in html and "14.000 €" in html
    assert "übersprungen: 5.000\u00a0€ passen nicht in die verbleibenden 4.200\u00a0€" in html
    assert 'id="turnout-online">3<' in html and 'id="turnout-paper">1<' in html
    assert 'id="turnout-invalid">1<' in html
    assert "Lobeda" in html and "ohne Angabe des Ortsteils" in html
    assert 'id="results-map"' in html  # P1 has a place
    assert reverse("budgets:protocol-pdf", kwargs={"slug": budget.project.slug}) in html


def test_results_page_reads_in_english(client, world):
    budget, *_ = world
    response = client.get("/en" + results_url(budget))
    assert response.status_code == 200
    assert "5,000\u00a0€" in response.content.decode()


def test_results_page_filters_by_district(client, world):
    budget, *_ = world
    html = client.get(results_url(budget), {"ortsteil": "lobeda"}).content.decode()
    assert 'id="result-1"' in html and 'id="result-2"' not in html
    response = client.get(results_url(budget), {"ortsteil": "atlantis"})
    assert response.status_code == 400
    assert 'id="result-2"' in response.content.decode()


def test_results_page_is_404_until_published(client):
    budget, proposals = counted_budget()
    ballot(budget, {proposals[0]: 1})
    count_run(budget=budget, by=counter())
    assert client.get(results_url(budget)).status_code == 404
    api = f"/api/v1/budgets/{budget.project.slug}/results/"
    assert client.get(api).status_code == 404


def test_results_page_shows_what_became_of_the_funded_proposals(client, world):
    budget, proposals, _count, team = world
    implementation_update_publish(
        proposal=proposals[0],
        by=team,
        date=timezone.localdate() - datetime.timedelta(days=2),
        status=ImplementationStatus.IN_PROGRESS,
        progress=60,
        text="Die Bank steht, der Schatten fehlt noch.",
    )
    html = client.get(results_url(budget)).content.decode()
    assert "Was daraus wurde" in html
    assert "Die Bank steht, der Schatten fehlt noch." in html
    assert 'value="60"' in html
    assert 'id="implementation-3"' in html and 'id="implementation-2"' not in html


@pytest.mark.parametrize("size", [5, 50])
def test_results_page_and_api_run_a_constant_number_of_queries(
    client, size, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    budget, proposals = counted_budget(costs=[1_000] * size, amount=20_000)
    for index, proposal in enumerate(proposals):
        proposal.district = district(f"Ortsteil{index}")
        proposal.location = point()
        proposal.save()
        ballot(budget, {proposal: 1 + index % 5}, district=proposal.district)
    team = counter()
    with django_capture_on_commit_callbacks(execute=True):
        count_publish(count=count_run(budget=budget, by=team), by=team)
    for proposal in Funding.objects.values_list("proposal", flat=True)[:3]:
        implementation_update_publish(
            proposal=proposals[0].__class__.objects.get(pk=proposal),
            by=team,
            date=timezone.localdate(),
            status=ImplementationStatus.IN_PROGRESS,
            progress=20,
            text="Begonnen.",
        )
    with django_assert_max_num_queries(12):
        assert client.get(results_url(budget)).status_code == 200
    with django_assert_max_num_queries(8):
        response = client.get(f"/api/v1/budgets/{budget.project.slug}/results/")
    assert response.status_code == 200 and len(response.json()["proposals"]) == size


def test_api_gives_the_result_in_the_requests_language(client, world):
    budget, proposals, *_ = world
    url = f"/api/v1/budgets/{budget.project.slug}/results/"
    data = client.get(url, HTTP_ACCEPT_LANGUAGE="de").json()
    assert data["money"] == {
        "amount": 14_000,
        "carryover": 0,
        "available": 14_000,
        "spent": 12_800,
        "remainder": 1_200,
    }
    assert data["ballots"] == {"online": 3, "paper": 1, "invalid": 1, "valid": 3}
    second = next(p for p in data["proposals"] if p["number"] == 2)
    assert second["funded"] is False and "4.200" in second["explanation"]
    first = next(p for p in data["proposals"] if p["number"] == 1)
    assert first["implementation_status"] == "planned" and first["points_paper"] == 2
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()
    assert "4,200" in next(p for p in english["proposals"] if p["number"] == 2)["explanation"]


def test_protocol_pdf_downloads(client, world):
    budget, *_ = world
    response = client.get(reverse("budgets:protocol-pdf", kwargs={"slug": budget.project.slug}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_pabulib_export_parses_and_holds_no_personal_data(client, world):
    budget, proposals, count, _team = world
    voter = UserFactory(display_name="Agathe Abstimmerin", email="agathe@geheim.example")
    budget.ballots.update(user=voter)
    response = client.get(reverse("budgets:pabulib-export", kwargs={"slug": budget.project.slug}))
    assert response.status_code == 200
    text = response.content.decode()
    instance, profile = parse_pabulib_from_string(text)
    assert instance.budget_limit == 14_000
    assert len(profile) == 3  # the invalid ballot is left out
    assert {str(p) for p in instance} == {str(p.pk) for p in proposals}
    projects = text.split("PROJECTS")[1].split("VOTES")[0].splitlines()[2:]
    selected = {line.split(";")[0] for line in projects if line.endswith(";1")}
    assert selected == {str(proposals[0].pk), str(proposals[2].pk)}
    voter_ids = [line.split(";")[0] for line in text.split("VOTES")[1].splitlines()[2:]]
    assert sorted(voter_ids, key=int) == ["1", "2", "3"]
    for secret in ("Agathe", "agathe@geheim.example", "test:"):  # name, e-mail, voter keys
        assert secret not in text


# --- The count page -----------------------------------------------------------------------


def count_url(budget):
    return reverse("budgets:count", kwargs={"slug": budget.project.slug})


def test_counter_runs_previews_and_publishes_with_confirmation(
    client, django_capture_on_commit_callbacks
):
    budget, proposals = counted_budget()
    ballot(budget, {proposals[0]: 3, proposals[1]: 2})
    ballot(budget, {proposals[2]: 1}, channel="paper")
    client.force_login(counter())
    page = client.get(count_url(budget))
    assert page.status_code == 200 and 'id="count-run-form"' in page.content.decode()

    response = client.post(count_url(budget), {"action": "run"})
    assert response.status_code == 302
    count = Count.objects.get(budget=budget)
    html = client.get(count_url(budget)).content.decode()
    assert "übersprungen" in html and 'id="count-publish-form"' in html

    refused = client.post(count_url(budget), {"action": "publish", "count": count.pk})
    assert refused.status_code == 400
    assert "Bitte bestätigen Sie" in refused.content.decode()
    count.refresh_from_db()
    assert count.published_at is None

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            count_url(budget), {"action": "publish", "count": count.pk, "confirm": "on"}
        )
    assert done.status_code == 302 and done["Location"] == results_url(budget)
    count.refresh_from_db()
    assert count.published_at is not None and count.protocol


def test_count_page_says_why_counting_is_not_possible_yet(client):
    from tests.factories import BudgetFactory

    budget = BudgetFactory(stage="voting")
    client.force_login(counter())
    html = client.get(count_url(budget)).content.decode()
    assert 'id="run-refusal"' in html and "Beirat" in html


@pytest.mark.parametrize("who", ["resident", "moderator"])
def test_count_page_is_refused_to_others(client, who):
    from tests.factories import moderator_of

    budget, _ = counted_budget()
    client.force_login(UserFactory() if who == "resident" else moderator_of(budget.project))
    assert client.get(count_url(budget)).status_code == 403
    assert client.post(count_url(budget), {"action": "run"}).status_code == 403
    assert not Count.objects.exists()


def test_budget_page_section_links_results_and_count(rf, world):
    budget, *_rest = world
    request = rf.get("/")
    request.user = UserFactory()
    sections = [s for s in page_sections("budget", request, budget) if "results" in s.template]
    assert sections and sections[0].context["count"] is not None
    assert not sections[0].context["can_count"]
    request.user = counter()
    section = next(s for s in page_sections("budget", request, budget) if "results" in s.template)
    assert section.context["can_count"]


def test_results_page_is_cached_and_refreshed_by_an_implementation_update(client, world):
    budget, proposals, _count, team = world
    client.get(results_url(budget))
    cached = client.get(results_url(budget))
    assert cached["X-Page-Cache"] == "hit"
    assert "Der Bauantrag ist gestellt." not in cached.content.decode()
    implementation_update_publish(
        proposal=proposals[0],
        by=team,
        date=timezone.localdate(),
        status=ImplementationStatus.IN_PROGRESS,
        progress=15,
        text="Der Bauantrag ist gestellt.",
    )
    fresh = client.get(results_url(budget))
    assert fresh["X-Page-Cache"] == "miss"
    assert "Der Bauantrag ist gestellt." in fresh.content.decode()
