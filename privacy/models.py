"""A person's copy of their data (GDPR Art. 15 and 20): built by a Celery task as a ZIP
with one JSON file, kept in private storage (never under MEDIA_URL), downloadable by that
person only, until it expires."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Files that no URL serves (``url()`` refuses): only views that check who asks hand
    them out. The folder is settings.PRIVATE_ROOT, read at each use."""

    @property
    def base_location(self):
        return str(settings.PRIVATE_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


private_storage = PrivateStorage()


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
