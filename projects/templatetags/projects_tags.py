"""Phases and participation in words: dates ("bis 31. März 2027"), what a phase allows,
the sentences of the box "Was Sie jetzt tun können" and the phase line of a project card.

The facts come from ``projects.selectors`` (``participation_summary``, ``phase_timeline``);
here they only become German (or English) sentences.
"""

import datetime

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from projects import eligibility
from projects.models import Phase, Project
from projects.phases import current_phase, phases_in_order
from projects.selectors import ParticipationSummary

register = template.Library()

MIDNIGHT = datetime.time(0, 0)
LAST_MINUTE = datetime.time(23, 59)


# --- dates ------------------------------------------------------------------------------------


def _date(value: datetime.date, *, today: datetime.date | None = None) -> str:
    """'31. März 2027'; without the year ('31. März') when ``today`` is in the same year."""
    if today is not None and value.year == today.year:
        return formats.date_format(value, "MONTH_DAY_FORMAT")
    return formats.date_format(value, "DATE_FORMAT")


def _with_time(value: datetime.datetime, date_text: str) -> str:
    return _("%(date)s, %(time)s Uhr") % {
        "date": date_text,
        "time": formats.time_format(value, "TIME_FORMAT"),
    }


def last_day(end: datetime.datetime) -> datetime.date:
    """The last day a phase runs: a phase ending at midnight ends with the day before."""
    local = timezone.localtime(end)
    if local.time() == MIDNIGHT:
        return local.date() - datetime.timedelta(days=1)
    return local.date()


def end_text(end: datetime.datetime, *, today: datetime.date | None = None) -> str:
    """'31. März 2027' for a phase ending at midnight or at 23:59 (the whole day counts),
    else with the time: '31. März 2027, 18:00 Uhr'."""
    local = timezone.localtime(end)
    date_text = _date(last_day(end), today=today)
    if local.time() == MIDNIGHT or local.time() >= LAST_MINUTE:
        return date_text
    return _with_time(local, date_text)


def start_text(start: datetime.datetime, *, today: datetime.date | None = None) -> str:
    """'1. März 2027' for a start at midnight, else '1. März 2027, 10:00 Uhr'."""
    local = timezone.localtime(start)
    date_text = _date(local.date(), today=today)
    if local.time() == MIDNIGHT:
        return date_text
    return _with_time(local, date_text)


def _time_element(value: datetime.datetime, day: datetime.date, text: str) -> str:
    """<time> with the day when the text names a day only, else the local date and time."""
    local = timezone.localtime(value)
    whole_day = local.time() == MIDNIGHT or local.time() >= LAST_MINUTE
    machine = day.isoformat() if whole_day else local.isoformat(timespec="minutes")
    return format_html('<time datetime="{}">{}</time>', machine, text)


@register.simple_tag
def phase_period(phase: Phase) -> str:
    """'1. März 2027 bis 31. März 2027' with <time> elements."""
    first_day = timezone.localtime(phase.start).date()
    start = _time_element(phase.start, first_day, start_text(phase.start))
    end = _time_element(phase.end, last_day(phase.end), end_text(phase.end))
    return format_html(_("{start} bis {end}"), start=start, end=end)


@register.filter
def until(value: datetime.datetime) -> str:
    return end_text(value)


@register.filter
def since(value: datetime.datetime) -> str:
    return start_text(value)


# --- what a phase allows ----------------------------------------------------------------------


def votes_text(votes_per_person: int | None) -> str:
    if votes_per_person is None:
        return _("beliebig viele Ideen unterstützen")
    return ngettext(
        "eine Idee unterstützen",
        "bis zu %(count)s Ideen unterstützen",
        votes_per_person,
    ) % {"count": votes_per_person}


@register.filter
def phase_eligibility(phase: Phase) -> list[str]:
    """Who may take part in ``phase`` beyond a verified e-mail address, in sentences."""
    return eligibility.describe(phase)


@register.filter
def phase_allows(phase: Phase) -> str:
    """'Möglich: Ideen einreichen und kommentieren.' or 'Nur Information: …'."""
    parts = []
    if phase.allows_ideas:
        parts.append(_("Ideen einreichen"))
    if phase.allows_comments:
        parts.append(_("kommentieren"))
    if phase.allows_votes:
        parts.append(_("abstimmen (%(votes)s)") % {"votes": votes_text(phase.votes_per_person)})
    if not parts:
        return _("In dieser Phase ist kein Mitmachen vorgesehen; sie dient der Information.")
    return _("Möglich: %(actions)s.") % {"actions": get_text_list(parts, _("und"))}


STATE_LABELS = {
    "past": lambda: _("abgeschlossen"),
    "current": lambda: _("läuft jetzt"),
    "upcoming": lambda: _("geplant"),
}


@register.filter
def phase_state_label(state: str) -> str:
    label = STATE_LABELS.get(state)
    return label() if label else ""


# --- "Was Sie jetzt tun können" ---------------------------------------------------------------


def _open_sentence(item) -> str:
    until_text = end_text(item.until)
    if item.action == "ideas":
        return _("Ideen einreichen ist bis %(date)s möglich.") % {"date": until_text}
    if item.action == "comments":
        return _("Kommentieren ist bis %(date)s möglich.") % {"date": until_text}
    if item.votes_per_person is None:
        return _(
            "Abstimmen ist bis %(date)s möglich: Sie können beliebig viele Ideen unterstützen."
        ) % {"date": until_text}
    return ngettext(
        "Abstimmen ist bis %(date)s möglich: Sie können eine Idee unterstützen.",
        "Abstimmen ist bis %(date)s möglich: Sie können bis zu %(count)s Ideen unterstützen.",
        item.votes_per_person,
    ) % {"date": until_text, "count": item.votes_per_person}


def _upcoming_sentence(item) -> str:
    start = start_text(item.starts)
    if item.action == "ideas":
        return _("Ideen einreichen beginnt am %(date)s.") % {"date": start}
    if item.action == "comments":
        return _("Kommentieren beginnt am %(date)s.") % {"date": start}
    return _("Abstimmen beginnt am %(date)s.") % {"date": start}


def summary_sentences(summary: ParticipationSummary) -> list[str]:
    """The facts of ``participation_summary`` as short sentences, the most useful first."""
    if not summary.is_published:
        return [
            _(
                "Dieses Projekt ist noch nicht veröffentlicht. Mitmachen ist erst möglich, "
                "wenn es veröffentlicht ist."
            )
        ]
    if not summary.has_phases:
        return [_("Der Ablauf dieser Beteiligung steht noch nicht fest.")]
    if summary.is_finished:
        return [_("Die Beteiligung ist abgeschlossen.")]
    sentences = [_open_sentence(item) for item in summary.open_actions]
    if not sentences:
        if summary.not_started and not summary.upcoming_actions:
            sentences.append(
                _("Die Beteiligung beginnt am %(date)s.") % {"date": start_text(summary.starts)}
            )
        elif summary.current_phase is not None:
            sentences.append(
                _(
                    "Gerade läuft die Phase „%(phase)s“ bis %(date)s; mitmachen können Sie "
                    "in dieser Phase nicht."
                )
                % {
                    "phase": summary.current_phase.display_title,
                    "date": end_text(summary.current_phase.end),
                }
            )
        elif not summary.not_started:
            sentences.append(_("Gerade ist keine Beteiligung möglich."))
    sentences.extend(_upcoming_sentence(item) for item in summary.upcoming_actions)
    if not summary.open_actions and not summary.upcoming_actions and summary.next_phase:
        if not summary.not_started:
            sentences.append(
                _("Als Nächstes folgt die Phase „%(phase)s“ ab %(date)s.")
                % {
                    "phase": summary.next_phase.display_title,
                    "date": start_text(summary.next_phase.start),
                }
            )
    return sentences


@register.simple_tag
def participation_sentences(summary: ParticipationSummary) -> list[str]:
    return summary_sentences(summary)


# --- project cards ----------------------------------------------------------------------------


def card_phase_text(project: Project, *, now: datetime.datetime | None = None) -> str:
    """The phase line of a project card: 'Jetzt: Ideen sammeln bis 31. März'."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    all_phases = phases_in_order(project)
    if not all_phases:
        return _("Ablauf noch offen")
    running = current_phase(project, now=now)
    if running is not None:
        return _("Jetzt: %(phase)s bis %(date)s") % {
            "phase": running.display_title,
            "date": end_text(running.end, today=today),
        }
    upcoming = [phase for phase in all_phases if phase.start > now]
    if not upcoming:
        return _("Abgeschlossen")
    if upcoming[0] is all_phases[0]:
        return _("Beginnt am %(date)s: %(phase)s") % {
            "date": start_text(upcoming[0].start, today=today),
            "phase": upcoming[0].display_title,
        }
    return _("Als Nächstes: %(phase)s ab %(date)s") % {
        "phase": upcoming[0].display_title,
        "date": start_text(upcoming[0].start, today=today),
    }


@register.simple_tag
def project_phase_text(project: Project, now: datetime.datetime | None = None) -> str:
    return card_phase_text(project, now=now)
