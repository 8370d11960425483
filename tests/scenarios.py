"""The situations the tests start from, each built once, here, with the factories.

A builder's name says the situation it sets up (``two_projects_with_their_moderators``,
``city_with_every_role``); it returns a small dataclass whose attributes name the people
and things of that situation. Test modules take them as they are, or through a one-line
fixture (``return scenarios.two_projects_with_their_moderators()``).

Details that tests rely on (titles, slugs, display names, phase dates, how many rows)
are part of a scenario's promise: change them only together with the tests.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.utils import timezone
from rest_framework.authtoken.models import Token

from geo.models import District
from measures.models import CoreArea, Measure, OrganisationalUnit
from measures.services import measure_unit_permissions_sync
from participation.ideas.models import Comment, Idea
from participation.ideas.services.comments import comment_create
from participation.moderation.models import FlagReason, ModerationDecision
from participation.moderation.services import review_request
from participation.notifications.delivery import unsubscribe_token
from participation.notifications.models import Follow, Notification
from privacy.models import DataExport
from projects.models import Project
from reports.models import StatusReport
from tests.factories import (
    CITY_SQUARE,
    CategoryFactory,
    CommentFactory,
    CoreAreaFactory,
    IdeaFactory,
    IndicatorFactory,
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
    VoteFactory,
    VotingPhaseFactory,
    moderator_of,
)
from tests.measures.factories_extra import unit_manager
from users.models import User

# --- projects in a phase (the steps the scenarios are made of) ------------------------------


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
    """"Projekt A" (projekt-a) and "Projekt B" (projekt-b); the author "Autorin" wrote
    "Laterne am Markt" in A and "Laterne in Lobeda" in B, and commented on each
    ("Kommentar in A", "Kommentar in B"); "Moderation A" and "Moderation B" moderate
    one project each; "Anwohnerin" is a resident."""
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


# --- a small city and the eight people of the permission matrix -------------------------------

CITY_ROLES = (
    "anonymous",
    "resident",
    "author",
    "moderator",  # of the city's project (object permission, not staff)
    "other_moderator",  # of another project
    "other_manager",  # measure manager of another unit (staff, as the city's managers are)
    "council",  # member of the council group
    "staff",  # the Smart City office: staff, moderates everything, makes and publishes reports
)

STAFF_PERMISSIONS = (
    ("projects", "moderate_project"),
    ("reports", "add_statusreport"),
    ("reports", "change_statusreport"),
    ("reports", "view_statusreport"),
    ("reports", "publish_statusreport"),
    ("measures", "view_measure"),
    ("measures", "change_measure"),
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

    return City(
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
