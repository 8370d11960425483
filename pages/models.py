from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Page(models.Model):
    """A legal or information page whose text staff edit in the admin."""

    class Kind(models.TextChoices):
        IMPRINT = "impressum", _("Impressum")
        PRIVACY = "datenschutz", _("Datenschutz")
        ACCESSIBILITY = "barrierefreiheit", _("Barrierefreiheit")

    slug = models.SlugField(_("Seite"), choices=Kind.choices, unique=True)
    title_de = models.CharField(_("Titel (Deutsch)"), max_length=200)
    title_en = models.CharField(_("Titel (Englisch)"), max_length=200)
    body_de = models.TextField(
        _("Text (Deutsch)"),
        help_text=_("Absätze durch Leerzeilen trennen; Adressen werden zu Links."),
    )
    body_en = models.TextField(_("Text (Englisch)"), blank=True)
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Seite")
        verbose_name_plural = _("Seiten")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.get_slug_display()

    @property
    def title(self) -> str:
        return self.title_en if get_language() == "en" and self.title_en else self.title_de

    @property
    def body(self) -> str:
        return self.body_en if get_language() == "en" and self.body_en else self.body_de
