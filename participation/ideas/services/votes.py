"""Supporting ideas ("Unterstützen"): cast and withdraw a vote.

Rules (the same for the pages, the API and the admin):

* Signed-in people with a verified e-mail address, while a phase of the (published)
  project allows votes; not on ideas hidden by the moderation.
* One vote per person and idea: the database's unique constraint decides, a second one
  is refused with "Sie unterstützen diese Idee bereits.".
* A phase may limit the votes per person (``Phase.votes_per_person``); the votes a person
  cast in that phase count.
* Authors may support their own idea, as on most participation platforms (Decidim,
  adhocracy+): the support shows agreement, and forbidding it would only disadvantage
  authors against their neighbours who propose nothing.
* Withdrawing is possible while a voting phase is open.

Locking rule, to keep the limit and the counter right under parallel requests: first
lock the voter's user row (``SELECT … FOR NO KEY UPDATE``: their requests run one after
the other, so the count of their votes in the phase cannot be raced), then the idea's
row (parallel voters for one idea queue there, so each counter recount sees the others'
committed votes), then insert or delete, then ``idea_counters_refresh``. Always in this
order (user, then idea), so two transactions never wait for each other in a circle.
"""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core import ratelimit
from core.exceptions import Conflict, Missing
from core.rules import has_verified_email, is_active_user, require
from participation.ideas import events
from participation.ideas.models import Idea, Vote
from participation.ideas.rules import may_vote, may_withdraw_vote
from participation.ideas.services.counters import idea_counters_refresh
from projects.phases import phase_allowing

DUPLICATE = "duplicate"


def already_voted_error() -> Conflict:
    return Conflict(_("Sie unterstützen diese Idee bereits."), code=DUPLICATE)


def _lock_voter_and_idea(user, idea: Idea) -> Idea:
    """Lock in the module's order (user, then idea); return the idea fresh."""
    get_user_model().objects.select_for_update(no_key=True).filter(pk=user.pk).values_list(
        "pk", flat=True
    ).get()
    return (
        Idea.objects.select_for_update(no_key=True, of=("self",))
        .select_related("project")
        .get(pk=idea.pk)
    )


def _refresh_caller_counters(idea: Idea) -> None:
    idea.refresh_from_db(fields=["vote_count", "comment_count"])


@transaction.atomic
def vote_cast(*, user, idea: Idea) -> Vote:
    """Support ``idea``.

    Who and when: ``may_vote`` (signed-in people with a verified e-mail address, during a
    phase that allows votes, within the phase's limit of votes per person; not on hidden
    ideas; once), asked again under the locks. Raises NotAllowed, Closed, Conflict (votes
    used up: code "limit"; already supported: code "duplicate"), Invalid (hidden idea).
    Effect: the idea's ``vote_count`` is recomputed in the same transaction (and updated
    on the passed instance).
    """
    if not has_verified_email(user):
        require(may_vote(user, idea))  # nobody to lock for: the rule says why
    locked = _lock_voter_and_idea(user, idea)
    require(may_vote(user, locked))
    phase = phase_allowing(locked.project, "votes")
    ratelimit.enforce("vote", user)
    try:
        # A savepoint: the unique constraint is the last word even if a row appeared
        # outside this locking protocol (raw SQL, another code path).
        with transaction.atomic():
            vote = Vote.objects.create(user=user, idea=locked, phase=phase)
    except IntegrityError:
        raise already_voted_error() from None
    idea_counters_refresh(idea_id=locked.pk)
    _refresh_caller_counters(idea)
    events.vote_cast.send(sender=Vote, vote=vote, idea=locked, user=user)
    return vote


@transaction.atomic
def vote_withdraw(*, user, idea: Idea) -> None:
    """Take back one's support for ``idea``, while a phase allows votes.

    Who and when: ``may_withdraw_vote`` (the person who cast the vote, also on an idea
    hidden since). Raises NotAllowed (not signed in), Closed, Missing (no vote to
    withdraw: code "no_vote"). Effect: the idea's ``vote_count`` is recomputed; the vote no longer
    counts against the person's limit.
    """
    if not is_active_user(user):
        require(may_withdraw_vote(user, idea))  # nobody to lock for: the rule says why
    locked = _lock_voter_and_idea(user, idea)
    require(may_withdraw_vote(user, locked))
    deleted, _per_model = Vote.objects.filter(user=user, idea=locked).delete()
    if not deleted:
        raise Missing(_("Sie unterstützen diese Idee nicht."), code="no_vote")
    idea_counters_refresh(idea_id=locked.pk)
    _refresh_caller_counters(idea)
