"""The Smart City strategy of Jena as data.

CoreArea (5 goals) and FieldOfAction (5 fields) structure the MeasureBundles (9);
each bundle holds its Measures (~50 sub-measures). A Measure's current status and
progress are set only by publishing a ProgressUpdate (``services.progress_update_publish``);
the updates are its public timeline and answer "what was the state on date D".
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from djgeojson.fields import GeometryField
from simple_history.models import HistoricalRecords

from core.easy_summary import easy_summary_field
from geo.validation import validate_geojson_geometry

from .querysets import MeasureQuerySet, MilestoneQuerySet

PERCENT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]
WEIGHT_VALIDATORS = [MinValueValidator(Decimal("0"))]


class Status(models.TextChoices):
    PLANNED = "planned", _("geplant")
    PREPARING = "preparing", _("in Vorbereitung")
    IN_PROGRESS = "in_progress", _("in Umsetzung")
    COMPLETED = "completed", _("abgeschlossen")
    PAUSED = "paused", _("pausiert")
    DISCONTINUED = "discontinued", _("eingestellt")


# Measures in these states need neither updates nor deadlines any more.
CLOSED_STATUSES = (Status.COMPLETED, Status.DISCONTINUED)


class MilestoneState(models.TextChoices):
    """Where a milestone stands on a day D: the one rule for the page, the API, the
    status report and the measures' "delayed" flag.

    A milestone counts as reached only if it was completed on or before D (so a report as
    of a past date, and a completion date entered ahead of time, agree with the calendar).
    A milestone of a closed measure (completed or discontinued) that was not reached is
    missed, whatever its due date: nobody is working towards it any more, so it is neither
    open nor overdue, and it never makes the measure delayed. Due on D is not yet overdue.

    Python: ``milestone_state()`` / ``Milestone.state()``; SQL: ``MilestoneQuerySet.with_state()``.
    tests/measures/test_milestone_state.py holds both to the same table.
    """

    REACHED = "reached", _("erreicht")
    REACHED_LATE = "reached_late", _("verspätet erreicht")
    OPEN = "open", _("offen")
    OVERDUE = "overdue", _("überfällig")
    MISSED = "missed", _("nicht erreicht")


def milestone_state(
    *,
    due_on: datetime.date,
    completed_on: datetime.date | None,
    measure_closed: bool,
    today: datetime.date,
) -> MilestoneState:
    """The state of a milestone on ``today`` (see ``MilestoneState``). ``measure_closed``:
    its measure's status on that day is one of CLOSED_STATUSES."""
    if completed_on is not None and completed_on <= today:
        return MilestoneState.REACHED if completed_on <= due_on else MilestoneState.REACHED_LATE
    if measure_closed:
        return MilestoneState.MISSED
    if due_on < today:
        return MilestoneState.OVERDUE
    return MilestoneState.OPEN


def planned_end_passed(
    *, planned_end: datetime.date | None, measure_closed: bool, today: datetime.date
) -> bool:
    """The other half of "delayed": an open measure whose planned end lies before ``today``.
    (A measure is delayed if this holds or one of its milestones is overdue.)"""
    return not measure_closed and planned_end is not None and planned_end < today


def validate_measure_location(value) -> None:
    validate_geojson_geometry(value, allowed_types=("Point", "Polygon", "MultiPolygon"))


class OrganisationalUnit(models.Model):
    """A unit of the city administration (Fachdienst, Eigenbetrieb, Stabsstelle).

    Its ``group`` holds the unit's measure managers: they may edit the measures the unit
    is responsible for (object permissions, kept in step by ``services.measure_save``).
    """

    name = models.CharField(_("Name"), max_length=200, unique=True)
    short_name = models.CharField(_("Kürzel"), max_length=30, blank=True)
    slug = models.SlugField(_("Kurzname"), max_length=100, unique=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    group = models.OneToOneField(
        "auth.Group",
        verbose_name=_("Gruppe der Maßnahmenverantwortlichen"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organisational_unit",
    )

    class Meta:
        verbose_name = _("Organisationseinheit")
        verbose_name_plural = _("Organisationseinheiten")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.short_name})" if self.short_name else self.name


class CoreArea(models.Model):
    """Kernbereich: one of the strategy's five goals."""

    number = models.PositiveSmallIntegerField(_("Nummer"), unique=True)
    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kurzname"), max_length=100, unique=True)
    summary = models.TextField(_("Zusammenfassung"), blank=True)

    class Meta:
        verbose_name = _("Kernbereich")
        verbose_name_plural = _("Kernbereiche")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("measures:measure-list") + f"?core_area={self.slug}"


class FieldOfAction(models.Model):
    """Handlungsfeld (HF1–HF5): where the measure bundles sit."""

    number = models.PositiveSmallIntegerField(_("Nummer"), unique=True)
    code = models.CharField(_("Kürzel"), max_length=10, unique=True)
    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kurzname"), max_length=100, unique=True)
    summary = models.TextField(_("Zusammenfassung"), blank=True)

    class Meta:
        verbose_name = _("Handlungsfeld")
        verbose_name_plural = _("Handlungsfelder")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("measures:measure-list") + f"?field={self.slug}"


class MeasureBundle(models.Model):
    """Maßnahmenbündel: sits in one field of action, serves one or more core areas."""

    number = models.PositiveSmallIntegerField(_("Nummer"), unique=True)
    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kurzname"), max_length=100, unique=True)
    summary = models.TextField(_("Zusammenfassung"), blank=True)
    easy_summary = easy_summary_field()
    field_of_action = models.ForeignKey(
        FieldOfAction,
        verbose_name=_("Handlungsfeld"),
        on_delete=models.PROTECT,
        related_name="bundles",
    )
    core_areas = models.ManyToManyField(
        CoreArea, verbose_name=_("Kernbereiche"), related_name="bundles"
    )
    weight = models.DecimalField(
        _("Gewicht"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=WEIGHT_VALIDATORS,
        help_text=_("Anteil am Fortschritt von Handlungsfeld und Kernbereichen."),
    )

    class Meta:
        verbose_name = _("Maßnahmenbündel")
        verbose_name_plural = pgettext_lazy("Mehrzahl", "Maßnahmenbündel")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("measures:bundle-detail", kwargs={"slug": self.slug})


class Measure(models.Model):
    """Teilmaßnahme. Status and progress change only through a published ProgressUpdate."""

    bundle = models.ForeignKey(
        MeasureBundle,
        verbose_name=_("Maßnahmenbündel"),
        on_delete=models.PROTECT,
        related_name="measures",
    )
    code = models.CharField(
        _("Nummer"), max_length=20, unique=True, help_text=_("z. B. „3.2“")
    )
    title = models.CharField(_("Titel"), max_length=250)
    slug = models.SlugField(_("Kurzname"), max_length=120, unique=True)
    summary = models.CharField(_("Kurzbeschreibung"), max_length=400, blank=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    easy_summary = easy_summary_field()
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    progress = models.PositiveSmallIntegerField(
        _("Fortschritt (%)"), default=0, validators=PERCENT_VALIDATORS
    )
    last_update_on = models.DateField(
        _("letzter Sachstand"), null=True, blank=True, editable=False
    )
    planned_start = models.DateField(_("geplanter Beginn"), null=True, blank=True)
    planned_end = models.DateField(_("geplantes Ende"), null=True, blank=True)
    responsible_unit = models.ForeignKey(
        OrganisationalUnit,
        verbose_name=_("verantwortliche Stelle"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measures",
    )
    partners = models.TextField(_("Partner"), blank=True)
    budget_planned = models.DecimalField(
        _("Budget geplant (EUR)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    budget_spent = models.DecimalField(
        _("Budget ausgegeben (EUR)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    funding = models.CharField(_("Finanzierung"), max_length=250, blank=True)
    related_measures = models.ManyToManyField(
        "self", verbose_name=_("verwandte Maßnahmen"), symmetrical=True, blank=True
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("Nachfolgemaßnahme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="predecessors",
        help_text=_("Für eingestellte Maßnahmen: was an ihre Stelle tritt."),
    )
    location = GeometryField(
        _("Ort"),
        null=True,
        blank=True,
        validators=[validate_measure_location],
        help_text=_("Optional: Punkt oder Fläche in Jena."),
    )
    weight = models.DecimalField(
        _("Gewicht"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=WEIGHT_VALIDATORS,
        help_text=_("Anteil am Fortschritt des Bündels."),
    )
    is_public = models.BooleanField(_("öffentlich"), default=True)
    comments_closed = models.BooleanField(
        _("Kommentare geschlossen"),
        default=False,
        help_text=_("Niemand kann diese Maßnahme mehr kommentieren."),
    )
    sort_key = models.CharField(max_length=40, editable=False, db_index=True, default="")
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[])

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("Maßnahme")
        verbose_name_plural = _("Maßnahmen")
        ordering = ["bundle__number", "sort_key"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__gte=0) & models.Q(progress__lte=100),
                name="measure_progress_0_100",
            ),
            models.CheckConstraint(
                condition=models.Q(planned_end__isnull=True)
                | models.Q(planned_start__isnull=True)
                | models.Q(planned_end__gte=models.F("planned_start")),
                name="measure_end_not_before_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def save(self, *args, **kwargs):
        self.sort_key = code_sort_key(self.code)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("measures:measure-detail", kwargs={"slug": self.slug})

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    def clean(self) -> None:
        errors = {}
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            errors["planned_end"] = _("Das geplante Ende liegt vor dem geplanten Beginn.")
        if self.successor_id and self.successor_id == self.pk:
            errors["successor"] = _("Eine Maßnahme kann nicht ihre eigene Nachfolgerin sein.")
        if errors:
            raise ValidationError(errors)


def code_sort_key(code: str) -> str:
    """'3.10' sorts after '3.9': each numeric part zero-padded."""
    parts = []
    for part in str(code).split("."):
        parts.append(part.zfill(4) if part.isdigit() else part)
    return ".".join(parts)


class Milestone(models.Model):
    measure = models.ForeignKey(
        Measure, verbose_name=_("Maßnahme"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("Titel"), max_length=250)
    due_on = models.DateField(_("fällig am"))
    completed_on = models.DateField(_("erreicht am"), null=True, blank=True)

    history = HistoricalRecords()

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("Meilenstein")
        verbose_name_plural = _("Meilensteine")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title

    def state(self, today: datetime.date) -> MilestoneState:
        """Its ``MilestoneState`` on ``today``, by its measure's current status (loaded
        with the milestone: ``measure.milestones.all()`` and prefetches set it)."""
        return milestone_state(
            due_on=self.due_on,
            completed_on=self.completed_on,
            measure_closed=self.measure.is_closed,
            today=today,
        )


class ProgressUpdate(models.Model):
    """Sachstand: the measure's state on a date. Created only by the publish service."""

    measure = models.ForeignKey(
        Measure,
        verbose_name=_("Maßnahme"),
        on_delete=models.CASCADE,
        related_name="progress_updates",
    )
    date = models.DateField(_("Stand vom"))
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices)
    progress = models.PositiveSmallIntegerField(
        _("Fortschritt (%)"), validators=PERCENT_VALIDATORS
    )
    text = models.TextField(_("Sachstand"))
    reason = models.TextField(
        _("Begründung"),
        blank=True,
        help_text=_(
            "Pflicht, wenn eine Maßnahme unter 100 Prozent abgeschlossen oder eingestellt wird."
        ),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verfasst von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("veröffentlicht"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Sachstand")
        verbose_name_plural = _("Sachstände")
        ordering = ["-date", "-published_at", "-pk"]
        get_latest_by = ["date", "published_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__gte=0) & models.Q(progress__lte=100),
                name="progress_update_progress_0_100",
            ),
        ]
        indexes = [models.Index(fields=["measure", "date"])]

    def __str__(self) -> str:
        return f"{self.measure.code} – {self.date:%d.%m.%Y}"


class Indicator(models.Model):
    measure = models.ForeignKey(
        Measure, verbose_name=_("Maßnahme"), on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("Name"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    unit = models.CharField(_("Einheit"), max_length=50, help_text=_("z. B. „Sensoren“, „%“"))
    baseline_value = models.DecimalField(_("Ausgangswert"), max_digits=14, decimal_places=2)
    baseline_date = models.DateField(_("Ausgangswert vom"), null=True, blank=True)
    target_value = models.DecimalField(_("Zielwert"), max_digits=14, decimal_places=2)
    target_date = models.DateField(_("Ziel bis"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Indikator")
        verbose_name_plural = _("Indikatoren")
        ordering = ["measure", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("Indikator"), on_delete=models.CASCADE, related_name="values"
    )
    date = models.DateField(_("Datum"))
    value = models.DecimalField(_("Wert"), max_digits=14, decimal_places=2)
    note = models.CharField(_("Anmerkung"), max_length=250, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Indikatorwert")
        verbose_name_plural = _("Indikatorwerte")
        ordering = ["indicator", "date"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "date"], name="one_value_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.name}: {self.value} ({self.date:%d.%m.%Y})"
