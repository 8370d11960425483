"""What residents contribute: ideas (on the map), comments, votes, reports (flags), and
the moderators' decisions about them.

Counters (``Idea.vote_count``, ``Idea.comment_count``) are columns kept equal to the real
rows by the services, with database expressions inside the same transaction.
"""

import operator
from functools import reduce

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from djgeojson.fields import PointField

from geo.validation import validate_geojson_geometry


def validate_idea_location(value) -> None:
    validate_geojson_geometry(value, allowed_types=("Point",))


class IdeaStatus(models.TextChoices):
    SUBMITTED = "submitted", _("eingereicht")
    IN_REVIEW = "in_review", _("in Prüfung")
    ACCEPTED = "accepted", _("angenommen")
    REJECTED = "rejected", _("abgelehnt")
    IMPLEMENTED = "implemented", _("umgesetzt")


class Idea(models.Model):
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("Projekt"), on_delete=models.CASCADE,
        related_name="ideas",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("eingereicht von"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="ideas",
    )
    title = models.CharField(_("Titel"), max_length=140)
    text = models.TextField(_("Beschreibung"), max_length=5000)
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
        _("Adresse oder Ortsbeschreibung"), max_length=200, blank=True
    )
    image = models.ImageField(_("Bild"), upload_to="ideas/%Y/%m/", blank=True)
    image_alt = models.CharField(_("Bildbeschreibung"), max_length=250, blank=True)
    status = models.CharField(
        _("Status"), max_length=20, choices=IdeaStatus.choices, default=IdeaStatus.SUBMITTED
    )
    official_response = models.TextField(_("Antwort der Stadt"), blank=True)
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
        indexes = [models.Index(fields=["project", "is_hidden", "-created_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "participation:idea-detail",
            kwargs={"project_slug": self.project.slug, "pk": self.pk},
        )


class Comment(models.Model):
    """On an idea, a measure or a project (exactly one); replies have a parent.

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
    parent = models.ForeignKey(
        "self", verbose_name=_("Antwort auf"), on_delete=models.CASCADE, null=True,
        blank=True, related_name="replies",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("verfasst von"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="comments",
    )
    text = models.TextField(_("Kommentar"), max_length=3000)
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
                    models.Q(idea__isnull=False, measure__isnull=True, project__isnull=True)
                    | models.Q(idea__isnull=True, measure__isnull=False, project__isnull=True)
                    | models.Q(idea__isnull=True, measure__isnull=True, project__isnull=False)
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


class ReportReason(models.TextChoices):
    SPAM = "spam", _("Werbung oder Spam")
    INSULT = "insult", _("Beleidigung oder Belästigung")
    HATE = "hate", _("Hassrede oder Diskriminierung")
    PERSONAL_DATA = "personal_data", _("persönliche Daten anderer")
    ILLEGAL = "illegal", _("möglicherweise rechtswidrig")
    OFF_TOPIC = "off_topic", _("nicht zum Thema")
    OTHER = "other", _("Sonstiges")


class Report(models.Model):
    """A flag on an idea or a comment (exactly one), with a reason."""

    class Status(models.TextChoices):
        OPEN = "open", _("offen")
        UPHELD = "upheld", _("Inhalt ausgeblendet")
        DISMISSED = "dismissed", _("zurückgewiesen")

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("gemeldet von"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="reports",
    )
    idea = models.ForeignKey(
        Idea, verbose_name=_("Idee"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="reports",
    )
    comment = models.ForeignKey(
        Comment, verbose_name=_("Kommentar"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="reports",
    )
    reason = models.CharField(_("Grund"), max_length=20, choices=ReportReason.choices)
    text = models.TextField(_("Erläuterung"), max_length=1000, blank=True)
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("gemeldet am"), auto_now_add=True)
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Meldung")
        verbose_name_plural = _("Meldungen")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(idea__isnull=False, comment__isnull=True)
                | models.Q(idea__isnull=True, comment__isnull=False),
                name="report_has_exactly_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} ({self.get_status_display()})"


class ModerationDecision(models.Model):
    """A moderator's (or the automatic) decision on an idea or comment, with the
    statement of reasons the author sees (EU Digital Services Act, art. 17), and the
    author's one request for review (art. 20)."""

    class Action(models.TextChoices):
        HIDE = "hide", _("ausgeblendet")
        AUTO_HIDE = "auto_hide", _("automatisch ausgeblendet (mehrere Meldungen)")
        RESTORE = "restore", _("wiederhergestellt")
        DISMISS = "dismiss", _("Meldungen zurückgewiesen")

    class ReviewOutcome(models.TextChoices):
        UPHELD = "upheld", _("Entscheidung bestätigt")
        REVERSED = "reversed", _("Entscheidung aufgehoben")

    idea = models.ForeignKey(
        Idea, verbose_name=_("Idee"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="moderation_decisions",
    )
    comment = models.ForeignKey(
        Comment, verbose_name=_("Kommentar"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="moderation_decisions",
    )
    action = models.CharField(_("Entscheidung"), max_length=20, choices=Action.choices)
    rule = models.CharField(
        _("Regel"), max_length=20, choices=ReportReason.choices, blank=True,
        help_text=_("Gegen welche Regel der Netiquette verstößt der Inhalt?"),
    )
    statement = models.TextField(_("Begründung"), blank=True)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Moderation"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    created_at = models.DateTimeField(_("entschieden am"), auto_now_add=True)
    review_requested_at = models.DateTimeField(_("Überprüfung beantragt am"), null=True, blank=True)
    review_text = models.TextField(_("Antrag auf Überprüfung"), blank=True)
    review_outcome = models.CharField(
        _("Ergebnis der Überprüfung"), max_length=20, choices=ReviewOutcome.choices, blank=True
    )
    review_decided_at = models.DateTimeField(_("überprüft am"), null=True, blank=True)
    review_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("überprüft von"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )

    class Meta:
        verbose_name = _("Moderationsentscheidung")
        verbose_name_plural = _("Moderationsentscheidungen")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(idea__isnull=False, comment__isnull=True)
                | models.Q(idea__isnull=True, comment__isnull=False),
                name="decision_has_exactly_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.created_at:%d.%m.%Y})"


FOLLOW_TARGETS = ("measure", "bundle", "core_area", "project", "idea", "district")


def exactly_one_set(fields: tuple[str, ...]) -> models.Q:
    """A condition true when exactly one of ``fields`` is not null."""
    return reduce(
        operator.or_,
        (
            reduce(
                operator.and_,
                (models.Q(**{f"{other}__isnull": other != field}) for other in fields),
            )
            for field in fields
        ),
    )


class Follow(models.Model):
    """A person follows one thing (exactly one target): a measure, a bundle, a core area,
    a project, an idea, or subscribes to a district. ``is_automatic``: created because
    the person took part (own idea, comment, vote); it can be undone like any follow."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Person"), on_delete=models.CASCADE,
        related_name="follows",
    )
    measure = models.ForeignKey(
        "measures.Measure", verbose_name=_("Maßnahme"), on_delete=models.CASCADE,
        null=True, blank=True, related_name="follows",
    )
    bundle = models.ForeignKey(
        "measures.MeasureBundle", verbose_name=_("Maßnahmenbündel"), on_delete=models.CASCADE,
        null=True, blank=True, related_name="follows",
    )
    core_area = models.ForeignKey(
        "measures.CoreArea", verbose_name=_("Kernbereich"), on_delete=models.CASCADE,
        null=True, blank=True, related_name="follows",
    )
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("Projekt"), on_delete=models.CASCADE,
        null=True, blank=True, related_name="follows",
    )
    idea = models.ForeignKey(
        Idea, verbose_name=_("Idee"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="follows",
    )
    district = models.ForeignKey(
        "geo.District", verbose_name=_("Ortsteil"), on_delete=models.CASCADE,
        null=True, blank=True, related_name="follows",
    )
    is_automatic = models.BooleanField(_("automatisch (durch Mitmachen)"), default=False)
    created_at = models.DateTimeField(_("seit"), auto_now_add=True)

    TARGETS = FOLLOW_TARGETS

    class Meta:
        verbose_name = _("Abonnement")
        verbose_name_plural = _("Abonnements")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=exactly_one_set(FOLLOW_TARGETS),
                name="follow_has_exactly_one_target",
            ),
            *[
                models.UniqueConstraint(
                    fields=["user", target],
                    condition=models.Q(**{f"{target}__isnull": False}),
                    name=f"one_follow_per_user_and_{target}",
                )
                for target in FOLLOW_TARGETS
            ],
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.target}"

    @property
    def target(self):
        for name in self.TARGETS:
            if getattr(self, f"{name}_id"):
                return getattr(self, name)
        return None


class NotificationKind(models.TextChoices):
    PROGRESS_UPDATE = "progress_update", _("neuer Sachstand einer gefolgten Maßnahme")
    MILESTONE_REACHED = "milestone_reached", _("Meilenstein einer gefolgten Maßnahme erreicht")
    PHASE_STARTED = "phase_started", _("neue Phase in einem gefolgten Projekt")
    PHASE_ENDING = "phase_ending", _("Phase in einem gefolgten Projekt endet bald")
    NEW_IDEA = "new_idea", _("neue Idee in einem gefolgten Projekt oder Ortsteil")
    COMMENT_ON_MY_IDEA = "comment_on_my_idea", _("Kommentar zu meiner Idee")
    REPLY_TO_MY_COMMENT = "reply_to_my_comment", _("Antwort auf meinen Kommentar")
    IDEA_RESPONSE = "idea_response", _("Antwort der Stadt oder neuer Status meiner Idee")
    CONTENT_HIDDEN = "content_hidden", _("mein Beitrag wurde ausgeblendet")
    REVIEW_DECIDED = "review_decided", _("Entscheidung über meinen Antrag auf Überprüfung")
    NEW_REPORT = "new_report", _("neue Meldung in einem moderierten Projekt")
    MEASURE_STALE = "measure_stale", _("Erinnerung: Maßnahme ohne aktuellen Sachstand")
    MILESTONE_DUE = "milestone_due", _("Erinnerung: Meilenstein bald fällig")
    STATUS_REPORT_PUBLISHED = "status_report_published", _(
        "neuer Sachstandsbericht an den Stadtrat veröffentlicht"
    )


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("sofort per E-Mail")
    DAILY = "daily", _("täglich gesammelt")
    WEEKLY = "weekly", _("wöchentlich gesammelt")
    OFF = "off", _("keine E-Mail (nur hier im Portal)")


class NotificationPreference(models.Model):
    """How a person wants one kind of notification by e-mail (in-app always)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Person"), on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("Art"), max_length=40, choices=NotificationKind.choices)
    delivery = models.CharField(_("E-Mail"), max_length=20, choices=Delivery.choices)

    class Meta:
        verbose_name = _("Benachrichtigungseinstellung")
        verbose_name_plural = _("Benachrichtigungseinstellungen")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.delivery}"


class Notification(models.Model):
    """One thing one person is told about. Written in the same transaction as the action
    that caused it; e-mailed later by a task that claims the row under a lock, so a task
    run twice sends once (``emailed_at``), and a periodic sweeper sends what is left.

    ``event_key`` identifies the causing event: (recipient, event_key) is unique, so the
    same event never notifies the same person twice.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Empfänger:in"), on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("Art"), max_length=40, choices=NotificationKind.choices)
    event_key = models.CharField(_("Ereignis"), max_length=120)
    # What it is about (for visibility checks at sending time and digest grouping).
    measure = models.ForeignKey(
        "measures.Measure", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    idea = models.ForeignKey(
        Idea, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    url = models.CharField(_("Adresse"), max_length=300)
    context = models.JSONField(_("Angaben"), default=dict, blank=True)
    created_at = models.DateTimeField(_("erstellt"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("gelesen"), null=True, blank=True)
    delivery = models.CharField(_("E-Mail"), max_length=20, choices=Delivery.choices)
    emailed_at = models.DateTimeField(_("per E-Mail gesendet"), null=True, blank=True)
    email_skipped = models.BooleanField(_("E-Mail entfällt"), default=False)
    email_attempts = models.PositiveSmallIntegerField(_("Zustellversuche"), default=0)
    email_last_error = models.TextField(_("letzter Fehler"), blank=True)
    # Delivery state (participation.notifications.delivery): a sender claims the row
    # (committed), records the moment it hands the mail over (right before the end of
    # the SMTP DATA), then marks it sent. A claim whose sender died is taken over after
    # a timeout: without a hand-over the mail was never accepted and is sent again; with
    # one the outcome is unknown and the mail is not sent again (``email_uncertain``).
    email_claim = models.UUIDField(_("Zustellung beansprucht von"), null=True, blank=True)
    email_claimed_at = models.DateTimeField(_("beansprucht am"), null=True, blank=True)
    email_handed_over_at = models.DateTimeField(
        _("an den Mailserver übergeben"), null=True, blank=True
    )
    email_uncertain = models.BooleanField(
        _("Zustellung ungewiss"),
        default=False,
        help_text=_(
            "Der Versand brach ab, nachdem die E-Mail an den Mailserver übergeben war; "
            "sie wird nicht erneut gesendet, um keine doppelte E-Mail zu verschicken."
        ),
    )

    class Meta:
        verbose_name = _("Benachrichtigung")
        verbose_name_plural = _("Benachrichtigungen")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "event_key"], name="one_notification_per_event"
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(
                fields=["delivery", "created_at"],
                condition=models.Q(emailed_at__isnull=True, email_skipped=False),
                name="notification_email_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient_id}"


class ReportAlert(models.Model):
    """A moderator's opt-in: tell me about new reports in this project."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Moderator:in"), on_delete=models.CASCADE,
        related_name="report_alerts",
    )
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("Projekt"), on_delete=models.CASCADE,
        related_name="report_alerts",
    )
    created_at = models.DateTimeField(_("seit"), auto_now_add=True)

    class Meta:
        verbose_name = _("Benachrichtigung über Meldungen")
        verbose_name_plural = _("Benachrichtigungen über Meldungen")
        constraints = [
            models.UniqueConstraint(fields=["user", "project"], name="one_report_alert"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.project_id}"
