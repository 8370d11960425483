from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account. Signs in by e-mail; shows only the display name."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("E-Mail-Adresse"), unique=True)
    display_name = models.CharField(
        _("Anzeigename"),
        max_length=80,
        blank=True,
        help_text=_("Öffentlich sichtbar. Ein Pseudonym ist erlaubt."),
    )
    home_district = models.ForeignKey(
        "geo.District",
        verbose_name=_("Wohnortsteil"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Freiwillig. Hilft, Beteiligung in Ihrem Ortsteil zu finden."),
    )
    preferred_language = models.CharField(
        _("bevorzugte Sprache"),
        max_length=8,
        choices=[("de", _("Deutsch")), ("en", _("Englisch"))],
        default="de",
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("Benutzer:in")
        verbose_name_plural = _("Benutzer:innen")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        """What others see: the display name, never the e-mail address."""
        return self.display_name or _("Nutzer:in %(id)s") % {"id": self.pk}

    def get_full_name(self) -> str:
        return self.public_name

    def get_short_name(self) -> str:
        return self.public_name
