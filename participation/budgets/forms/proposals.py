"""Forms of proposals. They only collect input; the rules (who, when, cost cap, place,
image checks) live in ``participation.budgets.services.proposals``, whose errors the views
put back into these forms field by field.

The place works as for ideas (``IdeaForm``): the map picker writes a GeoJSON point into
the hidden ``location`` field; latitude/longitude may be typed; without a point the
district and a description of the place (keyboard only).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from participation.budgets.models import Budget, Proposal, ProposalSource
from participation.budgets.money import euros
from participation.ideas.forms.ideas import IdeaForm


class ProposalForm(IdeaForm):
    description = forms.CharField(
        label=_("Beschreibung"),
        max_length=Proposal._meta.get_field("description").max_length,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Was soll mit dem Geld geschehen, wo und warum? Einfacher Text, höchstens "
            "5.000 Zeichen."
        ),
    )
    estimated_cost = forms.IntegerField(
        label=_("Geschätzte Kosten (in ganzen Euro)"),
        min_value=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1"}),
        error_messages={
            "required": _("Bitte schätzen Sie die Kosten in ganzen Euro."),
            "invalid": _("Bitte geben Sie die Kosten als ganze Zahl in Euro an, z. B. 4500."),
        },
    )

    def __init__(self, *args, budget: Budget, proposal: Proposal | None = None, **kwargs):
        if proposal is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from_proposal(proposal)
        super().__init__(*args, project=budget.project, **kwargs)
        del self.fields["text"]
        self.budget = budget
        self.proposal = proposal
        self.fields["estimated_cost"].help_text = _(
            "Höchstens %(cap)s € je Vorschlag. Die Stadt prüft die Kosten später."
        ) % {"cap": euros(budget.cap_per_proposal)}
        self.fields["estimated_cost"].widget.attrs["max"] = budget.cap_per_proposal
        self.fields["title"].help_text = _("Kurz und treffend, höchstens 140 Zeichen.")
        if proposal is not None and proposal.image:
            self.fields["remove_image"] = forms.BooleanField(
                label=_("Bild entfernen"), required=False
            )

    @staticmethod
    def initial_from_proposal(proposal: Proposal) -> dict:
        initial = {
            "title": proposal.title,
            "description": proposal.description,
            "estimated_cost": proposal.estimated_cost,
            "category": proposal.category.slug if proposal.category_id else None,
            "district": proposal.district.slug if proposal.district_id else None,
            "place_description": proposal.place_description,
            "image_alt": proposal.image_alt,
        }
        coordinates = (proposal.location or {}).get("coordinates") or []
        if len(coordinates) >= 2:
            initial["longitude"], initial["latitude"] = coordinates[0], coordinates[1]
        return initial

    def service_kwargs(self) -> dict:
        """The cleaned input as keyword arguments of ``proposal_submit``/``_update``."""
        data = self.cleaned_data
        kwargs = {
            "title": data["title"],
            "description": data["description"],
            "estimated_cost": data["estimated_cost"],
            "category": data.get("category"),
            "location": data.get("point"),
            "district": data.get("district"),
            "place_description": data.get("place_description", ""),
            "image": data.get("image") or None,
            "image_alt": data.get("image_alt", ""),
        }
        if self.proposal is not None:
            kwargs["remove_image"] = bool(data.get("remove_image"))
        return kwargs


class MergeForm(forms.Form):
    """The admin's "Zusammenführen": the proposal that carries on and the reason."""

    into = forms.ModelChoiceField(
        label=_("Zusammenführen mit Vorschlag"),
        queryset=Proposal.objects.none(),
        help_text=_(
            "Dieser Vorschlag bleibt bestehen; die gewählten werden mit ihm zusammengeführt."
        ),
    )
    reason = forms.CharField(
        label=_("Begründung (öffentlich)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )

    def __init__(self, *args, budget: Budget, exclude=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = (
            Proposal.objects.filter(budget=budget)
            .exclude(pk__in=exclude)
            .exclude(status__in=["merged", "withdrawn"])
            .order_by("number")
        )


STAFF_SOURCES = [(value, label) for value, label in ProposalSource.choices if value != "online"]
