"""Keep ``Idea.vote_count`` and ``Idea.comment_count`` equal to the real rows.

Recomputed in one UPDATE with subqueries, inside the caller's transaction: correct under
concurrency (no read-modify-write in Python) and after any kind of change (new vote,
withdrawn vote, comment deleted, hidden or restored).
"""

from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from participation.ideas.models import Comment, Idea, Vote


def _count(queryset) -> Coalesce:
    return Coalesce(
        Subquery(
            queryset.order_by().values("idea_id").annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


@transaction.atomic
def idea_counters_refresh(*, idea_id: int) -> None:
    """Visible comments count: not deleted and not hidden by moderation.

    Locks the idea's row first (FOR NO KEY UPDATE): under READ COMMITTED two concurrent
    refreshes could otherwise each count without the other's new row and the later
    UPDATE would win with a stale number.
    """
    list(Idea.objects.select_for_update(no_key=True).filter(pk=idea_id).values_list("pk"))
    Idea.objects.filter(pk=idea_id).update(
        vote_count=_count(Vote.objects.filter(idea_id=OuterRef("pk"))),
        comment_count=_count(
            Comment.objects.filter(idea_id=OuterRef("pk"), is_deleted=False, is_hidden=False)
        ),
    )
