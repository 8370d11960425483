"""The forms of the verification admin pages."""

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from geo.models import District
from verification.models import Verification
from verification.person import Person


class RegisterImportForm(forms.Form):
    file = forms.FileField(
        label=_("Auszug (CSV-Datei, UTF-8)"),
        help_text=_(
            "Kopfzeile mit den Spalten Familienname, Vornamen, Geburtsdatum, Strasse, "
            "Hausnummer, optional PLZ und Ortsteil; getrennt durch Semikolon oder Komma. "
            "Die Datei wird nicht gespeichert, nur die Prüfsummen ihrer Zeilen."
        ),
        validators=[FileExtensionValidator(["csv", "txt"])],
    )


class RevokeForm(forms.Form):
    note = forms.CharField(
        label=_("Grund"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Die Person liest den Grund auf ihrer Kontoseite. Schreiben Sie sachlich und "
            "ohne weitere personenbezogene Daten."
        ),
        error_messages={"required": _("Bitte geben Sie einen Grund an; die Person liest ihn.")},
    )


class DeskForm(forms.Form):
    """What staff at the desk enter. There is deliberately no field for the document's
    number; the date of birth, names and address are used, never stored."""

    email = forms.EmailField(
        label=_("E-Mail-Adresse des Kontos"),
        help_text=_("Die vollständige Adresse, mit der sich die Person anmeldet."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={"invalid": _("Bitte geben Sie eine vollständige E-Mail-Adresse ein.")},
    )
    document_type = forms.ChoiceField(
        label=_("Vorgelegtes Dokument"),
        choices=[("", "---------"), *Verification.DocumentType.choices],
    )
    district = forms.ModelChoiceField(
        label=_("Ortsteil (laut Anschrift)"),
        queryset=District.objects.order_by("name"),
        help_text=_(
            "Aus der Anschrift im Ausweis; enthält das Dokument keine Anschrift (Reisepass), "
            "aus der Meldebescheinigung."
        ),
    )
    date_of_birth = forms.DateField(
        label=_("Geburtsdatum"),
        input_formats=["%d.%m.%Y", "%Y-%m-%d"],
        help_text=_(
            "TT.MM.JJJJ. Entscheidet Geburtsjahr und Mindestalter; das Datum selbst wird "
            "nicht gespeichert."
        ),
        widget=forms.DateInput(attrs={"autocomplete": "off"}),
    )
    given_names = forms.CharField(
        label=_("Vornamen"), max_length=200, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    family_name = forms.CharField(
        label=_("Familienname"), max_length=200, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    street = forms.CharField(
        label=_("Straße"), max_length=200, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    house_number = forms.CharField(
        label=_("Hausnummer"), max_length=20, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    document_seen = forms.BooleanField(
        label=_(
            "Ich habe das Dokument im Original gesehen, es ist gültig, und die Person ist "
            "die auf dem Lichtbild."
        ),
    )

    PERSON_FIELDS = ("given_names", "family_name", "street", "house_number")

    def clean_date_of_birth(self):
        value = self.cleaned_data["date_of_birth"]
        if value > timezone.localdate() or value.year < 1900:
            raise forms.ValidationError(_("Bitte prüfen Sie das Geburtsdatum."))
        return value

    def clean(self):
        data = super().clean()
        given = [name for name in self.PERSON_FIELDS if (data.get(name) or "").strip()]
        if given and len(given) < len(self.PERSON_FIELDS):
            for name in self.PERSON_FIELDS:
                if name not in given:
                    self.add_error(
                        name,
                        _("Für den Abgleich bitte Name und Anschrift vollständig angeben."),
                    )
        return data

    def person(self) -> Person | None:
        """Name, date of birth and address as on the document, when staff entered them:
        only their keyed hash is kept (one person, one confirmed account)."""
        data = self.cleaned_data
        if not all((data.get(name) or "").strip() for name in self.PERSON_FIELDS):
            return None
        return Person(
            given_names=data["given_names"],
            family_name=data["family_name"],
            date_of_birth=data["date_of_birth"],
            street=data["street"],
            house_number=data["house_number"],
        )
