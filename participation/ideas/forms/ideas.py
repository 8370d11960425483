"""Forms of ideas. They only collect input; the rules (who, when, where, image checks)
live in ``participation.ideas.services.ideas``, whose errors the views put back into these
forms field by field.

The place of an idea can be given three ways, all complete on their own:
- the map picker (JavaScript) writes a GeoJSON point into the hidden ``location`` field
  and keeps ``latitude``/``longitude`` in step;
- ``latitude``/``longitude`` typed by hand (they win over ``location`` when both are set);
- without any point: the district and a description of the place (keyboard only).
"""

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import HoneypotMixin
from geo.models import District
from measures.models import Measure
from participation.ideas.images import MAX_BYTES
from participation.ideas.models import Idea, IdeaStatus
from projects.models import Project

IMAGE_TYPES = "image/jpeg,image/png,image/webp"


class MeasureChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Measure) -> str:
        return f"{obj.code} {obj.title}"


def idea_districts(project: Project):
    """The districts one can choose for an idea: the project's, or all of Jena's."""
    own = project.districts.only("pk", "name", "slug").order_by("name")
    return own if own.exists() else District.objects.only("pk", "name", "slug").order_by("name")


class IdeaForm(HoneypotMixin, forms.Form):
    title = forms.CharField(
        label=_("Titel"),
        max_length=Idea._meta.get_field("title").max_length,
        help_text=_("Kurz und treffend, höchstens 140 Zeichen."),
    )
    text = forms.CharField(
        label=_("Beschreibung"),
        max_length=Idea._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Was schlagen Sie vor, und warum? Einfacher Text, höchstens 5.000 Zeichen; "
            "Links werden anklickbar."
        ),
    )
    category = forms.ModelChoiceField(
        label=_("Kategorie"),
        queryset=None,
        required=False,
        to_field_name="slug",
        empty_label=_("– keine Angabe –"),
    )
    location = forms.CharField(required=False, widget=forms.HiddenInput)
    latitude = forms.FloatField(
        label=_("Breitengrad"),
        required=False,
        min_value=-90,
        max_value=90,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        help_text=_("Optional, für Geübte: zum Beispiel 50.92712 (mit Punkt)."),
    )
    longitude = forms.FloatField(
        label=_("Längengrad"),
        required=False,
        min_value=-180,
        max_value=180,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        help_text=_("Optional, für Geübte: zum Beispiel 11.58610 (mit Punkt)."),
    )
    district = forms.ModelChoiceField(
        label=_("Ortsteil"),
        queryset=None,
        required=False,
        to_field_name="slug",
        empty_label=_("– bitte wählen –"),
        help_text=_(
            "Nötig, wenn Sie keinen Punkt auf der Karte setzen. Mit einem Punkt ermitteln "
            "wir den Ortsteil selbst."
        ),
    )
    place_description = forms.CharField(
        label=_("Adresse oder Ortsbeschreibung"),
        max_length=Idea._meta.get_field("place_description").max_length,
        required=False,
        help_text=_(
            "Zum Beispiel „Löbdergraben 12“ oder „Spielplatz im Paradiespark“. Nötig, wenn "
            "Sie keinen Punkt auf der Karte setzen."
        ),
    )
    image = forms.FileField(
        label=_("Bild"),
        required=False,
        widget=forms.FileInput(attrs={"accept": IMAGE_TYPES}),
        help_text=_(
            "Optional: ein Foto im Format JPEG, PNG oder WebP, höchstens %(size)d MB. "
            "Ortsangaben und andere Metadaten entfernen wir aus dem Bild."
        )
        % {"size": MAX_BYTES // (1024 * 1024)},
    )
    image_alt = forms.CharField(
        label=_("Bildbeschreibung"),
        max_length=Idea._meta.get_field("image_alt").max_length,
        required=False,
        help_text=_(
            "Nötig mit Bild: Was ist darauf zu sehen? Für Menschen, die das Bild nicht "
            "sehen können."
        ),
    )

    def __init__(self, *args, project: Project, idea: Idea | None = None, **kwargs):
        if idea is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(idea)
        super().__init__(*args, **kwargs)
        self.project = project
        self.idea = idea
        categories = project.categories.order_by("name")
        if categories.exists():
            self.fields["category"].queryset = categories
        else:
            del self.fields["category"]
        self.fields["district"].queryset = idea_districts(project)
        if idea is not None and idea.image:
            self.fields["remove_image"] = forms.BooleanField(
                label=_("Bild entfernen"), required=False
            )

    @staticmethod
    def initial_from(idea: Idea) -> dict:
        initial = {
            "title": idea.title,
            "text": idea.text,
            "category": idea.category.slug if idea.category_id else None,
            "district": idea.district.slug if idea.district_id else None,
            "place_description": idea.place_description,
            "image_alt": idea.image_alt,
        }
        coordinates = (idea.location or {}).get("coordinates") or []
        if len(coordinates) >= 2:
            initial["longitude"], initial["latitude"] = coordinates[0], coordinates[1]
        return initial

    def clean(self):
        cleaned = super().clean()
        lat, lon = cleaned.get("latitude"), cleaned.get("longitude")
        point = None
        if lat is not None and lon is not None:
            point = {"type": "Point", "coordinates": [lon, lat]}
        elif lat is not None or lon is not None:
            missing = "longitude" if lon is None else "latitude"
            if missing not in self.errors:
                self.add_error(
                    missing,
                    _(
                        "Bitte geben Sie Breiten- und Längengrad zusammen an (oder keinen "
                        "von beiden)."
                    ),
                )
        elif cleaned.get("location"):
            try:
                point = json.loads(cleaned["location"])
            except ValueError:
                self.add_error(
                    "location",
                    _(
                        "Der Punkt auf der Karte ließ sich nicht lesen. Bitte setzen Sie ihn "
                        "erneut oder wählen Sie den Ortsteil."
                    ),
                )
        cleaned["point"] = point
        return cleaned

    def service_kwargs(self) -> dict:
        """The cleaned input as keyword arguments of ``idea_create``/``idea_update``."""
        data = self.cleaned_data
        kwargs = {
            "title": data["title"],
            "text": data["text"],
            "category": data.get("category"),
            "location": data.get("point"),
            "district": data.get("district"),
            "place_description": data.get("place_description", ""),
            "image": data.get("image") or None,
            "image_alt": data.get("image_alt", ""),
        }
        if self.idea is not None:
            kwargs["remove_image"] = bool(data.get("remove_image"))
        return kwargs


class IdeaResponseForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=IdeaStatus.choices)
    official_response = forms.CharField(
        label=_("Antwort der Stadt"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Öffentlich sichtbar, mit Ihrem Anzeigenamen und dem Datum."),
    )
    measure = MeasureChoiceField(
        label=_("Aufgegriffen in Maßnahme"),
        queryset=Measure.objects.filter(is_public=True).order_by("bundle__number", "sort_key"),
        required=False,
        to_field_name="slug",
        empty_label=_("– keine –"),
        help_text=_("Nur für angenommene oder umgesetzte Ideen."),
    )

    @staticmethod
    def initial_from(idea: Idea) -> dict:
        return {
            "status": idea.status,
            "official_response": idea.official_response,
            "measure": idea.measure.slug if idea.measure_id else None,
        }
