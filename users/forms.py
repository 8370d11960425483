"""Forms of the account pages: allauth's sign-up with our profile fields, and the profile.

Both render with the site's KERN UX field markup (core.forms.KernFormRenderer).
"""

from allauth.account import app_settings as allauth_settings
from allauth.account.adapter import get_adapter
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import User
from .services import DISPLAY_NAME_MAX_LENGTH, clean_display_name

LANGUAGE_CHOICES = User._meta.get_field("preferred_language").choices

DISPLAY_NAME_HELP = _(
    "Wird öffentlich bei Ihren Ideen und Kommentaren angezeigt. Ein Pseudonym ist "
    "erlaubt; Ihren echten Namen müssen Sie nicht angeben."
)
HOME_DISTRICT_HELP = _(
    "Freiwillig. Hilft Ihnen, Beteiligung in Ihrem Ortsteil zu finden; andere sehen "
    "diese Angabe nicht."
)
LANGUAGE_HELP = _("Nach der Anmeldung zeigen wir Ihnen die Seiten in dieser Sprache.")


def display_name_field() -> forms.CharField:
    return forms.CharField(
        label=_("Anzeigename (öffentlich, Pseudonym erlaubt)"),
        max_length=DISPLAY_NAME_MAX_LENGTH,
        help_text=DISPLAY_NAME_HELP,
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
        error_messages={
            "required": _("Bitte geben Sie einen Anzeigenamen an. Ein Pseudonym ist erlaubt.")
        },
    )


def home_district_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Wohnortsteil"),
        queryset=selectors.districts_for_choice(),
        required=False,
        empty_label=_("keine Angabe"),
        help_text=HOME_DISTRICT_HELP,
        error_messages={"invalid_choice": _("Bitte wählen Sie einen Ortsteil aus der Liste.")},
    )


def preferred_language_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Bevorzugte Sprache"),
        choices=LANGUAGE_CHOICES,
        help_text=LANGUAGE_HELP,
        error_messages={"invalid_choice": _("Diese Sprache wird nicht angeboten.")},
    )


class SignupForm(AllauthSignupForm):
    """allauth's sign-up (e-mail, password twice) plus the public display name and the
    optional home district and language. The adapter saves the extra fields.

    The honeypot field (ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD) is rendered by
    core/honeypot_field.html: visually hidden by a CSS class, hidden from screen readers
    by aria-hidden and out of the tab order, so only bots fill it in; allauth then answers
    as if the sign-up worked but creates no account."""

    field_order = [
        "email",
        "display_name",
        "password1",
        "password2",
        "home_district",
        "preferred_language",
    ]

    def __init__(self, *args, **kwargs):
        # Class attributes would be shared between instances; build fresh fields.
        super().__init__(*args, **kwargs)
        self.fields["display_name"] = display_name_field()
        self.fields["home_district"] = home_district_field()
        self.fields["preferred_language"] = preferred_language_field()
        language = translation.get_language() or "de"
        self.fields["preferred_language"].initial = language.split("-")[0]
        self.order_fields(self.field_order)
        for name in ("email", "password1", "password2"):
            # A placeholder repeating the label only adds noise (KERN: labels, no placeholders).
            if name in self.fields:
                self.fields[name].widget.attrs.pop("placeholder", None)
        honeypot = allauth_settings.SIGNUP_FORM_HONEYPOT_FIELD
        if honeypot and honeypot in self.fields:
            # Replaces allauth's widget, whose style= attribute a strict CSP would refuse.
            field = self.fields.pop(honeypot)
            field.label = _("Webseite")
            field.widget = forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
            field.template_name = "core/honeypot_field.html"
            self.fields[honeypot] = field  # last, after everything a person fills in

    def clean_display_name(self) -> str:
        return clean_display_name(self.cleaned_data["display_name"])

    def try_save(self, request):
        """For an address that has an account allauth only sends its owner a mail; the
        password is hashed all the same, so that the answer takes as long as a new
        account's (password hashing is most of the time) and the time does not tell
        whether an address has an account."""
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1") or "")
        return super().try_save(request)

    def clean(self):
        cleaned_data = super().clean()
        # allauth checks the password against a user holding only the e-mail address;
        # check it once more with the display name (UserAttributeSimilarityValidator).
        password = cleaned_data.get("password1")
        display_name = cleaned_data.get("display_name")
        if password and display_name and not self.has_error("password1"):
            candidate = User(email=cleaned_data.get("email") or "", display_name=display_name)
            try:
                get_adapter().clean_password(password, user=candidate)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned_data


class ProfileForm(forms.Form):
    """The public profile of the signed-in person (users:profile)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name"] = display_name_field()
        self.fields["home_district"] = home_district_field()
        self.fields["preferred_language"] = preferred_language_field()

    @classmethod
    def for_user(cls, user: User, data=None) -> "ProfileForm":
        return cls(
            data,
            initial={
                "display_name": user.display_name,
                "home_district": user.home_district_id,
                "preferred_language": user.preferred_language,
            },
        )
