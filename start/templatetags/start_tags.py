"""The home page's facts in words: "Ideen einreichen bis 31. März", "„Abstimmung“
beginnt", with <time> elements that carry the machine-readable date."""

import datetime

from django import template
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from projects.models import Phase
from projects.templatetags.projects_tags import (
    LAST_MINUTE,
    MIDNIGHT,
    end_text,
    last_day,
    start_text,
)

register = template.Library()


def _time(value: datetime.datetime, day: datetime.date, text: str) -> str:
    """<time> with the day when the text names a day only, else the local date and time."""
    local = timezone.localtime(value)
    whole_day = local.time() == MIDNIGHT or local.time() >= LAST_MINUTE
    machine = day.isoformat() if whole_day else local.isoformat(timespec="minutes")
    return format_html('<time datetime="{}">{}</time>', machine, text)


def _end(value: datetime.datetime, today: datetime.date | None) -> str:
    return _time(value, last_day(value), end_text(value, today=today))


def _start(value: datetime.datetime, today: datetime.date | None) -> str:
    return _time(value, timezone.localtime(value).date(), start_text(value, today=today))


def _day(value: datetime.date, today: datetime.date | None) -> str:
    fmt = "MONTH_DAY_FORMAT" if today is not None and value.year == today.year else "DATE_FORMAT"
    return format_html(
        '<time datetime="{}">{}</time>', value.isoformat(), formats.date_format(value, fmt)
    )


def action_label(action: str, *, budget: bool, phase_type: str = "") -> str:
    """What residents can do: a Bürgerbudget's votes in its voting phase are the ballot;
    in its submission phase they support proposals; a project's votes support ideas."""
    if action == "proposals":
        return _("Vorschläge einreichen")
    if action == "ideas":
        return _("Ideen einreichen")
    if action == "comments":
        return _("Kommentieren")
    if not budget:
        return _("Ideen unterstützen")
    return _("Abstimmen") if phase_type == Phase.Type.VOTING else _("Vorschläge unterstützen")


@register.simple_tag
def open_action(item, action, today=None) -> str:
    """'Ideen einreichen bis <time>31. März</time>' for an open action of ``item``."""
    return format_html(
        _("{action} bis {date}"),
        # each action is its own list item: "Submit ideas", not "submit ideas"
        action=capfirst(
            action_label(
                action.action, budget=item.budget is not None, phase_type=action.phase.type
            )
        ),
        date=_end(action.until, today),
    )


@register.simple_tag
def participation_url(project, budget=None) -> str:
    if budget is not None:
        return reverse("budgets:budget-detail", kwargs={"slug": project.slug})
    return reverse("projects:project-detail", kwargs={"slug": project.slug})


@register.simple_tag
def map_url(project, budget=None) -> str:
    """The map page of an open project: its ideas on the map, or the budget's proposals."""
    if budget is not None:
        return reverse("budgets:budget-detail", kwargs={"slug": project.slug}) + "#vorschlaege"
    return reverse("ideas:idea-list", kwargs={"project_slug": project.slug})


@register.simple_tag
def deadline_date(deadline, today=None) -> str:
    """The deadline's day as <time>."""
    if deadline.kind == "phase_end":
        return _end(deadline.moment, today)
    if deadline.kind == "phase_start":
        return _start(deadline.moment, today)
    return _day(deadline.moment, today)


@register.simple_tag
def deadline_text(deadline) -> str:
    """What happens on the day: '„Ideen sammeln“ endet', 'Meilenstein „Konzept“ fällig'."""
    if deadline.kind == "phase_end":
        return _("„%(phase)s“ endet") % {"phase": deadline.phase.display_title}
    if deadline.kind == "phase_start":
        return _("„%(phase)s“ beginnt") % {"phase": deadline.phase.display_title}
    return _("Meilenstein „%(title)s“ fällig") % {"title": deadline.milestone.title}


@register.filter
def day_time(value: datetime.date, today=None) -> str:
    """The day as <time> ('31. März' in the year of ``today``)."""
    return _day(value, today)
