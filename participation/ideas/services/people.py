"""What becomes of a person's ideas, comments and votes when they delete their account
(GDPR art. 17). Caller: ``privacy.deletion.account_delete``, inside its transaction,
after it checked the password."""

from __future__ import annotations

from django.db import transaction

from core import pagecache
from core.files import delete_files_on_commit
from participation.ideas.models import Comment, Idea, Vote
from participation.ideas.pagecache import IDEAS, PEOPLE
from participation.ideas.services.counters import idea_counters_refresh
from participation.ideas.targets import registered_kinds, spec_for_kind


@transaction.atomic
def contributions_release(*, user, remove: bool) -> None:
    """``remove``: their ideas are deleted (with the discussion under them, the photos
    once committed), their comments become "gelöscht" placeholders without text, so that
    replies of others keep their place. Otherwise ideas and comments stay without an
    author ("gelöschtes Konto"). Either way their votes stay as counts without a person;
    the counters of every idea they touched are recomputed."""
    ideas = Idea.objects.filter(author=user)
    comments = Comment.objects.filter(author=user)
    touched = set(comments.exclude(idea=None).values_list("idea_id", flat=True))
    touched |= set(Vote.objects.filter(user=user).values_list("idea_id", flat=True))
    # Comments on the targets of higher apps (a proposal's counter counts them too).
    other_targets = {
        kind: set(comments.exclude(**{kind: None}).values_list(f"{kind}_id", flat=True))
        for kind in registered_kinds()
    }
    if remove:
        photos = [idea.image for idea in ideas if idea.image]
        touched -= set(ideas.values_list("pk", flat=True))
        ideas.delete()
        comments.update(text="", is_deleted=True, author=None)
        delete_files_on_commit(*photos)
    else:
        ideas.update(author=None)
        comments.update(author=None)
    Vote.objects.filter(user=user).update(user=None)
    for idea_id in touched:
        idea_counters_refresh(idea_id=idea_id)
    for kind, target_ids in other_targets.items():
        for target_id in target_ids:
            spec_for_kind(kind).refresh_counters(target_id)
    # Names and texts changed by update(), which sends no signal: every page naming people.
    pagecache.invalidate(PEOPLE, IDEAS)
