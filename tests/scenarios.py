"""The situations the tests start from, each built once, here, with the factories.

A builder's name says the situation it sets up (``two_projects_with_their_moderators``,
``city_with_every_role``); it returns a small dataclass whose attributes name the people
and things of that situation. Test modules take them as they are, or through a one-line
fixture (``return scenarios.two_projects_with_their_moderators()``).

Details that tests rely on (titles, slugs, display names, phase dates, how many rows)
are part of a scenario's promise: change them only together with the tests.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.utils import timezone, translation
from rest_framework.authtoken.models import Token

from geo.models import District
from measures.models import CoreArea, Measure, MeasureBundle, OrganisationalUnit
from measures.services import measure_unit_permissions_sync
from pages.models import Page
from participation.budgets.models import (
    Ballot,
    BoardConfirmation,
    Budget,
    Count,
    Funding,
    ImplementationUpdate,
    Proposal,
)
from participation.ideas.models import Comment, Idea
from participation.ideas.services.comments import comment_create
from participation.moderation.models import FlagReason, ModerationDecision
from participation.moderation.services import review_request
from participation.notifications.delivery import unsubscribe_token
from participation.notifications.models import Follow, Notification, NotificationKind
from participation.notifications.services import notify
from privacy.models import DataExport
from projects.models import Category, Phase, Project
from reports.models import StatusReport
from reports.render import render_body
from reports.snapshot import build_snapshot
from tests.factories import (
    CITY_SQUARE,
    BudgetFactory,
    CategoryFactory,
    CommentFactory,
    CoreAreaFactory,
    FieldOfActionFactory,
    IdeaFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    MeasureBundleFactory,
    MeasureFactory,
    MilestoneFactory,
    OrganisationalUnitFactory,
    PhaseFactory,
    ProgressUpdateFactory,
    ProjectFactory,
    ReportFactory,
    StaffFactory,
    UserFactory,
    ValidProposalFactory,
    VoteFactory,
    VotingPhaseFactory,
    moderator_of,
    point,
)
from tests.ideas.factories_ideas import WINZERLA, ZENTRUM, load_demo_districts, photo
from tests.measures.factories_extra import unit_manager
from tests.notifications.factories_follows import DistrictFactory
from users.models import User
from verification.models import LetterCode

# --- projects in a phase (the steps the scenarios are made of) ----------------------------


def project_in_ideas_phase(**fields) -> Project:
    """A published project (area: a square around Jena's centre) whose ideas phase
    (ideas and comments) started a day ago and ends in 30 days."""
    project = ProjectFactory(**fields)
    PhaseFactory(project=project)
    return project


def project_in_voting_phase(**fields) -> Project:
    """A published project whose voting phase (comments and 3 votes per person, no new
    ideas) started a day ago and ends in 30 days."""
    project = ProjectFactory(**fields)
    VotingPhaseFactory(project=project)
    return project


def project_open_for_everything(*, votes_per_person: int | None = 3, **fields) -> Project:
    """A published project whose ideas phase and voting phase both run now: ideas,
    comments and votes (``votes_per_person``, None: as many as there are ideas) at once."""
    project = project_in_ideas_phase(**fields)
    VotingPhaseFactory(project=project, votes_per_person=votes_per_person)
    return project


# --- two projects, each with its moderator ------------------------------------------------


@dataclass
class TwoProjects:
    """Projects A and B in their ideas phase, each with an idea and a comment by the same
    author and a moderator of its own (staff, so they may use the admin), and a resident
    who takes part in neither."""

    project_a: Project
    project_b: Project
    idea_a: Idea
    idea_b: Idea
    comment_a: Comment
    comment_b: Comment
    moderator_a: User
    moderator_b: User
    author: User
    resident: User


def two_projects_with_their_moderators() -> TwoProjects:
    """Projects "Projekt A" (projekt-a) and "Projekt B" (projekt-b); the author "Autorin"
    wrote "Laterne am Markt" in A and "Laterne in Lobeda" in B, and commented on each
    ("Kommentar in A", "Kommentar in B"); "Moderation A" and "Moderation B" moderate one
    project each; "Anwohnerin" is a resident."""
    project_a = project_in_ideas_phase(title="Projekt A", slug="projekt-a")
    project_b = project_in_ideas_phase(title="Projekt B", slug="projekt-b")
    author = UserFactory(display_name="Autorin")
    idea_a = IdeaFactory(project=project_a, author=author, title="Laterne am Markt")
    idea_b = IdeaFactory(project=project_b, author=author, title="Laterne in Lobeda")
    return TwoProjects(
        project_a=project_a,
        project_b=project_b,
        idea_a=idea_a,
        idea_b=idea_b,
        comment_a=CommentFactory(idea=idea_a, author=author, text="Kommentar in A"),
        comment_b=CommentFactory(idea=idea_b, author=author, text="Kommentar in B"),
        moderator_a=moderator_of(project_a, staff=True, display_name="Moderation A"),
        moderator_b=moderator_of(project_b, staff=True, display_name="Moderation B"),
        author=author,
        resident=UserFactory(display_name="Anwohnerin"),
    )


# --- an author's idea where ideas, comments and votes are open ----------------------------


@dataclass
class AuthorsIdea:
    """A project open for ideas, comments and votes; its author's idea (which she voted
    for, with her comment on it), her hidden idea, and the notification she got when
    someone answered (None in a draft project: nobody can answer there)."""

    project: Project
    author: User
    idea: Idea
    hidden_idea: Idea
    comment: Comment
    voting_idea: Idea  # the idea with the author's vote: ``idea``
    notification: Notification | None


def authors_idea_in_an_open_project(*, status: str = "published") -> AuthorsIdea:
    """The author "Autorin"; the project is ``status`` ("published" or "draft")."""
    project = project_open_for_everything(status=status)
    author = UserFactory(display_name="Autorin")
    idea = IdeaFactory(project=project, author=author)
    hidden_idea = IdeaFactory(project=project, author=author, is_hidden=True)
    comment = CommentFactory(idea=idea, author=author)
    VoteFactory(user=author, idea=idea, phase=project.phases.get(type="voting"))
    notification = None
    if status == "published":  # someone answers: the author is notified, as on the site
        comment_create(author=UserFactory(), text="Gefällt mir.", idea=idea)
        notification = Notification.objects.get(recipient=author)
    return AuthorsIdea(project, author, idea, hidden_idea, comment, idea, notification)


# --- a project moderated by a resident, and a measure -------------------------------------


@dataclass
class ModeratedProjectAndMeasure:
    """A project open for ideas, comments and as many votes as there are ideas, moderated
    by a resident (not staff); a measure in a bundle of one core area."""

    moderator: User
    project: Project
    voting: Phase
    bundle: MeasureBundle
    measure: Measure


def moderated_project_and_a_measure() -> ModeratedProjectAndMeasure:
    project = project_open_for_everything(votes_per_person=None)
    moderator = moderator_of(project)
    bundle = MeasureBundleFactory(core_areas=[CoreAreaFactory()])
    return ModeratedProjectAndMeasure(
        moderator=moderator,
        project=project,
        voting=project.phases.get(type=Phase.Type.VOTING),
        bundle=bundle,
        measure=MeasureFactory(bundle=bundle),
    )


# --- two running projects and a measure with its timeline ---------------------------------


@dataclass
class TwoRunningProjects:
    """Demo-like data for the API: a project in its ideas phase, one in its voting phase
    and a draft, ideas and comments by a resident and someone else, a measure with its
    timeline, the resident's follow and notifications."""

    resident: User
    other: User
    ideas_project: Project
    category: Category
    voting_project: Project
    ideas: list[Idea]
    comments: list[Comment]
    measure: Measure
    core_area: CoreArea
    follow: Follow
    notifications: list[Notification]


def two_running_projects_and_a_measure() -> TwoRunningProjects:
    """Jena's demo districts; "ideen-projekt" in its ideas phase (category "licht",
    district Winzerla, linked to the measure) and "abstimmung" in its voting phase, a
    draft project "entwurf"; five ideas by the resident "Fuzzi" and someone else (one
    hidden, one in Winzerla without a point, one voted for by the resident), two
    comments; the measure "sensorik" with milestones, a progress update, an indicator
    value and a comment, a non-public measure "intern" in its bundle; the resident's
    follow of the measure and the notifications of two answers to her."""
    districts = load_demo_districts()
    resident = UserFactory(display_name="Fuzzi")
    other = UserFactory()

    ideas_project = project_in_ideas_phase(slug="ideen-projekt")
    category = CategoryFactory(project=ideas_project, slug="licht")
    ideas_project.districts.add(districts["winzerla"])
    voting_project = project_in_voting_phase(slug="abstimmung")
    ProjectFactory(slug="entwurf", status="draft")

    ideas = [
        IdeaFactory(project=ideas_project, author=resident, category=category),
        IdeaFactory(
            project=ideas_project,
            author=other,
            district=districts["winzerla"],
            location={"type": "Point", "coordinates": list(WINZERLA)},
        ),
        IdeaFactory(project=ideas_project, author=other, is_hidden=True),
        IdeaFactory(project=voting_project, author=other),
        IdeaFactory(
            project=voting_project,
            author=resident,
            location=None,
            district=districts["winzerla"],
            place_description="Markt",
        ),
    ]
    VoteFactory(user=resident, idea=ideas[3], phase=voting_project.phases.get())
    comments = [
        CommentFactory(idea=ideas[0], author=other),
        CommentFactory(idea=ideas[1], author=resident),
    ]

    core_area = CoreAreaFactory()
    measure = MeasureFactory(slug="sensorik")
    measure.bundle.core_areas.add(core_area)
    MilestoneFactory(measure=measure)
    MilestoneFactory(measure=measure, completed_on=datetime.date(2024, 5, 1))
    ProgressUpdateFactory(measure=measure)
    IndicatorValueFactory(indicator=IndicatorFactory(measure=measure))
    MeasureFactory(slug="intern", is_public=False, bundle=measure.bundle)
    CommentFactory(idea=None, measure=measure, author=other)
    ideas_project.measures.add(measure)

    follow = Follow.objects.create(user=resident, measure=measure)
    # Notifications as the site makes them: others answer the resident.
    comment_create(author=other, text="Schöne Idee!", idea=ideas[0])
    comment_create(author=other, text="Stimmt.", idea=ideas[1], parent=comments[1])
    return TwoRunningProjects(
        resident=resident,
        other=other,
        ideas_project=ideas_project,
        category=category,
        voting_project=voting_project,
        ideas=ideas,
        comments=comments,
        measure=measure,
        core_area=core_area,
        follow=follow,
        notifications=list(Notification.objects.filter(recipient=resident)),
    )


# --- a project's contributions to export --------------------------------------------------

# Marks of personal data: an export without personal data must show none of them.
SECRET_DOMAIN = "geheim-teilnehmende.example"
SECRET_NAME = "Zaunkönigin Unverwechselbar"
HIDDEN_TEXT = "Herr Mustermann wohnt in der Goethestraße 3"


def _participant(name: str) -> User:
    """A person whose e-mail address and display name carry the secret marks."""
    return UserFactory(email=f"{name}@{SECRET_DOMAIN}", display_name=f"{SECRET_NAME} {name}")


@dataclass
class ContributionsToExport:
    """A project in its voting phase with visible, hidden and deleted contributions and
    the people who may or may not export them."""

    project: Project
    other: Project
    idea: Idea
    hidden_idea: Idea
    visible_comment: Comment
    hidden_comment: Comment
    deleted_comment: Comment
    project_comment: Comment
    author: User
    voter: User
    staff_moderator: User
    moderator: User
    other_moderator: User
    resident: User


def project_with_contributions_to_export() -> ContributionsToExport:
    """The project "Licht am Markt" (licht-am-markt) in its voting phase: the author's
    "Laterne am Markt" (category "Beleuchtung", an official response, one vote) and her
    hidden "Beleidigende Idee" (her vote), a visible comment with a deleted reply, a
    hidden comment (``HIDDEN_TEXT``), a comment on the project; a staff moderator
    (moderation@stadt.example) and a volunteer one (ehrenamt@stadt.example); "Anderes
    Projekt" with a moderator of its own. Every participant carries the secret marks."""
    project = project_in_voting_phase(title="Licht am Markt", slug="licht-am-markt")
    other = ProjectFactory(title="Anderes Projekt", slug="anderes-projekt")
    phase = project.phases.get()
    author = _participant("autorin")
    voter = _participant("unterstuetzer")
    idea = IdeaFactory(
        project=project,
        author=author,
        title="Laterne am Markt",
        text="Hier ist es abends dunkel.",
        location=point(11.5861, 50.9272),
        category=CategoryFactory(project=project, name="Beleuchtung"),
        official_response="Wir prüfen das.",
    )
    hidden_idea = IdeaFactory(
        project=project, author=author, title="Beleidigende Idee", is_hidden=True
    )
    visible_comment = CommentFactory(idea=idea, author=author, text="Sichtbarer Kommentar")
    hidden_comment = CommentFactory(
        idea=idea, author=_participant("ausgeblendet"), text=HIDDEN_TEXT, is_hidden=True
    )
    deleted_comment = CommentFactory(
        idea=idea,
        parent=visible_comment,
        author=_participant("geloescht"),
        text="",
        is_deleted=True,
    )
    project_comment = CommentFactory(
        idea=None, project=project, author=author, text="Kommentar zum Projekt"
    )
    VoteFactory(idea=idea, user=voter, phase=phase)
    VoteFactory(idea=hidden_idea, user=author, phase=phase)
    return ContributionsToExport(
        project=project,
        other=other,
        idea=idea,
        hidden_idea=hidden_idea,
        visible_comment=visible_comment,
        hidden_comment=hidden_comment,
        deleted_comment=deleted_comment,
        project_comment=project_comment,
        author=author,
        voter=voter,
        staff_moderator=moderator_of(project, staff=True, email="moderation@stadt.example"),
        moderator=moderator_of(project, staff=False, email="ehrenamt@stadt.example"),
        other_moderator=moderator_of(other, staff=False),
        resident=_participant("anwohnerin"),
    )


def ideas_with_comments_and_votes(project: Project, *, ideas: int) -> None:
    """``ideas`` ideas in ``project`` (and a voting phase for them), each with two
    comments (one a reply) and two votes, by different people with the secret marks:
    enough rows for a query count to notice a look-up per row."""
    phase = VotingPhaseFactory(project=project)
    category = CategoryFactory(project=project)
    for number in range(ideas):
        idea = IdeaFactory(
            project=project, author=_participant(f"{project.slug}-idee{number}"), category=category
        )
        top = CommentFactory(idea=idea, author=_participant(f"{project.slug}-kommentar{number}"))
        CommentFactory(
            idea=idea, parent=top, author=_participant(f"{project.slug}-antwort{number}")
        )
        for voter in range(2):
            VoteFactory(
                idea=idea, phase=phase, user=_participant(f"{project.slug}-stimme{number}-{voter}")
            )


# --- ideas to filter and sort -------------------------------------------------------------


@dataclass
class IdeasToFilter:
    """A project without an area in its ideas phase, in Jena's demo districts, with six
    ideas by one author (``ideas`` by title) that differ in every filter and sort."""

    project: Project
    ideas: dict[str, Idea]
    author: User


def ideas_to_filter_and_sort() -> IdeasToFilter:
    """Categories "Licht" (licht) and "Grün" (gruen); per idea its district, category,
    status, supporters, comments, place (a point, or "am Rand") and whether it is hidden:
    see the table below."""
    districts = load_demo_districts()
    project = project_in_ideas_phase(area=None)
    light = CategoryFactory(project=project, name="Licht", slug="licht")
    green = CategoryFactory(project=project, name="Grün", slug="gruen")
    author = UserFactory()
    specs = [
        # title, district, category, status, votes, comments, location, hidden
        ("Laterne Markt", "jena-zentrum", light, "submitted", 5, 1, ZENTRUM, False),
        ("Bank Winzerla", "winzerla", green, "accepted", 2, 7, WINZERLA, False),
        ("Laterne Winzerla", "winzerla", light, "in_review", 9, 0, WINZERLA, False),
        ("Baum ohne Punkt", "winzerla", green, "submitted", 0, 3, None, False),
        ("Licht am Wehr", "jena-zentrum", None, "rejected", 1, 1, None, False),
        ("Versteckte Laterne", "jena-zentrum", light, "submitted", 50, 50, ZENTRUM, True),
    ]
    ideas = {}
    for title, district, category, status, votes, comments, where, hidden in specs:
        ideas[title] = IdeaFactory(
            project=project,
            author=author,
            title=title,
            text=f"Beschreibung von {title}",
            district=districts[district],
            category=category,
            status=status,
            vote_count=votes,
            comment_count=comments,
            location=point(*where) if where else None,
            place_description="" if where else "am Rand",
            is_hidden=hidden,
        )
    return IdeasToFilter(project=project, ideas=ideas, author=author)


# --- browser journeys ---------------------------------------------------------------------


@dataclass
class NeighboursIdea:
    """A project whose one phase allows ideas, comments and votes, with a neighbour's
    idea and comment, and its moderator."""

    project: Project
    neighbour: User
    their_idea: Idea
    their_comment: Comment
    moderator: User


def project_with_a_neighbours_idea_and_a_moderator() -> NeighboursIdea:
    """Jena's demo districts; "Smarte Straßenbeleuchtung" (licht, no area) whose ideas
    phase (since yesterday, for 30 days) also takes 3 votes per person, category
    "Beleuchtung" (beleuchtung); "Ben aus Lobeda" with "Laternen am Saaleufer" at Jena's
    centre and the comment "Bitte mit Bewegungsmelder."; the moderator "Team
    Bürgerbeteiligung" (not staff)."""
    load_demo_districts()
    project = ProjectFactory(title="Smarte Straßenbeleuchtung", slug="licht", area=None)
    PhaseFactory(project=project, allows_votes=True, votes_per_person=3)
    CategoryFactory(project=project, name="Beleuchtung", slug="beleuchtung")
    neighbour = UserFactory(display_name="Ben aus Lobeda")
    their_idea = IdeaFactory(
        project=project, author=neighbour, title="Laternen am Saaleufer", location=point()
    )
    return NeighboursIdea(
        project=project,
        neighbour=neighbour,
        their_idea=their_idea,
        their_comment=CommentFactory(
            idea=their_idea, author=neighbour, text="Bitte mit Bewegungsmelder."
        ),
        moderator=moderator_of(project, display_name="Team Bürgerbeteiligung"),
    )


@dataclass
class IdeaToSupport:
    """An idea open for support and comments, a measure to comment on, and a resident."""

    project: Project
    idea: Idea
    measure: Measure
    resident: User


def idea_to_support_and_discuss() -> IdeaToSupport:
    """The idea "Laterne am Holzmarkt" in "Smarte Laternen" (voting phase: comments and
    3 votes per person), the measure "Offenes WLAN", the resident "Anna Aus Lobeda"."""
    project = project_in_voting_phase(title="Smarte Laternen")
    return IdeaToSupport(
        project=project,
        idea=IdeaFactory(project=project, title="Laterne am Holzmarkt"),
        measure=MeasureFactory(title="Offenes WLAN"),
        resident=UserFactory(display_name="Anna Aus Lobeda"),
    )

# --- a small city and the eight people of the permission matrix ---------------------------

CITY_ROLES = (
    "anonymous",
    "resident",
    "author",
    "moderator",  # of the city's project (object permission, not staff)
    "other_moderator",  # of another project
    "other_manager",  # measure manager of another unit (staff, as the city's managers are)
    "council",  # member of the council group
    # the Smart City office: staff, moderates everything, makes and publishes reports,
    # reviews Bürgerbudget proposals and records the advisory board's decisions
    "staff",
)

STAFF_PERMISSIONS = (
    ("projects", "moderate_project"),
    ("reports", "add_statusreport"),
    ("reports", "change_statusreport"),
    ("reports", "view_statusreport"),
    ("reports", "publish_statusreport"),
    ("measures", "view_measure"),
    ("measures", "change_measure"),
    ("budgets", "review_proposal"),
    ("budgets", "record_board_decision"),
    ("budgets", "count_budget"),
)


@dataclass
class City:
    """Two projects (one moderated by "moderator", one by "other_moderator"), an author
    with an idea, a comment, a vote, a follow, a notification, a hidden comment with a
    moderation decision and a data export, a measure of unit A (the other manager belongs
    to unit B), a published and a draft status report, and one row of every model the
    admin shows. ``person(role)`` makes the people of ``CITY_ROLES``."""

    project: Project
    other_project: Project
    author: User
    idea: Idea
    comment: Comment
    hidden_comment: Comment
    decision: ModerationDecision
    measure: Measure
    measure_comment: Comment
    unit_b: OrganisationalUnit
    report_published: StatusReport
    report_draft: StatusReport
    notification: Notification
    follow: Follow
    export: DataExport
    unsubscribe: str
    district: District
    core_area: CoreArea
    budget: Budget  # "Bürgerbudget 2026": voting, board confirmed, the author's proposal 1
    budget_proposal: Proposal
    past_budget: Budget  # "Bürgerbudget 2025": in implementation

    def person(self, role: str) -> User | None:
        """A new person of ``role`` (one of ``CITY_ROLES``) in this city; None for
        anonymous. Made on demand, so that each can be made inside the savepoint of the
        request it makes."""
        if role == "anonymous":
            return None
        if role == "author":
            return self.author
        if role == "resident":
            return UserFactory()
        if role == "moderator":
            return moderator_of(self.project)
        if role == "other_moderator":
            return moderator_of(self.other_project)
        if role == "other_manager":
            return unit_manager(self.unit_b)
        if role == "council":
            user = UserFactory()
            user.groups.add(Group.objects.get_or_create(name=settings.COUNCIL_GROUP_NAME)[0])
            return user
        if role == "staff":
            user = StaffFactory()
            for app_label, codename in STAFF_PERMISSIONS:
                user.user_permissions.add(
                    Permission.objects.get(content_type__app_label=app_label, codename=codename)
                )
            return user
        raise ValueError(role)


def _published_budget_result(budget: Budget) -> None:
    """The 2025 budget's published result: its one proposal funded, one update on its
    implementation, the protocol (a stand-in PDF)."""
    proposal = ValidProposalFactory(
        budget=budget,
        number=1,
        title="Sitzbank am Teich",
        estimated_cost=4_000,
        implementation_status="in_progress",
        implementation_progress=50,
    )
    now = timezone.now()
    explanation = {
        "message": "gefördert: %(cost)s, danach verbleiben %(remaining)s",
        "params": {"cost": {"euro": 4_000}, "remaining": {"euro": 46_000}},
    }
    entry = {
        "id": proposal.pk,
        "number": 1,
        "title": proposal.title,
        "district": "",
        "district_slug": "",
        "cost": 4_000,
        "rank": 1,
        "points": 5,
        "points_online": 5,
        "points_paper": 0,
        "supporters": 1,
        "funded": True,
        "funded_order": 1,
        "explanation": explanation,
    }
    count = Count.objects.create(
        budget=budget,
        method="greedy",
        available=50_000,
        spent=4_000,
        remainder=46_000,
        ballots_online=1,
        started_at=now,
        finished_at=now,
        published_at=now,
        result={
            "version": 1,
            "method": "greedy",
            "amount": 50_000,
            "carryover": 0,
            "available": 50_000,
            "spent": 4_000,
            "remainder": 46_000,
            "ballots": {"online": 1, "paper": 0, "valid": 1, "invalid": 0},
            "turnout_by_district": [{"district_id": None, "online": 1, "paper": 0, "invalid": 0}],
            "proposals": [entry],
        },
    )
    count.protocol.save("protokoll.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"), save=True)
    Funding.objects.create(count=count, proposal=proposal, amount=4_000, rank=1)
    ImplementationUpdate.objects.create(
        proposal=proposal,
        date=datetime.date(2026, 3, 1),
        status="in_progress",
        progress=50,
        text="Die Bank ist bestellt.",
    )
    Ballot.objects.create(
        budget=budget,
        voter_key="user:past",
        channel="online",
        choices={str(proposal.pk): 5},
        cast_at=now,
    )


def city_with_every_role() -> City:
    """The city of the permission matrix: "Smarte Laternen" (smarte-laternen, open for
    ideas, comments and votes, category "Beleuchtung") and "Anderes Projekt"; the author
    "Autorin" and her "Laterne am Markt"; the measure "Sensoren"; the reports "Bericht
    1/2026" (published, with both PDFs) and "Entwurf 2/2026"; the district "Zentrum"."""
    project = project_open_for_everything(title="Smarte Laternen", slug="smarte-laternen")
    other_project = project_in_ideas_phase(title="Anderes Projekt", slug="anderes-projekt")
    CategoryFactory(project=project, name="Beleuchtung")

    author = UserFactory(display_name="Autorin")
    idea = IdeaFactory(project=project, author=author, title="Laterne am Markt")
    comment = CommentFactory(idea=idea, author=author, text="Mein Kommentar")
    hidden_comment = CommentFactory(idea=idea, author=author, text="Ausgeblendet", is_hidden=True)
    decision = ModerationDecision.objects.create(
        comment=hidden_comment,
        action=ModerationDecision.Action.HIDE,
        rule=FlagReason.INSULT,
        statement="Persönlicher Angriff.",
    )
    review_request(author=author, decision=decision, text="Das war kein Angriff.")
    ReportFactory(comment=comment)
    VoteFactory(user=author, idea=idea, phase=project.phases.get(type="voting"))
    comment_create(author=UserFactory(), text="Gefällt mir.", idea=idea)  # notifies the author
    notification = Notification.objects.filter(recipient=author).first()
    follow = Follow.objects.get_or_create(user=author, idea=idea)[0]

    unit_a, unit_b = OrganisationalUnitFactory(), OrganisationalUnitFactory()
    core_area = CoreAreaFactory()
    measure = MeasureFactory(
        responsible_unit=unit_a,
        title="Sensoren",
        bundle=MeasureBundleFactory(core_areas=[core_area]),
    )
    measure_unit_permissions_sync(measure=measure)
    measure_unit_permissions_sync(measure=MeasureFactory(responsible_unit=unit_b))
    measure_comment = CommentFactory(idea=None, measure=measure, author=author)
    ProgressUpdateFactory(measure=measure)
    MilestoneFactory(measure=measure)
    IndicatorFactory(measure=measure)

    today = datetime.date(2026, 6, 30)
    period = {"period_start": datetime.date(2026, 1, 1), "period_end": today, "as_of": today}
    report_published = StatusReport.objects.create(
        title="Bericht 1/2026", state=StatusReport.State.PUBLISHED, **period
    )
    report_published.pdf.save("bericht.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"), save=True)
    report_published.pdf_en.save("report.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"), save=True)
    report_draft = StatusReport.objects.create(title="Entwurf 2/2026", **period)

    export = DataExport.objects.create(
        user=author,
        state=DataExport.State.READY,
        ready_at=timezone.now(),
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )
    export.file.save("auskunft.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18), save=True)
    Token.objects.get_or_create(user=author)
    district = District.objects.create(name="Zentrum", slug="zentrum", boundary=CITY_SQUARE)
    LetterCode.objects.create(user=author, entry_digest="0" * 64, district=district,
                              birth_year=1990, name="Autorin", street="Markt", house_number="1",
                              postcode="07743")

    budget = BudgetFactory(
        project=ProjectFactory(title="Bürgerbudget 2026", slug="buergerbudget-2026"),
        year=2026, stage="voting",
    )
    budget_proposal = ValidProposalFactory(
        budget=budget, number=1, author=author, title="Bank am Spielplatz"
    )
    ValidProposalFactory(budget=budget, number=2, title="Trinkbrunnen", estimated_cost=9_800)
    BoardConfirmation.objects.create(
        budget=budget, meeting_date=datetime.date(2026, 9, 1),
        decision="Der Beirat bestätigt die Liste.", proposal_count=2,
    )
    past_budget = BudgetFactory(
        project=ProjectFactory(title="Bürgerbudget 2025", slug="buergerbudget-2025"),
        year=2025, stage="implementation",
    )
    _published_budget_result(past_budget)

    return City(
        budget=budget,
        budget_proposal=budget_proposal,
        past_budget=past_budget,
        project=project,
        other_project=other_project,
        author=author,
        idea=idea,
        comment=comment,
        hidden_comment=hidden_comment,
        decision=decision,
        measure=measure,
        measure_comment=measure_comment,
        unit_b=unit_b,
        report_published=report_published,
        report_draft=report_draft,
        notification=notification,
        follow=follow,
        export=export,
        unsubscribe=unsubscribe_token(user_id=author.pk, scope="daily"),
        district=district,
        core_area=core_area,
    )


# --- a city whose every text holds an XSS payload -----------------------------------------
#
# Each field's value is ``"<tag> <payload>"`` (cut to the field's length): the tag names the
# field (``idea.title``), so a test can say which field showed up where. The city is built
# for one payload at a time; the page, e-mail and file tests (tests/security/test_xss.py,
# tests/e2e/test_xss_browser.py) build it once per payload.

# The payloads of the issue. Each one, if it ever became markup, sets window.__xss.
PAYLOADS = {
    "script": "<script>window.__xss=1</script>",
    "img-onerror": '"><img src=x onerror="window.__xss=1">',
    "img-onerror-single": "'><img src=x onerror='window.__xss=1'>",
    "svg-onload": '<svg onload="window.__xss=1">',
    "javascript-link": '<a href="javascript:window.__xss=1">x</a>',
    "javascript-url": "javascript:window.__xss=1",
    "template": "{{ 7*7 }} ${7*7} {% debug %}",
    "script-breakout": "</script><script>window.__xss=1</script>",
}

# Council paper links that pass URL validation yet try to leave their attribute.
SNEAKY_URL = 'https://ratsinfo.example/vo?id=1"><svg/onload=window.__xss=1>'
SNEAKY_DRAFT_URL = "https://ratsinfo.example/vo?id=2'><svg/onload=window.__xss=1>"


def _payload_text(tag: str, payload, max_length: int | None = None) -> str:
    """``"<tag> <payload>"``; ``payload`` may be a function of the tag (then its result
    alone is the value)."""
    value = payload(tag) if callable(payload) else f"{tag} {payload}"
    return value[:max_length] if max_length else value


@dataclass
class PayloadCity:
    """The city's objects by name (``city.idea``, ``city.objects["idea"]``) and the value
    stored in each text field by its tag (``city.values["idea.title"]``)."""

    payload: object  # a payload, or a function of the tag (see ``_payload_text``)
    values: dict[str, str] = field(default_factory=dict)  # tag -> stored value
    objects: dict[str, object] = field(default_factory=dict)

    def __getattr__(self, name):
        if name == "objects":  # not set yet
            raise AttributeError(name)
        try:
            return self.objects[name]
        except KeyError:
            raise AttributeError(name) from None


def city_where_every_text_holds(payload) -> PayloadCity:
    """Every text field of the issue, filled with ``payload``: a project with a phase, a
    category, an idea (with picture, place, official response) in an Ortsteil, comments,
    a report, a hidden comment with its statement and review request; a measure with
    bundle, field of action, core area, unit, progress update, milestone and indicator; a
    generated and published status report; a follow of every kind and a notification of
    every kind for the idea's author."""
    city = PayloadCity(payload=payload)

    def v(tag: str, max_length: int | None = None) -> str:
        city.values[tag] = _payload_text(tag, payload, max_length)
        return city.values[tag]

    o = city.objects
    o["unit"] = OrganisationalUnitFactory(name=v("unit.name"), short_name=v("unit.short", 30))
    o["district"] = DistrictFactory(name=v("district.name", 100))
    o["core_area"] = CoreAreaFactory(title=v("core_area.title"), summary=v("core_area.summary"))
    o["field"] = FieldOfActionFactory(title=v("field.title"), summary=v("field.summary"))
    o["bundle"] = MeasureBundleFactory(
        title=v("bundle.title"),
        summary=v("bundle.summary"),
        field_of_action=o["field"],
        core_areas=[o["core_area"]],
    )
    o["measure"] = MeasureFactory(
        bundle=o["bundle"],
        title=v("measure.title"),
        summary=v("measure.summary"),
        description=v("measure.description"),
        partners=v("measure.partners"),
        funding=v("measure.funding"),
        responsible_unit=o["unit"],
    )
    o["update"] = ProgressUpdateFactory(
        measure=o["measure"], text=v("update.text"), reason=v("update.reason")
    )
    o["milestone"] = MilestoneFactory(
        measure=o["measure"], title=v("milestone.title"), due_on=datetime.date(2025, 3, 1)
    )
    o["indicator"] = IndicatorFactory(
        measure=o["measure"],
        name=v("indicator.name"),
        unit=v("indicator.unit", 50),
        description=v("indicator.description"),
    )
    IndicatorValueFactory(
        indicator=o["indicator"], date=datetime.date(2025, 5, 1), note=v("value.note")
    )

    o["project"] = ProjectFactory(
        title=v("project.title"),
        summary=v("project.summary"),
        description=v("project.description"),
        image=photo(),
        image_alt=v("project.image_alt", 250),
        responsible_unit=o["unit"],
    )
    o["project"].measures.add(o["measure"])
    o["project"].districts.add(o["district"])
    o["phase"] = PhaseFactory(
        project=o["project"], title=v("ideas_phase.title"), description=v("ideas_phase.description")
    )
    o["category"] = CategoryFactory(project=o["project"], name=v("category.name"))

    o["author"] = UserFactory(display_name=v("user.display_name", 80))
    o["commenter"] = UserFactory(display_name=v("commenter.display_name", 80))
    o["idea"] = IdeaFactory(
        project=o["project"],
        author=o["author"],
        title=v("idea.title", 140),
        text=v("idea.text"),
        place_description=v("idea.place", 200),
        image=photo(),
        image_alt=v("idea.image_alt", 250),
        category=o["category"],
        district=o["district"],
        status="accepted",
        official_response=v("idea.official_response"),
        official_response_at=timezone.now(),
        measure=o["measure"],
        comment_count=1,
    )
    o["comment"] = CommentFactory(
        idea=o["idea"], author=o["commenter"], text=v("idea_comment.text")
    )
    o["reply"] = CommentFactory(
        idea=o["idea"], author=o["author"], parent=o["comment"], text=v("reply.text")
    )
    o["measure_comment"] = CommentFactory(
        idea=None, measure=o["measure"], author=o["commenter"], text=v("measure_comment.text")
    )
    o["project_comment"] = CommentFactory(
        idea=None, project=o["project"], author=o["commenter"], text=v("project_comment.text")
    )
    voted = VotingPhaseFactory(
        project=o["project"],
        title=v("voting_phase.title"),
        start=timezone.now() - datetime.timedelta(days=30),
        end=timezone.now() - datetime.timedelta(days=2),
    )
    VoteFactory(user=o["commenter"], idea=o["idea"], phase=voted)
    o["report"] = ReportFactory(comment=o["comment"], text=v("comment_report.text", 1000))
    ReportFactory(comment=o["measure_comment"], text=v("measure_report.text", 1000))
    o["hidden_comment"] = CommentFactory(
        idea=o["idea"], author=o["author"], text=v("hidden_comment.text"), is_hidden=True
    )
    o["decision"] = ModerationDecision.objects.create(
        comment=o["hidden_comment"],
        action=ModerationDecision.Action.HIDE,
        rule=FlagReason.INSULT,
        statement=v("decision.statement"),
    )
    review_request(author=o["author"], decision=o["decision"], text=v("review.text"))
    o["decision"].refresh_from_db()

    o["status_report"] = _published_status_report(city, v)
    city.values["draft_report.paper_url"] = SNEAKY_DRAFT_URL
    o["draft_report"] = StatusReport.objects.create(
        title=v("draft_report.title"),
        summary=v("draft_report.summary"),
        council_paper_number=v("draft_report.paper_number", 50),
        council_paper_url=SNEAKY_DRAFT_URL,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 6, 30),
        as_of=datetime.date(2026, 6, 30),
    )
    o["imprint"] = Page.objects.update_or_create(
        slug=Page.Kind.IMPRINT,
        defaults={"title_de": v("page.title"), "title_en": "Imprint", "body_de": v("page.body")},
    )[0]
    _follow_everything(city)
    _notify_of_every_kind(city)
    o["notification"] = o["author"].notifications.order_by("pk").first()
    tags = list(city.values)
    assert not [(a, b) for a in tags for b in tags if a != b and a in b], "tags overlap"
    return city


def _published_status_report(city: PayloadCity, v) -> StatusReport:
    """A generated, published report (HTML rendered as the task does, in German and in
    English; no PDF needed)."""
    city.values["status_report.paper_url"] = SNEAKY_URL
    report = StatusReport.objects.create(
        title=v("status_report.title"),
        summary=v("status_report.summary"),
        council_paper_number=v("status_report.paper_number", 50),
        council_paper_url=SNEAKY_URL,
        oparl_paper_url=SNEAKY_URL,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        as_of=datetime.date(2025, 12, 31),
    )
    snapshot = build_snapshot(report)
    report.snapshot = snapshot
    report.html = render_body(snapshot)
    with translation.override("en"):
        report.html_en = render_body(snapshot)
    report.state = StatusReport.State.PUBLISHED
    report.generated_at = report.published_at = timezone.now()
    report.pdf.save("bericht.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"), save=False)
    report.pdf_en.save("report.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"), save=False)
    report.save()
    return report


def _follow_everything(city: PayloadCity) -> None:
    o = city.objects
    for kind in ("measure", "bundle", "core_area", "project", "idea", "district"):
        Follow.objects.create(user=o["author"], **{kind: o[kind]})


def _notification_contexts(city: PayloadCity) -> dict[str, dict]:
    """The context of every notification kind, with the keys the events write
    (participation.notifications.receivers and .reminders, reports.services)."""
    o, values = city.objects, city.values
    measure = f"{o['measure'].code} {o['measure'].title}"
    return {
        NotificationKind.PROGRESS_UPDATE: {
            "measure": measure,
            "excerpt": values["update.text"],
            "progress": 40,
        },
        NotificationKind.MILESTONE_REACHED: {
            "measure": measure,
            "milestone": values["milestone.title"],
        },
        NotificationKind.PHASE_STARTED: {
            "project": values["project.title"],
            "phase": values["ideas_phase.title"],
        },
        NotificationKind.PHASE_ENDING: {
            "project": values["project.title"],
            "phase": values["ideas_phase.title"],
        },
        NotificationKind.NEW_IDEA: {
            "project": values["project.title"],
            "idea": values["idea.title"],
            "excerpt": values["idea.text"],
        },
        NotificationKind.COMMENT_ON_MY_IDEA: {
            "actor": values["commenter.display_name"],
            "idea": values["idea.title"],
            "excerpt": values["idea_comment.text"],
        },
        NotificationKind.REPLY_TO_MY_COMMENT: {
            "actor": values["commenter.display_name"],
            "idea": values["idea.title"],
            "excerpt": values["reply.text"],
        },
        NotificationKind.IDEA_RESPONSE: {
            "idea": values["idea.title"],
            "status": "accepted",
            "excerpt": values["idea.official_response"],
        },
        NotificationKind.CONTENT_HIDDEN: {
            "item": values["hidden_comment.text"],
            "rule": FlagReason.INSULT,
            "statement": values["decision.statement"],
        },
        NotificationKind.REVIEW_DECIDED: {
            "item": values["hidden_comment.text"],
            "outcome": ModerationDecision.ReviewOutcome.values[0],
            "rule": FlagReason.INSULT,
            "statement": values["decision.statement"],
        },
        NotificationKind.NEW_REPORT: {"project": values["project.title"], "reason": "insult"},
        NotificationKind.MEASURE_STALE: {"measure": measure},
        NotificationKind.MILESTONE_DUE: {
            "measure": measure,
            "milestone": values["milestone.title"],
        },
        NotificationKind.STATUS_REPORT_PUBLISHED: {
            "report": values["status_report.title"],
            "excerpt": values["status_report.summary"],
        },
    }


def _notify_of_every_kind(city: PayloadCity, recipient=None, *, prefix: str = "xss") -> None:
    """One notification of every kind for ``recipient`` (the idea's author), about the
    city's idea (the pages' and e-mails' text comes only from the context)."""
    o = city.objects
    recipient = recipient or o["author"]
    for kind, context in _notification_contexts(city).items():
        notify(
            recipients=[recipient],
            kind=kind,
            event_key=f"{prefix}:{kind}",
            url=o["idea"].get_absolute_url(),
            context=context,
            idea=o["idea"],
            project=o["project"],
        )
