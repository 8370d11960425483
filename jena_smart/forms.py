"""Every Django form on the site renders with KERN UX markup (labels, hints, errors
linked by aria-describedby), including allauth's; the admin keeps its own look."""

from django.forms.renderers import DjangoTemplates


class KernFormRenderer(DjangoTemplates):
    form_template_name = "forms/kern_form.html"
    field_template_name = "forms/kern_field.html"
