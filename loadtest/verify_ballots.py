"""After the Bürgerbudget load (``scripts/loadtest.sh --scenario ballots``): check the
rows against what locust recorded, the logs and locust's statistics; print the summary
with the ballots per hour; exit non-zero on a failed check.

Checks:

(a) one Ballot row per voter who cast a ballot, and no more; the choices of each equal
    the last ballot the API accepted for that voter (mapped from proposal numbers to
    ids), its version the number of accepted casts, and the BallotVersion rows the sum
    of accepted casts;
(b) the points on the ballots equal the points recorded as accepted (the count sums
    rows, so counts = rows);
(d) locust counted no failed request;
(e) the web server, the worker and beat logged no error.

    DJANGO_SETTINGS_MODULE=loadtest.settings python -m loadtest.verify_ballots --dir var/loadtest
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from loadtest.verify import Checks, _setup_django, check_errors, check_logs, read_stats, stats_table


def check_ballots(checks: Checks, plan: dict, outcomes: dict) -> dict:
    from participation.budgets.models import Ballot, BallotVersion, Budget

    budget = Budget.objects.get(project__slug=plan["budget_slug"])
    ids = dict(budget.proposals.values_list("number", "pk"))
    ballots = {
        key: (choices, version)
        for key, choices, version in Ballot.objects.filter(budget=budget).values_list(
            "user__email", "choices", "version"
        )
    }
    expected_rows = len(outcomes)
    checks.add(
        "(a) one Ballot row per voter",
        len(ballots) == expected_rows,
        f"{len(ballots)} rows for {expected_rows} voters whose ballot was accepted",
    )
    wrong = []
    for index, outcome in outcomes.items():
        email = f"w{int(index) + 1}@{plan['email_domain']}"
        stored = ballots.get(email)
        want = {str(ids[int(number)]): points for number, points in outcome["choices"].items()}
        if stored is None or stored[0] != want or stored[1] != outcome["accepted"]:
            wrong.append(index)
    checks.add(
        "(a) each ballot holds the last accepted choices and one version per accepted cast",
        not wrong,
        f"{len(wrong)} differ" + (f" (first voters: {wrong[:5]})" if wrong else ""),
    )
    accepted = sum(o["accepted"] for o in outcomes.values())
    versions = BallotVersion.objects.filter(ballot__budget=budget).count()
    checks.add(
        "(a) BallotVersion rows = accepted casts",
        versions == accepted,
        f"{versions} rows, {accepted} accepted casts",
    )
    points_rows = sum(sum(choices.values()) for choices, _version in ballots.values())
    points_recorded = sum(sum(o["choices"].values()) for o in outcomes.values())
    checks.add(
        "(b) points on the ballots = points accepted",
        points_rows == points_recorded,
        f"{points_rows} in the rows, {points_recorded} recorded",
    )
    return {"ballots": len(ballots), "casts": accepted}


def main() -> None:
    parser = argparse.ArgumentParser(description="checks after the Bürgerbudget load test")
    parser.add_argument("--dir", type=Path, required=True, help="the run's folder")
    parser.add_argument("--seconds", type=float, required=True, help="how long the load ran")
    args = parser.parse_args()
    _setup_django()

    plan = json.loads((args.dir / "plan.json").read_text())
    outcomes_path = args.dir / "outcomes.json"
    outcomes = json.loads(outcomes_path.read_text()) if outcomes_path.exists() else {}

    checks = Checks()
    stats = read_stats(args.dir / "locust_stats.csv")
    totals = check_errors(checks, stats, args.dir / "locust_failures.csv")
    rows = check_ballots(checks, plan, outcomes)
    check_logs(checks, args.dir)

    per_hour = rows["ballots"] / args.seconds * 3600 if args.seconds else 0
    summary = [
        stats_table(stats),
        "",
        f"total: {totals['requests']} requests, {totals['rps']:.1f} requests/s",
        f"ballots: {rows['ballots']} cast by {len(plan['tokens'])} voters "
        f"({rows['casts']} casts with changes) in {args.seconds:.0f} s = "
        f"{per_hour:,.0f} ballots per hour",
        "",
    ]
    for name, ok, detail in checks.results:
        summary.append(f"{'PASS' if ok else 'FAIL'}  {name}: {detail}")
    text = "\n".join(summary)
    print(text)
    (args.dir / "summary.txt").write_text(text + "\n")
    if not checks.passed:
        print("\nLOAD TEST FAILED: see the checks above.")
        sys.exit(1)
    print("\nLoad test passed.")


if __name__ == "__main__":
    main()
