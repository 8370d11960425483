"""The forms of the ballot page and of the paper entry: one field per proposal on the
ballot (``p<number>``), a number 0..k for cumulative voting, a checkbox otherwise. The
voting rule is checked by the service (``counting.validate_ballot``), whose reasons the
views add to the form."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from verification.person import Person

from ..models import Budget, PollingStation, Proposal, VotingMethod


def field_name(proposal: Proposal) -> str:
    return f"p{proposal.number}"


class ChoicesMixin:
    """Adds the proposals' fields; ``choices()`` reads them back as number → points."""

    def add_choice_fields(self, budget: Budget, proposals: Sequence[Proposal]) -> None:
        self.budget = budget
        self.proposals = list(proposals)
        self.cumulative = budget.voting_method == VotingMethod.CUMULATIVE
        points = budget.votes_per_ballot or 1
        for proposal in self.proposals:
            label = _("Nr. %(number)s: %(title)s") % {
                "number": proposal.number,
                "title": proposal.title,
            }
            if self.cumulative:
                self.fields[field_name(proposal)] = forms.IntegerField(
                    label=label,
                    required=False,
                    min_value=0,
                    max_value=points,
                    initial=0,
                    error_messages={
                        "invalid": _("Bitte geben Sie eine ganze Zahl von 0 bis %(max)s ein.")
                        % {"max": points},
                        "min_value": _("Es sind mindestens 0 Stimmen möglich."),
                        "max_value": _(
                            "Einem Vorschlag können Sie höchstens %(limit_value)s Stimmen geben."
                        ),
                    },
                    widget=forms.NumberInput(
                        attrs={
                            "min": 0,
                            "max": points,
                            "step": 1,
                            "inputmode": "numeric",
                            "data-ballot-points": "",
                        }
                    ),
                )
            else:
                self.fields[field_name(proposal)] = forms.BooleanField(
                    label=label,
                    required=False,
                    widget=forms.CheckboxInput(
                        attrs={"data-ballot-choice": "", "data-cost": proposal.cost}
                    ),
                )

    def choices(self) -> dict[int, int]:
        result = {}
        for proposal in self.proposals:
            value = self.cleaned_data.get(field_name(proposal))
            if self.cumulative:
                result[proposal.number] = value or 0
            else:
                result[proposal.number] = 1 if value else 0
        return result

    def choice_rows(self):
        """(proposal, bound field, its cost as text) per proposal, for the template."""
        from ..counting import Euro

        return [
            (proposal, self[field_name(proposal)], str(Euro(proposal.cost)))
            for proposal in self.proposals
        ]


def initial_from(choices_by_number: dict[int, int], budget: Budget) -> dict:
    cumulative = budget.voting_method == VotingMethod.CUMULATIVE
    return {
        f"p{number}": (points if cumulative else bool(points))
        for number, points in choices_by_number.items()
    }


class BallotForm(ChoicesMixin, forms.Form):
    def __init__(self, *args, budget: Budget, proposals: Sequence[Proposal], **kwargs):
        super().__init__(*args, **kwargs)
        self.add_choice_fields(budget, proposals)


class PaperEntryForm(ChoicesMixin, forms.Form):
    """One entry of a paper sheet: where, which sheet, the voter as on the sheet, the
    choices — or "invalid" with a reason."""

    hide_optional_marker = True

    station = forms.ModelChoiceField(
        label=_("Abstimmungsort"),
        queryset=PollingStation.objects.none(),
        empty_label=_("Bitte wählen"),
        error_messages={"required": _("Bitte wählen Sie den Abstimmungsort.")},
    )
    sheet_number = forms.CharField(
        label=_("Nummer des Zettels"),
        max_length=30,
        help_text=_("Wie auf dem Zettel aufgedruckt oder vermerkt."),
        error_messages={"required": _("Bitte geben Sie die Nummer des Zettels an.")},
    )
    family_name = forms.CharField(label=_("Familienname"), max_length=200, required=False)
    given_names = forms.CharField(label=_("Vornamen"), max_length=200, required=False)
    date_of_birth = forms.DateField(
        label=_("Geburtsdatum"),
        required=False,
        help_text=_("Tag, Monat, Jahr, z. B. 24.05.1990."),
        input_formats=["%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"],
        widget=forms.DateInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    street = forms.CharField(label=_("Straße"), max_length=200, required=False)
    house_number = forms.CharField(label=_("Hausnummer"), max_length=20, required=False)
    postcode = forms.CharField(label=_("Postleitzahl"), max_length=5, required=False)
    invalid = forms.BooleanField(
        label=_("Der Zettel ist ungültig"),
        required=False,
        help_text=_("Zum Beispiel unleserlich, zu viele Stimmen oder ohne Angaben zur Person."),
    )
    invalid_reason = forms.CharField(label=_("Grund"), max_length=200, required=False)

    PERSON_FIELDS = ("family_name", "given_names", "date_of_birth", "street", "house_number")

    def __init__(self, *args, budget: Budget, proposals: Sequence[Proposal], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = PollingStation.objects.filter(budget=budget).order_by(
            "name"
        )
        for name in ("family_name", "given_names", "street", "house_number", "postcode"):
            self.fields[name].widget.attrs["autocomplete"] = "off"
        self.add_choice_fields(budget, proposals)

    def clean_date_of_birth(self):
        value = self.cleaned_data["date_of_birth"]
        if value and (value > timezone.localdate() or value.year < 1900):
            raise forms.ValidationError(_("Bitte prüfen Sie das Geburtsdatum."))
        return value

    def clean(self):
        data = super().clean()
        if data.get("invalid"):
            if not (data.get("invalid_reason") or "").strip():
                self.add_error(
                    "invalid_reason",
                    _("Bitte nennen Sie den Grund, warum der Zettel ungültig ist."),
                )
        else:
            for name in self.PERSON_FIELDS:
                if not data.get(name) and name not in self.errors:
                    self.add_error(
                        name,
                        _(
                            "Bitte übertragen Sie dieses Feld vom Zettel – oder erfassen Sie den "
                            "Zettel als ungültig."
                        ),
                    )
        return data

    def person(self) -> Person | None:
        if self.cleaned_data.get("invalid"):
            return None
        data = self.cleaned_data
        return Person(
            given_names=data["given_names"],
            family_name=data["family_name"],
            date_of_birth=data["date_of_birth"],
            street=data["street"],
            house_number=data["house_number"],
            postcode=data.get("postcode") or "",
        )
