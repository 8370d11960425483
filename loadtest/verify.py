"""After the load: wait for the worker to send what is pending, then check the database,
the mails and locust's statistics, print the summary, and exit non-zero on a failed check.

Checks:

(a) counters: for every idea, ``vote_count`` equals its Vote rows and ``comment_count``
    its visible Comment rows; nobody holds more votes in the phase than it allows;
(b) what locust recorded as done equals what the database holds: the supports each
    resident holds (idea by idea), and the comments created (by id);
(c) e-mail: every immediate notification written during the run was sent (no row still
    pending, none skipped or "uncertain"), and the SMTP sink received each one exactly
    once (by its Message-ID ``<notification-<pk>@…>``), addressed to the row's recipient;
(d) locust counted no failed request;
(e) the web server, the worker and beat logged no error (their logs in the run's folder);
(f) the posting limit per person held under concurrent posting: the resident whom two
    "Hurried" users share got no more comments through in any of the limit's windows than
    it allows, and was answered 429 when trying more.

    DJANGO_SETTINGS_MODULE=loadtest.settings python -m loadtest.verify --dir var/loadtest
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

NOTIFICATION_ID = re.compile(r"<notification-(\d+)@")
LOG_ERROR = re.compile(r"Traceback|\bERROR\b|\bCRITICAL\b|/ERROR\]|/CRITICAL\]")


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loadtest.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()


def _mails(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


# --- waiting for the worker -----------------------------------------------------------------


def wait_for_drain(*, baseline: int, sink: Path, timeout: float) -> tuple[int, float]:
    """Wait until no immediate notification of the run is pending and the sink has been
    quiet for two seconds. Returns (rows still pending, seconds waited)."""
    from participation.notifications import delivery
    from participation.notifications.models import Delivery

    started = time.monotonic()
    seen, quiet_since = -1, time.monotonic()
    while True:
        pending = delivery.pending(Delivery.IMMEDIATE).filter(pk__gt=baseline).count()
        received = len(_mails(sink))
        if received != seen:
            seen, quiet_since = received, time.monotonic()
        waited = time.monotonic() - started
        if pending == 0 and time.monotonic() - quiet_since >= 2:
            return 0, waited
        if waited > timeout:
            return pending, waited
        time.sleep(0.5)


# --- the checks -----------------------------------------------------------------------------


class Checks:
    def __init__(self) -> None:
        self.results: list[tuple[str, bool, str]] = []

    def add(self, name: str, ok: bool, detail: str) -> None:
        self.results.append((name, ok, detail))

    @property
    def passed(self) -> bool:
        return all(ok for _name, ok, _detail in self.results)


def check_counters(checks: Checks, plan: dict) -> None:
    from django.db.models import Count, F, Q

    from participation.ideas.models import Idea, Vote

    wrong = list(
        Idea.objects.annotate(
            vote_rows=Count("votes", distinct=True),
            comment_rows=Count(
                "comments",
                filter=Q(comments__is_deleted=False, comments__is_hidden=False),
                distinct=True,
            ),
        )
        .exclude(vote_count=F("vote_rows"), comment_count=F("comment_rows"))
        .values_list("pk", "vote_count", "vote_rows", "comment_count", "comment_rows")
    )
    total = Idea.objects.count()
    checks.add(
        "(a) idea counters equal the rows",
        not wrong,
        f"{total} ideas, {len(wrong)} wrong" + (f": {wrong[:5]}" if wrong else ""),
    )
    most = (
        Vote.objects.filter(idea__project_id=plan["project_id"])
        .values("user_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("n", flat=True)
        .first()
    ) or 0
    checks.add(
        "(a) nobody over the phase's votes per person",
        most <= plan["votes_per_person"],
        f"most votes held by one resident: {most} (limit {plan['votes_per_person']})",
    )


def check_recorded(checks: Checks, plan: dict, outcomes: dict) -> dict:
    from participation.ideas.models import Comment, Vote

    counts = outcomes.get("counts", {})
    resident_ids = [r["id"] for r in plan["residents"]]
    held = {
        (int(user), idea) for user, ideas in outcomes.get("votes", {}).items() for idea in ideas
    }
    in_db = set(
        Vote.objects.filter(
            idea__project_id=plan["project_id"], user_id__in=resident_ids
        ).values_list("user_id", "idea_id")
    )
    cast, withdrawn = counts.get("vote_cast_ok", 0), counts.get("vote_withdrawn_ok", 0)
    checks.add(
        "(b) supports: locust's record equals the Vote rows",
        held == in_db and cast - withdrawn == len(in_db),
        f"{cast} cast − {withdrawn} withdrawn = {cast - withdrawn}; Vote rows of the "
        f"residents: {len(in_db)}; held per resident equal: {held == in_db}"
        + (
            f"; only in locust: {sorted(held - in_db)[:5]}, only in the db: "
            f"{sorted(in_db - held)[:5]}"
            if held != in_db
            else ""
        ),
    )
    created = set(outcomes.get("comments", []))
    new_rows = set(
        Comment.objects.filter(pk__gt=plan["baseline"]["comment_max_pk"]).values_list(
            "pk", flat=True
        )
    )
    checks.add(
        "(b) comments: locust's record equals the Comment rows",
        created == new_rows and counts.get("comment_ok", 0) == len(new_rows),
        f"{counts.get('comment_ok', 0)} published (POST answered with the comment), "
        f"{len(new_rows)} new Comment rows"
        + (
            f"; only in locust: {sorted(created - new_rows)[:5]}, only in the db: "
            f"{sorted(new_rows - created)[:5]}"
            if created != new_rows
            else ""
        ),
    )
    return {"votes_held": len(in_db), "comments": len(new_rows)}


def check_posting_limit(checks: Checks, plan: dict, outcomes: dict) -> None:
    from django.conf import settings

    from core.ratelimit import Rate
    from participation.ideas.models import Comment

    if not outcomes.get("hurried"):
        return  # a run without Hurried users (fewer users than it needs)
    rate = Rate.parse(settings.POSTING_RATE_LIMITS["comment"])
    created = Comment.objects.filter(
        pk__gt=plan["baseline"]["comment_max_pk"], author_id__in=outcomes["hurried"]
    ).values_list("created_at", flat=True)
    # The same fixed windows as core.ratelimit: epoch seconds rounded down.
    per_window = Counter(int(at.timestamp()) // rate.seconds for at in created)
    limited = outcomes.get("counts", {}).get("hurried_rate_limited", 0)
    checks.add(
        "(f) the comment limit per person held for two users posting at once",
        max(per_window.values(), default=0) <= rate.count and limited > 0,
        f"limit {rate.count} per {rate.seconds} s; published per window: "
        f"{sorted(per_window.values())}; answered 429: {limited}",
    )


def check_mails(checks: Checks, plan: dict, mails: list[dict], still_pending: int) -> dict:
    from participation.notifications.models import Delivery, Notification

    baseline = plan["baseline"]["notification_max_pk"]
    rows = Notification.objects.filter(pk__gt=baseline)
    immediate = dict(rows.filter(delivery=Delivery.IMMEDIATE).values_list("pk", "recipient__email"))
    sent = set(
        rows.filter(
            delivery=Delivery.IMMEDIATE,
            emailed_at__isnull=False,
            email_uncertain=False,
            email_skipped=False,
        ).values_list("pk", flat=True)
    )
    uncertain = rows.filter(email_uncertain=True).count()
    skipped = rows.filter(delivery=Delivery.IMMEDIATE, email_skipped=True).count()
    retried = rows.filter(email_attempts__gt=0).count()

    per_id: Counter = Counter()
    wrong_recipient = 0
    others = 0
    for mail in mails:
        found = NOTIFICATION_ID.search(mail["message_id"])
        if not found:
            others += 1
            continue
        pk = int(found.group(1))
        per_id[pk] += 1
        if pk in immediate and mail["to"] != [immediate[pk].lower()]:
            wrong_recipient += 1
    received = set(per_id)
    duplicates = {pk: n for pk, n in per_id.items() if n > 1}
    missing = set(immediate) - received
    unexpected = received - set(immediate)
    ok = (
        still_pending == 0
        and sent == set(immediate)
        and not duplicates
        and not missing
        and not unexpected
        and not wrong_recipient
        and uncertain == 0
    )
    checks.add(
        "(c) every notification e-mail received exactly once",
        ok,
        f"{len(immediate)} immediate notifications of the run, {len(sent)} marked sent, "
        f"{still_pending} still pending, {skipped} skipped, {uncertain} uncertain; sink: "
        f"{len(mails)} mails, {len(received)} distinct notification Message-IDs, "
        f"{sum(duplicates.values()) - len(duplicates)} duplicates, {len(missing)} missing, "
        f"{len(unexpected)} unexpected, {wrong_recipient} to a wrong address, "
        f"{others} other mails",
    )
    return {
        "notifications": rows.count(),
        "immediate": len(immediate),
        "mails": len(mails),
        "duplicates": sum(duplicates.values()) - len(duplicates),
        "missing": len(missing),
        "retried_rows": retried,
    }


# --- locust's statistics --------------------------------------------------------------------


def read_stats(path: Path) -> list[dict]:
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


def _ms(value: str) -> str:
    try:
        return f"{float(value):.0f}"
    except (TypeError, ValueError):
        return value or "-"


def stats_table(rows: list[dict]) -> str:
    header = (
        f"| {'request':<28} | {'requests':>8} | {'failures':>8} | {'req/s':>6} | "
        f"{'p50 ms':>6} | {'p95 ms':>6} | {'p99 ms':>6} | {'max ms':>6} |"
    )
    lines = [header, "|" + "|".join("-" * (len(cell)) for cell in header.split("|")[1:-1]) + "|"]
    ordered = sorted(
        (r for r in rows if r["Name"] != "Aggregated"), key=lambda r: -int(r["Request Count"])
    ) + [r for r in rows if r["Name"] == "Aggregated"]
    for row in ordered:
        name = "all requests" if row["Name"] == "Aggregated" else row["Name"]
        lines.append(
            f"| {name:<28} | {row['Request Count']:>8} | {row['Failure Count']:>8} | "
            f"{float(row['Requests/s']):>6.1f} | {_ms(row['50%']):>6} | {_ms(row['95%']):>6} | "
            f"{_ms(row['99%']):>6} | {_ms(row['Max Response Time']):>6} |"
        )
    return "\n".join(lines)


def check_errors(checks: Checks, rows: list[dict], failures_csv: Path) -> dict:
    total = next((r for r in rows if r["Name"] == "Aggregated"), None)
    failures = int(total["Failure Count"]) if total else -1
    detail = f"{failures} failed of {total['Request Count'] if total else 0} requests"
    if failures and failures_csv.exists():
        reasons = [
            f"{r['Name']}: {r['Error']} ×{r['Occurrences']}" for r in read_stats(failures_csv)
        ][:5]
        detail += "; " + "; ".join(reasons)
    checks.add("(d) no failed request", failures == 0, detail)
    return {
        "requests": int(total["Request Count"]) if total else 0,
        "rps": float(total["Requests/s"]) if total else 0.0,
    }


def check_logs(checks: Checks, folder: Path) -> None:
    """Tracebacks, ERROR/CRITICAL lines (a gunicorn WORKER TIMEOUT is CRITICAL)."""
    found = []
    for name in ("web", "worker", "beat"):
        path = folder / f"{name}.log"
        if not path.exists():
            continue
        lines = path.read_text(errors="replace").splitlines()
        bad = [line for line in lines if LOG_ERROR.search(line)]
        if bad:
            found.append(f"{name}.log: {len(bad)} (first: {bad[0][:160]!r})")
    checks.add(
        "(e) no error in the logs of gunicorn, the worker and beat",
        not found,
        "; ".join(found) or "none",
    )


# --- main -----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description="checks after the load test")
    parser.add_argument("--dir", type=Path, required=True, help="the run's folder")
    parser.add_argument("--drain-timeout", type=float, default=300)
    args = parser.parse_args()
    _setup_django()

    plan = json.loads((args.dir / "plan.json").read_text())
    outcomes_path = args.dir / "outcomes.json"
    outcomes = json.loads(outcomes_path.read_text()) if outcomes_path.exists() else {}
    sink = args.dir / "mails.jsonl"

    pending, waited = wait_for_drain(
        baseline=plan["baseline"]["notification_max_pk"], sink=sink, timeout=args.drain_timeout
    )
    print(
        f"worker drained the e-mail queue {waited:.1f} s after the load stopped"
        + (f" (timed out, {pending} pending)" if pending else "")
    )

    checks = Checks()
    stats = read_stats(args.dir / "locust_stats.csv")
    totals = check_errors(checks, stats, args.dir / "locust_failures.csv")
    check_counters(checks, plan)
    rows = check_recorded(checks, plan, outcomes)
    mails = check_mails(checks, plan, _mails(sink), pending)
    check_posting_limit(checks, plan, outcomes)
    check_logs(checks, args.dir)

    counts = outcomes.get("counts", {})
    table = stats_table(stats)
    summary = [
        table,
        "",
        f"total: {totals['requests']} requests, {totals['rps']:.1f} requests/s",
        "supports: {cast} cast, {refused} refused by the phase's limit (expected), "
        "{withdrawn} withdrawn, {held} held at the end; comments and replies: {comments}; "
        "refused by the posting limits (429, expected): {rl_votes} supports, "
        "{rl_comments} comments; sign-ins through the form: {signins}".format(
            cast=counts.get("vote_cast_ok", 0),
            refused=counts.get("vote_refused_limit", 0),
            withdrawn=counts.get("vote_withdrawn_ok", 0),
            held=rows["votes_held"],
            comments=rows["comments"],
            rl_votes=counts.get("vote_rate_limited", 0),
            rl_comments=counts.get("comment_rate_limited", 0),
            signins=counts.get("sign_in_ok", 0),
        ),
        "e-mail: {immediate} immediate notifications → {mails} mails received, "
        "{duplicates} duplicates, {missing} missing ({retried} rows needed a retry); "
        "drained {waited:.1f} s after the load".format(
            **mails, waited=waited, retried=mails["retried_rows"]
        ),
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
