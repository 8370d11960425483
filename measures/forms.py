"""Forms of the strategy tracker's admin.

The rules live in ``services``; these forms only ask the same functions early, so a
broken Sachstand comes back as an error on the right field instead of a failed save.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import services
from .models import ProgressUpdate

PUBLISH_FIELDS = ("measure", "date", "status", "progress", "text", "reason")


class ProgressUpdateForm(forms.ModelForm):
    """Publish a Sachstand. ``measure`` offers only the measures the user manages
    (the admin narrows the queryset); the service's validation runs in ``clean``."""

    class Meta:
        model = ProgressUpdate
        fields = PUBLISH_FIELDS
        widgets = {
            "text": forms.Textarea(attrs={"rows": 6}),
            "reason": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "date": _("Der Tag, an dem dieser Stand galt. Nicht in der Zukunft."),
            "progress": _("Ganze Zahl von 0 bis 100."),
            "text": _("Öffentlich sichtbar auf der Seite der Maßnahme."),
        }

    def clean(self):
        cleaned_data = super().clean()
        needed = ("date", "status", "progress", "text")
        if all(cleaned_data.get(name) not in (None, "") for name in needed):
            try:
                services.validate_progress_update(
                    status=cleaned_data["status"],
                    progress=cleaned_data["progress"],
                    date=cleaned_data["date"],
                    text=cleaned_data["text"],
                    reason=cleaned_data.get("reason") or "",
                )
            except ValidationError as error:
                # A dict per field: each message lands next to its field.
                self.add_error(None, error)
        return cleaned_data
