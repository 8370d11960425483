"""Polls and surveys: a questionnaire as a phase of a participation project.

A ``Poll`` belongs to one phase (``Phase.Type.POLL``) of a project: the phase's dates open
and close it, its eligibility fields (``projects.eligibility``) decide who may answer.
Staff build it in the admin: ``Section``s (one page each) hold ``Question``s of the kinds
in ``QuestionKind``, with ``Choice``s (one may be "Sonstiges, nämlich …") and, for a
matrix, ``MatrixRow``s. A question may depend on one choice of an earlier question
(``condition_*``): shown only when that answer equals, differs from or includes it.

Answering: a person's ``Submission`` is a draft while being filled in (one per person and
poll) and submitted once (the database's unique constraint). Its ``Answer`` rows hold
one value each (a choice, a matrix cell, a rank, a text, a number, a date, a district,
a point).

Anonymous polls: the draft is linked to the person while being filled in (the form says
so); on submitting, the answers are copied into a Submission without person and with
only the day, the draft is deleted, and a separate ``Participation(poll, person)`` row
records that the person took part. Primary keys of submissions, answers and
participations are random UUIDs, and neither row has a precise time, so no column and
no ordering by key ties an anonymous submission to its participation.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from djgeojson.fields import PointField

from core.models import CrossFieldChecksMixin


class ResultsVisibility(models.TextChoices):
    LIVE = "live", _("laufend, schon während der Umfrage")
    AFTER_PHASE = "after_phase", _("nach dem Ende der Phase")
    STAFF = "staff", _("nur für die Verwaltung")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Einfachauswahl")
    MULTIPLE = "multiple", _("Mehrfachauswahl")
    RANKING = "ranking", _("Rangfolge")
    MATRIX_SINGLE = "matrix_single", _("Matrix (eine Antwort je Zeile)")
    MATRIX_MULTIPLE = "matrix_multiple", _("Matrix (mehrere Antworten je Zeile)")
    SHORT_TEXT = "short_text", _("kurzer Text")
    LONG_TEXT = "long_text", _("langer Text")
    NUMBER = "number", _("Zahl")
    DATE = "date", _("Datum")
    DISTRICT = "district", _("Ortsteil")
    POINT = "point", _("Ort auf der Karte")


# Kinds whose answers are choices, and those that also need rows.
CHOICE_KINDS = frozenset(
    {
        QuestionKind.SINGLE,
        QuestionKind.MULTIPLE,
        QuestionKind.RANKING,
        QuestionKind.MATRIX_SINGLE,
        QuestionKind.MATRIX_MULTIPLE,
    }
)
MATRIX_KINDS = frozenset({QuestionKind.MATRIX_SINGLE, QuestionKind.MATRIX_MULTIPLE})
# Kinds a condition may refer to: a choice that was or was not chosen.
CONDITION_KINDS = frozenset({QuestionKind.SINGLE, QuestionKind.MULTIPLE})
# Kinds with a number of choices (min/max).
COUNTED_KINDS = frozenset(
    {QuestionKind.MULTIPLE, QuestionKind.RANKING, QuestionKind.MATRIX_MULTIPLE}
)


class ConditionOperator(models.TextChoices):
    EQUALS = "equals", _("ist gleich")
    DIFFERS = "differs", _("ist nicht")
    INCLUDES = "includes", _("enthält")


class SubmissionState(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    SUBMITTED = "submitted", _("abgeschickt")


class Poll(CrossFieldChecksMixin, models.Model):
    phase = models.OneToOneField(
        "projects.Phase",
        verbose_name=_("Phase"),
        on_delete=models.CASCADE,
        related_name="poll",
        limit_choices_to={"type": "poll"},
        help_text=_("Eine Phase der Art „Umfrage“; ihre Daten öffnen und schließen die Umfrage."),
    )
    title = models.CharField(_("Titel"), max_length=200)
    intro = models.TextField(_("Einleitung"), blank=True)
    anonymous = models.BooleanField(
        _("anonym"),
        default=False,
        help_text=_(
            "Die Antworten werden ohne Verbindung zur Person gespeichert; getrennt davon "
            "wird nur vermerkt, dass sie teilgenommen hat. Anonyme Antworten lassen sich "
            "danach nicht mehr ändern."
        ),
    )
    answers_changeable = models.BooleanField(
        _("Antworten änderbar"),
        default=False,
        help_text=_("Abgeschickte Antworten können bis zum Ende der Phase geändert werden."),
    )
    results_visibility = models.CharField(
        _("Ergebnisse sichtbar"),
        max_length=20,
        choices=ResultsVisibility.choices,
        default=ResultsVisibility.AFTER_PHASE,
    )
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Umfrage")
        verbose_name_plural = _("Umfragen")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def cross_field_errors(self, skip: set[str]):
        if (
            not {"anonymous", "answers_changeable"} & skip
            and self.anonymous
            and self.answers_changeable
        ):
            yield (
                "answers_changeable",
                _(
                    "Anonyme Antworten sind mit niemandem verknüpft und können deshalb nicht "
                    "geändert werden."
                ),
            )
        if "phase" not in skip and self.phase_id is not None and self.phase.type != "poll":
            yield "phase", _("Bitte wählen Sie eine Phase der Art „Umfrage“.")


class Section(models.Model):
    poll = models.ForeignKey(
        Poll, verbose_name=_("Umfrage"), on_delete=models.CASCADE, related_name="sections"
    )
    order = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)

    class Meta:
        verbose_name = _("Abschnitt")
        verbose_name_plural = _("Abschnitte")
        ordering = ["poll", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class Question(CrossFieldChecksMixin, models.Model):
    section = models.ForeignKey(
        Section, verbose_name=_("Abschnitt"), on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    kind = models.CharField(_("Art"), max_length=20, choices=QuestionKind.choices)
    text = models.CharField(_("Frage"), max_length=500)
    help_text = models.TextField(_("Hilfetext"), blank=True)
    required = models.BooleanField(_("Pflichtfrage"), default=False)
    min_choices = models.PositiveSmallIntegerField(
        _("mindestens"),
        null=True,
        blank=True,
        help_text=_("Mehrfachauswahl, Rangfolge, Matrix: so viele Antworten mindestens."),
    )
    max_choices = models.PositiveSmallIntegerField(
        _("höchstens"),
        null=True,
        blank=True,
        help_text=_("Mehrfachauswahl, Rangfolge, Matrix: so viele Antworten höchstens."),
    )
    confidential = models.BooleanField(
        _("vertraulich"),
        default=False,
        help_text=_("Die Antworten erscheinen nicht in veröffentlichten Ergebnissen."),
    )
    condition_question = models.ForeignKey(
        "self",
        verbose_name=_("nur zeigen, wenn die Antwort auf"),
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="dependents",
    )
    condition_operator = models.CharField(
        _("Bedingung"), max_length=10, choices=ConditionOperator.choices, blank=True
    )
    condition_choice = models.ForeignKey(
        "Choice",
        verbose_name=_("Antwortmöglichkeit"),
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Frage")
        verbose_name_plural = _("Fragen")
        ordering = ["section__poll", "section__order", "section", "order", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def has_condition(self) -> bool:
        return self.condition_question_id is not None

    def cross_field_errors(self, skip: set[str]):
        if (
            not {"min_choices", "max_choices"} & skip
            and self.min_choices is not None
            and self.max_choices is not None
            and self.min_choices > self.max_choices
        ):
            yield "max_choices", _("„Höchstens“ muss mindestens so groß sein wie „mindestens“.")
        condition = (self.condition_question_id, self.condition_operator, self.condition_choice_id)
        if not {"condition_question", "condition_operator", "condition_choice"} & skip:
            if any(condition) and not all(condition):
                yield (
                    "condition_question",
                    _("Eine Bedingung braucht die Frage, die Bedingung und die Antwort."),
                )


class Choice(models.Model):
    question = models.ForeignKey(
        Question, verbose_name=_("Frage"), on_delete=models.CASCADE, related_name="choices"
    )
    order = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    text = models.CharField(_("Text"), max_length=300)
    is_other = models.BooleanField(
        _("Sonstiges, nämlich …"),
        default=False,
        help_text=_("Wer diese Antwort wählt, schreibt in ein Textfeld, was gemeint ist."),
    )

    class Meta:
        verbose_name = _("Antwortmöglichkeit")
        verbose_name_plural = _("Antwortmöglichkeiten")
        ordering = ["question", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class MatrixRow(models.Model):
    question = models.ForeignKey(
        Question, verbose_name=_("Frage"), on_delete=models.CASCADE, related_name="rows"
    )
    order = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    text = models.CharField(_("Zeile"), max_length=300)

    class Meta:
        verbose_name = _("Matrixzeile")
        verbose_name_plural = _("Matrixzeilen")
        ordering = ["question", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class Submission(models.Model):
    """One person's answers to a poll: a draft while being filled in, then submitted.

    ``person`` is empty for the submitted answers of an anonymous poll; those have only
    ``submitted_on`` (the day), never ``submitted_at`` or ``saved_at``."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(
        Poll, verbose_name=_("Umfrage"), on_delete=models.CASCADE, related_name="submissions"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Person"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="poll_submissions",
    )
    state = models.CharField(
        _("Stand"), max_length=10, choices=SubmissionState.choices, default=SubmissionState.DRAFT
    )
    saved_at = models.DateTimeField(_("zuletzt gespeichert"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("abgeschickt am"), null=True, blank=True)
    submitted_on = models.DateField(_("abgeschickt am (Tag)"), null=True, blank=True)

    class Meta:
        verbose_name = _("Antwortbogen")
        verbose_name_plural = _("Antwortbögen")
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "person"],
                condition=Q(state="submitted"),
                name="poll_one_submission_per_person",
            ),
            models.UniqueConstraint(
                fields=["poll", "person"],
                condition=Q(state="draft"),
                name="poll_one_draft_per_person",
            ),
            models.CheckConstraint(
                condition=Q(state="submitted") | Q(person__isnull=False),
                name="poll_draft_has_person",
            ),
        ]

    def __str__(self) -> str:
        return str(self.pk)


class Answer(models.Model):
    """One value of a submission: a choice (with the text of "Sonstiges"), a matrix
    cell (row and choice), a rank, a text, a number, a date, a district or a point."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    submission = models.ForeignKey(
        Submission, verbose_name=_("Antwortbogen"), on_delete=models.CASCADE,
        related_name="answers",
    )
    # RESTRICT: a question, choice or row with answers cannot be deleted on its own (the
    # admin says why); deleting the whole poll takes the submissions and answers along.
    question = models.ForeignKey(
        Question, verbose_name=_("Frage"), on_delete=models.RESTRICT, related_name="answers"
    )
    choice = models.ForeignKey(
        Choice, verbose_name=_("Antwortmöglichkeit"), on_delete=models.RESTRICT, null=True,
        blank=True, related_name="answers",
    )
    row = models.ForeignKey(
        MatrixRow, verbose_name=_("Zeile"), on_delete=models.RESTRICT, null=True, blank=True,
        related_name="answers",
    )
    rank = models.PositiveSmallIntegerField(_("Rang"), null=True, blank=True)
    text = models.TextField(_("Text"), blank=True)
    number = models.DecimalField(
        _("Zahl"), max_digits=18, decimal_places=6, null=True, blank=True
    )
    date = models.DateField(_("Datum"), null=True, blank=True)
    district = models.ForeignKey(
        "geo.District", verbose_name=_("Ortsteil"), on_delete=models.RESTRICT, null=True,
        blank=True, related_name="+",
    )
    point = PointField(_("Ort"), null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("Umfrage", "Antwort")
        verbose_name_plural = pgettext_lazy("Umfrage", "Antworten")

    def __str__(self) -> str:
        return str(self.pk)


class Participation(models.Model):
    """That a person took part in an anonymous poll, and nothing else: no answers, no
    time, a random key (see the module docstring)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(
        Poll, verbose_name=_("Umfrage"), on_delete=models.CASCADE, related_name="participations"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Person"), on_delete=models.CASCADE,
        related_name="poll_participations",
    )

    class Meta:
        verbose_name = _("Teilnahme")
        verbose_name_plural = _("Teilnahmen")
        constraints = [
            models.UniqueConstraint(fields=["poll", "person"], name="poll_one_participation")
        ]

    def __str__(self) -> str:
        return str(self.pk)
