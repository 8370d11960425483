"""pabutools (the field's reference implementation) run the way our counting is defined.

``participation/budgets/counting.py`` says which pabutools rule each method equals; this
module builds pabutools' instance and profile from our proposals and ballots and runs those
rules with our tie rule, so the tests compare the funded proposals one to one.

Proposals without points are left out of pabutools' instance: our rule never funds them,
pabutools' greedy would take them if they fit (documented in counting.py).
"""

from pabutools.election import (
    Additive_Cardinal_Sat,
    AdditiveSatisfaction,
    ApprovalBallot,
    ApprovalProfile,
    Cardinality_Sat,
    CumulativeBallot,
    CumulativeProfile,
    Instance,
    Project,
)
from pabutools.rules import (
    completion_by_rule_combination,
    greedy_utilitarian_welfare,
    method_of_equal_shares,
)
from pabutools.tiebreaking import TieBreakingRule

from participation.budgets.counting import DEFAULT_TIE_BREAK, Tally, rank_key


class PointsTimesCostSat(AdditiveSatisfaction):
    """points × cost: pabutools' greedy divides by the cost, so it orders by points."""

    def __init__(self, instance, profile, ballot):
        super().__init__(
            instance,
            profile,
            ballot,
            lambda inst, prof, bal, proj, pre: (
                bal.get(proj, 0) * proj.cost
                if isinstance(bal, dict)
                else (proj.cost if proj in bal else 0)
            ),
        )


def build(proposals, ballots, budget, kind="cumulative"):
    points, supporters = {}, {}
    for ballot in ballots:
        for pid, value in ballot.items():
            points[pid] = points.get(pid, 0) + value
            supporters[pid] = supporters.get(pid, 0) + 1
    projects = {p.id: Project(str(p.id), p.cost) for p in proposals if points.get(p.id, 0) > 0}
    instance = Instance(projects.values(), budget_limit=budget)
    if kind == "approval":
        profile = ApprovalProfile(
            [ApprovalBallot(projects[pid] for pid in ballot) for ballot in ballots],
            instance=instance,
        )
    else:
        profile = CumulativeProfile(
            [
                CumulativeBallot({projects[pid]: value for pid, value in ballot.items()})
                for ballot in ballots
            ],
            instance=instance,
        )
    tallies = {
        str(p.id): Tally(p.id, p.cost, points.get(p.id, 0), supporters.get(p.id, 0))
        for p in proposals
    }
    tie = TieBreakingRule(lambda inst, prof, proj: rank_key(tallies[proj.name], DEFAULT_TIE_BREAK))
    return instance, profile, tie


def reference_greedy(proposals, ballots, budget, kind="cumulative") -> list[int]:
    instance, profile, tie = build(proposals, ballots, budget, kind)
    outcome = greedy_utilitarian_welfare(
        instance, profile, sat_class=PointsTimesCostSat, tie_breaking=tie
    )
    return sorted(int(p.name) for p in outcome)


def reference_equal_shares(proposals, ballots, budget, kind="cumulative") -> list[int]:
    instance, profile, tie = build(proposals, ballots, budget, kind)
    sat = Cardinality_Sat if kind == "approval" else Additive_Cardinal_Sat
    outcome = completion_by_rule_combination(
        instance,
        profile,
        [method_of_equal_shares, greedy_utilitarian_welfare],
        [
            {"sat_class": sat, "voter_budget_increment": 1, "tie_breaking": tie},
            {"sat_class": PointsTimesCostSat, "tie_breaking": tie},
        ],
    )
    return sorted(int(p.name) for p in outcome)
