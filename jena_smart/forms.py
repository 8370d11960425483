"""Every Django form on the site renders with KERN UX markup (labels, hints, errors
linked by aria-describedby), including allauth's; the admin keeps its own look."""

from django import forms
from django.forms.renderers import DjangoTemplates


class KernFormRenderer(DjangoTemplates):
    form_template_name = "forms/kern_form.html"
    field_template_name = "forms/kern_field.html"


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
