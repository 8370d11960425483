"""Every Django form on the site renders with KERN UX markup (labels, hints, errors
linked by aria-describedby), including allauth's; the admin keeps its own look."""

from django import forms
from django.forms.renderers import DjangoTemplates


class KernFormRenderer(DjangoTemplates):
    form_template_name = "forms/kern_form.html"
    field_template_name = "forms/kern_field.html"


class FilterForm(forms.Form):
    """Base form of filters and other all-optional GET forms: every field is optional,
    so the "optional" marker after each label would only be noise."""

    hide_optional_marker = True
