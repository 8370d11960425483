"""Prepare the Bürgerbudget load test (``scripts/loadtest.sh --scenario ballots``) in its
fresh database: a Bürgerbudget in its voting phase (Jena's rules: 5 cumulative votes,
the board's confirmation recorded) with ``--proposals`` proposals on the ballot, and
``--voters`` verified residents aged 16+ (a current confirmation of their residence, each
with its own register key), each with an API token. The voters cast their ballots
through the API (``PUT /api/v1/budgets/<slug>/ballot/``), as an app or the ballot page's
script would.

The voters are made in bulk (rows, not the sign-up): the run is about 10,000 ballots in
an hour, not about 10,000 sign-ups. Writes the plan (JSON) that
``loadtest/ballots_locustfile.py`` and ``loadtest/verify_ballots.py`` read; the tokens
in it are throw-away keys of a throw-away database.

    DJANGO_SETTINGS_MODULE=loadtest.settings REDIS_URL= EMAIL_URL=dummymail://localhost \
        python -m loadtest.prepare_ballots --voters 10000 --out plan.json
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import secrets
from pathlib import Path

from loadtest.prepare import _setup_django

BUDGET_SLUG = "lasttest-buergerbudget"
EMAIL_DOMAIN = "ballots.loadtest.jena-smart.example"
BATCH = 2000


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--voters", type=int, default=10_000)
    parser.add_argument("--proposals", type=int, default=30)
    parser.add_argument("--out", type=Path, required=True)
    return parser.parse_args()


def prepare(args: argparse.Namespace) -> dict:
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from core.api.tokens import Token, token_digest
    from participation.budgets.models import BoardConfirmation, Budget, Proposal, ProposalStatus
    from projects.models import Phase, Project
    from verification.models import Method, Verification

    call_command("migrate", verbosity=0, interactive=False)
    now = timezone.now()
    User = get_user_model()  # noqa: N806 - Django's own spelling
    with transaction.atomic():
        project = Project.objects.create(
            title="Lasttest: Bürgerbudget",
            slug=BUDGET_SLUG,
            status=Project.Status.PUBLISHED,
            summary="Zehntausend Stimmzettel in einer Stunde.",
        )
        budget = Budget.objects.create(
            project=project,
            year=now.year,
            amount=52_470,
            cap_per_proposal=10_000,
            votes_per_ballot=5,
        )
        Phase.objects.create(
            project=project,
            type=Phase.Type.VOTING,
            start=now - datetime.timedelta(days=1),
            end=now + datetime.timedelta(days=14),
            allows_votes=True,
            requires_resident=True,
            min_age=16,
        )
        author = User.objects.create_user(
            email=f"autorin@{EMAIL_DOMAIN}", password=None, display_name="Autorin"
        )
        proposals = Proposal.objects.bulk_create(
            Proposal(
                budget=budget,
                number=n,
                author=author,
                title=f"Vorschlag {n}",
                description="Ein Vorschlag für den Lasttest.",
                estimated_cost=1_000 + (n * 337) % 9_000,
                status=ProposalStatus.VALID,
                review_reason="Zulässig.",
            )
            for n in range(1, args.proposals + 1)
        )
        BoardConfirmation.objects.create(
            budget=budget,
            meeting_date=now.date(),
            decision="Liste bestätigt.",
            proposal_count=len(proposals),
        )

    unusable = make_password(None)
    voters: list[str] = []
    for start in range(0, args.voters, BATCH):
        numbers = range(start + 1, min(start + BATCH, args.voters) + 1)
        with transaction.atomic():
            users = User.objects.bulk_create(
                # An unusable password: they never sign in, the token is their key.
                User(email=f"w{n}@{EMAIL_DOMAIN}", display_name=f"Wählerin {n}", password=unusable)
                for n in numbers
            )
            EmailAddress.objects.bulk_create(
                EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users
            )
            Verification.objects.bulk_create(
                Verification(
                    user=u,
                    method=Method.REGISTER,
                    verified_at=now,
                    expires_at=now + datetime.timedelta(days=730),
                    birth_year=1980,
                    entry_digest=hashlib.sha256(f"lasttest:{u.pk}".encode()).hexdigest(),
                )
                for u in users
            )
            keys = [secrets.token_hex(20) for _ in users]
            Token.objects.bulk_create(
                Token(user=u, key=token_digest(key)) for u, key in zip(users, keys, strict=True)
            )
            voters.extend(keys)
    return {
        "budget_slug": BUDGET_SLUG,
        "email_domain": EMAIL_DOMAIN,
        "proposal_numbers": [p.number for p in proposals],
        "votes_per_ballot": budget.votes_per_ballot,
        "tokens": voters,
    }


def main() -> None:
    args = _parse()
    _setup_django()
    plan = prepare(args)
    args.out.write_text(json.dumps(plan))
    print(
        f"prepared: budget {plan['budget_slug']} with {len(plan['proposal_numbers'])} "
        f"proposals on the ballot, {len(plan['tokens'])} verified voters with API tokens"
    )


if __name__ == "__main__":
    main()
