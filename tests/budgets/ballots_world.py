"""Test data of the ballot tests: a budget in its voting phase whose ballot the board
confirmed, with three proposals on it, verified residents (their confirmation made with
a register entry, so their online key meets their paper sheet's), paper staff and a
polling station."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import Permission
from django.utils.text import slugify

from geo.models import District
from participation.budgets.models import BoardConfirmation, Budget, PollingStation, Proposal
from tests.factories import (
    BudgetFactory,
    ProjectFactory,
    StaffFactory,
    UserFactory,
    ValidProposalFactory,
)
from tests.verification.factories import ANNA, JOERG, Resident, VerificationFactory, import_extract
from users.models import User
from verification.person import Person

# A 13-year-old in the register (too young to vote on any key date of these tests).
KIM = Resident(
    "Kim",
    "Schulz",
    datetime.date.today().replace(year=datetime.date.today().year - 13),
    "Markt",
    "3",
    district="Zentrum",
)


def person_of(resident: Resident) -> Person:
    return Person(
        given_names=resident.given_names,
        family_name=resident.family_name,
        date_of_birth=resident.date_of_birth,
        street=resident.street,
        house_number=resident.house_number,
        postcode=resident.postcode,
    )


def district(name: str) -> District:
    return District.objects.get_or_create(name=name, defaults={"slug": slugify(name)})[0]


def resident_of(resident: Resident, **user_fields) -> User:
    """A person with a verified e-mail address whose residence was confirmed with the
    register entry of ``resident``."""
    user = UserFactory(**user_fields)
    VerificationFactory(
        user=user,
        entry_digest=person_of(resident).digest(),
        district=district(resident.district) if resident.district else None,
        birth_year=resident.date_of_birth.year,
    )
    return User.objects.get(pk=user.pk)


def paper_staff(**fields) -> User:
    user = StaffFactory(**fields)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="budgets", codename="enter_paper_ballot")
    )
    return User.objects.get(pk=user.pk)


def confirm(budget: Budget) -> BoardConfirmation:
    return BoardConfirmation.objects.create(
        budget=budget,
        meeting_date=datetime.date(2026, 9, 1),
        decision="Der Beirat bestätigt die Liste.",
        proposal_count=budget.proposals.count(),
    )


@dataclass
class World:
    budget: Budget
    proposals: list[Proposal]  # numbers 1, 2, 3; costs 20,000, 24,000, 9,000
    anna: User  # verified resident of Zentrum, in the register
    station: PollingStation


def ballot_world(*, stage: str = "voting", confirmed: bool = True, **budget_fields) -> World:
    """Register with ANNA, JOERG and KIM imported; a budget (€52,470 when knapsack)."""
    import_extract(ANNA, JOERG, KIM)
    budget = BudgetFactory(
        project=ProjectFactory(title="Bürgerbudget 2026"),
        stage=stage,
        **{"amount": 52_470, **budget_fields},
    )
    proposals = [
        ValidProposalFactory(
            budget=budget,
            number=1,
            title="Bank am Spielplatz",
            estimated_cost=20_000,
            district=district("Zentrum"),
        ),
        ValidProposalFactory(budget=budget, number=2, title="Trinkbrunnen", estimated_cost=24_000),
        ValidProposalFactory(budget=budget, number=3, title="Bücherschrank", estimated_cost=9_000),
    ]
    if confirmed:
        confirm(budget)
    station = PollingStation.objects.create(budget=budget, name="Stadtteilbüro Lobeda")
    return World(budget, proposals, resident_of(ANNA), station)


def fresh(budget: Budget) -> Budget:
    return Budget.objects.select_related("project").get(pk=budget.pk)
