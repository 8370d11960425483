"""The count through the service: who may run it and when, what it stores, and that it
agrees with the pure counting functions."""

import pytest
from django.utils import translation

from core.exceptions import Closed, Conflict, Invalid, NotAllowed
from participation.budgets import counting
from participation.budgets.models import Count, CountingMethod
from participation.budgets.selectors.results import render_explanation, result_rows
from participation.budgets.services.counting import count_publish, count_run
from tests.factories import BudgetFactory, UserFactory, ValidProposalFactory, moderator_of

from .results_helpers import ballot, confirm, counted_budget, counter

pytestmark = pytest.mark.django_db


def cast(proposals, spec):
    """spec: [(points per proposal index, channel), …]."""
    budget = proposals[0].budget
    for choices, channel in spec:
        ballot(budget, {proposals[i]: pts for i, pts in choices.items()}, channel=channel)


def test_counting_team_counts_after_voting_and_skips_what_does_not_fit():
    budget, proposals = counted_budget()
    cast(proposals, [({0: 3, 1: 2}, "online"), ({0: 2, 1: 2, 2: 1}, "paper"), ({2: 1}, "online")])
    count = count_run(budget=budget, by=counter())
    assert count.spent == 12_800 and count.remainder == 1_200 and count.available == 14_000
    by_number = {entry["number"]: entry for entry in count.result["proposals"]}
    assert by_number[1]["funded"] and by_number[3]["funded"] and not by_number[2]["funded"]
    assert by_number[2]["explanation"] == {
        "message": "übersprungen: %(cost)s passen nicht in die verbleibenden %(remaining)s",
        "params": {"cost": {"euro": 5000}, "remaining": {"euro": 4200}},
    }
    assert [entry["rank"] for entry in count.result["proposals"]] == [1, 2, 3]
    assert count.counted_by is not None and count.started_at <= count.finished_at


def test_points_are_kept_per_channel():
    budget, proposals = counted_budget()
    cast(proposals, [({0: 3, 1: 2}, "online"), ({0: 2, 2: 3}, "paper"), ({0: 5}, "paper")])
    count = count_run(budget=budget, by=counter())
    p1 = next(e for e in count.result["proposals"] if e["number"] == 1)
    assert (p1["points"], p1["points_online"], p1["points_paper"], p1["supporters"]) == (
        10,
        3,
        7,
        3,
    )
    assert (count.ballots_online, count.ballots_paper) == (1, 2)


def test_invalid_ballots_are_counted_apart_and_not_used():
    budget, proposals = counted_budget()
    cast(proposals, [({1: 5}, "online")])
    ballot(budget, {proposals[0]: 6}, channel="paper")  # 6 points, 5 allowed
    ballot(budget, {999_999: 1})  # not on the ballot
    ballot(budget, {"keine-zahl": 1})  # unreadable
    ballot(budget, {})  # empty
    count = count_run(budget=budget, by=counter())
    assert count.ballots_invalid == 4
    assert count.result["ballots"] == {"online": 4, "paper": 1, "valid": 1, "invalid": 4}
    p1 = next(e for e in count.result["proposals"] if e["number"] == 1)
    assert p1["points"] == 0 and not p1["funded"]
    messages = {reason["message"] for reason in count.result["invalid_reasons"]}
    assert "Der Stimmzettel enthält keine Stimme." in messages
    assert "Der Stimmzettel kann nicht gelesen werden." in messages


@pytest.mark.parametrize("method", [CountingMethod.GREEDY, CountingMethod.EQUAL_SHARES])
def test_the_service_agrees_with_the_pure_count(method):
    budget, proposals = counted_budget(
        costs=(4_000, 3_500, 3_000, 2_500, 6_000, 1_000), amount=10_000, counting_method=method
    )
    spec = [
        ({0: 2, 1: 3}, "online"),
        ({0: 5}, "paper"),
        ({2: 1, 3: 1, 4: 3}, "online"),
        ({3: 2, 5: 3}, "online"),
        ({1: 1, 4: 4}, "paper"),
        ({2: 5}, "online"),
    ]
    cast(proposals, spec)
    count = count_run(budget=budget, by=counter())
    items = [counting.Proposal(p.pk, p.cost) for p in proposals]
    ballots = [{proposals[i].pk: pts for i, pts in choices.items()} for choices, _ in spec]
    compute = counting.equal_shares if method == CountingMethod.EQUAL_SHARES else counting.greedy
    expected = compute(items, ballots, 10_000)
    stored_funded = [
        e["id"]
        for e in sorted(
            (e for e in count.result["proposals"] if e["funded"]), key=lambda e: e["funded_order"]
        )
    ]
    assert count.method == method
    assert stored_funded == list(expected.funded)
    assert (count.spent, count.remainder) == (expected.spent, expected.remainder)
    for decision in expected.decisions:
        entry = next(e for e in count.result["proposals"] if e["id"] == decision.proposal_id)
        assert render_explanation(entry["explanation"]) == str(decision.explanation)


def test_explanation_renders_in_german_and_english():
    budget, proposals = counted_budget()
    cast(proposals, [({0: 3, 1: 2}, "online"), ({2: 1}, "online")])
    count = count_run(budget=budget, by=counter())
    with translation.override("de"):
        german = {row.number: row.explanation for row in result_rows(count)}
    with translation.override("en"):
        english = {row.number: row.explanation for row in result_rows(count)}
    assert german[2] == "übersprungen: 5.000\u00a0€ passen nicht in die verbleibenden 4.200\u00a0€"
    assert german[1].startswith("gefördert: 9.800\u00a0€")
    # English renders its own number format whether or not a catalogue translates it yet.
    assert "5,000\u00a0€" in english[2] and "4,200\u00a0€" in english[2]


def test_count_is_refused_while_voting_runs():
    budget = BudgetFactory(stage="voting")
    ValidProposalFactory(budget=budget)
    confirm(budget)
    with pytest.raises(Closed):
        count_run(budget=budget, by=counter())
    assert not Count.objects.exists()


def test_count_is_refused_without_the_boards_confirmation():
    budget = BudgetFactory(stage="counting")
    ValidProposalFactory(budget=budget)
    with pytest.raises(Closed):
        count_run(budget=budget, by=counter())


@pytest.mark.parametrize("who", ["resident", "moderator", "anonymous"])
def test_count_is_refused_to_everyone_but_the_counting_team(who):
    budget, _ = counted_budget()
    user = {
        "resident": UserFactory,
        "moderator": lambda: moderator_of(budget.project),
        "anonymous": lambda: None,
    }[who]()
    with pytest.raises(NotAllowed):
        count_run(budget=budget, by=user)


def test_superuser_may_count():
    from tests.factories import SuperuserFactory

    budget, _ = counted_budget()
    assert count_run(budget=budget, by=SuperuserFactory()).pk


def test_running_again_keeps_the_history_and_only_the_newest_is_published():
    budget, proposals = counted_budget()
    cast(proposals, [({0: 1}, "online")])
    team = counter()
    first = count_run(budget=budget, by=team)
    second = count_run(budget=budget, by=team)
    assert Count.objects.filter(budget=budget).count() == 2
    with pytest.raises(Invalid) as refused:
        count_publish(count=first, by=team)
    assert "neuere" in str(refused.value)
    count_publish(count=second, by=team)
    with pytest.raises(Conflict):
        count_run(budget=budget, by=team)
    with pytest.raises(Conflict):
        count_publish(count=second, by=team)


@pytest.mark.parametrize("voters", [3, 60])
def test_count_reads_the_ballots_with_a_fixed_number_of_queries(
    voters, django_assert_max_num_queries
):
    budget, proposals = counted_budget(costs=[1_000] * 10, amount=5_000)
    for index in range(voters):
        ballot(
            budget,
            {proposals[index % 10]: 1 + index % 5},
            channel="paper" if index % 3 else "online",
        )
    team = counter()
    with django_assert_max_num_queries(12):
        count = count_run(budget=budget, by=team)
    assert count.ballots_online + count.ballots_paper == voters
