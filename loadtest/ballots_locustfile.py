"""Residents cast their Bürgerbudget ballots, as many as can, through the API: each
simulated user takes the next voter of the plan (``loadtest.prepare_ballots``), reads the
ballot (GET), casts 5 cumulative votes (PUT) and, one in five, changes the ballot once
more (a second PUT: a new version, the last counts). When every voter has voted the
users stop. Run by ``scripts/loadtest.sh --scenario ballots``.

What each voter's last accepted ballot was, and how many PUTs were accepted, is written
to ``LOADTEST_OUTCOMES`` when the run stops, so ``loadtest.verify_ballots`` can compare
with the rows: one Ballot per voter, its choices the last accepted, its versions the
accepted PUTs.
"""

from __future__ import annotations

import json
import os
import random
import threading
from pathlib import Path

from locust import constant, events, task
from locust.contrib.fasthttp import FastHttpUser
from locust.exception import StopUser

PLAN = json.loads(Path(os.environ.get("LOADTEST_PLAN", "var/loadtest/plan.json")).read_text())
OUTCOMES_PATH = Path(os.environ.get("LOADTEST_OUTCOMES", "var/loadtest/outcomes.json"))
CHANGE_SHARE = 0.2

SLUG = PLAN["budget_slug"]
NUMBERS = PLAN["proposal_numbers"]
POINTS = PLAN["votes_per_ballot"]
URL = f"/api/v1/budgets/{SLUG}/ballot/"

_lock = threading.Lock()
_next = iter(range(len(PLAN["tokens"])))
_done = [0]
# voter index -> {"choices": last accepted, "accepted": number of accepted PUTs}
OUTCOMES: dict[int, dict] = {}


def next_voter() -> int | None:
    with _lock:
        return next(_next, None)


def a_ballot(rng: random.Random) -> dict[str, int]:
    """5 votes spread over 1–5 proposals, as residents do."""
    choices: dict[str, int] = {}
    for _ in range(POINTS):
        number = str(rng.choice(NUMBERS))
        choices[number] = choices.get(number, 0) + 1
    return choices


class Voter(FastHttpUser):
    wait_time = constant(0)

    @task
    def vote(self) -> None:
        index = next_voter()
        if index is None:
            raise StopUser()
        headers = {"Authorization": f"Token {PLAN['tokens'][index]}"}
        rng = random.Random(index)
        with self.client.get(
            URL, headers=headers, name="ballot: read", catch_response=True
        ) as response:
            # 404: this voter has no ballot yet (the API's answer before the first cast).
            if response.status_code in (200, 404):
                response.success()
            else:
                response.failure(f"{response.status_code}: {response.text[:200]}")
        casts = 2 if rng.random() < CHANGE_SHARE else 1
        for _ in range(casts):
            choices = a_ballot(rng)
            with self.client.put(
                URL,
                json={"choices": choices},
                headers=headers,
                name="ballot: cast",
                catch_response=True,
            ) as response:
                if response.status_code == 200:
                    with _lock:
                        outcome = OUTCOMES.setdefault(index, {"accepted": 0})
                        # The same choices again are no change: no new version.
                        if outcome.get("choices") != choices:
                            outcome["accepted"] += 1
                        outcome["choices"] = choices
                    response.success()
                else:
                    response.failure(f"{response.status_code}: {response.text[:200]}")
        with _lock:
            _done[0] += 1
            everyone_voted = _done[0] == len(PLAN["tokens"])
        if everyone_voted:
            self.environment.runner.quit()  # the run ends when the last voter has voted


@events.quitting.add_listener
def _write_outcomes(environment, **_kwargs) -> None:
    OUTCOMES_PATH.write_text(json.dumps({str(k): v for k, v in OUTCOMES.items()}))
