"""Who may do what with ideas, comments and votes: one function per action.

``may_<action>(user, …) -> Refusal | None`` (see ``core.rules``). The services require
them (``require(may_…)``); the pages, the API, the template tags and the admin ask the
same functions to show a control or the reason it is missing.

Moderating an item (an idea or a comment): the moderators of its project, or for
comments on measures the city's moderation (``projects.rules``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.exceptions import Invalid
from core.rules import (
    Refusal,
    cached,
    has_verified_email,
    is_active_user,
    participant_refusal,
)
from measures.models import Measure
from measures.selectors import measures_visible_to
from participation.ideas.models import Comment, Idea, Vote
from participation.ideas.targets import spec_for, spec_of_comment
from projects.eligibility import requirement
from projects.models import Phase, Project
from projects.phases import next_phase_allowing, phase_allowing
from projects.rules import can_see_project, is_global_moderator, moderates_project
from verification.rules import eligibility_refusal

Item = Idea | Comment
# Ideas, measures, projects and registered targets of higher apps (proposals).
Target = Idea | Measure | Project | object


# --- Items (an idea or a comment) and who moderates them ------------------------------------


def item_from(*, idea: Idea | None = None, comment: Comment | None = None) -> Item:
    """The one item of a flag or decision (exactly one of ``idea`` and ``comment``)."""
    if (idea is None) == (comment is None):
        raise Invalid(_("Bitte geben Sie genau eine Idee oder einen Kommentar an."))
    return idea if idea is not None else comment


def item_kind(item: Item) -> str:
    return "idea" if isinstance(item, Idea) else "comment"


def item_filter(item: Item) -> dict:
    """Keyword filter for the rows about ``item`` (flags, decisions)."""
    return {item_kind(item): item}


def project_of(item: Item) -> Project | None:
    """The project an idea or comment belongs to (for a comment on a proposal: the
    budget's project); None for comments on measures."""
    if isinstance(item, Idea):
        return item.project
    if item.idea_id:
        return item.idea.project
    if item.project_id:
        return item.project
    spec = spec_of_comment(item)
    if spec is not None:
        return spec.project(getattr(item, spec.kind))
    return None


def target_project(target: Target) -> Project | None:
    """The project whose phases and moderators govern comments on ``target``; None for
    measures."""
    if isinstance(target, Idea):
        return target.project
    if isinstance(target, Project):
        return target
    spec = spec_for(target)
    if spec is not None:
        return spec.project(target)
    return None


def moderates_ideas_of(user, project: Project) -> bool:
    """Moderators of the project and the city's moderation: they see hidden ideas,
    answer, change the status and delete. Asked once per project and request."""
    if not is_active_user(user):
        return False
    return cached(user, ("moderates_project", project.pk), lambda: moderates_project(user, project))


def moderates_item(user, item: Item) -> bool:
    """May ``user`` hide, restore or dismiss flags on ``item``?"""
    project = project_of(item)
    if project is None:
        return is_global_moderator(user)
    return moderates_ideas_of(user, project)


def moderates_comments_on(user, target: Target) -> bool:
    """Moderators of the project for comments on its ideas, its proposals and on the
    project itself; for comments on measures the city's moderation."""
    project = target_project(target)
    if project is not None:
        return moderates_ideas_of(user, project)
    return is_global_moderator(user)


def may_moderate(user, item: Item) -> Refusal | None:
    """Hide, restore, dismiss flags, decide reviews: the moderators of the item."""
    if moderates_item(user, item):
        return None
    return Refusal("forbidden", _("Sie dürfen Beiträge in diesem Bereich nicht moderieren."))


# --- Ideas ----------------------------------------------------------------------------------


def _ideas_closed_message(project: Project, *, verb: str = "create") -> str:
    if verb == "create":
        message = _("Ideen können in diesem Projekt derzeit nicht eingereicht werden.")
    elif verb == "update":
        message = _("Ideen können nur bearbeitet werden, solange die Ideenphase läuft.")
    else:
        message = _("Ideen können nur gelöscht werden, solange die Ideenphase läuft.")
    upcoming = next_phase_allowing(project, "ideas")
    if project.status == Project.Status.PUBLISHED and upcoming is not None:
        start = timezone.localtime(upcoming.start)
        return "{} {}".format(
            message,
            _("Die nächste Möglichkeit gibt es ab %(date)s (Phase „%(phase)s“).")
            % {
                "date": formats.date_format(start, "DATETIME_FORMAT"),
                "phase": upcoming.display_title,
            },
        )
    return "{} {}".format(message, _("Eine weitere Ideenphase ist nicht geplant."))


def may_propose_idea(user, project: Project) -> Refusal | None:
    """Signed-in residents with a verified e-mail address, while a phase of the
    (published) project allows ideas. A closed phase comes first: signing in would not
    help then."""
    phase = phase_allowing(project, "ideas")
    if phase is None:
        return Refusal("closed", _ideas_closed_message(project))
    return participant_refusal(
        user,
        sign_in_message=_("Bitte melden Sie sich an, um eine Idee einzureichen."),
        verify_message=_(
            "Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse; danach können Sie Ideen "
            "einreichen."
        ),
    ) or eligibility_refusal(user, requirement(phase, "ideas"))


def may_update_idea(user, idea: Idea) -> Refusal | None:
    """Its author, with a verified e-mail address, while the ideas phase is open."""
    if not is_active_user(user) or idea.author_id != user.pk:
        return Refusal("forbidden", _("Nur wer die Idee eingereicht hat, kann sie bearbeiten."))
    if not has_verified_email(user):
        return Refusal(
            "verify",
            _("Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse, um Ideen zu bearbeiten."),
        )
    if phase_allowing(idea.project, "ideas") is None:
        return Refusal("closed", _ideas_closed_message(idea.project, verb="update"))
    return None


def may_delete_idea(user, idea: Idea) -> Refusal | None:
    """The author while the ideas phase is open; the moderators of the project (and the
    city's moderation) always."""
    if not is_active_user(user):
        return Refusal("sign_in", _("Bitte melden Sie sich an, um Ideen zu löschen."))
    if moderates_ideas_of(user, idea.project):
        return None
    if idea.author_id != user.pk:
        return Refusal("forbidden", _("Nur wer die Idee eingereicht hat, kann sie löschen."))
    if phase_allowing(idea.project, "ideas") is None:
        return Refusal("closed", _ideas_closed_message(idea.project, verb="delete"))
    return None


def may_respond_to_idea(user, idea: Idea) -> Refusal | None:
    """The city's answer and the idea's status: the moderators of the project."""
    if moderates_ideas_of(user, idea.project):
        return None
    return Refusal(
        "forbidden",
        _("Nur die Moderation dieses Projekts kann Ideen beantworten und ihren Status ändern."),
    )


def may_export_contributions(user, project: Project) -> Refusal | None:
    """The spreadsheets of a project's ideas, comments and votes: its moderators."""
    if moderates_ideas_of(user, project):
        return None
    return Refusal(
        "forbidden", _("Nur die Moderation dieses Projekts darf seine Beiträge exportieren.")
    )


# --- Comments -------------------------------------------------------------------------------


def _comments_closed_message(project: Project) -> str:
    upcoming = next_phase_allowing(project, "comments")
    if upcoming is not None:
        return _("Kommentieren ist in dieser Phase nicht möglich. Möglich ab %(date)s.") % {
            "date": formats.date_format(timezone.localtime(upcoming.start), "DATE_FORMAT"),
        }
    return _("Kommentieren ist in dieser Phase nicht möglich.")


def can_see_comment_target(user, target: Target) -> bool:
    """Whether the thread of ``target`` exists for ``user``: ideas and projects of a
    project they may see (a hidden idea is then a refusal of ``may_comment``, with its
    reason), measures they may see."""
    if isinstance(target, Idea):
        return can_see_project(user, target.project)
    if isinstance(target, Measure):
        return target.is_public or measures_visible_to(user).filter(pk=target.pk).exists()
    spec = spec_for(target)
    if spec is not None:
        return spec.can_see(user, target)
    return can_see_project(user, target)


def commenting_refusal(target: Target) -> Refusal | None:
    """Why nobody can comment on ``target`` now, or None when commenting is open: on
    measures unless staff closed the comments or the measure is not public; on ideas,
    projects and proposals while a phase of the project allows comments; not on hidden
    ideas (nor on what a registered target refuses, e.g. hidden proposals)."""
    if isinstance(target, Measure):
        if not target.is_public:
            return Refusal("closed", _("Diese Maßnahme ist nicht öffentlich."))
        if target.comments_closed:
            return Refusal("closed", _("Die Kommentare zu dieser Maßnahme sind geschlossen."))
        return None
    if isinstance(target, Idea):
        if target.is_hidden:
            return Refusal(
                "hidden",
                _(
                    "Diese Idee wurde von der Moderation ausgeblendet und kann nicht "
                    "kommentiert werden."
                ),
            )
        project = target.project
    else:
        spec = spec_for(target)
        if spec is not None:
            refusal = spec.refusal(target)
            if refusal is not None:
                return refusal
        project = target_project(target)
    if phase_allowing(project, "comments") is None:
        return Refusal("closed", _comments_closed_message(project))
    return None


def may_comment(user, target: Target) -> Refusal | None:
    """Write a comment (or a reply) on ``target``. The target's rule comes first: when
    the phase is closed, it is closed for everyone, and asking to sign in first would
    only disappoint. Then the phase's eligibility (``projects.eligibility``)."""
    return (
        commenting_refusal(target)
        or participant_refusal(
            user, sign_in_message=_("Bitte melden Sie sich an, um mitzudiskutieren.")
        )
        or _commenting_eligibility(user, target)
    )


def _commenting_eligibility(user, target: Target) -> Refusal | None:
    if isinstance(target, Measure):
        return None
    project = target_project(target)
    return eligibility_refusal(user, requirement(phase_allowing(project, "comments"), "comments"))


def may_update_comment(user, comment: Comment, target: Target) -> Refusal | None:
    """Its author, while commenting on the target is possible; not deleted or hidden
    comments (a hidden comment's author asks for a review instead)."""
    if not is_active_user(user) or comment.author_id != user.pk:
        return Refusal("forbidden", _("Sie können nur Ihre eigenen Kommentare bearbeiten."))
    if comment.is_deleted:
        return Refusal("invalid", _("Dieser Kommentar wurde gelöscht."))
    if comment.is_hidden:
        return Refusal(
            "hidden",
            _(
                "Ein von der Moderation ausgeblendeter Kommentar kann nicht bearbeitet "
                "werden. Sie können eine Überprüfung der Entscheidung beantragen."
            ),
        )
    return may_comment(user, target)


def may_delete_comment(user, comment: Comment) -> Refusal | None:
    """Its author, at any time: a person may always take back what they wrote."""
    if user is None or not user.is_authenticated or comment.author_id != user.pk:
        return Refusal("forbidden", _("Sie können nur Ihre eigenen Kommentare löschen."))
    return None


def may_highlight_comment(user, comment: Comment, target: Target) -> Refusal | None:
    """The moderators of the project (comments on its ideas, proposals and on the
    project), the city's moderation (comments on measures)."""
    if not moderates_comments_on(user, target):
        return Refusal("forbidden", _("Nur die Moderation kann Kommentare hervorheben."))
    return None


# --- Votes ----------------------------------------------------------------------------------


@dataclass
class VotingState:
    """What deciding about a person's votes in one project needs: the running voting
    phase, the ideas they support, the votes they used in that phase. A list page loads
    it once per project (``participation.ideas.selectors.votes.voting_state``)."""

    phase: Phase | None
    voted: set[int] = field(default_factory=set)
    used: int = 0

    @property
    def limit(self) -> int | None:
        return self.phase.votes_per_person if self.phase is not None else None

    @property
    def left(self) -> int | None:
        return None if self.limit is None else max(self.limit - self.used, 0)

    @property
    def exhausted(self) -> bool:
        return self.limit is not None and self.used >= self.limit


def sign_in_to_vote_message() -> str:
    return _("Bitte melden Sie sich an, um Ideen zu unterstützen.")


def voting_closed_message(project: Project) -> str:
    upcoming = next_phase_allowing(project, "votes")
    if upcoming is not None:
        return _("Unterstützen ist in dieser Phase nicht möglich. Möglich ab %(date)s.") % {
            "date": formats.date_format(timezone.localtime(upcoming.start), "DATE_FORMAT"),
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


def _voting_state(user, idea: Idea) -> VotingState:
    """The state read fresh from the database (the services call it under their lock)."""
    phase = phase_allowing(idea.project, "votes")
    if not is_active_user(user):
        return VotingState(phase=phase)
    voted = set(Vote.objects.filter(user=user, idea=idea).values_list("idea_id", flat=True))
    used = Vote.objects.filter(user=user, phase=phase).count() if phase is not None else 0
    return VotingState(phase=phase, voted=voted, used=used)


def may_vote(user, idea: Idea, state: VotingState | None = None) -> Refusal | None:
    """Support ``idea``: signed-in people with a verified e-mail address, while a phase
    of the (published) project allows votes, within the phase's votes per person; not on
    hidden ideas; once per idea. Authors may support their own idea.

    ``state``: what a page already loaded for the project; without it the database is
    asked."""
    if idea.is_hidden:
        return Refusal(
            "hidden",
            _(
                "Diese Idee wurde von der Moderation ausgeblendet und kann nicht unterstützt "
                "werden."
            ),
        )
    phase = state.phase if state is not None else phase_allowing(idea.project, "votes")
    if phase is None:
        return Refusal("closed", voting_closed_message(idea.project))
    refusal = participant_refusal(user, sign_in_message=sign_in_to_vote_message())
    if refusal is None:
        refusal = eligibility_refusal(user, requirement(phase, "votes"))
    if refusal is not None:
        return refusal
    state = state if state is not None else _voting_state(user, idea)
    if idea.pk in state.voted:
        return Refusal("duplicate", _("Sie unterstützen diese Idee bereits."))
    if state.exhausted:
        return Refusal("limit", vote_limit_message(phase))
    return None


def may_withdraw_vote(user, idea: Idea, state: VotingState | None = None) -> Refusal | None:
    """Take one's support back: the person who cast it (also on an idea hidden since),
    while a phase allows votes."""
    if not is_active_user(user):
        return Refusal("sign_in", sign_in_to_vote_message())
    phase = state.phase if state is not None else phase_allowing(idea.project, "votes")
    if phase is None:
        return Refusal(
            "closed",
            _(
                "Die Abstimmung ist beendet: Unterstützungen können nur während der "
                "Abstimmungsphase zurückgezogen werden."
            ),
        )
    return None
