"""What residents contribute: ideas (on the map), comments and votes.

Counters (``Idea.vote_count``, ``Idea.comment_count``) are columns kept equal to the real
rows by the services, with database expressions inside the same transaction.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from djgeojson.fields import PointField

from core.models import CrossFieldChecksMixin
from geo.validation import validate_geojson_geometry


def validate_idea_location(value) -> None:
    validate_geojson_geometry(value, allowed_types=("Point",))


class IdeaStatus(models.TextChoices):
    SUBMITTED = "submitted", _("eingereicht")
    IN_REVIEW = "in_review", _("in Prüfung")
    ACCEPTED = "accepted", _("angenommen")
    REJECTED = "rejected", _("abgelehnt")
    IMPLEMENTED = "implemented", _("umgesetzt")


# Ideas that a measure may take up ("what became of my idea").
MEASURE_STATUSES = (IdeaStatus.ACCEPTED, IdeaStatus.IMPLEMENTED)


class Idea(CrossFieldChecksMixin, models.Model):
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("Projekt"), on_delete=models.CASCADE,
        related_name="ideas",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("eingereicht von"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="ideas",
    )
    title = models.CharField(
        _("Titel"),
        max_length=140,
        error_messages={
            "blank": _("Bitte geben Sie Ihrer Idee einen Titel."),
            "max_length": _(
                "Der Titel darf höchstens %(limit_value)d Zeichen lang sein "
                "(jetzt: %(show_value)d)."
            ),
        },
    )
    text = models.TextField(
        _("Beschreibung"),
        max_length=5000,
        validators=[MaxLengthValidator(5000)],
        error_messages={
            "blank": _("Bitte beschreiben Sie Ihre Idee."),
            "max_length": _(
                "Die Beschreibung darf höchstens %(limit_value)d Zeichen lang sein "
                "(jetzt: %(show_value)d)."
            ),
        },
    )
    category = models.ForeignKey(
        "projects.Category", verbose_name=_("Kategorie"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="ideas",
    )
    location = PointField(
        _("Ort auf der Karte"), null=True, blank=True, validators=[validate_idea_location]
    )
    district = models.ForeignKey(
        "geo.District", verbose_name=_("Ortsteil"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="ideas",
    )
    place_description = models.CharField(
        _("Adresse oder Ortsbeschreibung"),
        max_length=200,
        blank=True,
        error_messages={
            "max_length": _(
                "Die Ortsbeschreibung darf höchstens %(limit_value)d Zeichen lang sein."
            )
        },
    )
    image = models.ImageField(_("Bild"), upload_to="ideas/%Y/%m/", blank=True)
    image_alt = models.CharField(
        _("Bildbeschreibung"),
        max_length=250,
        blank=True,
        error_messages={
            "max_length": _(
                "Die Bildbeschreibung darf höchstens %(limit_value)d Zeichen lang sein."
            )
        },
    )
    status = models.CharField(
        _("Status"),
        max_length=20,
        choices=IdeaStatus.choices,
        default=IdeaStatus.SUBMITTED,
        error_messages={"invalid_choice": _("Unbekannter Status „%(value)s“.")},
    )
    official_response = models.TextField(
        _("Antwort der Stadt"),
        blank=True,
        validators=[MaxLengthValidator(5000)],
        error_messages={
            "max_length": _("Die Antwort darf höchstens %(limit_value)d Zeichen lang sein.")
        },
    )
    official_response_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Antwort von"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    official_response_at = models.DateTimeField(_("Antwort am"), null=True, blank=True)
    measure = models.ForeignKey(
        "measures.Measure", verbose_name=_("aufgegriffen in Maßnahme"),
        on_delete=models.SET_NULL, null=True, blank=True, related_name="ideas",
    )
    is_hidden = models.BooleanField(_("ausgeblendet"), default=False)
    vote_count = models.PositiveIntegerField(_("Unterstützungen"), default=0, editable=False)
    comment_count = models.PositiveIntegerField(_("Kommentare"), default=0, editable=False)
    created_at = models.DateTimeField(_("eingereicht am"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Idee")
        verbose_name_plural = _("Ideen")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["project", "is_hidden", "-created_at"], name="idea_project_list_idx"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "ideas:idea-detail",
            kwargs={"project_slug": self.project.slug, "pk": self.pk},
        )

    def cross_field_errors(self, skip: set[str]):
        """What one idea must satisfy across its fields (the services add the rules that
        need other objects: the project's area and phase, the photo quota)."""
        if (
            "category" not in skip
            and self.category_id is not None
            and self.category.project_id != self.project_id
        ):
            yield "category", _("Diese Kategorie gehört nicht zu diesem Projekt.")
        if "image_alt" not in skip and self.image and not self.image_alt:
            yield "image_alt", _(
                "Bitte beschreiben Sie kurz, was auf dem Bild zu sehen ist – für Menschen, "
                "die es nicht sehen können."
            )
        if (
            "measure" not in skip
            and self.measure_id is not None
            and self.status not in MEASURE_STATUSES
        ):
            yield "measure", _(
                "Eine Maßnahme kann nur mit einer angenommenen oder umgesetzten Idee "
                "verknüpft werden. Bitte ändern Sie den Status oder entfernen Sie die "
                "Maßnahme."
            )


class Comment(models.Model):
    """On an idea, a measure, a project or a Bürgerbudget proposal (exactly one);
    replies have a parent. (Proposals by a string reference: the budgets app is a higher
    layer; ``participation.ideas.targets`` knows how to handle them.)

    Deleted (by the author) and hidden (by a moderator) comments stay in the thread as
    placeholders, so replies keep their context.
    """

    idea = models.ForeignKey(
        Idea, verbose_name=_("Idee"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="comments",
    )
    measure = models.ForeignKey(
        "measures.Measure", verbose_name=_("Maßnahme"), on_delete=models.CASCADE,
        null=True, blank=True, related_name="comments",
    )
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("Projekt"), on_delete=models.CASCADE,
        null=True, blank=True, related_name="comments",
    )
    proposal = models.ForeignKey(
        "budgets.Proposal", verbose_name=_("Vorschlag"), on_delete=models.CASCADE,
        null=True, blank=True, related_name="comments",
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("Antwort auf"), on_delete=models.CASCADE, null=True,
        blank=True, related_name="replies",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("verfasst von"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="comments",
    )
    text = models.TextField(
        _("Kommentar"),
        max_length=3000,
        validators=[MaxLengthValidator(3000)],
        error_messages={
            "blank": _("Bitte schreiben Sie einen Kommentar."),
            "max_length": _(
                "Ein Kommentar hat höchstens %(limit_value)d Zeichen (dieser hat "
                "%(show_value)d)."
            ),
        },
    )
    is_deleted = models.BooleanField(_("gelöscht"), default=False)
    is_hidden = models.BooleanField(_("ausgeblendet"), default=False)
    is_highlighted = models.BooleanField(_("hervorgehoben"), default=False)
    created_at = models.DateTimeField(_("geschrieben am"), auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(_("bearbeitet am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Kommentar")
        verbose_name_plural = _("Kommentare")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        idea__isnull=False, measure__isnull=True, project__isnull=True,
                        proposal__isnull=True,
                    )
                    | models.Q(
                        idea__isnull=True, measure__isnull=False, project__isnull=True,
                        proposal__isnull=True,
                    )
                    | models.Q(
                        idea__isnull=True, measure__isnull=True, project__isnull=False,
                        proposal__isnull=True,
                    )
                    | models.Q(
                        idea__isnull=True, measure__isnull=True, project__isnull=True,
                        proposal__isnull=False,
                    )
                ),
                name="comment_has_exactly_one_target",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class Vote(models.Model):
    """A person's support for an idea: one per person and idea (database constraint).
    When the person deletes their account the vote stays, without a person, so that the
    idea's count does not change."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Person"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="votes",
    )
    idea = models.ForeignKey(
        Idea, verbose_name=_("Idee"), on_delete=models.CASCADE, related_name="votes"
    )
    phase = models.ForeignKey(
        "projects.Phase", verbose_name=_("Phase"), on_delete=models.PROTECT,
        related_name="votes",
    )
    created_at = models.DateTimeField(_("abgegeben am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Unterstützung")
        verbose_name_plural = _("Unterstützungen")
        constraints = [
            models.UniqueConstraint(fields=["user", "idea"], name="one_vote_per_person_and_idea"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.idea_id}"
