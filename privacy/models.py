"""A person's copy of their data (GDPR Art. 15 and 20): built by a Celery task as a ZIP
with one JSON file, kept in the private storage (no URL leads to it), downloadable by
that person only, until it expires."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.storage import PrivateFileSystemStorage, private_storage

# The storage of the first migration (0001): files in PRIVATE_ROOT. The field now uses the
# "private" storage of settings.STORAGES (a folder or a bucket), see core/storage.py.
PrivateStorage = PrivateFileSystemStorage


class DataExport(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("wird erstellt")
        READY = "ready", _("bereit zum Herunterladen")
        FAILED = "failed", _("fehlgeschlagen")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Person"), on_delete=models.CASCADE,
        related_name="data_exports",
    )
    state = models.CharField(
        _("Zustand"), max_length=20, choices=State.choices, default=State.PENDING
    )
    file = models.FileField(
        _("Datei"), storage=private_storage, upload_to="exports/", blank=True, editable=False
    )
    size = models.PositiveIntegerField(_("Größe (Bytes)"), default=0)
    created_at = models.DateTimeField(_("angefordert am"), auto_now_add=True)
    ready_at = models.DateTimeField(_("fertig am"), null=True, blank=True)
    expires_at = models.DateTimeField(_("gültig bis"), null=True, blank=True)

    class Meta:
        verbose_name = _("Datenauskunft")
        verbose_name_plural = _("Datenauskünfte")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d}"

    @property
    def is_available(self) -> bool:
        return (
            self.state == self.State.READY
            and bool(self.file)
            and self.expires_at is not None
            and self.expires_at > timezone.now()
        )
