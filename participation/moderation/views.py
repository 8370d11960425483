"""Moderation pages: the report form, the moderation queue of a project (and of the
comments on measures), a single item's page, bulk actions, and the review requests.

Thin views: ``selectors.moderation`` reads (a fixed number of queries per page),
``services.moderation`` decides and writes. Everything works without JavaScript: the
bulk checkboxes belong to the bulk form through their ``form`` attribute; each item has
its own small form; a refused action comes back with the message next to its field.

Who sees the queue: moderators of that project (``projects.rules.moderates_project``)
and global moderators; the measures queue only global moderators. Anonymous people are
sent to the login, everybody else gets 403.
"""

from dataclasses import dataclass
from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from core.exceptions import NotAllowed
from core.forms import FilterForm, answer_status
from core.sections import PageSection
from participation.ideas import rules
from participation.ideas.models import Comment, Idea
from participation.moderation import selectors, services
from participation.moderation.forms import (
    BulkActionForm,
    FlagForm,
    ModerationActionForm,
    ReviewDecideForm,
    ReviewRequestForm,
)
from participation.moderation.models import ModerationDecision
from participation.moderation.rules import may_flag, may_request_review
from participation.moderation.selectors import ModerationScope, QueueItem
from projects.rules import can_see_project, moderates_project
from projects.selectors import visible_project_or_404

ITEMS_PER_PAGE = 25
REVIEWS_SHOWN = 50


class QueueFilterForm(FilterForm):
    status = forms.ChoiceField(
        label=gettext_lazy("Anzeigen"),
        required=False,
        choices=[
            ("", gettext_lazy("offene Meldungen")),
            ("decided", gettext_lazy("getroffene Entscheidungen")),
        ],
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Art des Beitrags"),
        required=False,
        choices=[
            ("", gettext_lazy("Ideen und Kommentare")),
            ("idea", gettext_lazy("nur Ideen")),
            ("comment", gettext_lazy("nur Kommentare")),
        ],
    )

    def __init__(self, *args, measures: bool = False, **kwargs):
        kwargs.setdefault("auto_id", "filter_%s")
        super().__init__(*args, **kwargs)
        if measures:
            del self.fields["kind"]  # only comments there


# --- helpers ------------------------------------------------------------------------------


def _safe_next(request, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def moderation_view(view):
    """Resolve the scope (a project by slug, or the measures when there is no slug) and
    let only its moderators in."""

    @wraps(view)
    def wrapper(request, *args, project_slug: str | None = None, **kwargs):
        if project_slug is None:
            scope = ModerationScope(None)
            allowed = rules.is_global_moderator(request.user)
        else:
            project = visible_project_or_404(
                user=request.user, slug=project_slug, with_phases=False
            )
            scope = ModerationScope(project)
            allowed = moderates_project(request.user, project)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not allowed:
            raise PermissionDenied(_("Sie dürfen diesen Bereich nicht moderieren."))
        return view(request, scope, *args, **kwargs)

    return wrapper


def _item_or_404(scope: ModerationScope, kind: str, pk: int):
    if kind not in selectors.KINDS or (scope.is_measures and kind != "comment"):
        raise Http404
    try:
        item = selectors.item_for_moderation(kind=kind, pk=pk)
    except (Idea.DoesNotExist, Comment.DoesNotExist) as exc:
        raise Http404(_("Diesen Beitrag gibt es nicht.")) from exc
    if not scope.contains(item):
        raise Http404(_("Dieser Beitrag gehört nicht zu diesem Bereich."))
    return item


def _action_form(item: QueueItem, data=None) -> ModerationActionForm:
    return ModerationActionForm(data, auto_id=f"id_{item.dom_id}_%s")


@dataclass
class ReviewRow:
    decision: ModerationDecision
    item: QueueItem
    form: ReviewDecideForm
    same_moderator: bool
    action_url: str


@dataclass
class DecisionRow:
    decision: ModerationDecision
    item: QueueItem


def _decision_item(scope: ModerationScope, decision: ModerationDecision) -> QueueItem:
    kind = "idea" if decision.idea_id else "comment"
    obj = decision.idea if decision.idea_id else decision.comment
    return QueueItem(
        kind=kind,
        obj=obj,
        url=selectors.public_url(obj),
        item_url=scope.item_url(kind, obj.pk),
    )


def _review_rows(request, scope: ModerationScope) -> list[ReviewRow]:
    rows = []
    for decision in selectors.pending_reviews(scope=scope)[:REVIEWS_SHOWN]:
        rows.append(
            ReviewRow(
                decision=decision,
                item=_decision_item(scope, decision),
                form=ReviewDecideForm(auto_id=f"id_review_{decision.pk}_%s"),
                same_moderator=decision.moderator_id == request.user.pk,
                action_url=scope.review_url(decision.pk),
            )
        )
    return rows


def _scope_context(scope: ModerationScope) -> dict:
    if scope.is_measures:
        title = _("Moderation: Kommentare zu Maßnahmen")
    else:
        title = _("Moderation: %(title)s") % {"title": scope.project.title}
    return {"scope": scope, "project": scope.project, "page_title": title}


# --- queue --------------------------------------------------------------------------------


def _render_queue(request, scope: ModerationScope, *, bulk_form=None, status: int = 200):
    filter_form = QueueFilterForm(request.GET or None, measures=scope.is_measures)
    show, kind = "", ""
    if filter_form.is_bound and filter_form.is_valid():
        show = filter_form.cleaned_data.get("status") or ""
        kind = filter_form.cleaned_data.get("kind") or ""
    if scope.is_measures:
        kind = "comment"
    context = {
        **_scope_context(scope),
        "filter_form": filter_form,
        "show": show,
        "reviews": _review_rows(request, scope),
        "report_alert": selectors.flag_alert_enabled(user=request.user, scope=scope),
        "bulk_form": bulk_form or BulkActionForm(),
        "selected": set(bulk_form.data.getlist("items")) if bulk_form is not None else set(),
    }
    if show == "decided":
        page = Paginator(selectors.decisions_in_scope(scope=scope, kind=kind), ITEMS_PER_PAGE)
        page_obj = page.get_page(request.GET.get("page"))
        context["decisions"] = [
            DecisionRow(decision, _decision_item(scope, decision))
            for decision in page_obj.object_list
        ]
    else:
        page = Paginator(selectors.open_flag_groups(scope=scope, kind=kind), ITEMS_PER_PAGE)
        page_obj = page.get_page(request.GET.get("page"))
        items = selectors.queue_items(scope=scope, groups=page_obj.object_list)
        context["items"] = [(item, _action_form(item)) for item in items]
    context.update(
        page_obj=page_obj,
        page_range=page.get_elided_page_range(page_obj.number),
        result_count=page.count,
    )
    if status == 200:
        status = answer_status(filter_form)
    return render(request, "moderation/queue.html", context, status=status)


@moderation_view
def queue(request, scope: ModerationScope):
    return _render_queue(request, scope)


@require_POST
@moderation_view
def bulk(request, scope: ModerationScope):
    form = BulkActionForm(request.POST)
    if not form.is_valid():
        return _render_queue(request, scope, bulk_form=form, status=400)
    keys = form.cleaned_data["items"]
    loaded = selectors.items_by_keys(keys)
    items, outside = [], 0
    for key in keys:
        item = loaded.get(key)
        if item is None or not scope.contains(item):
            outside += 1
        else:
            items.append(item)
    done = refused = 0
    if items:
        try:
            result = services.moderation_bulk(
                moderator=request.user,
                action=form.cleaned_data["action"],
                items=items,
                rule=form.cleaned_data.get("rule") or "",
                statement=form.cleaned_data.get("statement") or "",
            )
        except ValidationError as error:
            form.add_error(None, error)
            return _render_queue(request, scope, bulk_form=form, status=400)
        done = len(result.done)
        refused = len(result.refused)
        for item, reason in result.refused:
            messages.warning(
                request,
                _("„%(item)s“ wurde nicht bearbeitet: %(reason)s")
                % {"item": selectors.item_title(item), "reason": reason},
            )
    if outside:
        messages.warning(
            request,
            ngettext(
                "%(count)s ausgewählter Beitrag gehört nicht zu diesem Bereich und wurde "
                "nicht bearbeitet.",
                "%(count)s ausgewählte Beiträge gehören nicht zu diesem Bereich und wurden "
                "nicht bearbeitet.",
                outside,
            )
            % {"count": outside},
        )
    if done:
        messages.success(
            request,
            _bulk_done_message(form.cleaned_data["action"], done),
        )
    elif not refused and not outside:
        messages.info(request, _("Es wurde nichts geändert."))
    return redirect(_safe_next(request, scope.queue_url()))


def _bulk_done_message(action: str, count: int) -> str:
    if action == "hide":
        text = ngettext(
            "%(count)s Beitrag ausgeblendet.", "%(count)s Beiträge ausgeblendet.", count
        )
    elif action == "restore":
        text = ngettext(
            "%(count)s Beitrag wiederhergestellt.", "%(count)s Beiträge wiederhergestellt.", count
        )
    else:
        text = ngettext(
            "Meldungen zu %(count)s Beitrag zurückgewiesen.",
            "Meldungen zu %(count)s Beiträgen zurückgewiesen.",
            count,
        )
    return text % {"count": count}


# --- alerts about new reports -------------------------------------------------------------


REPORT_ALERT_ANCHOR = "report-alert"


@require_POST
@moderation_view
def flag_alert(request, scope: ModerationScope):
    """Switch the alerts about new reports in the project on (``enabled=1``) or off;
    the form says which state it wants, so sending it twice changes nothing more."""
    if scope.is_measures:
        raise Http404
    enabled = request.POST.get("enabled") == "1"
    # NotAllowed (a PermissionDenied) becomes a 403, like the other refusals here.
    services.flag_alert_set(user=request.user, project=scope.project, enabled=enabled)
    title = scope.project.title
    if enabled:
        done = _("Sie werden bei neuen Meldungen im Projekt „%(title)s“ benachrichtigt.") % {
            "title": title
        }
    else:
        done = _(
            "Sie werden bei neuen Meldungen im Projekt „%(title)s“ nicht mehr benachrichtigt."
        ) % {"title": title}
    messages.success(request, done)
    return redirect(f"{_safe_next(request, scope.queue_url())}#{REPORT_ALERT_ANCHOR}")


# --- one item -----------------------------------------------------------------------------


ACTION_DONE = {
    "hide": gettext_lazy(
        "Der Beitrag ist ausgeblendet. Die Verfasserin oder der Verfasser sieht Ihre Begründung."
    ),
    "restore": gettext_lazy("Der Beitrag ist wieder sichtbar."),
    "dismiss": gettext_lazy("Die Meldungen sind zurückgewiesen."),
}


@require_http_methods(["GET", "POST"])
@moderation_view
def item_detail(request, scope: ModerationScope, kind: str, pk: int):
    obj = _item_or_404(scope, kind, pk)
    item = selectors.queue_item(scope, kind, obj)
    form = _action_form(item, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            action = form.cleaned_data["action"]
            target = {kind: obj}
            try:
                if action == "hide":
                    services.content_hide(
                        moderator=request.user,
                        rule=form.cleaned_data["rule"],
                        statement=form.cleaned_data["statement"],
                        **target,
                    )
                elif action == "restore":
                    services.content_restore(
                        moderator=request.user, statement=form.cleaned_data["statement"], **target
                    )
                else:
                    services.flags_dismiss(
                        moderator=request.user, statement=form.cleaned_data["statement"], **target
                    )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, ACTION_DONE[action])
                return redirect(_safe_next(request, scope.queue_url()))
        status = 400
    context = {
        **_scope_context(scope),
        "item": item,
        "form": form,
        "all_reports": list(obj.flags.select_related("reporter").order_by("-created_at")),
        "next": _safe_next(request, scope.queue_url()),
    }
    return render(request, "moderation/item.html", context, status=status)


# --- review decision (moderator) ----------------------------------------------------------


@require_http_methods(["GET", "POST"])
@moderation_view
def review_decide(request, scope: ModerationScope, pk: int):
    decision = get_object_or_404(selectors.pending_reviews(scope=scope), pk=pk)
    form = ReviewDecideForm(
        request.POST if request.method == "POST" else None, auto_id=f"id_review_{pk}_%s"
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.review_decide(
                    moderator=request.user,
                    decision=decision,
                    outcome=form.cleaned_data["outcome"],
                    statement=form.cleaned_data["statement"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if form.cleaned_data["outcome"] == ModerationDecision.ReviewOutcome.REVERSED:
                    done = _("Die Entscheidung ist aufgehoben, der Beitrag wieder sichtbar.")
                else:
                    done = _("Die Entscheidung ist bestätigt, der Beitrag bleibt ausgeblendet.")
                messages.success(request, done)
                return redirect(_safe_next(request, scope.queue_url()))
        status = 400
    row = ReviewRow(
        decision=decision,
        item=_decision_item(scope, decision),
        form=form,
        same_moderator=decision.moderator_id == request.user.pk,
        action_url=scope.review_url(decision.pk),
    )
    context = {**_scope_context(scope), "row": row}
    return render(request, "moderation/review_decide.html", context, status=status)


# --- review request (author) --------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def review_request(request, pk: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    decision = get_object_or_404(
        ModerationDecision.objects.select_related(
            "idea",
            "idea__project",
            "comment",
            "comment__idea",
            "comment__idea__project",
            "comment__project",
            "comment__measure",
            "moderator",
        ),
        pk=pk,
    )
    obj = decision.idea if decision.idea_id else decision.comment
    if obj.author_id != request.user.pk:
        raise Http404  # not theirs: do not reveal anything about it
    item = QueueItem(
        kind="idea" if decision.idea_id else "comment",
        obj=obj,
        url=selectors.public_url(obj),
        item_url="",
    )
    back = item.url or "/"
    form = ReviewRequestForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.review_request(
                    author=request.user, decision=decision, text=form.cleaned_data["text"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _(
                        "Ihr Antrag auf Überprüfung ist eingegangen. Die Moderation prüft die "
                        "Entscheidung erneut; das Ergebnis sehen Sie bei Ihrem Beitrag."
                    ),
                )
                return redirect(back)
        status = 400
    context = {
        "decision": decision,
        "item": item,
        "form": form,
        "back": back,
        "can_request": may_request_review(
            request.user, decision, obj, current=services.latest_decision(obj)
        )
        is None,
    }
    return render(request, "moderation/review_request.html", context, status=status)


# --- report form --------------------------------------------------------------------------


def _reportable_or_404(request, kind: str, pk: int):
    if kind == "idea":
        obj = get_object_or_404(Idea.objects.select_related("project", "author"), pk=pk)
    elif kind == "comment":
        obj = get_object_or_404(
            Comment.objects.select_related("author", "idea", "idea__project", "project", "measure"),
            pk=pk,
        )
    else:
        raise Http404
    project = rules.project_of(obj)
    if project is not None and not can_see_project(request.user, project):
        raise Http404
    if kind == "comment" and obj.measure_id and not obj.measure.is_public:
        raise Http404
    return obj


@require_http_methods(["GET", "POST"])
def flag(request, kind: str, pk: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    obj = _reportable_or_404(request, kind, pk)
    item = QueueItem(kind=kind, obj=obj, url=selectors.public_url(obj), item_url="")
    back = _safe_next(request, item.url or "/")
    found = may_flag(request.user, obj, check_open_flag=False)
    refusal = found.message if found is not None else None
    form = FlagForm(request.POST if request.method == "POST" else None)
    status = 200 if refusal is None else 403
    if request.method == "POST" and refusal is None:
        if form.is_valid():
            try:
                services.flag_create(
                    reporter=request.user,
                    reason=form.cleaned_data["reason"],
                    text=form.cleaned_data["text"],
                    **{kind: obj},
                )
            except NotAllowed as error:
                refusal, status = str(error), 403
            except ValidationError as error:
                form.add_error(None, error)
                status = 400
            else:
                messages.success(
                    request,
                    _(
                        "Danke für Ihre Meldung. Die Moderation prüft den Beitrag. Sie "
                        "erfahren nicht das Ergebnis, der Beitrag wird aber ausgeblendet, "
                        "wenn er gegen die Regeln verstößt."
                    ),
                )
                return redirect(back)
        else:
            status = 400
    context = {"item": item, "form": form, "back": back, "refusal": refusal}
    return render(request, "moderation/flag_form.html", context, status=status)




def project_moderation_section(request, project):
    """On the project page, for its moderators only: the link to the moderation queue."""
    if not moderates_project(request.user, project):
        return None
    return PageSection(
        template="moderation/sections/moderation_project.html",
        context={"project": project},
        order=10,
    )
