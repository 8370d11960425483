"""What models of several apps share, and the site's own small tables."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class CrossFieldChecksMixin:
    """A model that checks rules across its own fields in ``clean_fields``, so that a
    form holding only some of its fields (an admin form) is asked only about those.

    ``cross_field_errors(skip)`` yields ``(field, message)`` for every rule broken; a
    rule about a field in ``skip`` (excluded, or already wrong on its own) is not asked.
    """

    def cross_field_errors(self, skip: set[str]):
        return ()

    def clean_fields(self, exclude=None) -> None:
        errors: dict = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        skip = set(exclude or ()) | set(errors)
        for field, message in self.cross_field_errors(skip):
            errors.setdefault(field, []).append(message)
        if errors:
            raise ValidationError(errors)


class RateCount(models.Model):
    """A posting limit's count while the cache (Redis) cannot be reached: the limits
    still hold, counted here instead (``core.ratelimit``). Rows expire with their
    window and are deleted on the way."""

    key = models.CharField(_("Schlüssel"), max_length=200, unique=True)
    count = models.PositiveIntegerField(_("Anzahl"), default=0)
    expires_at = models.DateTimeField(_("gilt bis"), db_index=True)

    class Meta:
        verbose_name = _("Zähler einer Begrenzung")
        verbose_name_plural = _("Zähler der Begrenzungen")

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
