"""Who may vote in a Bürgerbudget, and who may enter the paper ballots.

``may_vote(user, budget)``: the ballot page, the API and the service ask it. In order
(the first obstacle is the one the person hears about):

1. the board has confirmed the ballot (``stages.is_frozen``): before that there is no
   list to vote on;
2. the voting phase is open (``stages.voting_is_open``): closed for everyone else, so
   signing in would not help;
3. signed in, with a verified e-mail address;
4. the voting phase's eligibility (``projects.eligibility.requirement(phase, "votes")``,
   by default a confirmed residence and 16 years on the key date): code ``resident``
   when confirming one's residence helps (the page links the verification page),
   ``not_eligible`` when nothing helps;
5. the budget's ``vote_scope`` across the budgets of its year: ``own_district`` needs the
   person's confirmed district among the budget project's districts, ``one_per_year``
   allows a ballot in one budget of the year only (its own ballot here may be changed).

``may_enter_paper(user, budget)``: staff of the paper ballots — the global permission
``budgets.enter_paper_ballot`` or a moderator of the budget's project.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from core.rules import Refusal, has_global_perm, is_active_user, participant_refusal
from projects.eligibility import requirement
from projects.rules import moderates_project
from verification.rules import current_verification, eligibility_refusal

from .. import stages
from ..models import Ballot, Budget, VoteScope

ENTER_PAPER_BALLOT = "budgets.enter_paper_ballot"


def voter_key_of(user) -> str:
    """The key of a person's ballot: their register entry's keyed hash when their
    confirmation has one (so an online and a paper ballot of the same person meet), else
    ``user:<id>`` (a confirmation without a register entry, or none)."""
    verification = current_verification(user)
    if verification is not None and verification.entry_digest:
        return verification.entry_digest
    return f"user:{user.pk}"


def voting_closed_refusal(budget: Budget) -> Refusal | None:
    """Why nobody can vote in ``budget`` now, or None while the ballot is open."""
    if not stages.is_frozen(budget):
        return Refusal(
            "closed",
            _(
                "Die Abstimmung beginnt erst, wenn der Beirat die Liste der Vorschläge "
                "bestätigt hat."
            ),
        )
    if not stages.voting_is_open(budget):
        if stages.voting_has_ended(budget):
            return Refusal("closed", _("Die Abstimmung über dieses Bürgerbudget ist beendet."))
        return Refusal("closed", _("Die Abstimmung über dieses Bürgerbudget läuft derzeit nicht."))
    return None


def scope_refusal(budget: Budget, *, voter_key: str, district_id: int | None) -> Refusal | None:
    """The budget's ``vote_scope`` for a person with ``voter_key`` living in
    ``district_id`` (online: the confirmed district; paper: the register's)."""
    if budget.vote_scope == VoteScope.OWN_DISTRICT:
        districts = dict(budget.project.districts.values_list("pk", "name"))
        if district_id is None:
            return Refusal(
                "resident",
                _(
                    "In diesem Bürgerbudget stimmen die Einwohnerinnen und Einwohner eines "
                    "Ortsteils ab, und Ihr Ortsteil ist bei Ihrer Bestätigung nicht bekannt. "
                    "Bestätigen Sie Ihren Wohnsitz bitte über das Melderegister, per Brief "
                    "oder beim Bürgerservice."
                ),
            )
        if districts and district_id not in districts:
            return Refusal(
                "not_eligible",
                _("In diesem Bürgerbudget stimmen nur Einwohnerinnen und Einwohner von: %(names)s.")
                % {"names": ", ".join(sorted(districts.values()))},
            )
    if budget.vote_scope == VoteScope.ONE_PER_YEAR:
        other = (
            Ballot.objects.filter(budget__year=budget.year, voter_key=voter_key)
            .exclude(budget=budget)
            .select_related("budget__project")
            .first()
        )
        if other is not None:
            return Refusal(
                "duplicate",
                _(
                    "Sie haben in diesem Jahr schon im Bürgerbudget „%(title)s“ abgestimmt; "
                    "abstimmen kann man in einem Bürgerbudget des Jahres."
                )
                % {"title": other.budget.project.title},
            )
    return None


def may_vote(user, budget: Budget) -> Refusal | None:
    """Cast or change one's ballot in ``budget`` (see the module docstring)."""
    closed = voting_closed_refusal(budget)
    if closed is not None:
        return closed
    refusal = participant_refusal(
        user,
        sign_in_message=_("Bitte melden Sie sich an, um abzustimmen."),
        verify_message=_(
            "Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse; danach können Sie abstimmen."
        ),
    ) or eligibility_refusal(user, requirement(stages.voting_phase(budget), "votes"))
    if refusal is not None:
        return refusal
    verification = current_verification(user)
    return scope_refusal(
        budget,
        voter_key=voter_key_of(user),
        district_id=verification.district_id if verification is not None else None,
    )


def may_withdraw_ballot(user, budget: Budget) -> Refusal | None:
    """Take back one's online ballot: whoever may vote, while the phase is open."""
    return may_vote(user, budget)


def enters_paper(user, budget: Budget) -> bool:
    return is_active_user(user) and (
        has_global_perm(user, ENTER_PAPER_BALLOT) or moderates_project(user, budget.project)
    )


def may_enter_paper(user, budget: Budget) -> Refusal | None:
    """Enter and resolve the paper ballots of ``budget``: staff with
    ``budgets.enter_paper_ballot`` or the moderators of the budget's project, once the
    board has confirmed the ballot and the voting has begun, until the result is
    published."""
    if not is_active_user(user):
        return Refusal("sign_in", _("Bitte melden Sie sich an."))
    if not enters_paper(user, budget):
        return Refusal(
            "forbidden", _("Nur die Mitarbeitenden des Bürgerbudgets erfassen Papierstimmzettel.")
        )
    return paper_closed_refusal(budget)


def paper_closed_refusal(budget: Budget) -> Refusal | None:
    if not stages.is_frozen(budget):
        return Refusal(
            "closed", _("Papierstimmzettel gibt es erst nach der Bestätigung durch den Beirat.")
        )
    phase = stages.voting_phase(budget)
    if phase is None or phase.start > timezone.now():
        return Refusal("closed", _("Die Abstimmung hat noch nicht begonnen."))
    if budget.counts.filter(published_at__isnull=False).exists():
        return Refusal(
            "closed",
            _(
                "Das Ergebnis ist veröffentlicht; Papierstimmzettel können nicht mehr "
                "erfasst werden."
            ),
        )
    return None
