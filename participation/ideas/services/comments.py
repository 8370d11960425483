"""Writing comments: on an idea, a measure, a project or a registered target of a higher
app (a Bürgerbudget proposal, ``participation.ideas.targets``); replies; edit, delete,
highlight.

Every entry point (the pages, the API, the admin, the demo loader) calls these functions,
so the rules hold wherever a comment comes from (who and when:
``participation.ideas.rules``; the text's checks: the ``Comment`` model):

* Taking part needs a signed-in person with a verified e-mail address.
* On ideas, projects and proposals, comments are possible only while a phase of the
  (published) project allows them; hidden ideas (and what the registered target
  refuses, e.g. hidden proposals) cannot be commented on.
* On measures, always, unless staff closed the comments or the measure is not public.
* Replies are one level deep: a reply to a reply is attached to the top-level comment
  (the thread stays readable on a phone and with a screen reader); the reply must belong
  to the same idea, measure or project.
* Authors edit (while commenting is possible) and delete (always: a person may take
  back what they wrote) their own comments. A deleted comment stays as a placeholder so
  that the replies keep their context; its text is removed.
* Moderators of the project (for idea and project comments) and the global moderators
  (for measure comments) highlight comments.

Locking rule: a change to the comments of an idea first locks the idea's row
(``SELECT … FOR NO KEY UPDATE``), then writes, then recomputes the idea's counters
(``idea_counters_refresh``) in the same transaction. The lock makes concurrent writers
wait, so each recount sees the other's committed rows (PostgreSQL, READ COMMITTED).
Registered targets (proposals) follow the same rule with their ``lock`` and
``refresh_counters``.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import ratelimit
from core.exceptions import Invalid
from core.rules import require
from measures.models import Measure
from participation.ideas import events
from participation.ideas.models import Comment, Idea
from participation.ideas.rules import (
    may_comment,
    may_delete_comment,
    may_highlight_comment,
    may_update_comment,
)
from participation.ideas.services.counters import idea_counters_refresh
from participation.ideas.targets import spec_for, spec_for_kind, spec_of_comment
from projects.models import Project

TEXT_MAX_LENGTH = Comment._meta.get_field("text").max_length

# Ideas, measures, projects, and the registered targets of higher apps (proposals).
Target = Idea | Measure | Project | object


# --- Targets -------------------------------------------------------------------------------


def target_kind(target: Target) -> str:
    """"idea", "measure", "project" or a registered kind ("proposal"): the name of the
    comment's foreign key."""
    if isinstance(target, Idea):
        return "idea"
    if isinstance(target, Measure):
        return "measure"
    if isinstance(target, Project):
        return "project"
    spec = spec_for(target)
    if spec is not None:
        return spec.kind
    raise TypeError(f"Comments are on ideas, measures or projects, not on {type(target)!r}")


def target_filter(target: Target) -> dict:
    """Keyword arguments selecting the comments of ``target``: ``{"idea_id": 5}``."""
    return {f"{target_kind(target)}_id": target.pk}


def comment_target(comment: Comment) -> Target:
    """The idea, measure, project or proposal the comment is on (loads it if not
    selected)."""
    if comment.idea_id is not None:
        return comment.idea
    if comment.measure_id is not None:
        return comment.measure
    if comment.project_id is not None:
        return comment.project
    spec = spec_of_comment(comment)
    if spec is not None:
        return getattr(comment, spec.kind)
    return None


def _target_from(*, idea, measure, project, proposal) -> Target:
    given = [target for target in (idea, measure, project, proposal) if target is not None]
    if len(given) != 1:
        raise TypeError("Pass exactly one of idea, measure, project or proposal.")
    return given[0]


def _lock_target(target_or_comment, kind: str | None = None):
    """Lock a registered target's row (a proposal: its counter is recomputed in this
    transaction) and return it fresh; None for ideas, measures and projects."""
    spec = spec_for_kind(kind) if kind is not None else spec_of_comment(target_or_comment)
    if spec is None:
        return None
    pk = (
        target_or_comment.pk
        if kind is not None
        else getattr(target_or_comment, f"{spec.kind}_id")
    )
    return spec.lock(pk)


def _refresh_target(comment: Comment) -> None:
    """Recompute the counters of the comment's idea or registered target."""
    if comment.idea_id is not None:
        idea_counters_refresh(idea_id=comment.idea_id)
        return
    spec = spec_of_comment(comment)
    if spec is not None:
        spec.refresh_counters(getattr(comment, f"{spec.kind}_id"))


# --- Who may do what -----------------------------------------------------------------------


def _clean_text(text: str) -> str:
    return (text or "").replace("\x00", "").replace("\r\n", "\n").strip()


def _validated(comment: Comment) -> Comment:
    """The model's checks of the text (required, length), as ``Invalid`` on ``text``."""
    try:
        comment.clean_fields(exclude=[f.name for f in Comment._meta.fields if f.name != "text"])
    except ValidationError as exc:
        raise Invalid(exc.message_dict) from None
    return comment


def _lock_idea(idea_id: int | None) -> Idea | None:
    """Lock the idea's row for this transaction (see the module's locking rule) and
    return it fresh (a moderator may just have hidden it)."""
    if idea_id is None:
        return None
    return (
        Idea.objects.select_for_update(no_key=True, of=("self",))
        .select_related("project")
        .get(pk=idea_id)
    )


# --- Services -------------------------------------------------------------------------------


@transaction.atomic
def comment_create(
    *,
    author,
    text: str,
    idea: Idea | None = None,
    measure: Measure | None = None,
    project: Project | None = None,
    proposal=None,
    parent: Comment | None = None,
) -> Comment:
    """Write a comment (or, with ``parent``, a reply) on exactly one of idea, measure,
    project or proposal (a registered target of the budgets app).

    Who: signed-in people with a verified e-mail address, while the target allows it
    (see the module docstring). A reply to a reply is attached to its top-level comment.
    Raises NotAllowed (who), Closed (when), Invalid (what).
    Effect: the idea's (proposal's) comment count is recomputed in the same transaction.
    """
    target = _target_from(idea=idea, measure=measure, project=project, proposal=proposal)
    locked = _lock_idea(idea.pk if idea is not None else None)
    if locked is None and proposal is not None:
        locked = _lock_target(proposal, kind=target_kind(proposal))
    if locked is not None:
        target = locked
    require(may_comment(author, target))
    text = _validated(Comment(text=_clean_text(text))).text
    ratelimit.enforce("comment", author)

    if parent is not None:
        if parent.is_deleted or parent.is_hidden:
            raise Invalid(
                _("Auf diesen Kommentar kann nicht mehr geantwortet werden."), code="parent"
            )
        kind = target_kind(target)
        if getattr(parent, f"{kind}_id") != target.pk:
            raise Invalid(
                _("Die Antwort gehört nicht zu dieser Diskussion."), code="parent"
            )
        if parent.parent_id is not None:
            # One level deep: answer the reply within its top-level comment's thread.
            parent = Comment.objects.get(pk=parent.parent_id)

    comment = Comment.objects.create(
        author=author,
        text=text,
        parent=parent,
        **{target_kind(target): target},
    )
    _refresh_target(comment)
    events.comment_created.send(sender=Comment, comment=comment, target=target)
    return comment


@transaction.atomic
def comment_update(*, comment: Comment, user, text: str) -> Comment:
    """Change the text of one's own comment; marks it as edited ("bearbeitet").

    Who: the author only, while commenting on the target is possible (the same rules as
    for writing it). Deleted comments and comments hidden by the moderation cannot be
    changed (a hidden comment's author asks for a review instead).
    """
    locked = _lock_idea(comment.idea_id) or _lock_target(comment)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    require(may_update_comment(user, comment, locked or comment_target(comment)))
    text = _validated(Comment(text=_clean_text(text))).text
    if text != comment.text:
        comment.text = text
        comment.edited_at = timezone.now()
        comment.save(update_fields=["text", "edited_at"])
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, user) -> Comment:
    """Delete one's own comment: it stays in the thread as the placeholder "Dieser
    Kommentar wurde gelöscht.", so its replies keep their context; its text is removed.

    Who: the author, at any time (also after the phase ended: a person may always take
    back what they wrote). Effect: the idea's comment count is recomputed.
    """
    require(may_delete_comment(user, comment))
    _lock_idea(comment.idea_id) or _lock_target(comment)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if not comment.is_deleted:
        comment.is_deleted = True
        comment.is_highlighted = False
        comment.text = ""
        comment.save(update_fields=["is_deleted", "is_highlighted", "text"])
        _refresh_target(comment)
    return comment


@transaction.atomic
def comment_highlight(*, comment: Comment, user, highlighted: bool = True) -> Comment:
    """Mark a comment as highlighted by the moderation (or take the mark away).

    Who: moderators of the project (comments on its ideas and on the project), global
    moderators (comments on measures): ``can_moderate_comments_on``. Deleted and hidden
    comments cannot be highlighted.
    """
    require(may_highlight_comment(user, comment, comment_target(comment)))
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if highlighted and (comment.is_deleted or comment.is_hidden):
        raise Invalid(
            _("Gelöschte oder ausgeblendete Kommentare können nicht hervorgehoben werden."),
            code="not_visible",
        )
    if comment.is_highlighted != highlighted:
        comment.is_highlighted = highlighted
        comment.save(update_fields=["is_highlighted"])
    return comment
