"""Forms of the projects admin. The rules come from ``projects.services`` so that a form
reports, field by field, what the service would refuse; the service checks again."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Phase, Project


class ProjectAdminForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "title",
            "slug",
            "summary",
            "description",
            "easy_summary",
            "status",
            "image",
            "image_alt",
            "responsible_unit",
            "measures",
            "districts",
            "area",
        ]
        help_texts = {
            "status": _(
                "Veröffentlichen braucht mindestens eine Phase. Ein Entwurf ist nur für seine "
                "Moderierenden und die Verwaltung sichtbar; mitmachen kann dort niemand."
            ),
            "area": _(
                "Zeichnen Sie eine Fläche in Jena, in der Ideen liegen dürfen. Leer: ganz Jena."
            ),
        }

    def clean_area(self):
        area = self.cleaned_data.get("area")
        services.validate_project_area(area)
        return area

    def clean(self):
        cleaned_data = super().clean()
        image = cleaned_data.get("image")
        # In the admin the German text is its own field (modeltranslation: image_alt_de).
        alt_field = "image_alt_de" if "image_alt_de" in self.fields else "image_alt"
        if image and not (cleaned_data.get(alt_field) or "").strip():
            self.add_error(
                alt_field,
                _(
                    "Bitte beschreiben Sie das Bild in einem Satz (Alternativtext), damit auch "
                    "Menschen, die es nicht sehen, wissen, was es zeigt."
                ),
            )
        return cleaned_data


class PhaseInlineForm(forms.ModelForm):
    class Meta:
        model = Phase
        fields = [
            "type",
            "title",
            "description",
            "easy_summary",
            "start",
            "end",
            "allows_ideas",
            "allows_comments",
            "allows_votes",
            "votes_per_person",
            "requires_resident",
            "min_age",
            "age_key_date",
            "eligible_districts",
            "eligibility_scope",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["eligibility_scope"].required = False

    def clean(self):
        cleaned_data = super().clean()
        if not cleaned_data.get("eligibility_scope"):
            cleaned_data["eligibility_scope"] = Phase.EligibilityScope.VOTES
        # A minimum age or districts can only be checked for a confirmed residence.
        if cleaned_data.get("min_age") or cleaned_data.get("eligible_districts"):
            cleaned_data["requires_resident"] = True
        probe = Phase(
            start=cleaned_data.get("start"),
            end=cleaned_data.get("end"),
            allows_votes=cleaned_data.get("allows_votes", False),
            votes_per_person=cleaned_data.get("votes_per_person"),
            min_age=cleaned_data.get("min_age"),
            age_key_date=cleaned_data.get("age_key_date"),
        )
        for field, messages in services.phase_field_errors(probe).items():
            for message in messages:
                self.add_error(field, message)
        return cleaned_data


class PhaseInlineFormSet(BaseInlineFormSet):
    """Checks the phases together: no two overlap, and a published project keeps one."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        phases = [
            form.instance
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        problems = []
        for index, phase in enumerate(phases):
            other = services.overlapping_phase(phase, phases[index + 1 :])
            if other is not None:
                problems.append(services.overlap_message(phase, other))
        if self.instance.status == Project.Status.PUBLISHED and not phases:
            problems.append(
                _(
                    "Ein veröffentlichtes Projekt braucht mindestens eine Phase. Legen Sie eine "
                    "an oder speichern Sie das Projekt als Entwurf."
                )
            )
        if problems:
            raise ValidationError(problems)
