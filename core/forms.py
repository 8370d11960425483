"""Every Django form on the site renders with KERN UX markup (labels, hints, errors
linked by aria-describedby), including allauth's; the admin keeps its own look."""

import logging
from pathlib import Path

import django.forms
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy

logger = logging.getLogger(__name__)

HONEYPOT_FIELD = "website"


class KernFormRenderer(DjangoTemplates):
    form_template_name = "forms/kern_form.html"
    field_template_name = "forms/kern_field.html"

    @cached_property
    def engine(self):
        """Django's form templates, with ``core/form_templates`` first: our overrides of
        widgets that installed apps ship (the admin's date and time fields get a label
        for each input), which app directories alone cannot override because
        ``django.contrib.admin`` comes before ``core`` in INSTALLED_APPS."""
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [
                    Path(__file__).resolve().parent / "form_templates",
                    Path(django.forms.__file__).resolve().parent / self.backend.app_dirname,
                ],
                "NAME": "djangoforms",
                "OPTIONS": {},
            }
        )


def answer_status(form: forms.Form) -> int:
    """The status of a page driven by a GET form (filters, sort, "as of" date): 400 when
    the form was sent with a value outside its allow-list (an unknown sort, a status or
    district that does not exist, a NUL byte, a date that is no date). The page is still
    shown, with the form's error messages, so the person sees why; the value is left out."""
    return 400 if form.is_bound and not form.is_valid() else 200


class FilterForm(forms.Form):
    """Base form of filters and other all-optional GET forms: every field is optional,
    so the "optional" marker after each label would only be noise."""

    hide_optional_marker = True


class HoneypotMixin:
    """Adds a field "Webseite" that people never see: hidden by a CSS class, from screen
    readers (aria-hidden) and from the tab order (core/honeypot_field.html, shared with
    the sign-up form). Spam bots fill in every field; a form with it filled in is refused
    with a general message and nothing is saved. The value is cleared on the page shown
    again, so a person whose browser filled it in by itself succeeds the second time.

    Put the mixin before ``forms.Form``; forms that render fields one by one include
    ``{{ form.website.as_field_group }}``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = forms.CharField(
            label=gettext_lazy("Webseite"),
            required=False,
            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )
        field.template_name = "core/honeypot_field.html"
        self.fields[HONEYPOT_FIELD] = field

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get(HONEYPOT_FIELD) or "").strip():
            logger.warning("honeypot filled in on %s; refused", type(self).__name__)
            data = self.data.copy()
            data[HONEYPOT_FIELD] = ""
            self.data = data
            raise forms.ValidationError(
                gettext_lazy(
                    "Ihr Beitrag konnte nicht gespeichert werden. Bitte senden Sie das "
                    "Formular noch einmal ab."
                ),
                code="honeypot",
            )
        return cleaned
