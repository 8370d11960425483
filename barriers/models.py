"""A report of a barrier on the site (the feedback mechanism of the accessibility
statement, BITV 2.0 § 7 / ThürBarrWebG): what went wrong where, who may get an answer, and
the staff's handling of it with the answer deadline."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

HANDLE_PERMISSION = "barriers.handle_barrierreport"


def answer_due_for(received_at: datetime.datetime) -> datetime.date:
    """The day by which a report received at ``received_at`` must be answered."""
    return timezone.localdate(received_at) + datetime.timedelta(
        days=settings.BARRIER_FEEDBACK_ANSWER_DAYS
    )


class BarrierReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=BarrierReport.OPEN_STATUSES)

    def overdue(self, today: datetime.date | None = None):
        return self.open().filter(answer_due__lt=today or timezone.localdate())


class BarrierReport(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("neu")
        IN_PROGRESS = "in_progress", _("in Bearbeitung")
        ANSWERED = "answered", _("beantwortet")
        DONE = "done", _("erledigt")

    OPEN_STATUSES = (Status.NEW, Status.IN_PROGRESS)

    page_url = models.CharField(_("Seitenadresse"), max_length=500)
    description = models.TextField(_("Was hat nicht funktioniert?"))
    assistive_technology = models.CharField(_("Verwendete Hilfsmittel"), max_length=200, blank=True)
    name = models.CharField(_("Name"), max_length=200, blank=True)
    email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Konto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="barrier_reports",
    )
    language = models.CharField(_("Sprache"), max_length=10, default="de")
    received_at = models.DateTimeField(_("eingegangen"), default=timezone.now)
    answer_due = models.DateField(_("Antwort fällig bis"))
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    internal_note = models.TextField(_("Interne Notiz"), blank=True)
    answer = models.TextField(_("Antwort"), blank=True)
    answered_at = models.DateTimeField(_("beantwortet am"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beantwortet von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The answer's e-mail: handed over to the mail server (right before it can accept
    # it; core.mail) and sent. A hand-over is never repeated: nothing is sent twice.
    answer_handed_over_at = models.DateTimeField(null=True, blank=True, editable=False)
    answer_emailed_at = models.DateTimeField(
        _("Antwort gesendet am"), null=True, blank=True, editable=False
    )
    staff_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    anonymised_at = models.DateTimeField(_("anonymisiert am"), null=True, blank=True)

    objects = BarrierReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("Barrieremeldung")
        verbose_name_plural = _("Barrieremeldungen")
        ordering = ["-received_at"]
        permissions = [
            ("handle_barrierreport", _("Barrieremeldungen bearbeiten und beantworten")),
        ]
        indexes = [models.Index(fields=["status", "answer_due"])]

    def __str__(self) -> str:
        return _("Meldung %(number)s vom %(date)s") % {
            "number": self.pk,
            "date": timezone.localdate(self.received_at).strftime("%d.%m.%Y"),
        }

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.is_open and self.answer_due < (today or timezone.localdate())
