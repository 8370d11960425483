from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import HoneypotMixin


class BarrierReportForm(HoneypotMixin, forms.Form):
    """The short form of "Barriere melden": usable without an account and without
    JavaScript; a honeypot field instead of a third-party captcha."""

    page_url = forms.CharField(
        label=_("Adresse der Seite"),
        max_length=500,
        help_text=_("Die Seite, von der Sie gekommen sind, ist schon eingetragen."),
        widget=forms.TextInput(attrs={"autocomplete": "url", "inputmode": "url"}),
        error_messages={"required": _("Bitte geben Sie die Adresse der Seite an.")},
    )
    description = forms.CharField(
        label=_("Was hat nicht funktioniert?"),
        max_length=5000,
        help_text=_(
            "Beschreiben Sie bitte, was Sie tun wollten und woran es gescheitert ist. "
            "Sie können auch einen Inhalt in einer anderen Form anfordern."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Bitte beschreiben Sie, was nicht funktioniert hat.")},
    )
    assistive_technology = forms.CharField(
        label=_("Verwendete Hilfsmittel"),
        max_length=200,
        required=False,
        help_text=_("Zum Beispiel Screenreader, Vergrößerung, Sprachsteuerung, Browser und Gerät."),
    )
    name = forms.CharField(
        label=_("Ihr Name"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse"),
        required=False,
        help_text=_("Nur wenn Sie eine E-Mail-Adresse angeben, können wir Ihnen antworten."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@example.org.")
        },
    )
