"""Follows (who wants to hear about what), notifications (what one person is told) and
each person's e-mail preferences per kind of notification."""

import operator
from functools import reduce

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from participation.ideas.models import Comment, Idea

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
    PROPOSAL_MERGED = "proposal_merged", _(
        "mein Vorschlag zum Bürgerbudget wurde mit einem anderen zusammengeführt"
    )
    BUDGET_REVIEW = "budget_review", _("Ergebnis der Prüfung meines Bürgerbudget-Vorschlags")
    BUDGET_RESULTS = "budget_results", _("Ergebnis eines gefolgten Bürgerbudgets veröffentlicht")
    COMMENT_ON_MY_PROPOSAL = "comment_on_my_proposal", _(
        "Kommentar zu meinem Bürgerbudget-Vorschlag"
    )
    POLL_OPENED = "poll_opened", _("neue Umfrage in einem gefolgten Projekt")
    POLL_RESULTS = "poll_results", _(
        "Ergebnisse einer Umfrage in einem gefolgten Projekt veröffentlicht"
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
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            models.Index(
                fields=["delivery", "created_at"],
                condition=models.Q(emailed_at__isnull=True, email_skipped=False),
                name="notification_email_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient_id}"
