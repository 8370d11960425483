"""Forms of the count page and the results page."""

from django import forms
from django.utils.translation import gettext_lazy as _


class PublishCountForm(forms.Form):
    count = forms.IntegerField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label=_(
            "Ich habe das Ergebnis geprüft. Mit der Veröffentlichung werden die Förderungen "
            "festgelegt; das lässt sich nicht rückgängig machen."
        ),
        error_messages={
            "required": _("Bitte bestätigen Sie, dass Sie das Ergebnis geprüft haben.")
        },
    )


class DistrictFilterForm(forms.Form):
    ortsteil = forms.ChoiceField(label=_("Ortsteil"), required=False)

    def __init__(self, *args, districts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ortsteil"].choices = [("", _("alle Ortsteile")), *districts]
