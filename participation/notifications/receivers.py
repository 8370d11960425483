"""Who is told about which event, and what taking part follows automatically.

The domain events of ideas (``participation.ideas.events``) and moderation
(``participation.moderation.events``) arrive inside the action's transaction: the
``on_*`` receivers below write the follows and notification rows in it (connected in
``NotificationsConfig.ready``). The strategy tracker's events (``measures.events``)
arrive after the measure's commit: their receivers write the rows right after, in a
transaction of their own; should that fail, nothing was promised yet (the update is
published, the followers simply miss one notification) — it is logged.
"""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse

from participation.budgets.models import Proposal
from participation.budgets.selectors.review import public_proposal_url as proposal_public_url
from participation.ideas.models import Comment, Idea
from participation.moderation.models import Flag, FlagAlert, ModerationDecision
from participation.notifications.follows import follow_automatic
from participation.notifications.models import Follow, NotificationKind
from participation.notifications.services import excerpt, notify
from projects.rules import moderates_project

logger = logging.getLogger(__name__)


def _followers(condition: Q) -> QuerySet:
    return get_user_model().objects.filter(
        pk__in=Follow.objects.filter(condition).values("user_id")
    )


def measure_followers(measure) -> QuerySet:
    """Followers of the measure, of its bundle, and of the bundle's core areas."""
    return _followers(
        Q(measure_id=measure.pk)
        | Q(bundle_id=measure.bundle_id)
        | Q(core_area__bundles=measure.bundle_id)
    )


def project_followers(project) -> QuerySet:
    return _followers(Q(project_id=project.pk))


# --- Strategy tracker (receivers, connected in ParticipationConfig.ready) ------------------


def on_progress_update_published(sender, *, update, measure, **kwargs) -> None:
    try:
        with transaction.atomic():
            notify(
                recipients=measure_followers(measure),
                kind=NotificationKind.PROGRESS_UPDATE,
                event_key=f"progress_update:{update.pk}",
                url=measure.get_absolute_url(),
                context={
                    "measure": f"{measure.code} {measure.title}",
                    "measure_id": measure.pk,
                    "update_id": update.pk,
                    "date": update.date.isoformat(),
                    "progress": update.progress,
                    "excerpt": excerpt(update.text),
                },
                measure=measure,
                actor=update.author,
            )
    except Exception:  # the update is published; a failure here must not undo the request
        logger.exception("notifying followers of progress update %s failed", update.pk)


def on_budget_results_published(sender, *, budget, count, actor=None, **kwargs) -> None:
    """The followers of the budget's project hear that its result is published (after
    the count's commit; a failure is logged, the result stays published)."""
    try:
        with transaction.atomic():
            notify(
                recipients=project_followers(budget.project),
                kind=NotificationKind.BUDGET_RESULTS,
                event_key=f"budget_results:{count.pk}",
                url=reverse("budgets:results", kwargs={"slug": budget.project.slug}),
                context={
                    "project": budget.project.title,
                    "project_id": budget.project_id,
                    "count_id": count.pk,
                    "spent": count.spent,
                    "remainder": count.remainder,
                },
                project=budget.project,
                actor=actor,
            )
    except Exception:  # the result is published; a failure here must not undo the request
        logger.exception("notifying followers of budget %s's result failed", budget.pk)


def on_milestone_reached(sender, *, milestone, measure, **kwargs) -> None:
    try:
        with transaction.atomic():
            notify(
                recipients=measure_followers(measure),
                kind=NotificationKind.MILESTONE_REACHED,
                event_key=f"milestone_reached:{milestone.pk}",
                url=measure.get_absolute_url(),
                context={
                    "measure": f"{measure.code} {measure.title}",
                    "measure_id": measure.pk,
                    "milestone": milestone.title,
                    "milestone_id": milestone.pk,
                },
                measure=measure,
            )
    except Exception:
        logger.exception("notifying followers of milestone %s failed", milestone.pk)


# --- Participation (called inside the services' transactions) ------------------------------


def notify_new_idea(*, idea: Idea) -> int:
    """Followers of the project and of the idea's district (Ortsteil), not the author."""
    condition = Q(project_id=idea.project_id)
    if idea.district_id:
        condition |= Q(district_id=idea.district_id)
    return notify(
        recipients=_followers(condition),
        kind=NotificationKind.NEW_IDEA,
        event_key=f"new_idea:{idea.pk}",
        url=idea.get_absolute_url(),
        context={
            "project": idea.project.title,
            "idea": idea.title,
            "idea_id": idea.pk,
            "excerpt": excerpt(idea.text),
        },
        project=idea.project,
        idea=idea,
        actor=idea.author,
    )


def _comment_url(comment: Comment) -> str:
    if comment.idea_id:
        base = comment.idea.get_absolute_url()
    elif comment.measure_id:
        base = comment.measure.get_absolute_url()
    elif comment.proposal_id:
        base = proposal_public_url(comment.proposal)
    else:
        base = reverse("projects:project-detail", kwargs={"slug": comment.project.slug})
    return f"{base}#comment-{comment.pk}"


def _comment_targets(comment: Comment) -> dict:
    if comment.idea_id:
        return {"idea": comment.idea, "project": comment.idea.project}
    if comment.measure_id:
        return {"measure": comment.measure}
    if comment.proposal_id:
        return {"project": comment.proposal.budget.project}
    return {"project": comment.project}


def notify_comment(*, comment: Comment) -> int:
    """A new comment: the idea's author and the idea's followers are told
    (``comment_on_my_idea``), a Bürgerbudget proposal's author with an account
    (``comment_on_my_proposal``); for a reply, the parent comment's author is told
    (``reply_to_my_comment``) — once: whoever gets the reply is not told twice."""
    actor = comment.author
    context = {
        "actor": actor.public_name if actor else "",
        "comment_id": comment.pk,
        "excerpt": excerpt(comment.text),
    }
    targets = _comment_targets(comment)
    url = _comment_url(comment)
    created = 0
    replied_to = None
    if comment.parent_id and comment.parent.author_id:
        replied_to = comment.parent.author_id
        created += notify(
            recipients=[replied_to],
            kind=NotificationKind.REPLY_TO_MY_COMMENT,
            event_key=f"comment:{comment.pk}",
            url=url,
            context={**context, "idea": comment.idea.title if comment.idea_id else ""},
            comment=comment,
            actor=actor,
            **targets,
        )
    if comment.idea_id:
        idea = comment.idea
        recipients = _followers(Q(idea_id=idea.pk))
        ids = set(recipients.values_list("pk", flat=True))
        if idea.author_id:
            ids.add(idea.author_id)
        ids.discard(replied_to)
        created += notify(
            recipients=ids,
            kind=NotificationKind.COMMENT_ON_MY_IDEA,
            event_key=f"comment:{comment.pk}",
            url=url,
            context={**context, "idea": idea.title, "idea_id": idea.pk},
            comment=comment,
            actor=actor,
            **targets,
        )
    if comment.proposal_id:
        proposal = comment.proposal
        recipients = {proposal.author_id} - {None, replied_to}
        created += notify(
            recipients=recipients,
            kind=NotificationKind.COMMENT_ON_MY_PROPOSAL,
            event_key=f"comment:{comment.pk}",
            url=url,
            context={
                **context,
                "proposal": proposal.title,
                "proposal_id": proposal.pk,
                "proposal_number": proposal.number,
            },
            comment=comment,
            actor=actor,
            **targets,
        )
    return created


def notify_proposal_reviewed(*, proposal: Proposal, actor, event_key: str = "") -> int:
    """The published review of a Bürgerbudget proposal (decision and reason): its author,
    if the proposal was submitted with an account (others are e-mailed by the budget's
    service). One notification per change of the decision or the reason, and per
    correction of the status after the board's confirmation (``event_key``)."""
    if proposal.author_id is None:
        return 0
    project = proposal.budget.project
    return notify(
        recipients=[proposal.author_id],
        kind=NotificationKind.BUDGET_REVIEW,
        event_key=event_key
        or f"budget_review:{proposal.pk}:{proposal.reviewed_at.isoformat()}",
        url=proposal_public_url(proposal),
        context={
            "budget": project.title,
            "proposal": proposal.title,
            "proposal_id": proposal.pk,
            "proposal_number": proposal.number,
            "decision": proposal.status,
            "excerpt": excerpt(proposal.review_reason, 2000),
        },
        project=project,
        actor=actor,
    )


def notify_idea_response(*, idea: Idea, actor) -> int:
    """An official response or a new status: the author and the idea's followers."""
    ids = set(_followers(Q(idea_id=idea.pk)).values_list("pk", flat=True))
    if idea.author_id:
        ids.add(idea.author_id)
    return notify(
        recipients=ids,
        kind=NotificationKind.IDEA_RESPONSE,
        event_key=f"idea_response:{idea.pk}:{idea.updated_at.isoformat()}",
        url=idea.get_absolute_url(),
        context={
            "idea": idea.title,
            "idea_id": idea.pk,
            "status": idea.status,
            "excerpt": excerpt(idea.official_response),
        },
        project=idea.project,
        idea=idea,
        actor=actor,
    )


def _decision_item(decision: ModerationDecision):
    if decision.idea_id:
        idea = decision.idea
        return idea, {"idea": idea, "project": idea.project}, idea.get_absolute_url(), idea.title
    comment = decision.comment
    return comment, {**_comment_targets(comment), "comment": comment}, _comment_url(
        comment
    ), excerpt(comment.text, 80)


def notify_content_hidden(*, decision: ModerationDecision) -> int:
    """The author of the hidden idea or comment, with the statement of reasons."""
    item, targets, url, label = _decision_item(decision)
    return notify(
        recipients=[item.author_id] if item.author_id else [],
        kind=NotificationKind.CONTENT_HIDDEN,
        event_key=f"decision:{decision.pk}",
        url=url,
        context={"item": label, "rule": decision.rule, "statement": decision.statement},
        actor=decision.moderator,
        **targets,
    )


def notify_review_decided(*, review: ModerationDecision, decision: ModerationDecision) -> int:
    """The author who asked for the review: the outcome and its reasons. ``review``: the
    decision whose review was requested (now with ``review_outcome``); ``decision``: the
    new decision that answered it (its statement)."""
    item, targets, url, label = _decision_item(review)
    return notify(
        recipients=[item.author_id] if item.author_id else [],
        kind=NotificationKind.REVIEW_DECIDED,
        event_key=f"review:{review.pk}",
        url=url,
        context={
            "item": label,
            "outcome": review.review_outcome,
            "rule": decision.rule or review.rule,
            "statement": decision.statement,
        },
        actor=decision.moderator,
        **targets,
    )


def _flag_project(report: Flag):
    """The project of the reported idea or comment; None for comments on measures."""
    if report.idea_id:
        return report.idea.project
    comment = report.comment
    if comment.idea_id:
        return comment.idea.project
    if comment.proposal_id:
        return comment.proposal.budget.project
    return comment.project if comment.project_id else None


def notify_new_flag(*, report: Flag) -> int:
    """The moderators of the project who asked to be told about new reports
    (``FlagAlert``) and still moderate it; not the reporter. The notification is about
    the project (its queue), not the item: it is written even if the report hid the item.
    Comments on measures have no project and no alerts."""
    project = _flag_project(report)
    if project is None:
        return 0
    alerts = FlagAlert.objects.filter(project=project, user__is_active=True).select_related(
        "user"
    )
    recipients = [alert.user for alert in alerts if moderates_project(alert.user, project)]
    return notify(
        recipients=recipients,
        kind=NotificationKind.NEW_REPORT,
        event_key=f"report:{report.pk}",
        url=reverse("moderation:queue", kwargs={"project_slug": project.slug}),
        context={
            "project": project.title,
            "project_id": project.pk,
            "report_id": report.pk,
            "reason": report.reason,
        },
        project=project,
        actor=report.reporter,
    )


# --- Receivers of the domain events of ideas and moderation ---------------------------------


def on_idea_created(sender, *, idea: Idea, author, **kwargs) -> None:
    """The author follows the new idea; the followers of its project and district hear
    of it."""
    follow_automatic(user=author, target=idea)
    notify_new_idea(idea=idea)


def on_idea_answered(sender, *, idea: Idea, actor, **kwargs) -> None:
    notify_idea_response(idea=idea, actor=actor)


def on_proposal_reviewed(sender, *, proposal: Proposal, actor, **kwargs) -> None:
    notify_proposal_reviewed(proposal=proposal, actor=actor)


def on_proposal_corrected(sender, *, correction, proposal: Proposal, actor, **kwargs) -> None:
    """A corrected status (valid ↔ invalid) after the freeze concerns the author: the
    proposal joins or leaves the ballot, with the correction's reason."""
    if correction.field == "status":
        notify_proposal_reviewed(
            proposal=proposal, actor=actor, event_key=f"budget_correction:{correction.pk}"
        )


def on_comment_created(sender, *, comment: Comment, target, **kwargs) -> None:
    """The author follows what the comment is on (for a Bürgerbudget proposal: the
    budget's project, whose phases lead to the vote); the people it concerns hear of it."""
    if isinstance(target, Proposal):
        target = target.budget.project
    follow_automatic(user=comment.author, target=target)
    notify_comment(comment=comment)


def on_vote_cast(sender, *, idea: Idea, user, **kwargs) -> None:
    follow_automatic(user=user, target=idea)


def on_flag_created(sender, *, flag: Flag, **kwargs) -> None:
    notify_new_flag(report=flag)


def on_content_hidden(sender, *, decision: ModerationDecision, **kwargs) -> None:
    notify_content_hidden(decision=decision)


def on_review_decided(sender, *, review: ModerationDecision, decision, **kwargs) -> None:
    notify_review_decided(review=review, decision=decision)


# --- Bürgerbudget (participation.budgets.events) --------------------------------------------


def on_proposal_submitted(sender, *, proposal, author, **kwargs) -> None:
    """The author of a proposal follows the budget's project (its phases, the ballot and
    the result reach them like any follower's)."""
    follow_automatic(user=author, target=proposal.budget.project)


def notify_proposal_merged(*, proposal, into, actor, reason: str) -> int:
    """The authors with an account of both proposals, in the portal and by e-mail (their
    preference for ``proposal_merged``); each is sent to their own proposal's page."""
    project = proposal.budget.project
    told = 0
    for own in (proposal, into):
        if own.author_id is None:
            continue
        told += notify(
            recipients=[own.author_id],
            kind=NotificationKind.PROPOSAL_MERGED,
            event_key=f"proposal_merged:{proposal.pk}:{into.pk}",
            url=own.get_absolute_url(),
            context={
                "proposal": f"{proposal.number}. {proposal.title}",
                "into": f"{into.number}. {into.title}",
                "proposal_id": proposal.pk,
                "into_id": into.pk,
                "excerpt": excerpt(reason),
            },
            project=project,
            actor=actor,
        )
    return told


def _is_email_address(value: str) -> bool:
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def on_proposal_merged(sender, *, proposal, into, actor, reason: str, **kwargs) -> None:
    """Both authors are told: account holders by notification, people whose letter or
    e-mail staff entered by an e-mail to the address they gave (after the commit; a
    postal address is left to staff)."""
    notify_proposal_merged(proposal=proposal, into=into, actor=actor, reason=reason)
    from core.tasks import safe_delay
    from participation.notifications.tasks import send_proposal_merged_contact_email

    for own in (proposal, into):
        if own.author_id is None and _is_email_address(own.author_contact.strip()):
            transaction.on_commit(
                lambda pk=own.pk: safe_delay(
                    send_proposal_merged_contact_email, pk, proposal.pk, into.pk
                )
            )
