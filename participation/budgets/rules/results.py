"""Who may count a Bürgerbudget, publish its result and report on the funded proposals.

Counting and publishing: holders of the global permission ``budgets.count_budget`` (the
counting team; superusers hold every permission). Implementation updates: the moderators
of the budget's project (the city's project team) or the counting team. A published
result is public; a count before publication is seen by the counting team only.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.rules import Refusal, has_global_perm, is_active_user, participant_refusal
from projects.rules import moderates_project

from .. import stages
from ..models import Budget, Count, Proposal

COUNT_BUDGET = "budgets.count_budget"


def is_counter(user) -> bool:
    return has_global_perm(user, COUNT_BUDGET)


def _counter_refusal(user) -> Refusal | None:
    if not is_active_user(user):
        return participant_refusal(user)
    if not is_counter(user):
        return Refusal("forbidden", _("Nur das Auszählungsteam darf das Bürgerbudget auszählen."))
    return None


def may_see_count_page(user, budget: Budget) -> Refusal | None:
    """The staff page of the count (its history and previews)."""
    return _counter_refusal(user)


def may_count(user, budget: Budget) -> Refusal | None:
    """Run a count: the counting team, after the voting ended and once the board
    confirmed the ballot, while no result is published."""
    refusal = _counter_refusal(user)
    if refusal is not None:
        return refusal
    if not stages.is_frozen(budget):
        return Refusal(
            "closed",
            _("Der Beirat hat die Liste der Vorschläge noch nicht bestätigt."),
        )
    if not stages.voting_has_ended(budget):
        return Refusal("closed", _("Die Abstimmung läuft noch; gezählt wird nach ihrem Ende."))
    if Count.objects.filter(budget=budget, published_at__isnull=False).exists():
        return Refusal("duplicate", _("Das Ergebnis ist schon veröffentlicht."))
    return None


def may_publish_count(user, count: Count) -> Refusal | None:
    """Publish a count as the result: the counting team, the budget's latest count, once."""
    refusal = _counter_refusal(user)
    if refusal is not None:
        return refusal
    if (
        count.published_at is not None
        or Count.objects.filter(budget_id=count.budget_id, published_at__isnull=False).exists()
    ):
        return Refusal("duplicate", _("Das Ergebnis ist schon veröffentlicht."))
    latest = Count.objects.filter(budget_id=count.budget_id).order_by("-finished_at", "-pk")
    if latest.values_list("pk", flat=True).first() != count.pk:
        return Refusal(
            "invalid",
            _("Es gibt eine neuere Auszählung; veröffentlicht werden kann nur die neueste."),
        )
    return None


def may_update_implementation(user, proposal: Proposal) -> Refusal | None:
    """Publish a progress update on a funded proposal: moderators of the budget's
    project or the counting team."""
    if not is_active_user(user):
        return participant_refusal(user)
    if not (is_counter(user) or moderates_project(user, proposal.budget.project)):
        return Refusal(
            "forbidden",
            _("Nur die Moderation des Bürgerbudgets darf den Stand der Umsetzung eintragen."),
        )
    if not Proposal.objects.filter(pk=proposal.pk, funding__isnull=False).exists():
        return Refusal("invalid", _("Nur geförderte Vorschläge haben einen Stand der Umsetzung."))
    return None
