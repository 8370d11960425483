from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from leaflet.admin import LeafletGeoAdmin

from .models import District
from .services import district_slug
from .validation import validate_geojson_geometry


class DistrictAdminForm(forms.ModelForm):
    class Meta:
        model = District
        fields = ["name", "slug", "boundary", "source"]
        help_texts = {"slug": _("Leer lassen: wird aus dem Namen gebildet (ö → oe, ß → ss).")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False

    def clean_boundary(self) -> dict:
        boundary = self.cleaned_data["boundary"]
        # The map widget checks the geometry type only; GEOS checks range and topology.
        validate_geojson_geometry(boundary, allowed_types=("MultiPolygon",))
        return boundary

    def clean(self) -> dict:
        cleaned_data = super().clean()
        if not cleaned_data.get("slug") and cleaned_data.get("name"):
            # The same rule as the import, so an imported file finds a district made here.
            cleaned_data["slug"] = district_slug(cleaned_data["name"])
        return cleaned_data


@admin.register(District)
class DistrictAdmin(LeafletGeoAdmin):
    form = DistrictAdminForm
    list_display = ["name", "slug", "source", "updated_at"]
    search_fields = ["name", "slug", "source"]
    readonly_fields = ["updated_at"]
    fields = ["name", "slug", "boundary", "source", "updated_at"]
