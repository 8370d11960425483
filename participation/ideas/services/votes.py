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
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import ratelimit
from core.exceptions import Closed, Conflict, Invalid, Missing, NotAllowed
from participation.ideas import events
from participation.ideas.models import Idea, Vote
from participation.ideas.services.comments import user_refusal
from participation.ideas.services.counters import idea_counters_refresh
from projects.models import Phase
from projects.phases import next_phase_allowing, phase_allowing

DUPLICATE = "duplicate"


def sign_in_to_vote_message() -> str:
    return _("Bitte melden Sie sich an, um Ideen zu unterstützen.")


def already_voted_error() -> Conflict:
    return Conflict(_("Sie unterstützen diese Idee bereits."), code=DUPLICATE)


def voting_closed_message(project) -> str:
    upcoming = next_phase_allowing(project, "votes")
    if upcoming is not None:
        return _("Unterstützen ist in dieser Phase nicht möglich. Möglich ab %(date)s.") % {
            "date": date_format(timezone.localtime(upcoming.start), "DATE_FORMAT"),
        }
    return _("Unterstützen ist in dieser Phase nicht möglich.")


def vote_limit_message(phase: Phase) -> str:
    return ngettext(
        "Sie haben Ihre %(limit)d Stimme in dieser Phase schon vergeben. Ziehen Sie eine "
        "Unterstützung zurück, um eine andere Idee zu unterstützen.",
        "Sie haben Ihre %(limit)d Stimmen in dieser Phase schon vergeben. Ziehen Sie eine "
        "Unterstützung zurück, um eine andere Idee zu unterstützen.",
        phase.votes_per_person,
    ) % {"limit": phase.votes_per_person}


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

    Who: signed-in people with a verified e-mail address, during a phase that allows
    votes, within the phase's limit of votes per person; not on hidden ideas.
    Raises NotAllowed, Closed, Conflict, Invalid (hidden idea,
    already supported: code "duplicate").
    Effect: the idea's ``vote_count`` is recomputed in the same transaction (and updated
    on the passed instance).
    """
    refusal = user_refusal(user, sign_in_message=sign_in_to_vote_message())
    if refusal is not None:
        raise refusal.exception()
    locked = _lock_voter_and_idea(user, idea)
    if locked.is_hidden:
        raise Invalid(
            _("Diese Idee wurde von der Moderation ausgeblendet und kann nicht unterstützt "
              "werden."),
            code="hidden",
        )
    phase = phase_allowing(locked.project, "votes")
    if phase is None:
        raise Closed(voting_closed_message(locked.project), code="closed")
    if Vote.objects.filter(user=user, idea=locked).exists():
        raise already_voted_error()
    if phase.votes_per_person is not None:
        used = Vote.objects.filter(user=user, phase=phase).count()
        if used >= phase.votes_per_person:
            raise Conflict(vote_limit_message(phase), code="limit")
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

    Who: the person who cast the vote (also on an idea hidden since). Raises NotAllowed
    (not signed in), Closed, Invalid (no vote to withdraw: code
    "no_vote"). Effect: the idea's ``vote_count`` is recomputed; the vote no longer
    counts against the person's limit.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        raise NotAllowed(sign_in_to_vote_message())
    locked = _lock_voter_and_idea(user, idea)
    if phase_allowing(locked.project, "votes") is None:
        raise Closed(
            _("Die Abstimmung ist beendet: Unterstützungen können nur während der "
              "Abstimmungsphase zurückgezogen werden."),
            code="closed",
        )
    deleted, _per_model = Vote.objects.filter(user=user, idea=locked).delete()
    if not deleted:
        raise Missing(_("Sie unterstützen diese Idee nicht."), code="no_vote")
    idea_counters_refresh(idea_id=locked.pk)
    _refresh_caller_counters(idea)
