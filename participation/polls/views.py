"""The pages of a poll: its start page, one page per section, the review, the thanks,
and the staff's preview; and the poll's box on the project page (``project_polls_section``,
registered in ``PollsConfig.ready``).

URLs (under /beteiligung/, namespace ``polls``):

* ``<slug>/umfragen/<pk>/``                       poll-detail   GET
* ``<slug>/umfragen/<pk>/abschnitt/<number>/``    poll-section  GET, POST
* ``<slug>/umfragen/<pk>/pruefen/``               poll-review   GET, POST (submit)
* ``<slug>/umfragen/<pk>/danke/``                 poll-thanks   GET
* ``<slug>/umfragen/<pk>/vorschau/``              poll-preview  GET (staff)

Everything works without JavaScript: the server evaluates the conditions (a question
depending on an earlier section is shown or skipped; one depending on the same section
is shown with "Nur beantworten, wenn …", and a few lines of script hide it).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import Conflict, Invalid
from core.rules import Refusal, is_active_user
from core.sections import PageSection
from projects.eligibility import describe
from projects.models import Project
from projects.rules import can_see_project

from . import selectors, services
from .forms import answer_text, answers_by_question, question_views, raw_from_answers, raw_from_post
from .models import Poll, QuestionKind, SubmissionState
from .rules import (
    closed_refusal,
    has_taken_part,
    is_open,
    may_answer,
    may_change,
    may_preview,
    may_see_results,
)


def _poll_or_404(request, slug: str, pk: int) -> Poll:
    poll = selectors.poll_for_page(pk, slug=slug)
    if poll is None or not can_see_project(request.user, poll.phase.project):
        raise Http404(_("Diese Umfrage gibt es nicht."))
    return poll


def _refused(request, poll: Poll, refusal: Refusal, *, status: int = 403):
    context = {"poll": poll, "project": poll.phase.project, "refusal": refusal}
    return render(request, "polls/refused.html", context, status=status)


def _errors_of(exc: Invalid) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {key: [str(m) for m in exc.message_dict[key]] for key in exc.error_dict}
    return {"__all__": list(exc.messages)}


def _url(name: str, poll: Poll, **kwargs) -> str:
    return reverse(
        f"polls:{name}", kwargs={"slug": poll.phase.project.slug, "pk": poll.pk, **kwargs}
    )


def _mode(poll: Poll) -> dict:
    return {"anonymous": poll.anonymous, "changeable": poll.answers_changeable}


# --- The start page ---------------------------------------------------------------------------


def poll_detail(request, slug: str, pk: int):
    """What the poll is about, how answers are kept, who may answer (or why not), and the
    way in: begin, continue the draft, change the answers."""
    poll = _poll_or_404(request, slug, pk)
    user = request.user
    refusal = may_answer(user, poll)
    states = set()
    if is_active_user(user):
        states = set(
            poll.submissions.filter(person=user).values_list("state", flat=True)
        )
    context = {
        "poll": poll,
        "project": poll.phase.project,
        "phase": poll.phase,
        "section_count": poll.sections.count(),
        "eligibility": describe(poll.phase),
        "refusal": refusal,
        "has_draft": SubmissionState.DRAFT in states,
        "taken_part": has_taken_part(user, poll),
        "can_change": may_change(user, poll) is None,
        "can_preview": may_preview(user, poll) is None,
        "can_see_results": may_see_results(user, poll) is None,
        "start_url": _url("poll-section", poll, number=1),
        "open": is_open(poll),
        **_mode(poll),
    }
    return render(request, "polls/poll_detail.html", context)


# --- A section --------------------------------------------------------------------------------


def _shown_sections(q, visible: set[int]) -> list[int]:
    """Numbers (1…) of the sections with something to answer under ``visible``."""
    return [
        number
        for number, section in enumerate(q.sections, start=1)
        if not section.items or any(question.pk in visible for question in section.items)
    ]


def _neighbour(q, visible: set[int], number: int, step: int) -> int | None:
    shown = _shown_sections(q, visible)
    candidates = [n for n in shown if (n > number if step > 0 else n < number)]
    if not candidates:
        return None
    return candidates[0] if step > 0 else candidates[-1]


def _map_context(poll: Poll) -> dict:
    return {
        "map_tiles_url": settings.MAP_TILES_URL,
        "map_attribution": settings.MAP_TILES_ATTRIBUTION,
        "districts_url": reverse("ideas:districts-geojson"),
        "project_area": poll.phase.project.area or None,
        "map_labels": {
            "zoomIn": _("Karte vergrößern"),
            "zoomOut": _("Karte verkleinern"),
            "marker": _("Ihr Punkt (verschiebbar)"),
            "set": _("Punkt gesetzt bei {lat} Nord, {lon} Ost."),
            "removed": _(
                "Punkt entfernt. Bitte wählen Sie den Ortsteil und beschreiben Sie den Ort."
            ),
        },
    }


@login_required
def poll_section(request, slug: str, pk: int, number: int):
    poll = _poll_or_404(request, slug, pk)
    refusal = may_answer(request.user, poll)
    if refusal is not None:
        return _refused(request, poll, refusal)
    q = selectors.questionnaire(poll)
    if not 1 <= number <= len(q.sections):
        raise Http404(_("Diesen Abschnitt gibt es nicht."))
    section = q.sections[number - 1]
    _submission, stored = selectors.own_answers(request.user, poll)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        action = request.POST.get("action", "next")
        raw = raw_from_post(section.items, request.POST)
        try:
            services.section_save(
                user=request.user,
                poll=poll,
                section=section,
                raw=raw,
                check_required=action == "next",
                q=q,
            )
        except Invalid as exc:
            errors = _errors_of(exc)
        else:
            _submission, stored = selectors.own_answers(request.user, poll)
            visible = services.visible_questions(q, services.chosen_choices(stored))
            if action == "save":
                messages.success(
                    request,
                    _("Ihr Entwurf ist gespeichert. Sie können später hier weitermachen."),
                )
                return redirect(_url("poll-section", poll, number=number))
            if action == "back":
                previous = _neighbour(q, visible, number, -1)
                if previous is None:
                    return redirect(_url("poll-detail", poll))
                return redirect(_url("poll-section", poll, number=previous))
            following = _neighbour(q, visible, number, +1)
            if following is None:
                return redirect(_url("poll-review", poll))
            return redirect(_url("poll-section", poll, number=following))
    else:
        grouped = answers_by_question(stored)
        raw = {
            question.pk: raw_from_answers(question, grouped.get(question.pk, []))
            for question in section.items
        }
    visible_before = services.visible_questions(q, services.chosen_choices(stored))
    has_point = any(question.kind == QuestionKind.POINT for question in section.items)
    districts = sorted(services.answer_districts(poll).values(), key=lambda d: d.name)
    views = question_views(
        q, section, raw=raw, errors=errors, visible_before=visible_before, districts=districts
    )
    context = {
        "poll": poll,
        "project": poll.phase.project,
        "section": section,
        "number": number,
        "count": len(q.sections),
        "questions": views,
        "errors": errors,
        "form_errors": errors.get("__all__", []),
        "has_point": has_point,
        "is_last": _neighbour(q, visible_before, number, +1) is None,
        **_mode(poll),
        **(_map_context(poll) if has_point else {}),
    }
    return render(request, "polls/section.html", context, status=400 if errors else 200)


# --- Review, submit, thanks -----------------------------------------------------------------


def _review_sections(q, stored) -> list[tuple]:
    """(section number, section, [(question, answer text, missing)]) of the visible
    questions."""
    grouped = answers_by_question(stored)
    visible = services.visible_questions(q, services.chosen_choices(stored))
    rows = []
    for number, section in enumerate(q.sections, start=1):
        lines = [
            (
                question,
                answer_text(question, grouped.get(question.pk, [])),
                question.required and question.pk not in grouped,
            )
            for question in section.items
            if question.pk in visible
        ]
        rows.append((number, section, lines))
    return rows


@login_required
def poll_review(request, slug: str, pk: int):
    poll = _poll_or_404(request, slug, pk)
    refusal = may_answer(request.user, poll)
    if refusal is not None:
        return _refused(request, poll, refusal)
    q = selectors.questionnaire(poll)
    submission, stored = selectors.own_answers(request.user, poll)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        try:
            services.poll_submit(user=request.user, poll=poll)
        except Conflict as exc:
            return _refused(
                request, poll, Refusal("duplicate", " ".join(exc.messages)), status=409
            )
        except Invalid as exc:
            errors = _errors_of(exc)
        else:
            return redirect(_url("poll-thanks", poll))
    is_draft = submission is not None and submission.state == SubmissionState.DRAFT
    sections = _review_sections(q, stored)
    section_of = {
        services.field_key(question): number
        for number, section, lines in sections
        for question, _text, _missing in lines
    }
    summary = [
        (key, section_of.get(key), q.by_id[int(key[1:])].text, messages_)
        for key, messages_ in errors.items()
        if key != "__all__" and key[1:].isdigit() and int(key[1:]) in q.by_id
    ]
    context = {
        "poll": poll,
        "project": poll.phase.project,
        "sections": sections,
        "is_draft": is_draft,
        "submission": submission,
        "summary": summary,
        "form_errors": errors.get("__all__", []),
        **_mode(poll),
    }
    return render(request, "polls/review.html", context, status=400 if errors else 200)


@login_required
def poll_thanks(request, slug: str, pk: int):
    poll = _poll_or_404(request, slug, pk)
    if not has_taken_part(request.user, poll):
        return redirect(_url("poll-detail", poll))
    context = {
        "poll": poll,
        "project": poll.phase.project,
        "phase": poll.phase,
        "can_change": may_change(request.user, poll) is None,
        **_mode(poll),
    }
    return render(request, "polls/thanks.html", context)


# --- The staff's preview --------------------------------------------------------------------


@login_required
def poll_preview(request, slug: str, pk: int):
    """Every section as residents see it, read-only, with every condition in words;
    at any time, for the project's moderation and the administration."""
    poll = _poll_or_404(request, slug, pk)
    refusal = may_preview(request.user, poll)
    if refusal is not None:
        return _refused(request, poll, refusal)
    q = selectors.questionnaire(poll)
    districts = sorted(services.answer_districts(poll).values(), key=lambda d: d.name)
    pages = []
    for number, section in enumerate(q.sections, start=1):
        views = question_views(
            q,
            section,
            raw={},
            errors={},
            visible_before={question.pk for question in q.questions},
            districts=districts,
            disabled=True,
        )
        for view in views:
            if view.question.has_condition:
                view.condition_text = services.describe_condition(view.question, q)
        pages.append((number, section, views))
    context = {
        "poll": poll,
        "project": poll.phase.project,
        "pages": pages,
        "count": len(q.sections),
        "eligibility": describe(poll.phase),
        "closed": closed_refusal(poll),
        **_mode(poll),
    }
    return render(request, "polls/preview.html", context)


# --- The box on the project page ------------------------------------------------------------


def project_polls_section(request, project: Project) -> PageSection | None:
    """The project's polls: mode, dates, who may answer or why not, and the way in. Two
    queries, plus the rules' for a signed-in person (per poll)."""
    polls = list(
        Poll.objects.filter(phase__project=project)
        .select_related("phase")
        .prefetch_related("phase__eligible_districts")
        .order_by("phase__start", "pk")
    )
    if not polls:
        return None
    items = []
    for poll in polls:
        poll.phase.project = project  # already loaded: no query per poll
        items.append(
            {
                "poll": poll,
                "url": _url("poll-detail", poll),
                "open": is_open(poll),
                "refusal": may_answer(request.user, poll),
                "eligibility": describe(poll.phase),
                "results_url": _url("poll-results", poll)
                if may_see_results(request.user, poll) is None
                else "",
            }
        )
    return PageSection(
        template="polls/section_project.html",
        context={"items": items, "now": timezone.now()},
        order=15,
    )
