"""The moderation queue of a project (or of the comments on measures): the open reports
or the decisions taken, the review requests waiting, the bulk action, and the switch for
the alerts about new reports."""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from core.forms import FilterForm, answer_status
from core.navigation import safe_next
from participation.moderation import selectors, services
from participation.moderation.forms import BulkActionForm, ReviewDecideForm
from participation.moderation.models import ModerationDecision
from participation.moderation.selectors import ModerationScope, QueueItem

from .common import (
    ReviewRow,
    action_form,
    decision_item,
    moderation_view,
    scope_context,
)

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


@dataclass
class DecisionRow:
    decision: ModerationDecision
    item: QueueItem


def _review_rows(request, scope: ModerationScope) -> list[ReviewRow]:
    rows = []
    for decision in selectors.pending_reviews(scope=scope)[:REVIEWS_SHOWN]:
        rows.append(
            ReviewRow(
                decision=decision,
                item=decision_item(scope, decision),
                form=ReviewDecideForm(auto_id=f"id_review_{decision.pk}_%s"),
                same_moderator=decision.moderator_id == request.user.pk,
                action_url=scope.review_url(decision.pk),
            )
        )
    return rows


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
        **scope_context(scope),
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
            DecisionRow(decision, decision_item(scope, decision))
            for decision in page_obj.object_list
        ]
    else:
        page = Paginator(selectors.open_flag_groups(scope=scope, kind=kind), ITEMS_PER_PAGE)
        page_obj = page.get_page(request.GET.get("page"))
        items = selectors.queue_items(scope=scope, groups=page_obj.object_list)
        context["items"] = [(item, action_form(item)) for item in items]
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
    return redirect(safe_next(request, scope.queue_url()))


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
    return redirect(f"{safe_next(request, scope.queue_url())}#{REPORT_ALERT_ANCHOR}")
