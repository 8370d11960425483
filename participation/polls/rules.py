"""Who may answer, change and preview a poll: ``may_<action>(user, poll) -> Refusal |
None``, composed from ``core.rules``, ``projects.rules`` and the phase's eligibility
(``projects.eligibility``, action ``"polls"``). Services require them first; views and
templates only ask.

``may_answer`` in order (the first obstacle is the one the person hears about):

1. the poll's phase runs now in a published project (``closed`` otherwise: signing in
   would not help);
2. signed in, with a verified e-mail address (``sign_in``, ``verify``);
3. the phase's eligibility: confirmed residence, minimum age, districts (``resident``
   when confirming one's residence helps, ``not_eligible`` when nothing does);
4. not yet submitted — or submitted in a poll whose answers may be changed
   (``duplicate``). In an anonymous poll the separate participation record tells.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.rules import (
    Refusal,
    cached,
    has_global_perm,
    is_active_user,
    participant_refusal,
)
from projects.eligibility import requirement
from projects.models import Project
from projects.rules import manages_projects, moderates_project
from verification.rules import eligibility_refusal

from .models import Participation, Poll, ResultsVisibility, Submission, SubmissionState

CHANGE_POLL = "polls.change_poll"


def is_open(poll: Poll, *, now=None) -> bool:
    phase = poll.phase
    now = now or timezone.now()
    return (
        phase.project.status == Project.Status.PUBLISHED and phase.start <= now < phase.end
    )


def has_ended(poll: Poll, *, now=None) -> bool:
    return (now or timezone.now()) >= poll.phase.end


def closed_refusal(poll: Poll) -> Refusal | None:
    """Why nobody can answer ``poll`` now, or None while it is open."""
    if is_open(poll):
        return None
    if has_ended(poll):
        return Refusal("closed", _("Die Umfrage ist beendet."))
    return Refusal("closed", _("Die Umfrage hat noch nicht begonnen."))


def has_taken_part(user, poll: Poll) -> bool:
    """Whether ``user`` submitted their answers (anonymous polls: the participation
    record), once per request."""
    if not is_active_user(user):
        return False

    def compute() -> bool:
        if poll.anonymous:
            return Participation.objects.filter(poll=poll, person=user).exists()
        return Submission.objects.filter(
            poll=poll, person=user, state=SubmissionState.SUBMITTED
        ).exists()

    return bool(cached(user, ("poll_taken_part", poll.pk), compute))


def forget_taken_part(user, poll: Poll) -> None:
    if is_active_user(user):
        user.__dict__.get("_rules_cache", {}).pop(("poll_taken_part", poll.pk), None)


def _person_refusal(user, poll: Poll) -> Refusal | None:
    return participant_refusal(
        user,
        sign_in_message=_("Bitte melden Sie sich an, um an der Umfrage teilzunehmen."),
        verify_message=_(
            "Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse; danach können Sie an der "
            "Umfrage teilnehmen."
        ),
    ) or eligibility_refusal(user, requirement(poll.phase, "polls"))


def may_answer(user, poll: Poll) -> Refusal | None:
    """Fill in, save as a draft and submit one's answers (see the module docstring)."""
    refusal = closed_refusal(poll) or _person_refusal(user, poll)
    if refusal is not None:
        return refusal
    if has_taken_part(user, poll) and not (poll.answers_changeable and not poll.anonymous):
        return Refusal(
            "duplicate",
            _("Sie haben an dieser Umfrage bereits teilgenommen. Vielen Dank!"),
        )
    return None


def may_change(user, poll: Poll) -> Refusal | None:
    """Change one's submitted answers: while the phase runs, when staff allowed it, in a
    poll that is not anonymous (anonymous answers are tied to nobody)."""
    refusal = closed_refusal(poll) or _person_refusal(user, poll)
    if refusal is not None:
        return refusal
    if poll.anonymous:
        return Refusal(
            "invalid",
            _("Die Antworten dieser Umfrage sind anonym und können nicht geändert werden."),
        )
    if not poll.answers_changeable:
        return Refusal("invalid", _("Abgeschickte Antworten können hier nicht geändert werden."))
    if not has_taken_part(user, poll):
        return Refusal("invalid", _("Sie haben diese Umfrage noch nicht abgeschickt."))
    return None


def builds_polls(user, poll: Poll) -> bool:
    """Staff of a poll: moderators of its project, the administrators of participation
    and holders of ``polls.change_poll``."""
    return is_active_user(user) and (
        moderates_project(user, poll.phase.project)
        or manages_projects(user)
        or has_global_perm(user, CHANGE_POLL)
    )


def may_preview(user, poll: Poll) -> Refusal | None:
    """See the questionnaire as residents will, read-only, at any time."""
    if not is_active_user(user):
        return Refusal("sign_in", _("Bitte melden Sie sich an."))
    if not builds_polls(user, poll):
        return Refusal(
            "forbidden",
            _("Die Vorschau sehen nur die Moderation des Projekts und die Verwaltung."),
        )
    return None


# --- Results and exports ------------------------------------------------------------------


def may_see_results(user, poll: Poll) -> Refusal | None:
    """See the aggregate results of ``poll`` (``Poll.results_visibility``): the poll's
    staff (``builds_polls``) always; everybody else ``live`` once the phase began,
    ``after_phase`` once it ended, ``staff`` never. Seeing the project at all is the
    view's question (``can_see_project``)."""
    if builds_polls(user, poll):
        return None
    return public_results_refusal(poll)


def public_results_refusal(poll: Poll, *, now=None) -> Refusal | None:
    """Why people who are not the poll's staff may not see its results now, or None
    (``may_see_results`` without the staff; lists ask it per poll without queries)."""
    visibility = poll.results_visibility
    if visibility == ResultsVisibility.STAFF:
        return Refusal(
            "forbidden",
            _("Die Ergebnisse dieser Umfrage sieht nur die Verwaltung."),
        )
    if poll.phase.project.status != Project.Status.PUBLISHED:
        return Refusal("not_visible", _("Die Ergebnisse sind nicht öffentlich."))
    now = now or timezone.now()
    if visibility == ResultsVisibility.AFTER_PHASE and not has_ended(poll, now=now):
        return Refusal(
            "closed",
            _("Die Ergebnisse erscheinen nach dem Ende der Umfrage am %(date)s.")
            % {"date": date_format(timezone.localtime(poll.phase.end), "DATETIME_FORMAT")},
        )
    if now < poll.phase.start:
        return Refusal("closed", _("Die Umfrage hat noch nicht begonnen."))
    return None


def may_see_texts(user, poll: Poll) -> bool:
    """Free texts ("Sonstiges", short and long texts, descriptions of places) and the
    distributions of confidential questions: only the poll's staff. No field of the
    poll makes them public."""
    return builds_polls(user, poll)


def may_export(user, poll: Poll) -> Refusal | None:
    """Download the answers (one row per submission, CSV or XLSX): the poll's staff."""
    if not is_active_user(user):
        return Refusal("sign_in", _("Bitte melden Sie sich an."))
    if not builds_polls(user, poll):
        return Refusal(
            "forbidden",
            _("Die Antworten herunterladen dürfen nur die Moderation des Projekts und die "
              "Verwaltung."),
        )
    return None


def is_open_data(poll: Poll, *, now=None) -> bool:
    """Whether the aggregate results of ``poll`` go into the open data: a published
    project, the phase ended, results not kept to the staff."""
    return (
        poll.phase.project.status == Project.Status.PUBLISHED
        and has_ended(poll, now=now)
        and poll.results_visibility != ResultsVisibility.STAFF
    )
