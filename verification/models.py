"""Verified residents: the outcome of a check, never the data it was made with.

A ``Verification`` says that a person's account was confirmed as a resident of Jena, by
which method, until when, with the district and the birth year (what eligibility rules
ask) — not the name, date of birth or address that were checked. A register entry is
kept only as a keyed hash (``verification.digest``) so that one entry confirms one
account at most.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Method(models.TextChoices):
    REGISTER = "register", _("Abgleich mit dem Melderegister")
    LETTER = "letter", _("Code per Brief")
    DESK = "desk", _("Bürgerservice (Ausweis vorgelegt)")
    OIDC = "oidc", _("Anmeldung mit BundID/DeutschlandID (OpenID Connect)")
    SAML = "saml", _("Anmeldung mit BundID (SAML)")


class EndReason(models.TextChoices):
    REVOKED = "revoked", _("von der Verwaltung widerrufen")
    EXPIRED = "expired", _("abgelaufen")
    MOVED = "moved", _("nicht mehr im Melderegister unter dieser Anschrift")
    REPLACED = "replaced", _("durch eine neuere Bestätigung ersetzt")


class RegisterImport(models.Model):
    """One extract of the population register imported by staff. Only its hashed
    entries are kept; the uploaded file is never stored."""

    created_at = models.DateTimeField(_("importiert am"), default=timezone.now)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("importiert von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_name = models.CharField(_("Dateiname"), max_length=200, blank=True)
    rows = models.PositiveIntegerField(_("Einträge"), default=0)
    skipped = models.PositiveIntegerField(_("übersprungene Zeilen"), default=0)
    moved = models.PositiveIntegerField(_("beendete Bestätigungen (verzogen)"), default=0)
    deleted_at = models.DateTimeField(_("gelöscht am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Melderegister-Auszug")
        verbose_name_plural = _("Melderegister-Auszüge")
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return _("Auszug vom %(date)s (%(rows)d Einträge)") % {
            "date": timezone.localtime(self.created_at).strftime("%d.%m.%Y %H:%M"),
            "rows": self.rows,
        }


class RegisterEntry(models.Model):
    """A person in the imported extract: the keyed hash of their normalised name, date of
    birth and address, their district and birth year — never the clear data."""

    digest = models.CharField(_("Prüfsumme"), max_length=64, unique=True)
    district = models.ForeignKey(
        "geo.District",
        verbose_name=_("Ortsteil"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    birth_year = models.PositiveSmallIntegerField(_("Geburtsjahr"))
    batch = models.ForeignKey(
        RegisterImport,
        verbose_name=_("Auszug"),
        on_delete=models.CASCADE,
        related_name="entries",
    )

    class Meta:
        verbose_name = _("Melderegister-Eintrag")
        verbose_name_plural = _("Melderegister-Einträge")

    def __str__(self) -> str:
        return self.digest[:12]


class VerificationQuerySet(models.QuerySet):
    def current(self):
        """Not ended and not expired: the ones eligibility rules count."""
        return self.filter(ended_at__isnull=True, expires_at__gt=timezone.now())


class Verification(models.Model):
    """One confirmation that ``user`` lives in Jena. At most one per person is current
    (not ended); at most one current confirmation per register entry (``entry_digest``)."""

    class DocumentType(models.TextChoices):
        ID_CARD = "id_card", _("Personalausweis")
        PASSPORT = "passport", _("Reisepass")
        RESIDENCE_PERMIT = "residence_permit", _("Aufenthaltstitel")
        EU_ID = "eu_id", _("Ausweis eines EU-Staats")
        OTHER = "other", _("anderes amtliches Dokument mit Lichtbild")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Person"),
        on_delete=models.CASCADE,
        related_name="verifications",
    )
    method = models.CharField(_("Verfahren"), max_length=20, choices=Method.choices)
    verified_at = models.DateTimeField(_("bestätigt am"), default=timezone.now)
    expires_at = models.DateTimeField(_("gültig bis"))
    district = models.ForeignKey(
        "geo.District",
        verbose_name=_("Ortsteil"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    birth_year = models.PositiveSmallIntegerField(_("Geburtsjahr"), null=True, blank=True)
    entry_digest = models.CharField(
        _("Prüfsumme des Registereintrags"),
        max_length=64,
        blank=True,
        default="",
        help_text=_("Schlüssel-Hash, kein Klartext: verhindert zwei Konten für eine Person."),
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bestätigt durch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    document_type = models.CharField(
        _("vorgelegtes Dokument"), max_length=20, choices=DocumentType.choices, blank=True
    )
    trust_level = models.CharField(_("Vertrauensniveau"), max_length=20, blank=True)
    ended_at = models.DateTimeField(_("beendet am"), null=True, blank=True)
    end_reason = models.CharField(
        _("Grund des Endes"), max_length=20, choices=EndReason.choices, blank=True
    )
    end_note = models.TextField(
        _("Begründung für die Person"),
        blank=True,
        help_text=_("Wird der Person auf ihrer Kontoseite angezeigt."),
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beendet durch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = VerificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Wohnsitzbestätigung")
        verbose_name_plural = _("Wohnsitzbestätigungen")
        ordering = ("-verified_at",)
        permissions = [
            ("verify_at_desk", _("Kann Wohnsitze am Schalter (Bürgerservice) bestätigen")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(ended_at__isnull=True),
                name="verification_one_open_per_person",
            ),
            models.UniqueConstraint(
                fields=["entry_digest"],
                condition=Q(ended_at__isnull=True) & ~Q(entry_digest=""),
                name="verification_one_open_per_register_entry",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_method_display()}"

    @property
    def is_current(self) -> bool:
        return self.ended_at is None and self.expires_at > timezone.now()


class AgeConfirmation(models.Model):
    """Records "was at least ``min_age`` on ``key_date``", recorded when the date of birth was at
    hand and the birth year alone cannot tell (born in the year the age is reached)."""

    verification = models.ForeignKey(
        Verification, on_delete=models.CASCADE, related_name="age_confirmations"
    )
    min_age = models.PositiveSmallIntegerField(_("Mindestalter"))
    key_date = models.DateField(_("Stichtag"))

    class Meta:
        verbose_name = _("Altersbestätigung")
        verbose_name_plural = _("Altersbestätigungen")
        constraints = [
            models.UniqueConstraint(
                fields=["verification", "min_age", "key_date"], name="age_confirmation_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.min_age}+ @ {self.key_date.isoformat()}"


class LetterCodeQuerySet(models.QuerySet):
    def open(self):
        """Neither redeemed nor void (a printed one may still have expired)."""
        return self.filter(used_at__isnull=True, voided_at__isnull=True)

    def to_print(self):
        """Open and not printed yet: the next batch for the print shop, oldest first."""
        return self.open().filter(printed_at__isnull=True).order_by("created_at", "pk")


class LetterCode(models.Model):
    """A 6-digit code sent by post to a person the register knows, to confirm their
    residence. What is kept:

    * the register's outcome, as for a register check: the entry's keyed hash, the
      district, the birth year, and the age confirmations the date of birth decided when
      the letter was asked for (``[[min_age, "YYYY-MM-DD"], …]``) — not the date of birth;
    * the name and postal address, only until the letter is exported for printing (then
      erased: set to "");
    * the code only as a keyed hash; the clear code exists only in the printed letter;
    * dates and the count of wrong tries.
    """

    class State(models.TextChoices):
        REQUESTED = "requested", _("angefordert, wird gedruckt")
        SENT = "sent", _("gedruckt und verschickt")
        EXPIRED = "expired", _("abgelaufen")
        VOID = "void", _("ungültig")
        USED = "used", _("eingelöst")

    class VoidReason(models.TextChoices):
        REPLACED = "replaced", _("durch einen neuen Brief ersetzt")
        TRIES = "tries", _("zu oft ein falscher Code eingegeben")
        EXPIRED = "expired", _("abgelaufen")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Person"),
        on_delete=models.CASCADE,
        related_name="letter_codes",
    )
    code_hash = models.CharField(_("Prüfsumme des Codes"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("angefordert am"), default=timezone.now)
    printed_at = models.DateTimeField(_("gedruckt am"), null=True, blank=True)
    expires_at = models.DateTimeField(_("gültig bis"), null=True, blank=True)
    tries = models.PositiveSmallIntegerField(_("falsche Eingaben"), default=0)
    used_at = models.DateTimeField(_("eingelöst am"), null=True, blank=True)
    voided_at = models.DateTimeField(_("ungültig seit"), null=True, blank=True)
    void_reason = models.CharField(
        _("Grund"), max_length=20, choices=VoidReason.choices, blank=True
    )
    entry_digest = models.CharField(_("Prüfsumme des Registereintrags"), max_length=64)
    district = models.ForeignKey(
        "geo.District",
        verbose_name=_("Ortsteil"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    birth_year = models.PositiveSmallIntegerField(_("Geburtsjahr"), null=True, blank=True)
    age_confirmations = models.JSONField(_("Altersbestätigungen"), default=list, blank=True)
    # The postal address, erased when the letter is exported for printing.
    name = models.CharField(_("Name"), max_length=401, blank=True)
    street = models.CharField(_("Straße"), max_length=200, blank=True)
    house_number = models.CharField(_("Hausnummer"), max_length=20, blank=True)
    postcode = models.CharField(_("Postleitzahl"), max_length=5, blank=True)

    objects = LetterCodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("Brief mit Code")
        verbose_name_plural = _("Briefe mit Code")
        ordering = ("-created_at", "-pk")
        permissions = [("print_lettercode", _("Briefe mit Codes drucken (PDF)"))]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(used_at__isnull=True, voided_at__isnull=True),
                name="letter_code_one_open_per_person",
            ),
        ]

    def __str__(self) -> str:
        return _("Brief vom %(date)s") % {
            "date": timezone.localtime(self.created_at).strftime("%d.%m.%Y")
        }

    @property
    def state(self) -> str:
        if self.used_at is not None:
            return self.State.USED
        if self.voided_at is not None:
            return self.State.VOID
        if self.printed_at is None:
            return self.State.REQUESTED
        if self.expires_at is not None and self.expires_at <= timezone.now():
            return self.State.EXPIRED
        return self.State.SENT

    def get_state_display(self) -> str:
        return self.State(self.state).label


class DuplicateAttempt(models.Model):
    """A second account tried to be confirmed with a register entry that already confirms
    another account: refused, and kept here so staff see it (the admin's overview of
    confirmations). Deleted with either account."""

    created_at = models.DateTimeField(_("am"), default=timezone.now)
    method = models.CharField(_("Weg"), max_length=20)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("bestätigtes Konto"),
        on_delete=models.CASCADE, related_name="+",
    )
    attempted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("abgewiesenes Konto"),
        on_delete=models.CASCADE, related_name="+",
    )

    class Meta:
        verbose_name = _("abgewiesener Zweitversuch")
        verbose_name_plural = _("abgewiesene Zweitversuche")
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d} {self.method}"
