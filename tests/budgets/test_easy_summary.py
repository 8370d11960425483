"""The summary in Leichte Sprache of Bürgerbudget proposals: the budget's staff write it in
the admin (also after the board's confirmation, when the proposal's own fields are
frozen), not its author; the proposal page and the budget page show it behind "In
Leichter Sprache"; the API and the results' open data carry it."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.exceptions import Invalid, NotAllowed
from core.rules import allowed
from participation.budgets.rules.proposals import may_edit_easy_summary
from participation.budgets.services.counting import count_publish, count_run
from participation.budgets.services.proposals import proposal_easy_summary_set
from tests.factories import (
    BudgetFactory,
    ProposalFactory,
    UserFactory,
    moderator_of,
)
from tests.measures.factories_extra import admin_form_data

from .results_helpers import ballot, confirm, counted_budget, counter
from .test_proposals_admin import _letter

pytestmark = pytest.mark.django_db

EASY = "Auf dem Spiel·platz sollen 4 Bäume wachsen.\nIn ein paar Jahren geben sie Schatten."
TOGGLE = "In Leichter Sprache"


@pytest.fixture
def budget():
    return BudgetFactory(project__slug="bb-2026")


@pytest.fixture
def staff(budget):
    return moderator_of(budget.project, staff=True)


def _change(proposal) -> str:
    return reverse("admin:budgets_proposal_change", args=[proposal.pk])


def _page(proposal) -> str:
    return reverse(
        "budgets:proposal-detail",
        kwargs={"slug": proposal.budget.project.slug, "number": proposal.number},
    )


def _admin_data(client, proposal, **overrides) -> dict:
    """The proposal's admin form as the browser sends it, with ``overrides`` changed."""
    data = admin_form_data(client.get(_change(proposal)))
    data.update(overrides)
    return data


# --- who writes it --------------------------------------------------------------------------


def test_the_budgets_staff_may_write_it_but_not_the_author_or_others(budget, staff):
    proposal = ProposalFactory(budget=budget)

    assert allowed(may_edit_easy_summary(staff, proposal))
    assert not allowed(may_edit_easy_summary(proposal.author, proposal))
    assert not allowed(may_edit_easy_summary(UserFactory(), proposal))
    other_staff = moderator_of(BudgetFactory().project, staff=True)
    assert not allowed(may_edit_easy_summary(other_staff, proposal))


def test_the_service_refuses_the_author_and_checks_the_length(budget, staff):
    proposal = ProposalFactory(budget=budget)

    with pytest.raises(NotAllowed):
        proposal_easy_summary_set(proposal=proposal, by=proposal.author, easy_summary=EASY)
    with pytest.raises(Invalid) as refused:
        proposal_easy_summary_set(proposal=proposal, by=staff, easy_summary="Ein Satz.\n" * 400)
    assert "easy_summary" in refused.value.message_dict

    proposal_easy_summary_set(proposal=proposal, by=staff, easy_summary=f"  {EASY}\n")
    proposal.refresh_from_db()
    assert proposal.easy_summary == EASY


def test_staff_write_it_in_the_admin(client, budget, staff):
    proposal = ProposalFactory(
        budget=budget, author=None, author_name="Erika", source="email", location=None
    )
    client.force_login(staff)
    assert 'name="easy_summary"' in client.get(_change(proposal)).content.decode()

    response = client.post(_change(proposal), _admin_data(client, proposal, easy_summary=EASY))

    assert response.status_code == 302, response.content.decode()[:2000]
    proposal.refresh_from_db()
    assert proposal.easy_summary == EASY


def test_staff_record_a_letter_with_its_summary(client, budget, staff):
    client.force_login(staff)

    response = client.post(
        reverse("admin:budgets_proposal_add"), _letter(budget, easy_summary=EASY)
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert budget.proposals.get().easy_summary == EASY


def test_after_the_boards_confirmation_only_the_summary_can_still_change(client, budget, staff):
    proposal = ProposalFactory(
        budget=budget, author=None, author_name="Erika", source="email", location=None
    )
    confirm(budget)
    client.force_login(staff)

    response = client.post(_change(proposal), _admin_data(client, proposal, easy_summary=EASY))
    assert response.status_code == 302, response.content.decode()[:2000]
    proposal.refresh_from_db()
    assert proposal.easy_summary == EASY

    client.post(_change(proposal), _admin_data(client, proposal, easy_summary=EASY, title="Neu"))
    proposal.refresh_from_db()
    assert proposal.title != "Neu"  # the proposal itself stays frozen


# --- the pages ------------------------------------------------------------------------------


def test_the_proposal_page_shows_the_toggle_only_when_there_is_a_summary(client, budget):
    without = ProposalFactory(budget=budget)
    with_summary = ProposalFactory(budget=budget, easy_summary=EASY)

    assert TOGGLE not in client.get(_page(without)).content.decode()
    html = client.get(_page(with_summary)).content.decode()
    assert TOGGLE in html and "4 Bäume wachsen.<br>In ein paar Jahren" in html
    english = client.get("/en" + _page(with_summary)).content.decode()
    assert 'easy-summary__text" lang="de"' in english


def test_the_summary_costs_the_proposal_page_no_query(client, budget):
    without = ProposalFactory(budget=budget)
    with_summary = ProposalFactory(budget=budget, easy_summary=EASY)
    client.get(_page(without))  # warm up

    with CaptureQueriesContext(connection) as plain:
        client.get(_page(without))
    with CaptureQueriesContext(connection) as summarised:
        client.get(_page(with_summary))

    assert len(summarised.captured_queries) <= len(plain.captured_queries)


def test_the_budget_page_shows_the_summaries_of_the_budget_and_its_phases(client, budget):
    budget.project.easy_summary = "Beim Bürger·budget entscheiden Sie mit."
    budget.project.save()
    budget.project.phases.filter(type="voting").update(easy_summary="Sie haben 5 Stimmen.")
    url = reverse("budgets:budget-detail", kwargs={"slug": "bb-2026"})

    html = client.get(url).content.decode()

    assert html.count('<details class="kern-accordion easy-summary">') == 2
    assert "Beim Bürger·budget entscheiden Sie mit." in html
    assert "Sie haben 5 Stimmen." in html


# --- API and open data ----------------------------------------------------------------------


def test_the_api_carries_the_summaries_of_budget_phases_and_proposals(client, budget):
    budget.project.easy_summary = "Beim Bürger·budget entscheiden Sie mit."
    budget.project.save()
    budget.project.phases.filter(type="voting").update(easy_summary="Sie haben 5 Stimmen.")
    ProposalFactory(budget=budget, number=1, easy_summary=EASY)

    detail = client.get(reverse("budgets-api-budget-detail", kwargs={"slug": "bb-2026"})).json()
    proposal = client.get(
        reverse("budgets-api-proposal-detail", kwargs={"slug": "bb-2026", "number": 1})
    ).json()
    listed = client.get(reverse("budgets-api-proposal-list", kwargs={"slug": "bb-2026"})).json()

    assert detail["easy_summary"] == "Beim Bürger·budget entscheiden Sie mit."
    phases = {phase["type"]: phase["easy_summary"] for phase in detail["phases"]}
    assert phases["voting"] == "Sie haben 5 Stimmen." and phases["submission"] == ""
    assert proposal["easy_summary"] == EASY
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert rows[0]["easy_summary"] == EASY


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode()


def test_the_results_open_data_carry_the_summary(client, django_capture_on_commit_callbacks):
    budget, proposals = counted_budget()
    proposals[0].easy_summary = EASY
    proposals[0].save()
    ballot(budget, {proposals[0]: 3, proposals[1]: 2})
    team = counter()
    with django_capture_on_commit_callbacks(execute=True):
        count_publish(count=count_run(budget=budget, by=team), by=team)

    reader = csv.DictReader(
        io.StringIO(_body(client.get("/offene-daten/buergerbudget-ergebnisse.csv")))
    )
    rows = {row["number"]: row for row in reader}
    geojson = json.loads(_body(client.get("/offene-daten/buergerbudget-ergebnisse.geojson")))

    assert reader.fieldnames[-4:] == ["longitude", "latitude", "url", "easy_summary"]
    assert rows["1"]["easy_summary"] == EASY and rows["2"]["easy_summary"] == ""
    properties = {f["properties"]["number"]: f["properties"] for f in geojson["features"]}
    assert properties[1]["easy_summary"] == EASY
