"""factory_boy factories for the whole suite (no fixture files)."""

import datetime
from decimal import Decimal

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from barriers.models import answer_due_for
from measures.models import (
    CoreArea,
    FieldOfAction,
    Indicator,
    IndicatorValue,
    Measure,
    MeasureBundle,
    Milestone,
    OrganisationalUnit,
    ProgressUpdate,
    Status,
)
from participation.budgets.models import Budget, Proposal, ProposalStatus
from users.models import User

DEFAULT_PASSWORD = "correct horse battery staple"  # noqa: S105


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        """Residents have a verified e-mail address unless ``verified=False``."""
        obj.save()
        if create and extracted is not False:
            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )


class StaffFactory(UserFactory):
    is_staff = True


class SuperuserFactory(UserFactory):
    is_staff = True
    is_superuser = True


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    name = factory.Sequence(lambda n: f"Gruppe {n}")


class OrganisationalUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationalUnit

    name = factory.Sequence(lambda n: f"Fachdienst {n}")
    short_name = factory.Sequence(lambda n: f"FD{n}")
    slug = factory.Sequence(lambda n: f"fachdienst-{n}")
    group = factory.SubFactory(GroupFactory)


class CoreAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoreArea

    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Kernbereich {n + 1}")
    slug = factory.Sequence(lambda n: f"kernbereich-{n + 1}")
    summary = "Ein Ziel der Strategie."


class FieldOfActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FieldOfAction

    number = factory.Sequence(lambda n: n + 1)
    code = factory.Sequence(lambda n: f"HF{n + 1}")
    title = factory.Sequence(lambda n: f"Handlungsfeld {n + 1}")
    slug = factory.Sequence(lambda n: f"handlungsfeld-{n + 1}")


class MeasureBundleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeasureBundle
        skip_postgeneration_save = True

    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Maßnahmenbündel {n + 1}")
    slug = factory.Sequence(lambda n: f"buendel-{n + 1}")
    summary = "Ein Bündel von Maßnahmen."
    field_of_action = factory.SubFactory(FieldOfActionFactory)
    weight = Decimal("1")

    @factory.post_generation
    def core_areas(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.core_areas.set(extracted)


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    bundle = factory.SubFactory(MeasureBundleFactory)
    code = factory.Sequence(lambda n: f"9.{n + 1}")
    title = factory.Sequence(lambda n: f"Maßnahme {n + 1}")
    slug = factory.Sequence(lambda n: f"massnahme-{n + 1}")
    summary = "Kurz gesagt: eine Maßnahme."
    description = "Eine Maßnahme der Smart-City-Strategie."
    status = Status.IN_PROGRESS
    progress = 40
    planned_start = datetime.date(2023, 1, 1)
    planned_end = datetime.date(2027, 8, 31)
    responsible_unit = factory.SubFactory(OrganisationalUnitFactory)
    weight = Decimal("1")
    is_public = True


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    measure = factory.SubFactory(MeasureFactory)
    title = factory.Sequence(lambda n: f"Meilenstein {n + 1}")
    due_on = datetime.date(2027, 1, 1)
    completed_on = None


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    """A raw history row. Code under test publishes through the service instead."""

    class Meta:
        model = ProgressUpdate

    measure = factory.SubFactory(MeasureFactory)
    date = datetime.date(2025, 6, 30)
    status = Status.IN_PROGRESS
    progress = 40
    text = "Sachstand: Die Arbeiten laufen planmäßig."
    author = None


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    measure = factory.SubFactory(MeasureFactory)
    name = factory.Sequence(lambda n: f"Indikator {n + 1}")
    unit = "Stück"
    baseline_value = Decimal("0")
    baseline_date = datetime.date(2023, 1, 1)
    target_value = Decimal("100")
    target_date = datetime.date(2027, 8, 31)


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    date = factory.Sequence(lambda n: datetime.date(2024, 1, 1) + datetime.timedelta(days=30 * n))
    value = Decimal("10")


# --- participation ----------------------------------------------------------------------

from django.utils import timezone  # noqa: E402

from participation.ideas.models import Comment, Idea, Vote  # noqa: E402
from participation.moderation.models import Flag, FlagReason  # noqa: E402
from projects.models import Category, Phase, Project  # noqa: E402

# A square around Jena's centre, well inside the city.
JENA_CENTRE = (11.5861, 50.9272)
CITY_SQUARE = {
    "type": "Polygon",
    "coordinates": [
        [[11.55, 50.90], [11.62, 50.90], [11.62, 50.95], [11.55, 50.95], [11.55, 50.90]]
    ],
}


def point(lon: float = JENA_CENTRE[0], lat: float = JENA_CENTRE[1]) -> dict:
    return {"type": "Point", "coordinates": [lon, lat]}


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Beteiligungsprojekt {n + 1}")
    slug = factory.Sequence(lambda n: f"projekt-{n + 1}")
    summary = "Wo soll die Stadt smarte Straßenbeleuchtung testen?"
    description = "Sammeln Sie Ideen auf der Karte."
    status = Project.Status.PUBLISHED
    area = factory.LazyFunction(lambda: dict(CITY_SQUARE))


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"Kategorie {n + 1}")
    slug = factory.Sequence(lambda n: f"kategorie-{n + 1}")


class PhaseFactory(factory.django.DjangoModelFactory):
    """By default a running ideas phase (started a day ago, ends in 30 days)."""

    class Meta:
        model = Phase

    project = factory.SubFactory(ProjectFactory)
    type = Phase.Type.IDEAS
    start = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    end = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    allows_ideas = True
    allows_comments = True
    allows_votes = False
    votes_per_person = None


class VotingPhaseFactory(PhaseFactory):
    type = Phase.Type.VOTING
    allows_ideas = False
    allows_comments = True
    allows_votes = True
    votes_per_person = 3


class IdeaFactory(factory.django.DjangoModelFactory):
    """A raw idea row (no counters, no district derivation): code under test uses the
    service ``idea_create`` instead."""

    class Meta:
        model = Idea

    project = factory.SubFactory(ProjectFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Idee {n + 1}")
    text = "Hier wäre eine smarte Laterne sinnvoll."
    location = factory.LazyFunction(point)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    idea = factory.SubFactory(IdeaFactory)
    author = factory.SubFactory(UserFactory)
    text = "Gute Idee!"


class VoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vote

    user = factory.SubFactory(UserFactory)
    idea = factory.SubFactory(IdeaFactory)
    phase = factory.SubFactory(VotingPhaseFactory)


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Flag

    reporter = factory.SubFactory(UserFactory)
    comment = factory.SubFactory(CommentFactory)
    reason = FlagReason.INSULT
    text = "Das ist beleidigend."


# --- people with a say over projects --------------------------------------------------------


def moderator_of(project, *, staff: bool = False, via_group: bool = False, **kwargs):
    """A moderator of ``project`` only: the object permission ``projects.moderate_project``
    (given to a group of theirs with ``via_group``). Not staff unless ``staff``."""
    from guardian.shortcuts import assign_perm

    user = (StaffFactory if staff else UserFactory)(**kwargs)
    if via_group:
        group = GroupFactory()
        assign_perm("projects.moderate_project", group, project)
        user.groups.add(group)
    else:
        assign_perm("projects.moderate_project", user, project)
    return type(user).objects.get(pk=user.pk)  # fresh permission cache


def global_moderator(**kwargs):
    """The city's moderation staff: staff with the global permission (every project and
    the comments on measures)."""
    from django.contrib.auth.models import Permission

    user = StaffFactory(**kwargs)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="projects", codename="moderate_project")
    )
    return type(user).objects.get(pk=user.pk)


# --- Bürgerbudget ---------------------------------------------------------------------------


def budget_phases(project, *, stage: str = "submission", now=None) -> list:
    """The phases of a Bürgerbudget in order, timed so that ``stage`` (a
    ``Phase.Type`` of the budget: submission, review, confirmation, voting, counting,
    results, implementation) is running now. Voting asks for confirmed residents 16+."""
    order = [
        "submission",
        "review",
        "confirmation",
        "voting",
        "counting",
        "results",
        "implementation",
    ]
    now = now or timezone.now()
    running = order.index(stage)
    phases = []
    for index, phase_type in enumerate(order):
        offset = index - running
        start = now + datetime.timedelta(days=30 * offset - 1)
        end = now + datetime.timedelta(days=30 * offset + 29)
        phases.append(
            Phase.objects.create(
                project=project,
                type=phase_type,
                start=start,
                end=end,
                allows_ideas=phase_type == "submission",
                allows_comments=phase_type == "submission",
                allows_votes=phase_type in ("submission", "voting"),
                requires_resident=phase_type == "voting",
                min_age=16 if phase_type == "voting" else None,
            )
        )
    return phases


class BudgetFactory(factory.django.DjangoModelFactory):
    """A Bürgerbudget as Jena's: €50,000, at most €10,000 per proposal, 5 cumulative
    votes, greedy. Its project has the seven phases (``budget_phases``) with the
    submission running; pass ``stage=`` to run another phase, ``phases=False`` for none."""

    class Meta:
        model = Budget
        skip_postgeneration_save = True

    project = factory.SubFactory(ProjectFactory)
    year = factory.LazyFunction(lambda: timezone.now().year)
    amount = 50_000
    cap_per_proposal = 10_000
    votes_per_ballot = 5

    @factory.post_generation
    def stage(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            budget_phases(obj.project, stage=extracted or "submission")


class ProposalFactory(factory.django.DjangoModelFactory):
    """A raw proposal row (code under test uses the services)."""

    class Meta:
        model = Proposal

    budget = factory.SubFactory(BudgetFactory)
    number = factory.Sequence(lambda n: n + 1)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Vorschlag {n + 1}")
    description = "Eine Bank mit Schatten am Spielplatz."
    estimated_cost = 5_000
    location = factory.LazyFunction(point)


class ValidProposalFactory(ProposalFactory):
    """A proposal that passed the review (on the ballot)."""

    status = ProposalStatus.VALID
    city_responsible = True
    lawful = True
    feasible = True
    review_reason = "Zuständigkeit der Stadt, rechtlich zulässig und umsetzbar."


class BarrierReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "barriers.BarrierReport"

    page_url = "http://testserver/strategie/"
    description = "Die Schaltfläche „Filtern“ ist mit dem Screenreader nicht erreichbar."
    email = factory.Sequence(lambda n: f"melderin{n}@example.org")
    received_at = factory.LazyFunction(timezone.now)
    answer_due = factory.LazyAttribute(lambda o: answer_due_for(o.received_at))
    staff_notified_at = factory.LazyAttribute(lambda o: o.received_at)  # alert sent


def accessibility_officer(**kwargs):
    """Staff in the officers' group (barriers.apps): reads and answers barrier reports."""
    from django.contrib.auth.models import Permission

    from barriers.apps import OFFICER_GROUP_NAME, OFFICER_PERMISSIONS

    user = StaffFactory(**kwargs)
    group, _created = Group.objects.get_or_create(name=OFFICER_GROUP_NAME)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="barriers", codename__in=OFFICER_PERMISSIONS
        )
    )
    user.groups.add(group)
    return user
