from django.db import models
from django.utils.translation import gettext_lazy as _

# The per-language fields an editor may override, in the order the admin shows them.
OVERRIDE_FIELDS = ("title_de", "body_de", "title_en", "body_en")


class Page(models.Model):
    """An editor's own version of a legal page (Impressum, Datenschutz, Barrierefreiheit).

    The texts themselves ship as files (pages/content/, read by pages.shipped). A field
    left empty here means "the shipped text"; only what an editor changed is stored. There
    is one row per page so that the admin always lists all three (pages.apps creates them
    after ``migrate``)."""

    class Kind(models.TextChoices):
        IMPRINT = "impressum", _("Impressum")
        PRIVACY = "datenschutz", _("Datenschutz")
        ACCESSIBILITY = "barrierefreiheit", _("Barrierefreiheit")

    slug = models.SlugField(_("Seite"), choices=Kind.choices, unique=True)
    title_de = models.CharField(_("Titel (Deutsch)"), max_length=200, blank=True)
    title_en = models.CharField(_("Titel (Englisch)"), max_length=200, blank=True)
    body_de = models.TextField(
        _("Text (Deutsch)"),
        blank=True,
        help_text=_("Absätze durch Leerzeilen trennen; Adressen werden zu Links."),
    )
    body_en = models.TextField(_("Text (Englisch)"), blank=True)
    reviewed_on = models.DateField(
        _("zuletzt überprüft am"),
        null=True,
        blank=True,
        help_text=_(
            "Nur für die Erklärung zur Barrierefreiheit: der Tag, an dem die Erklärung "
            "zuletzt überprüft wurde (mindestens einmal im Jahr). Leer: der Stand des "
            "mitgelieferten Textes."
        ),
    )
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Seite")
        verbose_name_plural = _("Seiten")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.get_slug_display()

    def overridden_fields(self) -> list[str]:
        """The names of the fields that hold an editor's text, in OVERRIDE_FIELDS order."""
        return [name for name in OVERRIDE_FIELDS if getattr(self, name)]

    @property
    def is_overridden(self) -> bool:
        return bool(self.overridden_fields())
