from django.db import models
from django.utils.translation import gettext_lazy as _
from djgeojson.fields import MultiPolygonField


class District(models.Model):
    """One of Jena's 30 Ortsteile, with its boundary as a GeoJSON MultiPolygon."""

    name = models.CharField(_("Name"), max_length=100, unique=True)
    slug = models.SlugField(_("Kurzname"), max_length=100, unique=True)
    boundary = MultiPolygonField(_("Grenze"))
    source = models.CharField(
        _("Quelle der Grenze"),
        max_length=200,
        blank=True,
        help_text=_("z. B. „angenähert (Demo)“ oder der Name der importierten Datei"),
    )
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Ortsteil")
        verbose_name_plural = _("Ortsteile")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
