"""Reading comments: the thread of an idea, a measure or a project, comment counts, and
the comments the API lists.

A thread is read in ONE query (all comments of the target with their authors), and the
tree is built in Python: top-level comments in order, each with its replies in
``thread_replies``. So a thread costs the same whether it has 5 or 5,000 comments (plus,
only when the viewer may see hidden comments' text, one query for the moderation
decisions shown with them).

Visibility inside a thread: deleted comments show "Dieser Kommentar wurde gelöscht.";
comments hidden by the moderation show "Dieser Kommentar wurde von der Moderation
ausgeblendet." to everyone except their author and the moderators, who see the text with
the statement of reasons. Placeholders keep the thread's replies in context.
"""

from collections.abc import Callable

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from measures.models import Measure
from participation.ideas.models import Comment, Idea
from participation.ideas.rules import moderates_comments_on
from participation.ideas.services.comments import Target, target_filter, target_kind
from projects.models import Project

# Prefetches for the comments that show a moderation notice (hidden, seen by their author
# or a moderator). Moderation adds its decisions in ``ready()``; ideas never imports it.
NOTICE_PREFETCHES: list[Callable[[], Prefetch]] = []

PLACEHOLDER_DELETED = _("Dieser Kommentar wurde gelöscht.")
PLACEHOLDER_HIDDEN = _("Dieser Kommentar wurde von der Moderation ausgeblendet.")

VISIBLE = Q(is_deleted=False, is_hidden=False)


def comments_for(*, target: Target, user, is_moderator: bool | None = None) -> list[Comment]:
    """The thread of ``target`` as ``user`` sees it: top-level comments, oldest first,
    each with ``thread_replies`` (oldest first) and these attributes for the template:

    * ``shows_text``: the text may be shown to ``user``;
    * ``placeholder``: what stands instead of the text ("" when the text is shown);
    * ``shows_moderation_notice``: hidden, and ``user`` is its author or a moderator;
    * ``is_own``: written by ``user``.

    ``is_moderator`` may be passed when the caller already knows it (saves the
    permission look-up).
    """
    if is_moderator is None:
        is_moderator = moderates_comments_on(user, target)
    user_id = user.pk if user is not None and user.is_authenticated else None
    rows = list(
        Comment.objects.filter(**target_filter(target))
        .select_related("author")
        .order_by("created_at", "pk")
    )
    by_id = {comment.pk: comment for comment in rows}
    top_level: list[Comment] = []
    with_notice: list[Comment] = []
    kind = target_kind(target)
    for comment in rows:
        # Every comment of the thread is on ``target``: set the relation, so nothing
        # (the moderation tags, URLs) loads it again per comment.
        setattr(comment, kind, target)
        _decorate(comment, user_id=user_id, is_moderator=is_moderator)
        if comment.shows_moderation_notice:
            with_notice.append(comment)
        root = _root_of(comment, by_id)
        if root is comment:
            top_level.append(comment)
        else:
            root.thread_replies.append(comment)
    if with_notice and NOTICE_PREFETCHES:
        # What the notice beside a hidden comment shows (moderation registers its
        # decisions with the statements of reasons): one query each.
        prefetch_related_objects(with_notice, *(factory() for factory in NOTICE_PREFETCHES))
    return top_level


def _decorate(comment: Comment, *, user_id: int | None, is_moderator: bool) -> None:
    comment.thread_replies = []
    comment.is_own = user_id is not None and comment.author_id == user_id
    may_see_hidden = comment.is_own or is_moderator
    comment.shows_text = not comment.is_deleted and (not comment.is_hidden or may_see_hidden)
    if comment.is_deleted:
        comment.placeholder = PLACEHOLDER_DELETED
    elif not comment.shows_text:
        comment.placeholder = PLACEHOLDER_HIDDEN
    else:
        comment.placeholder = ""
    comment.shows_moderation_notice = comment.is_hidden and comment.shows_text


def _root_of(comment: Comment, by_id: dict[int, Comment]) -> Comment:
    """The top-level comment of the thread ``comment`` belongs to. Replies are one level
    deep (the service attaches replies to replies to the top level); deeper rows from
    elsewhere (the admin) are shown under their root all the same."""
    seen = set()
    while comment.parent_id is not None and comment.parent_id in by_id:
        if comment.pk in seen:  # a cycle cannot come from the services; stop anyway
            break
        seen.add(comment.pk)
        comment = by_id[comment.parent_id]
    return comment


def visible_count(top_level: list[Comment]) -> int:
    """Comments in a loaded thread that count (not deleted, not hidden): the same rule as
    ``Idea.comment_count``; no query."""
    return sum(
        1
        for comment in top_level
        for item in (comment, *comment.thread_replies)
        if not item.is_deleted and not item.is_hidden
    )


def shown_count(top_level: list[Comment]) -> int:
    """Comments in a loaded thread whose text the reader sees (``shows_text`` from
    :func:`comments_for`): the visible ones, plus hidden ones for their author and the
    moderators, who see them in the thread. The thread's heading counts these, so that an
    author does not read "0 Kommentare" above her own hidden comment; no query."""
    return sum(
        1
        for comment in top_level
        for item in (comment, *comment.thread_replies)
        if getattr(item, "shows_text", not item.is_deleted and not item.is_hidden)
    )


def idea_comment_count_for(*, user, idea: Idea) -> int:
    """The comment count an idea's page shows ``user`` at its top: the public counter,
    plus the author's own hidden comments, which she sees in the thread (as
    :func:`shown_count` counts them there). One query for a signed-in reader, none for
    visitors."""
    if not user.is_authenticated:
        return idea.comment_count
    own_hidden = Comment.objects.filter(
        idea=idea, author=user, is_hidden=True, is_deleted=False
    ).count()
    return idea.comment_count + own_hidden


# --- Counts for measures and projects (no column: an annotation) -----------------------------


def _count_subquery(kind: str) -> Coalesce:
    comments = (
        Comment.objects.filter(VISIBLE, **{f"{kind}_id": OuterRef("pk")})
        .order_by()
        .values(f"{kind}_id")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(comments, output_field=IntegerField()), 0)


def with_comment_count(queryset: QuerySet) -> QuerySet:
    """Annotate measures or projects with ``comment_count``: their visible comments
    (not deleted, not hidden), in the same query as the list. Ideas have the column."""
    if queryset.model is Measure:
        return queryset.annotate(comment_count=_count_subquery("measure"))
    if queryset.model is Project:
        return queryset.annotate(comment_count=_count_subquery("project"))
    raise TypeError("Ideas keep their comment count in Idea.comment_count.")


def comment_count_of(target: Target) -> int:
    """The number of visible comments on one target."""
    if isinstance(target, Idea):
        return target.comment_count
    return Comment.objects.filter(VISIBLE, **target_filter(target)).count()


# --- The API's list ------------------------------------------------------------------------


def comments_for_api(
    *,
    idea_id: int | None = None,
    measure_slug: str | None = None,
    project_slug: str | None = None,
) -> QuerySet[Comment]:
    """Comments everyone may read, oldest first: on ideas that are not hidden in
    published projects, on public measures, on published projects. Deleted and hidden
    comments are included (their ``parent`` keeps replies in place) but the serializer
    shows neither their text nor their author."""
    published = Project.Status.PUBLISHED
    queryset = Comment.objects.filter(
        Q(idea__isnull=False, idea__is_hidden=False, idea__project__status=published)
        | Q(measure__isnull=False, measure__is_public=True)
        | Q(project__isnull=False, project__status=published)
    )
    if idea_id is not None:
        queryset = queryset.filter(idea_id=idea_id)
    if measure_slug is not None:
        queryset = queryset.filter(measure__slug=measure_slug)
    if project_slug is not None:
        queryset = queryset.filter(project__slug=project_slug)
    return queryset.select_related("author", "measure", "project").order_by("created_at", "pk")
