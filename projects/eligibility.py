"""Who may act in a phase beyond a verified e-mail address: the phase's eligibility
(confirmed residence, minimum age on a key date, districts) as a ``Requirement`` of the
verification layer, which decides it (``verification.rules.eligibility_refusal``)."""

from __future__ import annotations

import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from verification.rules import Requirement

from .models import Phase

ACTION_TEXTS = {
    "ideas": lambda: _("Ideen einzureichen"),
    "comments": lambda: _("mitzudiskutieren"),
    "votes": lambda: _("abzustimmen"),
    "proposals": lambda: _("Vorschläge einzureichen"),
    "polls": lambda: _("an der Umfrage teilzunehmen"),
}

# Actions the phase's conditions always apply to, whatever its ``eligibility_scope``:
# voting, and answering a poll (a poll phase's only action).
ALWAYS_BOUND = ("votes", "polls")


def key_date(phase: Phase) -> datetime.date:
    """The day the minimum age is counted on: the one set, else the phase's last day."""
    if phase.age_key_date:
        return phase.age_key_date
    return timezone.localtime(phase.end - datetime.timedelta(microseconds=1)).date()


def has_rule(phase: Phase) -> bool:
    return bool(phase.requires_resident or phase.min_age)


def requirement(phase: Phase | None, action: str) -> Requirement | None:
    """The requirement for ``action`` (a key of ``ACTION_TEXTS``) in ``phase``; None
    when the phase asks nothing beyond a verified e-mail address. The districts are
    loaded once per phase object (a list page asks many times)."""
    if phase is None or not has_rule(phase):
        return None
    if action not in ALWAYS_BOUND and phase.eligibility_scope != Phase.EligibilityScope.ALL:
        return None
    return Requirement(
        resident=True,
        min_age=phase.min_age,
        key_date=key_date(phase) if phase.min_age else None,
        districts=eligible_districts(phase),
        action_text=ACTION_TEXTS[action](),
    )


def eligible_districts(phase: Phase) -> dict[int, str]:
    """District id → name of the phase's districts, loaded once per phase object (or
    taken from a prefetch)."""
    cached = phase.__dict__.get("_eligible_districts")
    if cached is None:
        prefetched = getattr(phase, "_prefetched_objects_cache", {}).get("eligible_districts")
        if prefetched is not None:
            cached = {district.pk: district.name for district in prefetched}
        else:
            cached = dict(phase.eligible_districts.values_list("pk", "name"))
        phase.__dict__["_eligible_districts"] = cached
    return cached


def describe(phase: Phase) -> list[str]:
    """The conditions in words, for the project page and the admin preview."""
    if not has_rule(phase):
        return []
    lines = [_("Teilnehmen können Einwohnerinnen und Einwohner Jenas mit bestätigtem Wohnsitz.")]
    if phase.min_age:
        lines.append(
            _("Mindestalter: %(age)d Jahre am %(date)s.")
            % {
                "age": phase.min_age,
                "date": formats.date_format(key_date(phase), "SHORT_DATE_FORMAT"),
            }
        )
    districts = sorted(eligible_districts(phase).values())
    if districts:
        lines.append(_("Nur aus den Ortsteilen: %(names)s.") % {"names": ", ".join(districts)})
    if phase.eligibility_scope == Phase.EligibilityScope.VOTES and phase.type != Phase.Type.POLL:
        lines.append(_("Die Bedingungen gelten für das Abstimmen."))
    return lines


def open_age_rules():
    """(minimum age, key date) of the phases not yet over, for
    ``verification.services.age_rules``."""
    phases = Phase.objects.filter(min_age__isnull=False, end__gte=timezone.now())
    return [(phase.min_age, key_date(phase)) for phase in phases]
