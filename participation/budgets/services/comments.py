"""Comments on proposals: the parts the comments of the ideas app call back
(``participation.ideas.targets``, registered in ``apps.py``): locking a proposal's row
and recomputing ``Proposal.comment_count``.

Writing, editing, deleting and moderating comments are the services of the ideas and
moderation apps; they call these inside their transaction (locking rule of
``participation.ideas.services.comments``: the proposal's row first, then the comment's).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from participation.budgets.models import Proposal
from participation.ideas.models import Comment


def proposal_lock_for_comments(proposal_id: int) -> Proposal:
    """Lock the proposal's row for this transaction (FOR NO KEY UPDATE) and return it
    fresh with its budget, project and the project's phases (the comment rules read
    them)."""
    proposal = (
        Proposal.objects.select_for_update(no_key=True, of=("self",))
        .select_related("budget__project")
        .get(pk=proposal_id)
    )
    return proposal


@transaction.atomic
def proposal_comment_count_refresh(proposal_id: int) -> None:
    """``comment_count`` = the proposal's visible comments (not deleted, not hidden by
    the moderation), in one UPDATE with a subquery: the same rule as
    ``Idea.comment_count``, correct under concurrency (no read-modify-write in Python)."""
    visible = (
        Comment.objects.filter(proposal_id=OuterRef("pk"), is_deleted=False, is_hidden=False)
        .order_by()
        .values("proposal_id")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    Proposal.objects.filter(pk=proposal_id).update(
        comment_count=Coalesce(Subquery(visible, output_field=IntegerField()), 0)
    )
