"""Moderation: flags on ideas and comments, the moderators' decisions with their
statements of reasons and the authors' requests for review, and the moderators' opt-in
to hear about new flags."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import CrossFieldChecksMixin
from participation.ideas.models import Comment, Idea


class FlagReason(models.TextChoices):
    SPAM = "spam", _("Werbung oder Spam")
    INSULT = "insult", _("Beleidigung oder Belästigung")
    HATE = "hate", _("Hassrede oder Diskriminierung")
    PERSONAL_DATA = "personal_data", _("persönliche Daten anderer")
    ILLEGAL = "illegal", _("möglicherweise rechtswidrig")
    OFF_TOPIC = "off_topic", _("nicht zum Thema")
    OTHER = "other", _("Sonstiges")


class Flag(CrossFieldChecksMixin, models.Model):
    """A flag on an idea or a comment (exactly one), with a reason."""

    class Status(models.TextChoices):
        OPEN = "open", _("offen")
        UPHELD = "upheld", _("Inhalt ausgeblendet")
        DISMISSED = "dismissed", _("zurückgewiesen")

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("gemeldet von"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="flags",
    )
    idea = models.ForeignKey(
        Idea, verbose_name=_("Idee"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="flags",
    )
    comment = models.ForeignKey(
        Comment, verbose_name=_("Kommentar"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="flags",
    )
    reason = models.CharField(
        _("Grund"),
        max_length=20,
        choices=FlagReason.choices,
        error_messages={
            "blank": _("Bitte wählen Sie einen Grund für die Meldung."),
            "invalid_choice": _("Bitte wählen Sie einen Grund für die Meldung."),
        },
    )
    text = models.TextField(
        _("Erläuterung"),
        max_length=1000,
        blank=True,
        validators=[MaxLengthValidator(1000)],
        error_messages={
            "max_length": _("Die Erläuterung darf höchstens %(limit_value)s Zeichen lang sein.")
        },
    )
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

    def cross_field_errors(self, skip: set[str]):
        """"other" needs a word of explanation."""
        if "text" not in skip and self.reason == FlagReason.OTHER and not self.text:
            yield "text", _("Bitte erläutern Sie kurz, was an dem Beitrag nicht in Ordnung ist.")


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
        _("Regel"), max_length=20, choices=FlagReason.choices, blank=True,
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


class FlagAlert(models.Model):
    """A moderator's opt-in: tell me about new reports in this project."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Moderator:in"), on_delete=models.CASCADE,
        related_name="flag_alerts",
    )
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("Projekt"), on_delete=models.CASCADE,
        related_name="flag_alerts",
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
