"""The register check form: what the population register knows about a person."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from verification.person import Person


class RegisterCheckForm(forms.Form):
    given_names = forms.CharField(
        label=_("Vornamen"),
        max_length=200,
        help_text=_("Wie im Melderegister, z. B. alle Vornamen."),
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    family_name = forms.CharField(
        label=_("Familienname"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    date_of_birth = forms.DateField(
        label=_("Geburtsdatum"),
        help_text=_("Tag, Monat, Jahr, z. B. 24.05.1990."),
        input_formats=["%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"],
        widget=forms.DateInput(attrs={"autocomplete": "bday", "inputmode": "numeric"}),
    )
    street = forms.CharField(
        label=_("Straße"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "address-line1"}),
    )
    house_number = forms.CharField(
        label=_("Hausnummer"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    postcode = forms.CharField(
        label=_("Postleitzahl"),
        max_length=5,
        min_length=5,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )
    consent = forms.BooleanField(
        label=_(
            "Ich bin einverstanden, dass meine Angaben mit dem Melderegister der Stadt Jena "
            "abgeglichen werden. Gespeichert wird nur das Ergebnis."
        ),
    )

    def clean_date_of_birth(self):
        value = self.cleaned_data["date_of_birth"]
        if value > timezone.localdate() or value.year < 1900:
            raise forms.ValidationError(_("Bitte prüfen Sie das Geburtsdatum."))
        return value

    def clean_postcode(self):
        value = self.cleaned_data["postcode"].strip()
        if not value.isdigit():
            raise forms.ValidationError(_("Eine Postleitzahl hat fünf Ziffern."))
        return value

    def person(self) -> Person:
        data = self.cleaned_data
        return Person(
            given_names=data["given_names"],
            family_name=data["family_name"],
            date_of_birth=data["date_of_birth"],
            street=data["street"],
            house_number=data["house_number"],
            postcode=data["postcode"],
        )
