"""Query-level rules of the tracker: which measures are delayed or stale.

Both are computed in SQL (annotations), so lists and filters stay at a constant number
of queries. The same rules are exposed for a single object in ``selectors``.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone


def _closed_statuses() -> tuple[str, ...]:
    return ("completed", "discontinued")


def stale_cutoff(today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=settings.MEASURE_STALE_AFTER_DAYS)


class MeasureQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)

    def with_flags(self, today: datetime.date | None = None):
        """Annotate ``is_delayed`` and ``is_stale`` (booleans) as of ``today``.

        delayed: not completed/discontinued, and a milestone is overdue or the planned
        end has passed. stale: not completed/discontinued and no progress update within
        MEASURE_STALE_AFTER_DAYS days (never updated counts as stale).
        """
        from .models import Milestone

        today = today or timezone.localdate()
        open_measure = ~Q(status__in=_closed_statuses())
        overdue_milestone = Milestone.objects.filter(
            measure=OuterRef("pk"), completed_on__isnull=True, due_on__lt=today
        )
        return self.annotate(
            has_overdue_milestone=Exists(overdue_milestone),
        ).annotate(
            is_delayed=models.ExpressionWrapper(
                open_measure
                & (
                    Q(has_overdue_milestone=True)
                    # isnull guard: NULL < date is NULL in SQL, which would drop the row
                    # from both "delayed" and "not delayed".
                    | Q(planned_end__isnull=False, planned_end__lt=today)
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
