"""A small city in which every text a person can type holds an XSS payload.

Each field's value is ``"<tag> <payload>"`` (cut to the field's length): the tag names
the field (``idea.title``), so a test can say which field showed up where. The world is
built for one payload at a time (``build_xss_world(payload)``); the page, e-mail and
file tests run it once per payload.

Used by tests/security/test_xss.py and tests/e2e/test_xss_browser.py.
"""

import datetime
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.utils import timezone, translation

from pages.models import Page
from participation.moderation.models import FlagReason, ModerationDecision
from participation.moderation.services import review_request
from participation.notifications.models import NotificationKind
from participation.notifications.services import notify
from reports.models import StatusReport
from reports.render import render_body
from reports.snapshot import build_snapshot
from tests.factories import (
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
    UserFactory,
    VoteFactory,
    VotingPhaseFactory,
)
from tests.ideas.factories_ideas import photo
from tests.notifications.factories_follows import DistrictFactory

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


def text(tag: str, payload, max_length: int | None = None) -> str:
    """``"<tag> <payload>"``; ``payload`` may be a function of the tag (then its result
    alone is the value)."""
    value = payload(tag) if callable(payload) else f"{tag} {payload}"
    return value[:max_length] if max_length else value


@dataclass
class XssWorld:
    payload: object  # a payload, or a function of the tag (see ``text``)
    values: dict[str, str] = field(default_factory=dict)  # tag -> stored value
    objects: dict[str, object] = field(default_factory=dict)

    def __getattr__(self, name):
        if name == "objects":  # not set yet
            raise AttributeError(name)
        try:
            return self.objects[name]
        except KeyError:
            raise AttributeError(name) from None


def build_xss_world(payload) -> XssWorld:
    """Every text field of the issue, filled with ``payload``: a project with a phase, a
    category, an idea (with picture, place, official response) in an Ortsteil, comments,
    a report, a hidden comment with its statement and review request; a measure with
    bundle, field of action, core area, unit, progress update, milestone and indicator; a
    generated and published status report; a follow of every kind and a notification of
    every kind for the idea's author."""
    world = XssWorld(payload=payload)

    def v(tag: str, max_length: int | None = None) -> str:
        world.values[tag] = text(tag, payload, max_length)
        return world.values[tag]

    o = world.objects
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

    o["status_report"] = status_report(world, v)
    world.values["draft_report.paper_url"] = SNEAKY_DRAFT_URL
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
    follow_everything(world)
    notify_of_every_kind(world)
    o["notification"] = o["author"].notifications.order_by("pk").first()
    tags = list(world.values)
    assert not [(a, b) for a in tags for b in tags if a != b and a in b], "tags overlap"
    return world


def status_report(world: XssWorld, v) -> StatusReport:
    """A generated, published report (HTML rendered as the task does, in German and in
    English; no PDF needed)."""
    world.values["status_report.paper_url"] = SNEAKY_URL
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


def follow_everything(world: XssWorld) -> None:
    from participation.notifications.models import Follow

    o = world.objects
    for kind in ("measure", "bundle", "core_area", "project", "idea", "district"):
        Follow.objects.create(user=o["author"], **{kind: o[kind]})


def notification_contexts(world: XssWorld) -> dict[str, dict]:
    """The context of every notification kind, with the keys the events write
    (participation.notifications.receivers and .reminders, reports.services)."""
    o, values = world.objects, world.values
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


def notify_of_every_kind(world: XssWorld, recipient=None, *, prefix: str = "xss") -> None:
    """One notification of every kind for ``recipient`` (the idea's author), about the
    world's idea (the pages' and e-mails' text comes only from the context)."""
    o = world.objects
    recipient = recipient or o["author"]
    for kind, context in notification_contexts(world).items():
        notify(
            recipients=[recipient],
            kind=kind,
            event_key=f"{prefix}:{kind}",
            url=o["idea"].get_absolute_url(),
            context=context,
            idea=o["idea"],
            project=o["project"],
        )
