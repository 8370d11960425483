"""Forms of the review pages: the queue's filters, the review of a proposal with its
assignment, the board's confirmation and a correction after it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import FilterForm

from ..models import ProposalStatus
from ..services.review import CORRECTABLE_FIELDS, MINUTES_MAX_BYTES

RADIO_ATTRS = {"class": "kern-form-check__radio"}

CHECK_CHOICES = [("", _("noch nicht geprüft")), ("yes", _("ja")), ("no", _("nein"))]


def check_value(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def check_initial(value: bool | None) -> str:
    return {True: "yes", False: "no"}.get(value, "")


class ReviewQueueFilterForm(FilterForm):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("alle"))] + ProposalStatus.choices
    )
    category = forms.TypedChoiceField(
        label=_("Kategorie"), required=False, coerce=int, empty_value=None
    )
    district = forms.TypedChoiceField(
        label=_("Ortsteil"), required=False, coerce=int, empty_value=None
    )
    reviewer = forms.ChoiceField(
        label=_("Prüfung durch"),
        required=False,
        choices=[("", _("alle")), ("me", _("mich")), ("unassigned", _("niemanden zugewiesen"))],
    )
    overdue = forms.BooleanField(label=_("nur überfällige"), required=False)
    sort = forms.ChoiceField(
        label=_("Sortierung"),
        required=False,
        choices=[("due", _("nach Fälligkeit")), ("number", _("nach Nummer"))],
    )

    def __init__(self, *args, categories=(), districts=(), **kwargs):
        kwargs.setdefault("auto_id", "filter_%s")
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("alle"))] + [(c.pk, c.name) for c in categories]
        self.fields["district"].choices = [("", _("alle"))] + [(d.pk, d.name) for d in districts]


class ReviewerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.public_name} ({obj.email})" if obj.email else obj.public_name


class ProposalReviewForm(forms.Form):
    city_responsible = forms.ChoiceField(
        label=_("Ist die Stadt Jena zuständig?"),
        choices=CHECK_CHOICES,
        required=False,
        widget=forms.RadioSelect(attrs=RADIO_ATTRS),
    )
    lawful = forms.ChoiceField(
        label=_("Ist der Vorschlag rechtlich zulässig?"),
        choices=CHECK_CHOICES,
        required=False,
        widget=forms.RadioSelect(attrs=RADIO_ATTRS),
    )
    feasible = forms.ChoiceField(
        label=_("Ist der Vorschlag umsetzbar?"),
        choices=CHECK_CHOICES,
        required=False,
        widget=forms.RadioSelect(attrs=RADIO_ATTRS),
    )
    reviewed_cost = forms.IntegerField(
        label=_("Geprüfte Kosten (€)"),
        required=False,
        min_value=1,
        help_text=_("Leer lassen, wenn die geschätzten Kosten gelten."),
    )
    decision = forms.ChoiceField(
        label=_("Entscheidung"),
        widget=forms.RadioSelect(attrs=RADIO_ATTRS),
        choices=[
            (ProposalStatus.IN_REVIEW, _("noch offen (Zwischenstand speichern)")),
            (ProposalStatus.VALID, _("zulässig – kommt auf den Stimmzettel")),
            (ProposalStatus.INVALID, _("nicht zulässig")),
            (ProposalStatus.MERGED, _("mit einem anderen Vorschlag zusammengeführt")),
        ],
    )
    merged_into = forms.ModelChoiceField(
        label=_("Zusammengeführt mit"),
        queryset=None,
        required=False,
        help_text=_("Nur bei der Entscheidung „zusammengeführt“."),
    )
    reason = forms.CharField(
        label=_("Begründung (öffentlich)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Erscheint auf der Seite des Vorschlags und geht an die einreichende Person. "
            "Pflicht bei „nicht zulässig“, „zusammengeführt“ und bei abweichenden Kosten."
        ),
    )
    notes = forms.CharField(
        label=_("Interne Notizen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Nur für die Prüfenden sichtbar."),
    )

    def __init__(self, *args, merge_targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["merged_into"].queryset = merge_targets
        self.fields["merged_into"].label_from_instance = lambda p: f"{p.number}. {p.title}"


class AssignForm(forms.Form):
    reviewer = ReviewerChoiceField(
        label=_("Prüfung durch"), queryset=None, required=False, empty_label=_("niemand")
    )
    due = forms.DateField(
        label=_("Fällig bis"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leer: das Ende der Prüfphase."),
    )

    def __init__(self, *args, reviewers, **kwargs):
        kwargs.setdefault("prefix", "assign")
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers


class BoardConfirmationForm(forms.Form):
    meeting_date = forms.DateField(
        label=_("Sitzung des Beirats am"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    decision = forms.CharField(
        label=_("Beschluss"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Der Wortlaut des Beschlusses; er wird veröffentlicht."),
    )
    minutes = forms.FileField(
        label=_("Protokoll (PDF)"),
        help_text=_("PDF-Datei, höchstens %(size)s MB; das Protokoll wird veröffentlicht.")
        % {"size": MINUTES_MAX_BYTES // (1024 * 1024)},
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


class CorrectionForm(forms.Form):
    """One field per kind of value; ``value_field()`` names the one the chosen field
    uses (the page shows all three, each labelled with what it is for)."""

    field = forms.ChoiceField(
        label=_("Was wird korrigiert?"),
        choices=list(CORRECTABLE_FIELDS.items()),
        widget=forms.RadioSelect(attrs=RADIO_ATTRS),
    )
    text = forms.CharField(
        label=_("Neuer Titel oder neue Beschreibung"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    cost = forms.IntegerField(label=_("Neue geprüfte Kosten (€)"), required=False, min_value=1)
    status = forms.ChoiceField(
        label=_("Neuer Status"),
        required=False,
        choices=[
            ("", _("bitte wählen")),
            (ProposalStatus.VALID, _("zulässig")),
            (ProposalStatus.INVALID, _("nicht zulässig")),
        ],
    )
    reason = forms.CharField(
        label=_("Begründung (öffentlich)"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Erscheint mit der Korrektur auf der Seite des Vorschlags."),
    )

    VALUE_FIELDS = {
        "title": "text",
        "description": "text",
        "reviewed_cost": "cost",
        "status": "status",
    }

    def value_field(self) -> str:
        return self.VALUE_FIELDS.get(self.cleaned_data.get("field"), "text")

    def clean(self):
        cleaned = super().clean()
        field = cleaned.get("field")
        if field:
            name = self.VALUE_FIELDS[field]
            if cleaned.get(name) in (None, ""):
                self.add_error(name, _("Bitte geben Sie den neuen Wert an."))
            else:
                cleaned["value"] = cleaned[name]
        return cleaned
