"""Query-level rules of the tracker: where milestones stand, which measures are delayed
or stale.

All are computed in SQL (annotations), so lists and filters stay at a constant number of
queries. They are the SQL twins of the rules in ``models`` (``milestone_state``,
``planned_end_passed``), which pages, the API and the status report use for objects
already loaded; tests/measures/test_milestone_state.py runs both on the same table.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.utils import timezone


def _closed_statuses() -> tuple[str, ...]:
    from .models import CLOSED_STATUSES  # models imports this module

    return tuple(CLOSED_STATUSES)


def stale_cutoff(today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=settings.MEASURE_STALE_AFTER_DAYS)


class MilestoneQuerySet(models.QuerySet):
    def with_state(self, today: datetime.date | None = None):
        """Annotate ``state`` (a ``MilestoneState`` value) as of ``today``, by the current
        status of each milestone's measure: the rule of ``models.milestone_state``."""
        from .models import MilestoneState

        today = today or timezone.localdate()
        reached_by_today = Q(completed_on__isnull=False, completed_on__lte=today)
        return self.annotate(
            state=Case(
                When(
                    reached_by_today & Q(completed_on__lte=F("due_on")),
                    then=Value(MilestoneState.REACHED.value),
                ),
                When(reached_by_today, then=Value(MilestoneState.REACHED_LATE.value)),
                When(
                    measure__status__in=_closed_statuses(),
                    then=Value(MilestoneState.MISSED.value),
                ),
                When(due_on__lt=today, then=Value(MilestoneState.OVERDUE.value)),
                default=Value(MilestoneState.OPEN.value),
                output_field=models.CharField(),
            )
        )

    def overdue(self, today: datetime.date | None = None):
        from .models import MilestoneState

        return self.with_state(today).filter(state=MilestoneState.OVERDUE)


class MeasureQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)

    def with_flags(self, today: datetime.date | None = None):
        """Annotate ``is_delayed`` and ``is_stale`` (booleans) as of ``today``.

        delayed: a milestone is overdue (``MilestoneState.OVERDUE``, which only an open
        measure's milestones can be) or, for an open measure, the planned end has passed
        (``models.planned_end_passed``). stale: not completed/discontinued and no progress
        update within MEASURE_STALE_AFTER_DAYS days (never updated counts as stale).
        """
        from .models import Milestone

        today = today or timezone.localdate()
        open_measure = ~Q(status__in=_closed_statuses())
        overdue_milestone = Milestone.objects.filter(measure=OuterRef("pk")).overdue(today)
        return self.annotate(
            has_overdue_milestone=Exists(overdue_milestone),
        ).annotate(
            is_delayed=models.ExpressionWrapper(
                Q(has_overdue_milestone=True)
                | (
                    open_measure
                    # isnull guard: NULL < date is NULL in SQL, which would drop the row
                    # from both "delayed" and "not delayed".
                    & Q(planned_end__isnull=False, planned_end__lt=today)
                ),
                output_field=models.BooleanField(),
            ),
            is_stale=models.ExpressionWrapper(
                open_measure
                & (Q(last_update_on__isnull=True) | Q(last_update_on__lt=stale_cutoff(today))),
                output_field=models.BooleanField(),
            ),
        )

    def delayed(self, today: datetime.date | None = None):
        return self.with_flags(today).filter(is_delayed=True)

    def stale(self, today: datetime.date | None = None):
        return self.with_flags(today).filter(is_stale=True)
