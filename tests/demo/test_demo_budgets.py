"""The demo Bürgerbudget of `make run`: last year's budget counted and in
implementation, this year's voting with 30 proposals, and every stage reachable."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from participation.budgets import stages
from participation.budgets.models import (
    Ballot,
    BallotChannel,
    Budget,
    ImplementationUpdate,
    PaperSheet,
    PaperSheetState,
    Proposal,
    ProposalSource,
    ProposalStatus,
)
from tests.demo_snapshot import demo_site_rolled_back

MODELS = (Budget, Proposal, Ballot, PaperSheet, ImplementationUpdate)


def load() -> str:
    out = StringIO()
    call_command("load_budget_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker, demo_snapshot_dir):
    with django_db_blocker.unblock(), demo_site_rolled_back(demo_snapshot_dir) as outputs:
        yield outputs["load_budget_demo"]


@pytest.fixture
def loaded(demo_output, db) -> str:
    return demo_output


def budget(year: int) -> Budget:
    return Budget.objects.select_related("project").get(year=year)


def test_last_year_is_counted_published_and_in_implementation(loaded):
    last = budget(2025)
    assert stages.stage(last) == "implementation"
    count = last.counts.get(published_at__isnull=False)
    assert count.protocol.name.endswith(".pdf")
    funded = Proposal.objects.filter(budget=last, funding__isnull=False)
    assert 5 <= funded.count() < last.proposals.count()
    assert count.spent + count.remainder == stages.available(last)
    assert ImplementationUpdate.objects.filter(proposal__budget=last).count() >= funded.count()
    assert funded.filter(implementation_status="completed").exists()
    assert Ballot.objects.filter(budget=last, channel=BallotChannel.PAPER).exists()


def test_this_year_votes_on_30_proposals_with_the_remainder_carried_over(loaded):
    this = budget(2026)
    last = budget(2025)
    assert stages.stage(this) == "voting" and stages.voting_is_open(this)
    assert this.proposals.count() == 30
    invalid = this.proposals.filter(status=ProposalStatus.INVALID)
    assert invalid.count() == 4 and not invalid.filter(review_reason="").exists()
    assert this.proposals.filter(reviewed_cost__isnull=False).exists()
    assert this.proposals.exclude(source=ProposalSource.ONLINE).exists()
    assert stages.is_frozen(this)
    remainder = last.counts.get(published_at__isnull=False).remainder
    assert remainder > 0 and stages.carryover(this) == remainder
    assert stages.available(this) == this.amount + remainder


def test_this_year_has_online_ballots_and_paper_sheets_with_one_open_mismatch(loaded):
    this = budget(2026)
    assert Ballot.objects.filter(budget=this, channel=BallotChannel.ONLINE).count() >= 200
    sheets = PaperSheet.objects.filter(station__budget=this)
    assert sheets.filter(state=PaperSheetState.ACCEPTED).count() >= 5
    assert sheets.filter(state=PaperSheetState.MISMATCH).count() == 1
    accepted = sheets.filter(state=PaperSheetState.ACCEPTED).values_list("ballot_id", flat=True)
    assert Ballot.objects.filter(pk__in=accepted, channel=BallotChannel.PAPER).count() == len(
        accepted
    )


def test_every_stage_has_its_page(loaded, client):
    for url in (
        reverse("budgets:budget-list"),
        reverse("budgets:budget-detail", kwargs={"slug": "buergerbudget-2026"}),
        reverse("budgets:proposal-detail", kwargs={"slug": "buergerbudget-2026", "number": 27}),
        reverse("budgets:board-confirmation", kwargs={"slug": "buergerbudget-2026"}),
        reverse("budgets:results", kwargs={"slug": "buergerbudget-2025"}),
        reverse("budgets:protocol-pdf", kwargs={"slug": "buergerbudget-2025"}),
    ):
        assert client.get(url).status_code == 200, url


def test_a_second_run_creates_nothing(loaded):
    before = {model.__name__: model.objects.count() for model in MODELS}
    output = load()
    assert {model.__name__: model.objects.count() for model in MODELS} == before
    assert all(line.endswith("(0 neu)") for line in output.splitlines() if "neu)" in line)


def test_the_demo_has_summaries_in_leichter_sprache_and_keeps_those_staff_changed(loaded):
    from demo.easy_summaries import BUNDLES, PROJECTS, PROPOSALS, easy_summaries_ensure
    from measures.models import Measure, MeasureBundle
    from projects.models import Phase, Project

    assert MeasureBundle.objects.exclude(easy_summary="").count() == len(BUNDLES) == 9
    assert Measure.objects.exclude(easy_summary="").count() >= 5
    assert Project.objects.exclude(easy_summary="").count() == len(PROJECTS)
    assert Phase.objects.filter(project__slug="buergerbudget-2026", easy_summary="").count() == 0
    assert Proposal.objects.exclude(easy_summary="").count() == len(PROPOSALS)

    changed = Proposal.objects.exclude(easy_summary="").first()
    changed.easy_summary = "Von der Verwaltung geändert."
    changed.save()
    assert easy_summaries_ensure() == 0  # nothing missing: a second run writes nothing
    changed.refresh_from_db()
    assert changed.easy_summary == "Von der Verwaltung geändert."
