"""Participation projects and their phases.

A Project is where residents take part ("Where should the city test smart street
lighting?"). Its Phases say, for a span of time, what is possible: proposing ideas,
commenting, voting (and how many votes a person has). Which phase is open now is a rule
of ``projects.selectors``/``services``; templates and the API only show it.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from djgeojson.fields import GeometryField

from core.easy_summary import easy_summary_field
from geo.validation import validate_geojson_geometry


def validate_project_area(value) -> None:
    validate_geojson_geometry(value, allowed_types=("Polygon", "MultiPolygon"))


class Project(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        PUBLISHED = "published", _("veröffentlicht")

    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kurzname"), max_length=100, unique=True)
    summary = models.CharField(_("Kurzbeschreibung"), max_length=400)
    description = models.TextField(_("Beschreibung"), blank=True)
    easy_summary = easy_summary_field()
    image = models.ImageField(_("Bild"), upload_to="projects/", blank=True)
    image_alt = models.CharField(
        _("Bildbeschreibung (Alternativtext)"), max_length=250, blank=True
    )
    responsible_unit = models.ForeignKey(
        "measures.OrganisationalUnit",
        verbose_name=_("verantwortliche Stelle"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
    )
    measures = models.ManyToManyField(
        "measures.Measure", verbose_name=_("Maßnahmen"), blank=True, related_name="projects"
    )
    districts = models.ManyToManyField(
        "geo.District", verbose_name=_("Ortsteile"), blank=True, related_name="projects"
    )
    area = GeometryField(
        _("Gebiet"),
        null=True,
        blank=True,
        validators=[validate_project_area],
        help_text=_("Fläche, in der Ideen liegen dürfen. Leer: ganz Jena."),
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Beteiligungsprojekt")
        verbose_name_plural = _("Beteiligungsprojekte")
        ordering = ["-created_at"]
        permissions = [("moderate_project", _("Kann das Projekt moderieren"))]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:project-detail", kwargs={"slug": self.slug})


class Category(models.Model):
    """A category for the ideas of one project (e.g. "Beleuchtung", "Verkehr")."""

    project = models.ForeignKey(
        Project, verbose_name=_("Projekt"), on_delete=models.CASCADE, related_name="categories"
    )
    name = models.CharField(_("Name"), max_length=100)
    slug = models.SlugField(_("Kurzname"), max_length=100)

    class Meta:
        verbose_name = _("Kategorie")
        verbose_name_plural = _("Kategorien")
        ordering = ["project", "name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "slug"], name="category_slug_per_project")
        ]

    def __str__(self) -> str:
        return self.name


class Phase(models.Model):
    class Type(models.TextChoices):
        INFORMATION = "information", _("Information")
        IDEAS = "ideas", _("Ideen sammeln")
        COMMENTS = "comments", _("Kommentieren")
        VOTING = "voting", _("Abstimmen")
        EVALUATION = "evaluation", _("Auswertung")
        IMPLEMENTATION = "implementation", _("Umsetzung")
        # The Bürgerbudget's own stages (participation.budgets); ideas-type phases
        # there collect proposals.
        SUBMISSION = "submission", _("Vorschläge einreichen")
        REVIEW = "review", _("Prüfung der Vorschläge")
        CONFIRMATION = "confirmation", _("Bestätigung durch den Beirat")
        COUNTING = "counting", _("Auszählung")
        RESULTS = "results", _("Ergebnis")
        # A questionnaire (participation.polls): its Poll opens and closes with the phase.
        POLL = "poll", _("Umfrage")

    project = models.ForeignKey(
        Project, verbose_name=_("Projekt"), on_delete=models.CASCADE, related_name="phases"
    )
    type = models.CharField(_("Art"), max_length=20, choices=Type.choices)
    title = models.CharField(_("Titel"), max_length=200, blank=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    easy_summary = easy_summary_field()
    start = models.DateTimeField(_("Beginn"))
    end = models.DateTimeField(_("Ende"))
    allows_ideas = models.BooleanField(_("Ideen einreichen erlaubt"), default=False)
    allows_comments = models.BooleanField(_("Kommentieren erlaubt"), default=False)
    allows_votes = models.BooleanField(_("Unterstützen erlaubt"), default=False)
    votes_per_person = models.PositiveSmallIntegerField(
        _("Stimmen je Person"),
        null=True,
        blank=True,
        help_text=_("Leer: beliebig viele Ideen unterstützen."),
    )
    # Eligibility (projects/eligibility.py): who may act in this phase beyond a verified
    # e-mail address. A minimum age or districts need a confirmed residence too.
    class EligibilityScope(models.TextChoices):
        VOTES = "votes", _("nur für das Unterstützen/Abstimmen")
        ALL = "all", _("für alles in dieser Phase (Ideen, Kommentare, Unterstützen)")

    requires_resident = models.BooleanField(
        _("nur bestätigte Einwohnerinnen und Einwohner Jenas"),
        default=False,
        help_text=_(
            "Die Person muss ihren Wohnsitz bestätigt haben (Melderegister, Brief, "
            "Bürgerservice oder BundID)."
        ),
    )
    min_age = models.PositiveSmallIntegerField(
        _("Mindestalter"), null=True, blank=True,
        help_text=_("Leer: kein Mindestalter. Setzt einen bestätigten Wohnsitz voraus."),
    )
    age_key_date = models.DateField(
        _("Stichtag für das Alter"), null=True, blank=True,
        help_text=_("Leer: der letzte Tag der Phase."),
    )
    eligible_districts = models.ManyToManyField(
        "geo.District", verbose_name=_("nur Einwohnerinnen und Einwohner dieser Ortsteile"),
        blank=True, related_name="+",
        help_text=_("Leer: ganz Jena. Setzt einen bestätigten Wohnsitz voraus."),
    )
    eligibility_scope = models.CharField(
        _("die Bedingungen gelten"), max_length=10, choices=EligibilityScope.choices,
        default=EligibilityScope.VOTES,
    )

    class Meta:
        verbose_name = _("Phase")
        verbose_name_plural = _("Phasen")
        ordering = ["project", "start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="phase_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.get_type_display()

    @property
    def display_title(self) -> str:
        return self.title or self.get_type_display()
