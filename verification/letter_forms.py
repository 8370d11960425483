"""Forms of the letter code: asking for a letter (what the register knows, as for the
register check) and entering the code from it. Both sit on the verification page next to
the register check's form, so they carry the prefix ``letter`` (distinct field ids)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from verification.forms import RegisterCheckForm
from verification.letters import CODE_DIGITS, normalise_code

PREFIX = "letter"


class LetterRequestForm(RegisterCheckForm):
    consent = forms.BooleanField(
        label=_(
            "Ich bin einverstanden, dass meine Angaben mit dem Melderegister der Stadt Jena "
            "abgeglichen werden und dass Name und Anschrift bis zum Druck des Briefs "
            "gespeichert werden. Danach bleibt nur das Ergebnis."
        ),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", PREFIX)
        super().__init__(*args, **kwargs)


class LetterCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code aus dem Brief"),
        max_length=20,
        help_text=_("Sechs Ziffern, z. B. 123 456."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 10}
        ),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", PREFIX)
        super().__init__(*args, **kwargs)

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        if len(code) != CODE_DIGITS or not code.isascii() or not code.isdigit():
            raise forms.ValidationError(_("Der Code hat sechs Ziffern."))
        return code
