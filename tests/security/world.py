"""One small city for the permission matrix: two projects (one moderated by "moderator",
one by "other_moderator"), an author with an idea, a comment, a vote, a follow, a
notification, a hidden comment with a moderation decision and a data export, a measure
of unit A (the other manager belongs to unit B), a published and a draft status report,
and one row of every model the admin shows.

And the eight people the issue names, relative to that city."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.utils import timezone
from guardian.shortcuts import assign_perm
from rest_framework.authtoken.models import Token

from geo.models import District
from measures.services import measure_unit_permissions_sync
from participation.ideas.services.comments import comment_create
from participation.moderation.models import FlagReason, ModerationDecision
from participation.moderation.services import review_request
from participation.notifications.delivery import unsubscribe_token
from participation.notifications.models import Follow, Notification
from privacy.models import DataExport
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
)

ROLES = (
    "anonymous",
    "resident",
    "author",
    "moderator",  # of the world's project (object permission, not staff)
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
class World:
    project: object
    other_project: object
    author: object
    idea: object
    comment: object
    hidden_comment: object
    decision: object
    measure: object
    measure_comment: object
    unit_b: object
    report_published: object
    report_draft: object
    notification: object
    follow: object
    export: object
    unsubscribe: str
    district: object
    core_area: object


def build_world() -> World:
    project = ProjectFactory(title="Smarte Laternen", slug="smarte-laternen")
    other_project = ProjectFactory(title="Anderes Projekt", slug="anderes-projekt")
    for each in (project, other_project):
        PhaseFactory(project=each)
    VotingPhaseFactory(project=project)  # ideas, comments and votes at once
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

    return World(
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


def person(role: str, world: World):
    """The person of ``role`` in ``world`` (None: anonymous)."""
    if role == "anonymous":
        return None
    if role == "author":
        return world.author
    if role == "resident":
        return UserFactory()
    if role == "moderator":
        user = UserFactory()
        assign_perm("projects.moderate_project", user, world.project)
        return user
    if role == "other_moderator":
        user = UserFactory()
        assign_perm("projects.moderate_project", user, world.other_project)
        return user
    if role == "other_manager":
        user = StaffFactory()
        user.groups.add(world.unit_b.group)
        return user
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
