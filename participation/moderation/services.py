"""Reports (flags) and moderation: every write of section 6 of the participation issue.

The HTML queue, the report form, the admin and the API call these functions, so the
rules below hold wherever a decision comes from:

* Reporting needs a verified e-mail address. One open report per person and item; one's
  own contribution cannot be reported (the author can edit or delete it instead).
* When the number of OPEN reports on an item reaches ``PARTICIPATION_AUTO_HIDE_REPORTS``
  (default 3; 0 switches it off), the item is hidden automatically until a moderator
  decides (a decision ``auto_hide`` without a moderator). Once a moderator has decided
  that an item stays visible (restored or reports dismissed), new reports only go to the
  queue: a group of people cannot hide it again on their own.
* Moderators act only where they moderate: on ideas and comments of a project, the
  project's moderators (``projects.rules.moderates_project``: the object permission, or
  the global permission ``projects.moderate_project`` that administrators hold); on
  comments on measures, only holders of the global permission. Being ``is_staff`` alone
  gives no power here (measure managers are staff too).
* Every decision is a ``ModerationDecision`` row with a statement of reasons the author
  sees (EU Digital Services Act, art. 17); hiding requires a statement and a rule. Every
  decision closes the item's open reports (upheld or dismissed, with ``decided_at``).
* The author may ask once for a review of a hiding decision (art. 20). The review's
  outcome is written as a new decision by the reviewing moderator (hide = upheld,
  restore = reversed) that carries the review request, so it cannot be reviewed again.
"""

from __future__ import annotations

import collections
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import ratelimit
from core.exceptions import Invalid, NotAllowed
from core.rules import require
from participation.ideas.models import Comment, Idea
from participation.ideas.rules import (
    Item,
    item_filter,
    item_from,
    item_kind,
)
from participation.ideas.services.counters import idea_counters_refresh
from participation.ideas.services.ideas import idea_photo_conceal
from participation.ideas.targets import spec_of_comment
from participation.moderation import events
from participation.moderation.models import Flag, FlagAlert, FlagReason, ModerationDecision
from participation.moderation.rules import (
    may_flag,
    may_moderate,
    may_receive_flag_alerts,
    may_request_review,
)
from projects.models import Project

REPORT_TEXT_MAX = 1000
REVIEW_TEXT_MAX = 2000
STATEMENT_MAX = 5000
KEEPING_ACTIONS = (ModerationDecision.Action.RESTORE, ModerationDecision.Action.DISMISS)


def auto_hide_threshold() -> int:
    """Open reports that hide an item automatically; 0 (or less) switches this off."""
    return int(getattr(settings, "PARTICIPATION_AUTO_HIDE_REPORTS", 3) or 0)


# --- targets and permissions --------------------------------------------------------------


def _lock(item: Item) -> Item:
    """The item's row, locked for the rest of the transaction: reports and decisions on
    one item are serialized (threshold counting, "once" rules).

    Lock order as in ``services.comments``: a comment on an idea locks the idea's row
    first (its counters are recomputed in this transaction), then the comment's."""
    if isinstance(item, Comment) and item.idea_id:
        list(
            Idea.objects.select_for_update(no_key=True)
            .filter(pk=item.idea_id)
            .values_list("pk", flat=True)
        )
    elif isinstance(item, Comment) and (spec := spec_of_comment(item)) is not None:
        spec.lock(getattr(item, f"{spec.kind}_id"))  # a proposal: its comment counter
    return type(item).objects.select_for_update().get(pk=item.pk)


def _refresh_counters(item: Item) -> None:
    if isinstance(item, Comment) and item.idea_id:
        idea_counters_refresh(idea_id=item.idea_id)
    elif isinstance(item, Comment) and (spec := spec_of_comment(item)) is not None:
        spec.refresh_counters(getattr(item, f"{spec.kind}_id"))


def _set_hidden(item: Item, locked: Item, hidden: bool) -> None:
    type(item).objects.filter(pk=item.pk).update(is_hidden=hidden)
    locked.is_hidden = hidden
    item.is_hidden = hidden
    if hidden and isinstance(locked, Idea):
        # Its photo's public link, seen before, must not show it any more.
        idea_photo_conceal(locked)
        item.image.name = locked.image.name
    _refresh_counters(locked)
    events.visibility_changed.send(sender=type(item), item=locked, hidden=hidden)


def latest_decision(item: Item) -> ModerationDecision | None:
    return (
        ModerationDecision.objects.filter(**item_filter(item))
        .order_by("-created_at", "-pk")
        .first()
    )


def _pending_review(item: Item) -> ModerationDecision | None:
    return (
        ModerationDecision.objects.select_for_update()
        .filter(**item_filter(item), review_requested_at__isnull=False, review_outcome="")
        .order_by("-created_at", "-pk")
        .first()
    )


def _close_open_flags(item: Item, status: str, now) -> int:
    return Flag.objects.filter(**item_filter(item), status=Flag.Status.OPEN).update(
        status=status, decided_at=now
    )


def _clean_statement(statement: str, *, required: bool) -> str:
    statement = (statement or "").strip()
    if required and not statement:
        raise Invalid(
            {
                "statement": _(
                    "Bitte begründen Sie die Entscheidung: was ausgeblendet wird, warum, "
                    "und gegen welche Regel der Beitrag verstößt. Die Verfasserin oder der "
                    "Verfasser bekommt diese Begründung zu sehen."
                )
            }
        )
    if len(statement) > STATEMENT_MAX:
        raise Invalid(
            {
                "statement": _("Die Begründung darf höchstens %(max)s Zeichen lang sein.")
                % {"max": STATEMENT_MAX}
            }
        )
    return statement


def _clean_rule(rule: str) -> str:
    if rule not in FlagReason.values:
        raise Invalid(
            {"rule": _("Bitte wählen Sie die Regel, gegen die der Beitrag verstößt.")}
        )
    return rule


def validate_hide(*, rule: str, statement: str) -> tuple[str, str]:
    """Hiding needs a rule and a statement of reasons; errors per field, all at once."""
    errors: dict[str, list[str]] = {}
    cleaned = []
    for check in (lambda: _clean_rule(rule), lambda: _clean_statement(statement, required=True)):
        try:
            cleaned.append(check())
        except Invalid as error:
            errors.update(error.message_dict)
    if errors:
        raise Invalid(errors)
    return cleaned[0], cleaned[1]


# --- reports ------------------------------------------------------------------------------


@transaction.atomic
def flag_create(
    *,
    reporter,
    reason: str,
    text: str = "",
    idea: Idea | None = None,
    comment: Comment | None = None,
) -> Flag:
    """Flag an idea or a comment.

    Who: signed-in people with a verified e-mail address, not the author, at most one
    open report per person and item, only on content they can see.
    Effect: when the item's open reports reach the threshold, it is hidden automatically
    (``auto_hide`` decision with a generated statement; comments: idea counters refreshed).
    The project's moderators who opted in (``FlagAlert``) are notified, hidden or not.
    """
    item = item_from(idea=idea, comment=comment)
    require(may_flag(reporter, item, check_open_flag=False))
    flag = Flag(reporter=reporter, reason=reason, text=(text or "").strip(), **item_filter(item))
    try:
        flag.clean_fields(exclude=["reporter", "idea", "comment", "status"])
    except ValidationError as exc:
        raise Invalid(exc.message_dict) from None
    ratelimit.enforce("report", reporter)

    locked = _lock(item)
    require(may_flag(reporter, locked))
    flag.save()
    report = flag
    _auto_hide_if_needed(item, locked)
    events.flag_created.send(sender=Flag, flag=report)
    return report


def _auto_hide_if_needed(item: Item, locked: Item) -> ModerationDecision | None:
    threshold = auto_hide_threshold()
    if threshold <= 0 or locked.is_hidden:
        return None
    reasons = list(
        Flag.objects.filter(**item_filter(locked), status=Flag.Status.OPEN).values_list(
            "reason", flat=True
        )
    )
    if len(reasons) < threshold:
        return None
    decided_to_keep = ModerationDecision.objects.filter(**item_filter(locked)).filter(
        action__in=KEEPING_ACTIONS, moderator__isnull=False
    )
    if decided_to_keep.exists():
        return None  # a person decided it stays visible; new reports wait in the queue
    counts = collections.Counter(reasons)
    order = {value: index for index, value in enumerate(FlagReason.values)}
    rule = min(counts, key=lambda reason: (-counts[reason], order[reason]))
    _set_hidden(item, locked, True)
    decision = ModerationDecision.objects.create(
        action=ModerationDecision.Action.AUTO_HIDE,
        rule=rule,
        statement=_auto_hide_statement(item_kind(locked), len(reasons), rule),
        moderator=None,
        **item_filter(locked),
    )
    events.content_hidden.send(sender=ModerationDecision, decision=decision)
    return decision


def _auto_hide_statement(kind: str, count: int, rule: str) -> str:
    # Stored text: always German, whatever language the reporter uses.
    with translation.override(settings.LANGUAGE_CODE):
        rule_label = str(FlagReason(rule).label)
        if kind == "idea":
            what = ngettext(
                "Diese Idee wurde automatisch ausgeblendet, weil sie gemeldet wurde.",
                "Diese Idee wurde automatisch ausgeblendet, weil sie von %(count)s Personen "
                "gemeldet wurde.",
                count,
            )
        else:
            what = ngettext(
                "Dieser Kommentar wurde automatisch ausgeblendet, weil er gemeldet wurde.",
                "Dieser Kommentar wurde automatisch ausgeblendet, weil er von %(count)s "
                "Personen gemeldet wurde.",
                count,
            )
        return " ".join(
            [
                what % {"count": count},
                _("Häufigster Grund der Meldungen: „%(rule)s“.") % {"rule": rule_label},
                _(
                    "Eine Moderatorin oder ein Moderator hat den Beitrag noch nicht geprüft. "
                    "Er bleibt ausgeblendet, bis die Moderation entschieden hat."
                ),
            ]
        )


# --- decisions ----------------------------------------------------------------------------


def _apply_hide(
    item: Item, locked: Item, *, moderator, rule: str, statement: str, now
) -> ModerationDecision:
    """Hide, record the decision, uphold the open reports; a pending review request is
    answered by this decision (upheld) and carried on it, so it is not asked twice."""
    pending = _pending_review(locked)
    _set_hidden(item, locked, True)
    decision = ModerationDecision(
        action=ModerationDecision.Action.HIDE,
        rule=rule,
        statement=statement,
        moderator=moderator,
        **item_filter(locked),
    )
    if pending is not None:
        _answer_review(pending, ModerationDecision.ReviewOutcome.UPHELD, moderator, now)
        decision.review_requested_at = pending.review_requested_at
        decision.review_text = pending.review_text
        decision.review_outcome = ModerationDecision.ReviewOutcome.UPHELD
        decision.review_decided_at = now
        decision.review_decided_by = moderator
    decision.save()
    _close_open_flags(locked, Flag.Status.UPHELD, now)
    return decision


def _apply_keep(
    item: Item, locked: Item, *, moderator, action: str, statement: str, now
) -> ModerationDecision:
    """Make visible (restore) or leave visible (dismiss), dismiss the open reports and
    answer a pending review request as reversed."""
    pending = _pending_review(locked)
    if locked.is_hidden:
        _set_hidden(item, locked, False)
    if pending is not None:
        _answer_review(pending, ModerationDecision.ReviewOutcome.REVERSED, moderator, now)
    decision = ModerationDecision.objects.create(
        action=action,
        rule=pending.rule if pending is not None else "",
        statement=statement,
        moderator=moderator,
        **item_filter(locked),
    )
    _close_open_flags(locked, Flag.Status.DISMISSED, now)
    return decision


def _answer_review(pending: ModerationDecision, outcome: str, moderator, now) -> None:
    pending.review_outcome = outcome
    pending.review_decided_at = now
    pending.review_decided_by = moderator
    pending.save(update_fields=["review_outcome", "review_decided_at", "review_decided_by"])


def _default_statement(action: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        if action == ModerationDecision.Action.RESTORE:
            return _("Die Moderation hat den Beitrag geprüft: Er ist wieder sichtbar.")
        return _(
            "Die Moderation hat die Meldungen geprüft und zurückgewiesen: Der Beitrag "
            "verstößt nicht gegen die Regeln und bleibt sichtbar."
        )


@transaction.atomic
def content_hide(
    *,
    moderator,
    rule: str,
    statement: str,
    idea: Idea | None = None,
    comment: Comment | None = None,
) -> ModerationDecision:
    """Hide an idea or comment with a statement of reasons (what, why, which rule).

    Who: moderators of the item's project (comments on measures: global moderators).
    Also confirms an automatic hiding. Open reports become ``upheld``.
    """
    item = item_from(idea=idea, comment=comment)
    require(may_moderate(moderator, item))
    rule, statement = validate_hide(rule=rule, statement=statement)
    locked = _lock(item)
    if locked.is_hidden:
        latest = latest_decision(locked)
        if latest is not None and latest.action == ModerationDecision.Action.HIDE:
            raise Invalid(_("Dieser Beitrag ist bereits ausgeblendet."))
    decision = _apply_hide(
        item, locked, moderator=moderator, rule=rule, statement=statement, now=timezone.now()
    )
    events.content_hidden.send(sender=ModerationDecision, decision=decision)
    return decision


@transaction.atomic
def content_restore(
    *,
    moderator,
    statement: str = "",
    idea: Idea | None = None,
    comment: Comment | None = None,
) -> ModerationDecision:
    """Make a hidden idea or comment visible again. Open reports become ``dismissed``; a
    pending review request is answered as reversed.

    Who: moderators of the item's project (comments on measures: global moderators).
    """
    item = item_from(idea=idea, comment=comment)
    require(may_moderate(moderator, item))
    statement = _clean_statement(statement, required=False)
    locked = _lock(item)
    if not locked.is_hidden:
        raise Invalid(_("Dieser Beitrag ist nicht ausgeblendet."))
    action = ModerationDecision.Action.RESTORE
    return _apply_keep(
        item,
        locked,
        moderator=moderator,
        action=action,
        statement=statement or _default_statement(action),
        now=timezone.now(),
    )


@transaction.atomic
def flags_dismiss(
    *,
    moderator,
    statement: str = "",
    idea: Idea | None = None,
    comment: Comment | None = None,
) -> ModerationDecision:
    """The reports do not hold: mark the open ones ``dismissed``; content that was hidden
    automatically becomes visible again. Content hidden by a moderator stays hidden
    (use ``content_restore``).

    Who: moderators of the item's project (comments on measures: global moderators).
    """
    item = item_from(idea=idea, comment=comment)
    require(may_moderate(moderator, item))
    statement = _clean_statement(statement, required=False)
    locked = _lock(item)
    has_open = Flag.objects.filter(**item_filter(locked), status=Flag.Status.OPEN).exists()
    if locked.is_hidden:
        latest = latest_decision(locked)
        if latest is None or latest.action != ModerationDecision.Action.AUTO_HIDE:
            raise Invalid(
                _(
                    "Dieser Beitrag wurde von der Moderation ausgeblendet. Um ihn wieder "
                    "sichtbar zu machen, stellen Sie ihn wieder her."
                )
            )
    elif not has_open:
        raise Invalid(_("Zu diesem Beitrag gibt es keine offenen Meldungen."))
    action = ModerationDecision.Action.DISMISS
    return _apply_keep(
        item,
        locked,
        moderator=moderator,
        action=action,
        statement=statement or _default_statement(action),
        now=timezone.now(),
    )


# --- bulk ---------------------------------------------------------------------------------


BULK_ACTIONS = ("hide", "restore", "dismiss")


@dataclass
class BulkResult:
    done: list[Item] = field(default_factory=list)
    refused: list[tuple[Item, str]] = field(default_factory=list)


def moderation_bulk(
    *, moderator, action: str, items: list[Item], rule: str = "", statement: str = ""
) -> BulkResult:
    """Hide, restore or dismiss the reports of several items with one statement.

    Each item goes through the single-item service on its own (its own transaction and
    permission check): an item the moderator may not touch, or one in the wrong state,
    is refused with the reason and nothing about it changes; the others are done.
    A missing statement or rule for hiding refuses the whole request up front.
    """
    if action not in BULK_ACTIONS:
        raise Invalid({"action": _("Bitte wählen Sie eine Aktion.")})
    if not items:
        raise Invalid(
            {"items": _("Bitte wählen Sie mindestens einen Beitrag aus.")}
        )
    if action == "hide":
        validate_hide(rule=rule, statement=statement)
    result = BulkResult()
    for item in items:
        target = {item_kind(item): item}
        try:
            if action == "hide":
                content_hide(moderator=moderator, rule=rule, statement=statement, **target)
            elif action == "restore":
                content_restore(moderator=moderator, statement=statement, **target)
            else:
                flags_dismiss(moderator=moderator, statement=statement, **target)
        except (NotAllowed, Invalid) as error:
            result.refused.append((item, _error_text(error)))
        else:
            result.done.append(item)
    return result


def _error_text(error: Exception) -> str:
    if isinstance(error, Invalid):
        return " ".join(error.messages)
    return str(error) or _("Keine Berechtigung.")


# --- review (DSA art. 20) -----------------------------------------------------------------


@transaction.atomic
def review_request(*, author, decision: ModerationDecision, text: str) -> ModerationDecision:
    """The author of hidden content asks for a review of the hiding decision, once.

    Who: the author of the idea or comment, for the current hide/auto-hide decision.
    Effect: the request appears first in the project's moderation queue.
    """
    locked = ModerationDecision.objects.select_for_update().get(pk=decision.pk)
    item = locked.idea if locked.idea_id else locked.comment
    require(may_request_review(author, locked, item, current=latest_decision(item)))
    text = (text or "").strip()
    if not text:
        raise Invalid(
            {"text": _("Bitte schreiben Sie, warum die Entscheidung überprüft werden soll.")}
        )
    if len(text) > REVIEW_TEXT_MAX:
        raise Invalid(
            {
                "text": _("Ihr Antrag darf höchstens %(max)s Zeichen lang sein.")
                % {"max": REVIEW_TEXT_MAX}
            }
        )
    locked.review_requested_at = timezone.now()
    locked.review_text = text
    locked.save(update_fields=["review_requested_at", "review_text"])
    decision.review_requested_at, decision.review_text = locked.review_requested_at, text
    return locked


@transaction.atomic
def review_decide(
    *, moderator, decision: ModerationDecision, outcome: str, statement: str
) -> ModerationDecision:
    """Decide a pending review request: ``upheld`` (stays hidden) or ``reversed``
    (content restored). Returns the new decision that carries the outcome.

    Who: moderators of the item's project (comments on measures: global moderators).
    The moderator who took the original decision may decide the review too (small
    projects may have one moderator); the queue points this out.
    """
    item = decision.idea if decision.idea_id else decision.comment
    require(may_moderate(moderator, item))
    if outcome not in ModerationDecision.ReviewOutcome.values:
        raise Invalid({"outcome": _("Bitte wählen Sie das Ergebnis der Überprüfung.")})
    statement = _clean_statement(statement, required=True)
    locked_item = _lock(item)
    pending = _pending_review(locked_item)
    if pending is None or pending.pk != decision.pk:
        raise Invalid(_("Über diesen Antrag auf Überprüfung wurde bereits entschieden."))
    now = timezone.now()
    if outcome == ModerationDecision.ReviewOutcome.UPHELD:
        new = _apply_hide(
            item, locked_item, moderator=moderator, rule=pending.rule or FlagReason.OTHER,
            statement=statement, now=now,
        )
    else:
        new = _apply_keep(
            item, locked_item, moderator=moderator, action=ModerationDecision.Action.RESTORE,
            statement=statement, now=now,
        )
    decision.refresh_from_db()
    events.review_decided.send(sender=ModerationDecision, review=decision, decision=new)
    return new


# --- alerts about new flags -----------------------------------------------------------------


@transaction.atomic
def flag_alert_set(*, user, project: Project, enabled: bool) -> bool:
    """Switch the alerts about new flags in ``project`` on or off for ``user``: "tell me
    about new flags here" (``FlagAlert``; the notifications app tells them, in-app and by
    e-mail unless they chose otherwise, as long as they moderate the project).

    Who: switching on, ``may_receive_flag_alerts``; switching off, anyone for themself.
    Idempotent. Returns whether something changed.
    """
    if not enabled:
        deleted, _rows = FlagAlert.objects.filter(user=user, project=project).delete()
        return bool(deleted)
    require(may_receive_flag_alerts(user, project))
    _alert, created = FlagAlert.objects.get_or_create(user=user, project=project)
    return created
