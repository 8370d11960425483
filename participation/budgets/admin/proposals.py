"""Proposals of the Bürgerbudget in the admin.

Staff of a budget (moderators of its project, holders of ``budgets.review_proposal``,
superusers) list its proposals, record a proposal that came by letter, e-mail or at the
desk (``proposal_enter``: the person's name is public, their contact never), edit a
proposal's own fields (``proposal_staff_update``) and merge duplicates ("Zusammenführen",
``proposal_merge``). The review fields are read-only here (the review pages write them).
Every write goes through ``participation.budgets.services.proposals``; a refusal comes
back as a form error or an admin message, never as a 500.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from leaflet.admin import LeafletGeoAdminMixin

from core.admin import DomainErrorsAdminMixin
from core.admin_history import HistoryAsChangeMixin
from core.exceptions import Invalid
from core.rules import cached, has_global_perm, is_active_user
from measures.admin.widgets import LocationWidget
from participation.budgets.forms.proposals import STAFF_SOURCES, MergeForm
from participation.budgets.models import Budget, Proposal, ProposalSource
from participation.budgets.rules.proposals import REVIEW_PERM, is_budget_staff
from participation.budgets.services.proposals import (
    proposal_easy_summary_set,
    proposal_enter,
    proposal_input_errors,
    proposal_merge,
    proposal_staff_update,
)
from projects.rules import projects_moderated_by

GLOBAL_PERMS = (REVIEW_PERM, "budgets.change_proposal", "budgets.view_proposal")
_INPUT = (
    "title",
    "description",
    "estimated_cost",
    "category",
    "location",
    "district",
    "place_description",
    "image_alt",
)
_ENTRY = ("source", "author_name", "author_contact", "received_on")


def budgets_of_staff(user):
    """The budgets ``user`` may administer (as in ``is_budget_staff``)."""
    if not is_active_user(user):
        return Budget.objects.none()
    if (
        user.is_superuser
        or has_global_perm(user, REVIEW_PERM)
        or any(user.has_perm(perm) for perm in GLOBAL_PERMS[1:])
    ):
        return Budget.objects.all()
    return Budget.objects.filter(project__in=projects_moderated_by(user).values("pk"))


def staffs_any_budget(user) -> bool:
    """Whether ``user`` administers some budget: asked once per request by every budget
    admin of the sidebar (remembered on the user object)."""
    return bool(cached(user, ("budgets_of_staff",), lambda: budgets_of_staff(user).exists()))


class ProposalAdminForm(forms.ModelForm):
    """The proposal's own fields; the checks of the services (cost cap, category and
    district of the budget's project, point in its area) are asked in ``clean`` so they
    show beside the fields."""

    class Meta:
        model = Proposal
        fields = [
            "budget",
            *_ENTRY,
            "title",
            "description",
            "estimated_cost",
            "category",
            "district",
            "location",
            "place_description",
            "image",
            "image_alt",
            "easy_summary",
        ]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        adding = self.instance.pk is None
        if "budget" in self.fields:
            self.fields["budget"].queryset = budgets_of_staff(request.user).select_related(
                "project"
            )
        if "source" in self.fields:
            self.fields["source"].choices = STAFF_SOURCES
            if adding:
                self.fields["source"].initial = ProposalSource.LETTER
        if "author_name" in self.fields:
            self.fields["author_name"].required = True

    def clean(self):
        cleaned = super().clean()
        budget = cleaned.get("budget") or (self.instance.budget if self.instance.pk else None)
        if budget is None or self.errors:
            return cleaned
        values = {name: cleaned.get(name) for name in _INPUT}
        values["place_description"] = values["place_description"] or ""
        values["image_alt"] = values["image_alt"] or ""
        image = cleaned.get("image")
        if image and not values["image_alt"]:
            self.add_error(
                "image_alt",
                gettext("Bitte beschreiben Sie kurz, was auf dem Bild zu sehen ist."),
            )
        for field, messages_ in proposal_input_errors(budget=budget, **values).items():
            if field == "image_alt":
                continue  # the stored picture is not known to the check
            self.add_error(field if field in self.fields else None, messages_)
        return cleaned


@admin.register(Proposal)
class ProposalAdmin(
    DomainErrorsAdminMixin, HistoryAsChangeMixin, LeafletGeoAdminMixin, admin.ModelAdmin
):
    form = ProposalAdminForm
    widget = LocationWidget
    list_display = [
        "number",
        "title",
        "budget",
        "cost_display",
        "status",
        "source",
        "author_display_name",
        "support_count",
    ]
    list_display_links = ["number", "title"]
    list_filter = ["status", "source", "budget", "category", "district"]
    list_select_related = ["budget__project", "author", "category", "district"]
    search_fields = ["title", "description", "place_description", "author_name", "=number"]
    ordering = ["budget", "number"]
    actions = ["merge_action"]
    review_fields = (
        "status",
        "reviewed_cost",
        "city_responsible",
        "lawful",
        "feasible",
        "review_reason",
        "review_due",
        "reviewer",
        "reviewed_at",
        "merged_into",
    )

    # --- who sees what ------------------------------------------------------------------

    def _global(self, request) -> bool:
        user = request.user
        return user.is_superuser or any(user.has_perm(perm) for perm in GLOBAL_PERMS)

    def get_queryset(self, request):
        queryset = (
            super()
            .get_queryset(request)
            .select_related(
                "budget__project", "author", "category", "district", "merged_into", "entered_by"
            )
        )
        if self._global(request):
            return queryset
        return queryset.filter(budget__in=budgets_of_staff(request.user).values("pk"))

    def has_module_permission(self, request) -> bool:
        return bool(request.user.is_staff) and (
            self._global(request) or staffs_any_budget(request.user)
        )

    def has_view_permission(self, request, obj=None) -> bool:
        if obj is not None:
            return request.user.is_staff and is_budget_staff(request.user, obj.budget)
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request) -> bool:
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # proposals are withdrawn, merged or judged, never deleted

    # --- the forms --------------------------------------------------------------------------

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)

        class RequestForm(form):
            def __init__(self, *args, **inner):
                super().__init__(*args, request=request, **inner)

        return RequestForm

    def get_fieldsets(self, request, obj=None):
        entry = [(_("Eingang"), {"fields": ["budget", *_ENTRY]})]
        if obj is not None:
            entry = [
                (
                    _("Eingang"),
                    {
                        "fields": [
                            "budget_display",
                            "number",
                            *(_ENTRY if obj.author_id is None else ["source", "author_public"]),
                            "entered_by",
                            "public_page",
                        ]
                    },
                )
            ]
        proposal = [
            (
                _("Der Vorschlag"),
                {"fields": ["title", "description", "estimated_cost", "category"]},
            ),
            (_("Ort"), {"fields": ["district", "location", "place_description"]}),
            (_("Bild"), {"fields": ["image", "image_alt"]}),
            (_("Leichte Sprache"), {"fields": ["easy_summary"]}),
        ]
        if obj is None:
            return entry + proposal
        review = [
            (
                _("Prüfung (wird auf den Prüfseiten bearbeitet)"),
                {"fields": list(self.review_fields)},
            ),
            (_("Zahlen"), {"fields": ["support_count", "comment_count", "is_hidden"]}),
        ]
        return entry + proposal + review

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        fields = [
            "budget_display",
            "number",
            "entered_by",
            "public_page",
            "support_count",
            "comment_count",
            "is_hidden",
            *self.review_fields,
        ]
        if obj.author_id is not None:
            fields += ["source", "author_public"]
        return fields

    # --- read-only displays -------------------------------------------------------------

    @admin.display(description=_("Kosten (€)"), ordering="estimated_cost")
    def cost_display(self, obj: Proposal) -> str:
        return f"{obj.cost:,}".replace(",", ".")

    @admin.display(description=_("eingereicht von"))
    def author_display_name(self, obj: Proposal) -> str:
        return obj.author_display or gettext("gelöschtes Konto")

    @admin.display(description=_("eingereicht von"))
    def author_public(self, obj: Proposal) -> str:
        return self.author_display_name(obj)

    @admin.display(description=_("Bürgerbudget"))
    def budget_display(self, obj: Proposal) -> str:
        return str(obj.budget)

    @admin.display(description=_("Öffentliche Seite"))
    def public_page(self, obj: Proposal) -> str:
        if obj.pk is None:
            return "–"
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), gettext("ansehen"))

    # --- writes through the services ---------------------------------------------------

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        values = {name: data.get(name) for name in _INPUT}
        values["place_description"] = values["place_description"] or ""
        values["image_alt"] = values["image_alt"] or ""
        image = data.get("image")
        image_changed = "image" in form.changed_data
        if not change:
            created = proposal_enter(
                by=request.user,
                budget=data["budget"],
                source=data["source"],
                author_name=data.get("author_name") or "",
                author_contact=data.get("author_contact") or "",
                received_on=data.get("received_on"),
                image=image or None,
                **values,
            )
            obj.pk, obj.number = created.pk, created.number
            obj.__dict__.update({"image": created.image})
            if data.get("easy_summary"):
                proposal_easy_summary_set(
                    proposal=created, by=request.user, easy_summary=data["easy_summary"]
                )
            return
        stored = Proposal.objects.select_related("budget__project").get(pk=obj.pk)
        if "easy_summary" in form.changed_data:
            proposal_easy_summary_set(
                proposal=stored, by=request.user, easy_summary=data.get("easy_summary") or ""
            )
        if not set(form.changed_data) - {"easy_summary"}:
            # Only the Leichte Sprache changed: allowed after the board's confirmation,
            # too, when the proposal's own fields are frozen.
            return
        entry = {}
        if stored.author_id is None:
            entry = {name: data.get(name) for name in _ENTRY}
            entry["author_name"] = entry["author_name"] or ""
            entry["author_contact"] = entry["author_contact"] or ""
        proposal_staff_update(
            proposal=stored,
            by=request.user,
            image=image if image_changed and image else None,
            remove_image=image_changed and not image,
            **values,
            **entry,
        )

    # --- "Zusammenführen" -------------------------------------------------------------------

    @admin.action(description=_("Zusammenführen (Doppelte mit einem Vorschlag)"))
    def merge_action(self, request, queryset):
        duplicates = list(queryset.select_related("budget__project").order_by("number"))
        budgets = {p.budget_id for p in duplicates}
        if len(budgets) != 1:
            self.message_user(
                request,
                gettext("Bitte wählen Sie Vorschläge aus genau einem Bürgerbudget."),
                level=messages.ERROR,
            )
            return None
        budget = duplicates[0].budget
        form = MergeForm(
            request.POST if "apply" in request.POST else None,
            budget=budget,
            exclude=[p.pk for p in duplicates],
        )
        if "apply" in request.POST and form.is_valid():
            into = form.cleaned_data["into"]
            merged = 0
            for proposal in duplicates:
                try:
                    proposal_merge(
                        proposal=proposal,
                        into=into,
                        by=request.user,
                        reason=form.cleaned_data["reason"],
                    )
                except Invalid as exc:
                    self.message_user(
                        request,
                        gettext("%(proposal)s nicht zusammengeführt: %(reason)s")
                        % {"proposal": proposal, "reason": " ".join(exc.messages)},
                        level=messages.ERROR,
                    )
                else:
                    merged += 1
            if merged:
                self.message_user(
                    request,
                    gettext("%(n)d Vorschläge mit „%(into)s“ zusammengeführt.")
                    % {"n": merged, "into": into},
                    level=messages.SUCCESS,
                )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Vorschläge zusammenführen"),
            "opts": self.model._meta,
            "duplicates": duplicates,
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "budget": budget,
        }
        return TemplateResponse(request, "admin/budgets/proposal/merge.html", context)
