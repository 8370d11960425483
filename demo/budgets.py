"""The demo Bürgerbudget of ``make run``: every stage of the process to look at.

* **Bürgerbudget 2025** (last year): 50,000 €, proposals reviewed, the board's
  confirmation with its minutes, ballots online and on paper, the count by greedy
  published with its protocol, the funded proposals in implementation with dated
  updates; its remainder is carried over into 2026.
* **Bürgerbudget 2026** (this year): 50,000 € plus the remainder of 2025, 30 proposals
  (four not valid, with their published reasons, one with a higher reviewed cost), the
  board's confirmation, and the voting phase running: demo voters have cast ballots
  online, staff have entered paper sheets twice (one mismatch waits to be resolved).
  A newcomer signs in as the demo resident, confirms the residence on /konto/wohnsitz/
  with the sample person of the demo register, and votes.

The history (last year, and this year's submission and review, which lie in the past)
is written as rows, backdated; what runs now goes through the services as staff and
residents would (review, the board's confirmation, ballots, paper entry, the count).
A second run changes nothing.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm

from geo.models import District
from participation.budgets.models import (
    Ballot,
    BallotChannel,
    BallotVersion,
    BoardConfirmation,
    Budget,
    Count,
    ImplementationStatus,
    PaperSheet,
    PollingStation,
    Proposal,
    ProposalSource,
    ProposalStatus,
)
from projects.models import Category, Phase, Project
from verification.models import Method, Verification
from verification.person import Person

from .budget_texts import (
    CATEGORIES,
    COST_REASON,
    IMPLEMENTATION_TEXTS,
    INVALID_REASONS,
    LAST_YEAR,
    THIS_YEAR,
    VALID_REASON,
    ProposalText,
)
from .easy_summaries import easy_summaries_ensure
from .english import BUDGET_SLUGS, fill_english_projects
from .verification import SAMPLE, demo_extract_csv

SEED = 2026
DAY = datetime.timedelta(days=1)
VOTERS_EMAIL = "waehlerin{n:03d}@demo-buergerbudget.jena-smart.example"
ONLINE_VOTERS = 240
LAST_YEAR_BALLOTS = 420
STATIONS = (
    ("Bürgerservice im Rathaus", "Markt 1, 07743 Jena"),
    ("Stadtteilbüro Lobeda", "Karl-Marx-Allee 28, 07747 Jena"),
)


class BudgetDemoMissing(Exception):
    """The Jena demo (districts) or the register extract is not loaded."""


@dataclass
class BudgetDemoResult:
    created: dict = field(default_factory=dict)

    def add(self, kind: str, n: int = 1) -> None:
        self.created[kind] = self.created.get(kind, 0) + n


def _at(year: int, month: int, day: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, 9, 0))


def _centroid(district: District) -> dict | None:
    from geo.validation import geometry_from_geojson

    try:
        centre = geometry_from_geojson(district.boundary).point_on_surface
    except Exception:  # noqa: BLE001 - a district without a usable boundary gets no point
        return None
    return {"type": "Point", "coordinates": [round(centre.x, 5), round(centre.y, 5)]}


# --- the two budgets ----------------------------------------------------------------------


def _project(slug: str, title: str, summary: str, description: str, result) -> Project:
    project, created = Project.objects.get_or_create(
        slug=slug,
        defaults={
            "title": title,
            "summary": summary,
            "description": description,
            "status": Project.Status.PUBLISHED,
        },
    )
    if created:
        result.add("budgets")
        for slug_, name in CATEGORIES:
            Category.objects.create(project=project, slug=slug_, name=name)
    return project


PHASE_TEXTS = {
    "submission": "Reichen Sie Ihre Vorschläge online, per E-Mail oder per Brief ein – "
    "höchstens 10.000 € je Vorschlag.",
    "review": "Die Koordinierungsstelle Bürgerbeteiligung prüft jeden Vorschlag mit den "
    "Fachämtern und veröffentlicht die Begründung.",
    "confirmation": "Der Beirat für Bürgerbeteiligung bestätigt die Liste der Vorschläge, "
    "die zur Abstimmung stehen.",
    "voting": "Alle Einwohnerinnen und Einwohner ab 16 Jahren haben 5 Stimmen, die sie auf "
    "einen oder mehrere Vorschläge verteilen – online oder auf Papier.",
    "counting": "Die Stimmen werden ausgezählt; das Zählprotokoll geht an den Beirat.",
    "results": "Das Ergebnis: Welche Vorschläge gefördert werden und warum.",
    "implementation": "Die Fachämter setzen die geförderten Vorschläge um; hier sehen Sie "
    "den Stand.",
}


def _phases(project: Project, dates: list[tuple[str, datetime.datetime, datetime.datetime]]):
    if project.phases.exists():
        return
    for phase_type, start, end in dates:
        Phase.objects.create(
            project=project,
            type=phase_type,
            description=PHASE_TEXTS[phase_type],
            start=start,
            end=end,
            allows_ideas=phase_type == "submission",
            allows_comments=phase_type == "submission",
            allows_votes=phase_type in ("submission", "voting"),
            requires_resident=phase_type == "voting",
            min_age=16 if phase_type == "voting" else None,
        )


def _last_year_dates():
    return [
        ("submission", _at(2025, 6, 1), _at(2025, 8, 1)),
        ("review", _at(2025, 8, 1), _at(2025, 9, 15)),
        ("confirmation", _at(2025, 9, 15), _at(2025, 10, 1)),
        ("voting", _at(2025, 10, 1), _at(2025, 10, 29)),
        ("counting", _at(2025, 10, 29), _at(2025, 11, 5)),
        ("results", _at(2025, 11, 5), _at(2025, 12, 1)),
        ("implementation", _at(2025, 12, 1), _at(2027, 6, 30)),
    ]


def _this_year_dates(now: datetime.datetime):
    today = timezone.localtime(now).replace(hour=9, minute=0, second=0, microsecond=0)
    voting_start = today - 8 * DAY
    return [
        ("submission", voting_start - 130 * DAY, voting_start - 70 * DAY),
        ("review", voting_start - 70 * DAY, voting_start - 21 * DAY),
        ("confirmation", voting_start - 21 * DAY, voting_start),
        ("voting", voting_start, voting_start + 36 * DAY),
        ("counting", voting_start + 36 * DAY, voting_start + 43 * DAY),
        ("results", voting_start + 43 * DAY, voting_start + 70 * DAY),
        ("implementation", voting_start + 70 * DAY, voting_start + 600 * DAY),
    ]


# --- proposals as rows (the submission lies in the past) ----------------------------------


def _proposals(
    budget: Budget, texts, authors: list, staff, received: datetime.datetime, result
) -> list[Proposal]:
    existing = {p.title: p for p in budget.proposals.all()}
    districts = {d.name: d for d in District.objects.all()}
    categories = {c.slug: c for c in budget.project.categories.all()}
    made = []
    for index, text in enumerate(texts):
        proposal = existing.get(text.title)
        if proposal is None:
            district = districts.get(text.district)
            by_letter = index % 7 == 3  # some came by letter or e-mail, entered by staff
            proposal = Proposal.objects.create(
                budget=budget,
                number=index + 1,
                title=text.title,
                description=text.description,
                estimated_cost=text.cost,
                category=categories.get(text.category),
                district=district,
                location=_centroid(district) if district and index % 5 != 4 else None,
                source=ProposalSource.LETTER if by_letter else ProposalSource.ONLINE,
                author=None if by_letter else authors[index % len(authors)],
                author_name="Helga K. (per Brief)" if by_letter else "",
                entered_by=staff if by_letter else None,
                received_on=(received + index * DAY).date() if by_letter else None,
            )
            Proposal.objects.filter(pk=proposal.pk).update(created_at=received + index * DAY)
            result.add("proposals")
        made.append(proposal)
    return made


def _review(proposals: list[Proposal], texts: tuple[ProposalText, ...], reviewer) -> None:
    """Through the review service, as the coordination office would (before the board)."""
    from participation.budgets.services.review import proposal_review

    for index, (proposal, text) in enumerate(zip(proposals, texts, strict=True)):
        if proposal.status not in (ProposalStatus.SUBMITTED, ProposalStatus.IN_REVIEW):
            continue
        invalid = INVALID_REASONS.get(text.title)
        higher = index % 9 == 5 and text.cost <= 9_000  # the office found it costs more
        proposal_review(
            proposal=proposal,
            by=reviewer,
            city_responsible=invalid is None or "Zuständigkeit" not in invalid,
            lawful=True,
            feasible=invalid is None,
            reviewed_cost=text.cost + 900 if higher else None,
            decision=ProposalStatus.INVALID if invalid else ProposalStatus.VALID,
            reason=invalid or (COST_REASON if higher else VALID_REASON),
        )


def _minutes_pdf(budget: Budget, meeting: datetime.date) -> SimpleUploadedFile:
    from weasyprint import HTML

    html = (
        f"<h1>Beirat für Bürgerbeteiligung – Niederschrift</h1>"
        f"<p>Sitzung vom {meeting:%d.%m.%Y}. Tagesordnungspunkt 3: {budget.project.title}.</p>"
        "<p>Der Beirat bestätigt die Liste der zulässigen Vorschläge einstimmig.</p>"
    )
    return SimpleUploadedFile(
        f"niederschrift-{budget.year}.pdf",
        HTML(string=html).write_pdf(),
        content_type="application/pdf",
    )


def _confirm(budget: Budget, staff, meeting: datetime.date) -> None:
    from participation.budgets.services.review import board_confirm

    if BoardConfirmation.objects.filter(budget=budget).exists():
        return
    board_confirm(
        budget=budget,
        by=staff,
        meeting_date=meeting,
        decision="Der Beirat bestätigt die Liste der zulässigen Vorschläge für die "
        "Abstimmung einstimmig.",
        minutes_file=_minutes_pdf(budget, meeting),
    )


# --- voters and ballots -------------------------------------------------------------------


def _voters(count: int, districts: list[District], now, result) -> list:
    """Fictional verified residents (confirmation rows with their own register keys)."""
    user_model = get_user_model()
    emails = [VOTERS_EMAIL.format(n=n) for n in range(1, count + 1)]
    existing = {u.email: u for u in user_model.objects.filter(email__in=emails)}
    from allauth.account.models import EmailAddress

    voters = []
    for n, email in enumerate(emails, start=1):
        user = existing.get(email)
        if user is None:
            user = user_model.objects.create_user(
                email=email, password=None, display_name=f"Demo-Wählerin {n}"
            )
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
            Verification.objects.create(
                user=user,
                method=Method.REGISTER,
                verified_at=now - 40 * DAY,
                expires_at=now + 690 * DAY,
                district=districts[n % len(districts)],
                birth_year=1950 + n % 55,
                entry_digest=hashlib.sha256(f"demo-buergerbudget:{n}".encode()).hexdigest(),
            )
            result.add("voters")
        voters.append(user)
    return voters


def _a_ballot(rng: random.Random, numbers: list[int], weights: list[float]) -> dict[int, int]:
    choices: dict[int, int] = {}
    for number in rng.choices(numbers, weights=weights, k=5):
        choices[number] = choices.get(number, 0) + 1
    return choices


def _weights(proposals: list[Proposal], rng: random.Random) -> list[float]:
    return [rng.uniform(0.3, 3.0) for _ in proposals]


def _historic_ballots(budget: Budget, proposals: list[Proposal], at, result) -> None:
    """Last year's ballots as rows (its voting lies in the past), online and paper."""
    if budget.ballots.exists():
        return
    rng = random.Random(SEED + budget.year)
    numbers = [p.number for p in proposals]
    ids = {p.number: p.pk for p in proposals}
    weights = _weights(proposals, rng)
    districts = list(District.objects.values_list("pk", flat=True))
    ballots = []
    for n in range(LAST_YEAR_BALLOTS):
        choices = {str(ids[k]): v for k, v in _a_ballot(rng, numbers, weights).items()}
        ballots.append(
            Ballot(
                budget=budget,
                voter_key=hashlib.sha256(f"demo-2025:{n}".encode()).hexdigest(),
                channel=BallotChannel.PAPER if n % 6 == 0 else BallotChannel.ONLINE,
                choices=choices,
                district_id=districts[n % len(districts)] if districts else None,
                cast_at=at + datetime.timedelta(hours=n % 600),
            )
        )
    ballots = Ballot.objects.bulk_create(ballots)
    BallotVersion.objects.bulk_create(
        BallotVersion(ballot=b, number=1, choices=b.choices, channel=b.channel, cast_at=b.cast_at)
        for b in ballots
    )
    result.add("ballots", len(ballots))


def _online_ballots(budget: Budget, voters: list, result) -> None:
    from participation.budgets.services.ballots import ballot_cast

    voted = set(budget.ballots.values_list("user_id", flat=True))
    proposals = list(budget.proposals.filter(status=ProposalStatus.VALID).order_by("number"))
    rng = random.Random(SEED + budget.year)
    numbers = [p.number for p in proposals]
    weights = _weights(proposals, rng)
    for voter in voters:
        choices = _a_ballot(rng, numbers, weights)
        if voter.pk in voted:
            continue
        ballot_cast(user=voter, budget=budget, choices=choices)
        result.add("ballots")


def _extract_people(count: int) -> list[Person]:
    """People of the demo register extract (not the sample person, whom newcomers use)."""
    rows = list(csv.DictReader(io.StringIO(demo_extract_csv().decode()), delimiter=";"))
    people = []
    for row in rows:
        if row["Familienname"] == SAMPLE["Familienname"]:
            continue
        born = datetime.datetime.strptime(row["Geburtsdatum"], "%d.%m.%Y").date()
        if (datetime.date.today() - born).days < 17 * 365:
            continue
        people.append(
            Person(
                given_names=row["Vornamen"],
                family_name=row["Familienname"],
                date_of_birth=born,
                street=row["Strasse"],
                house_number=row["Hausnummer"],
                postcode=row["PLZ"],
            )
        )
        if len(people) == count:
            break
    return people


def _paper_sheets(budget: Budget, clerks: tuple, result) -> None:
    """Sheets of the polling stations, each entered by two clerks; the last one with a
    mismatch (one clerk read a 3 where the other read a 2) that waits to be resolved."""
    from participation.budgets.services.paper_ballots import paper_entry_create

    stations = [
        PollingStation.objects.get_or_create(budget=budget, name=name, defaults={"address": a})[0]
        for name, a in STATIONS
    ]
    if PaperSheet.objects.filter(station__budget=budget).exists():
        return
    numbers = list(
        budget.proposals.filter(status=ProposalStatus.VALID).values_list("number", flat=True)
    )
    rng = random.Random(SEED)
    people = _extract_people(7)
    for index, person in enumerate(people):
        station = stations[index % len(stations)]
        sheet_number = f"{index + 1:04d}"
        choices = {rng.choice(numbers): 2, rng.choice(numbers[:5]): 3}
        if len(choices) == 1:
            choices = {numbers[0]: 5}
        second = dict(choices)
        if index == len(people) - 1:
            first_number = next(iter(second))
            second[first_number] = max(1, second[first_number] - 1)
        for clerk, read in ((clerks[0], choices), (clerks[1], second)):
            paper_entry_create(
                by=clerk,
                budget=budget,
                station=station,
                sheet_number=sheet_number,
                person=person,
                choices=read,
            )
        result.add("paper sheets")


# --- the count and the implementation -----------------------------------------------------


def _count_and_publish(budget: Budget, counter, result) -> Count:
    from participation.budgets.services.counting import count_publish, count_run

    published = budget.counts.filter(published_at__isnull=False).first()
    if published is not None:
        return published
    count = count_run(budget=budget, by=counter)
    count = count_publish(count=count, by=counter)
    result.add("counts")
    return count


def _implementation(budget: Budget, staff, result) -> None:
    from participation.budgets.services.counting import implementation_update_publish

    funded = list(
        Proposal.objects.filter(budget=budget, funding__isnull=False).order_by("funding__rank")
    )
    for index, proposal in enumerate(funded):
        if proposal.implementation_updates.exists():
            continue
        steps = [("planned", 0, datetime.date(2026, 1, 20))]
        if index % 3 != 2:
            steps.append(("in_progress", 40, datetime.date(2026, 4, 14)))
        if index % 3 == 0:
            steps.append(("completed", 100, datetime.date(2026, 9, 2)))
        for status, progress, day in steps:
            implementation_update_publish(
                proposal=proposal,
                by=staff,
                date=day,
                status=ImplementationStatus(status),
                progress=progress,
                text=IMPLEMENTATION_TEXTS[status],
            )
            result.add("implementation updates")


# --- the whole --------------------------------------------------------------------------


def load_budget_demo(*, moderator, staff, clerks: tuple, authors: list) -> BudgetDemoResult:
    """Load both budgets. ``moderator`` reviews (moderator of both budget projects),
    ``staff`` records the board's decisions and counts, ``clerks`` (two) enter paper
    sheets, ``authors`` are the demo residents who submitted online."""
    districts = list(District.objects.order_by("name"))
    if not districts:
        raise BudgetDemoMissing("load_jena_demo")
    result = BudgetDemoResult()
    now = timezone.now()

    with transaction.atomic():
        last = _project(
            "buergerbudget-2025",
            "Bürgerbudget 2025",
            "50.000 € für Ideen aus Jenas Ortsteilen – das Ergebnis und was daraus wurde.",
            "Im Bürgerbudget entscheiden die Jenaerinnen und Jenaer, welche kleinen Vorhaben "
            "die Stadt umsetzt: Vorschläge einreichen, prüfen lassen, abstimmen.",
            result,
        )
        _phases(last, _last_year_dates())
        last_budget, _ = Budget.objects.get_or_create(
            project=last, defaults={"year": 2025, "amount": 50_000, "cap_per_proposal": 10_000}
        )
        this = _project(
            "buergerbudget-2026",
            "Bürgerbudget 2026",
            "50.000 € plus der Rest aus 2025: Stimmen Sie jetzt ab – 5 Stimmen für Ihre "
            "Lieblingsvorschläge.",
            "Jede Einwohnerin und jeder Einwohner ab 16 Jahren hat 5 Stimmen. Sie können alle "
            "Stimmen einem Vorschlag geben oder sie verteilen – online oder auf Papier im "
            "Bürgerservice und im Stadtteilbüro Lobeda.",
            result,
        )
        _phases(this, _this_year_dates(now))
        this_budget, _ = Budget.objects.get_or_create(
            project=this,
            defaults={
                "year": 2026,
                "amount": 50_000,
                "cap_per_proposal": 10_000,
                "carried_from": last_budget,
            },
        )
        for project in (last, this):
            assign_perm("projects.moderate_project", moderator, project)
        moderator = type(moderator).objects.get(pk=moderator.pk)  # fresh permission cache

        last_proposals = _proposals(
            last_budget, LAST_YEAR, authors, moderator, _at(2025, 6, 3), result
        )
        _review(last_proposals, LAST_YEAR, moderator)
        _confirm(last_budget, staff, datetime.date(2025, 9, 24))
        _historic_ballots(last_budget, last_proposals, _at(2025, 10, 2), result)
        _count_and_publish(last_budget, staff, result)
        _implementation(last_budget, staff, result)

        this_start = _this_year_dates(now)[0][1]
        this_proposals = _proposals(
            this_budget, THIS_YEAR, authors, moderator, this_start + 2 * DAY, result
        )
        _review(this_proposals, THIS_YEAR, moderator)
        meeting = (_this_year_dates(now)[2][1] + 7 * DAY).date()
        _confirm(this_budget, staff, meeting)
        _online_ballots(this_budget, _voters(ONLINE_VOTERS, districts, now, result), result)
        _paper_sheets(this_budget, clerks, result)
        easy_summaries_ensure()
        fill_english_projects(BUDGET_SLUGS)  # only where a text has no English yet
    return result
