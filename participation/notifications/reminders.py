"""Periodic notifications (Celery beat, ``participation.notifications.tasks``): phases
that started or end soon in followed projects, polls that opened or whose results are
published, and reminders for measure managers.

Polls (``participation.polls``): a poll phase with its poll announces the poll instead
of a bare new phase (``poll_opened``, which also says when the results are shown). Its
results are published by the phase's dates, so they are announced here too
(``poll_results``): "after the phase" when the phase ends; "live" results are public
from the start, which the opening notification says (no second notification); results
"only for the administration" are never announced.

Each run looks at a window of time and writes what is due; the event keys make a second
run (or an overlapping one) write nothing new, while a moved date is a new event. Every
event is written in a transaction of its own: a failure is logged and retried by the
next run, the other events go out.

Queries: a fixed number per phase, measure or milestone, never one per recipient.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from guardian.shortcuts import get_users_with_perms

from measures.models import Measure, Milestone, MilestoneState
from participation.notifications.models import NotificationKind
from participation.notifications.receivers import project_followers
from participation.notifications.services import notify
from participation.polls.models import Poll, ResultsVisibility
from projects.models import Phase, Project

logger = logging.getLogger(__name__)

#: A phase that started up to this long ago is still announced (a run that was missed,
#: a beat that was down for a while).
PHASE_STARTED_LOOKBACK = datetime.timedelta(days=2)

#: The object permission that makes someone a measure's manager (measures.rules).
MANAGER_PERMISSION = "change_measure"


# --- Phases -------------------------------------------------------------------------------


def _published_phases():
    return Phase.objects.filter(project__status=Project.Status.PUBLISHED).select_related("project")


def _poll_of(phase: Phase) -> Poll | None:
    """The poll of a poll phase (loaded with ``select_related("poll")``), or None."""
    if phase.type != Phase.Type.POLL:
        return None
    try:
        return phase.poll
    except Poll.DoesNotExist:
        return None


def poll_results_url(poll: Poll) -> str:
    """The poll's results page."""
    return reverse("polls:poll-results", kwargs={"slug": poll.phase.project.slug, "pk": poll.pk})


def _poll_context(poll: Poll) -> dict:
    return {
        "project": poll.phase.project.title,
        "poll": poll.title,
        "poll_id": poll.pk,
        "phase_id": poll.phase_id,
        "end": poll.phase.end.isoformat(),
        "results": poll.results_visibility,
        "anonymous": poll.anonymous,
    }


def _notify_poll(poll: Poll, *, kind: str, event_key: str, url: str) -> int:
    project = poll.phase.project
    try:
        with transaction.atomic():
            return notify(
                recipients=project_followers(project),
                kind=kind,
                event_key=event_key,
                url=url,
                context=_poll_context(poll),
                project=project,
            )
    except Exception:  # the next run tries again; the other polls go out
        logger.exception("notifying followers about poll %s (%s) failed", poll.pk, kind)
        return 0


def notify_poll_opened(phase: Phase, poll: Poll) -> int:
    poll.phase = phase
    return _notify_poll(
        poll,
        kind=NotificationKind.POLL_OPENED,
        event_key=f"poll_opened:{poll.pk}:{phase.start.isoformat()}",
        url=reverse("polls:poll-detail", kwargs={"slug": phase.project.slug, "pk": poll.pk}),
    )


def notify_poll_results(now: datetime.datetime) -> int:
    """Polls whose results are shown after the phase and whose phase ended within
    ``PHASE_STARTED_LOOKBACK``: their results are published now."""
    ended = (
        Poll.objects.filter(
            phase__project__status=Project.Status.PUBLISHED,
            results_visibility=ResultsVisibility.AFTER_PHASE,
            phase__end__gt=now - PHASE_STARTED_LOOKBACK,
            phase__end__lte=now,
        )
        .select_related("phase__project")
        .order_by("phase__end", "pk")
    )
    return sum(
        _notify_poll(
            poll,
            kind=NotificationKind.POLL_RESULTS,
            event_key=f"poll_results:{poll.pk}:{poll.phase.end.isoformat()}",
            url=poll_results_url(poll),
        )
        for poll in ended
    )


def _phase_context(phase: Phase) -> dict:
    return {
        "project": phase.project.title,
        "phase": str(phase),
        "phase_id": phase.pk,
        "end": phase.end.isoformat(),
    }


def _notify_phase(phase: Phase, *, kind: str, event_key: str) -> int:
    project = phase.project
    try:
        with transaction.atomic():
            return notify(
                recipients=project_followers(project),
                kind=kind,
                event_key=event_key,
                url=reverse("projects:project-detail", kwargs={"slug": project.slug}),
                context=_phase_context(phase),
                project=project,
            )
    except Exception:  # the next run tries again; the other phases go out
        logger.exception("notifying followers about phase %s (%s) failed", phase.pk, kind)
        return 0


def notify_phases(now: datetime.datetime | None = None) -> int:
    """Tell the followers of published projects that a phase has started (within the
    last ``PHASE_STARTED_LOOKBACK``; a poll phase: that its poll opened) or ends within
    ``PHASE_ENDING_NOTICE_DAYS`` days, and that a poll's results are published (see the
    module docstring). Returns the number of new notifications.

    A phase whose start (or end) is moved is announced again: the date is part of the
    event key. "Ends soon" is only said about a phase that is running."""
    now = now or timezone.now()
    created = 0
    # Stored text (the phase's type as its name) and URLs in the site's language.
    with translation.override(settings.LANGUAGE_CODE):
        started = _published_phases().filter(start__gt=now - PHASE_STARTED_LOOKBACK, start__lte=now)
        for phase in started.select_related("poll").order_by("start", "pk"):
            poll = _poll_of(phase)
            if poll is not None:
                created += notify_poll_opened(phase, poll)
                continue
            created += _notify_phase(
                phase,
                kind=NotificationKind.PHASE_STARTED,
                event_key=f"phase_started:{phase.pk}:{phase.start.isoformat()}",
            )
        notice = datetime.timedelta(days=settings.PHASE_ENDING_NOTICE_DAYS)
        ending = _published_phases().filter(start__lte=now, end__gt=now, end__lte=now + notice)
        for phase in ending.order_by("end", "pk"):
            created += _notify_phase(
                phase,
                kind=NotificationKind.PHASE_ENDING,
                event_key=f"phase_ending:{phase.pk}:{phase.end.isoformat()}",
            )
        created += notify_poll_results(now)
    return created


# --- Measure managers -----------------------------------------------------------------------


class _Managers:
    """Who manages a measure: holders of the object permission ``change_measure``, in
    person or through a group (an organisational unit). Not administrators and strategy
    staff with the global permission: they manage everything and are not reminded of
    everything. Asked once per measure and run."""

    def __init__(self) -> None:
        self._ids: dict[int, list[int]] = {}

    def of(self, measure: Measure) -> list[int]:
        if measure.pk not in self._ids:
            users = get_users_with_perms(
                measure,
                only_with_perms_in=[MANAGER_PERMISSION],
                with_group_users=True,
                with_superusers=False,
            )
            self._ids[measure.pk] = list(users.values_list("pk", flat=True))
        return self._ids[measure.pk]


def _measure_label(measure: Measure) -> str:
    return f"{measure.code} {measure.title}"


def _admin_url(measure: Measure) -> str:
    """Managers keep their measures in the admin: the reminder leads there."""
    return reverse("admin:measures_measure_change", args=[measure.pk])


def _stale_since(measure: Measure) -> datetime.date:
    """The first day the measure counted as stale (``MeasureQuerySet.with_flags``: no
    update within MEASURE_STALE_AFTER_DAYS days; never updated counts as stale from the
    day it was created)."""
    if measure.last_update_on is None:
        return timezone.localdate(measure.created_at)
    return measure.last_update_on + datetime.timedelta(days=settings.MEASURE_STALE_AFTER_DAYS + 1)


def stale_event_key(measure: Measure, today: datetime.date) -> str:
    """One event per staleness episode (the last update's date), and a new one every
    MEASURE_STALE_REMINDER_DAYS days while it lasts."""
    every = max(1, settings.MEASURE_STALE_REMINDER_DAYS)
    reminder = max(0, (today - _stale_since(measure)).days) // every
    last = measure.last_update_on.isoformat() if measure.last_update_on else "never"
    return f"measure_stale:{measure.pk}:{last}:{reminder}"


def _remind(
    *, kind: str, event_key: str, recipients: list[int], measure: Measure, context: dict
) -> int:
    if not recipients:
        return 0
    try:
        with transaction.atomic():
            return notify(
                recipients=recipients,
                kind=kind,
                event_key=event_key,
                url=_admin_url(measure),
                context=context,
                measure=measure,
            )
    except Exception:  # the next run tries again; the other reminders go out
        logger.exception("reminding the managers of measure %s (%s) failed", measure.pk, kind)
        return 0


def remind_measure_managers(today: datetime.date | None = None) -> int:
    """Remind the managers of each measure (not the administrators) of measures without
    a recent progress update (once per staleness episode, then every
    MEASURE_STALE_REMINDER_DAYS days) and of open milestones due within
    MILESTONE_DUE_NOTICE_DAYS days. Returns the number of new notifications.

    Non-public measures included: their managers can see them (``notify`` checks)."""
    today = today or timezone.localdate()
    managers = _Managers()
    created = 0
    with translation.override(settings.LANGUAGE_CODE):
        stale = Measure.objects.stale(today).only(
            "pk", "code", "title", "is_public", "last_update_on", "created_at"
        )
        for measure in stale.order_by("sort_key", "pk"):
            created += _remind(
                kind=NotificationKind.MEASURE_STALE,
                event_key=stale_event_key(measure, today),
                recipients=managers.of(measure),
                measure=measure,
                context={
                    "measure": _measure_label(measure),
                    "measure_id": measure.pk,
                    "last_update": (
                        measure.last_update_on.isoformat() if measure.last_update_on else ""
                    ),
                },
            )
        horizon = today + datetime.timedelta(days=settings.MILESTONE_DUE_NOTICE_DAYS)
        # Still open (the measures' one rule: not reached, not overdue, measure running)
        # and due within the horizon.
        due = (
            Milestone.objects.with_state(today)
            .filter(state=MilestoneState.OPEN, due_on__lte=horizon)
            .select_related("measure")
            .order_by("due_on", "pk")
        )
        for milestone in due:
            measure = milestone.measure
            created += _remind(
                kind=NotificationKind.MILESTONE_DUE,
                event_key=f"milestone_due:{milestone.pk}:{milestone.due_on.isoformat()}",
                recipients=managers.of(measure),
                measure=measure,
                context={
                    "milestone": milestone.title,
                    "milestone_id": milestone.pk,
                    "measure": _measure_label(measure),
                    "measure_id": measure.pk,
                    "due_on": milestone.due_on.isoformat(),
                },
            )
    return created
