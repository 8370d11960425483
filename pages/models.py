from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# The per-language fields an editor may override, in the order the admin shows them.
OVERRIDE_FIELDS = ("title_de", "body_de", "title_en", "body_en")


class EasyTopic(models.TextChoices):
    """The four explanations BITV 2.0 §4 (Anlage 2, Teil 2) asks for on the start page, in
    Leichte Sprache and in German Sign Language (DGS)."""

    # Standard German: the sign-language page and the admin use these names; the pages in
    # Leichte Sprache have their own titles (pages/content/).
    CONTENT = "inhalt", _("Was ist Jena Smart?")
    NAVIGATION = "bedienung", _("So finden Sie sich zurecht")
    ACCESSIBILITY = "barrierefreiheit", _("Barrierefreiheit und Barrieren melden")
    MORE = "mehr", _("Mehr in Leichter Sprache und Gebärdensprache")


EASY_PREFIX = "leichte-sprache"


def easy_page_slug(topic: str) -> str:
    """The Page slug of the Leichte-Sprache page on ``topic`` (an EasyTopic value)."""
    return f"{EASY_PREFIX}-{topic}"


class Page(models.Model):
    """An editor's own version of a page whose text ships with the code: the legal pages
    (Impressum, Datenschutz, Barrierefreiheit) and the pages in Leichte Sprache.

    The texts themselves ship as files (pages/content/, read by pages.shipped). A field
    left empty here means "the shipped text"; only what an editor changed is stored. There
    is one row per page so that the admin always lists all of them (pages.apps creates them
    after ``migrate``). The Leichte-Sprache pages are German only: their English fields
    stay empty, and English readers get the German text marked ``lang="de"``."""

    class Kind(models.TextChoices):
        IMPRINT = "impressum", _("Impressum")
        PRIVACY = "datenschutz", _("Datenschutz")
        ACCESSIBILITY = "barrierefreiheit", _("Barrierefreiheit")
        EASY_START = EASY_PREFIX, _("Leichte Sprache: Startseite")
        EASY_CONTENT = easy_page_slug(EasyTopic.CONTENT), _("Leichte Sprache: Was ist Jena Smart?")
        EASY_NAVIGATION = (
            easy_page_slug(EasyTopic.NAVIGATION),
            _("Leichte Sprache: So finden Sie sich zurecht"),
        )
        EASY_ACCESSIBILITY = (
            easy_page_slug(EasyTopic.ACCESSIBILITY),
            _("Leichte Sprache: Barrierefreiheit"),
        )
        EASY_MORE = easy_page_slug(EasyTopic.MORE), _("Leichte Sprache: Mehr Angebote")

    slug = models.SlugField(_("Seite"), choices=Kind.choices, unique=True)
    title_de = models.CharField(_("Titel (Deutsch)"), max_length=200, blank=True)
    title_en = models.CharField(_("Titel (Englisch)"), max_length=200, blank=True)
    body_de = models.TextField(
        _("Text (Deutsch)"),
        blank=True,
        help_text=_("Absätze durch Leerzeilen trennen; Adressen werden zu Links."),
    )
    body_en = models.TextField(_("Text (Englisch)"), blank=True)
    reviewed_on = models.DateField(
        _("zuletzt überprüft am"),
        null=True,
        blank=True,
        help_text=_(
            "Nur für die Erklärung zur Barrierefreiheit: der Tag, an dem die Erklärung "
            "zuletzt überprüft wurde (mindestens einmal im Jahr). Leer: der Stand des "
            "mitgelieferten Textes."
        ),
    )
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Seite")
        verbose_name_plural = _("Seiten")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.get_slug_display()

    @property
    def is_easy_language(self) -> bool:
        return is_easy_language(self.slug)

    def overridden_fields(self) -> list[str]:
        """The names of the fields that hold an editor's text, in OVERRIDE_FIELDS order."""
        return [name for name in OVERRIDE_FIELDS if getattr(self, name)]

    @property
    def is_overridden(self) -> bool:
        return bool(self.overridden_fields())


def is_easy_language(slug: str) -> bool:
    """Whether the page ``slug`` is one of the Leichte-Sprache pages (German only)."""
    return slug == EASY_PREFIX or slug.startswith(f"{EASY_PREFIX}-")


class SignLanguageVideo(models.Model):
    """A video in German Sign Language (DGS) on one of the four topics, uploaded by staff
    and served from the site's own storage. The facts below are read from the file when it
    is uploaded (pages.video); the upload is refused unless it meets BITV 2.0 Anlage 2
    (at least 320×240 pixels, at least 25 frames per second)."""

    topic = models.CharField(_("Thema"), max_length=20, choices=EasyTopic.choices, unique=True)
    video = models.FileField(
        _("Video"),
        upload_to="gebaerdensprache/",
        max_length=200,
        validators=[FileExtensionValidator(["mp4", "webm"])],
        help_text=_(
            "MP4 (H.264) oder WebM (VP8, VP9, AV1), mindestens 320 × 240 Pixel und "
            "25 Bilder pro Sekunde."
        ),
    )
    captions = models.FileField(
        _("Untertitel (WebVTT)"),
        upload_to="gebaerdensprache/",
        max_length=200,
        blank=True,
        validators=[FileExtensionValidator(["vtt"])],
        help_text=_("Eine Datei im Format WebVTT (.vtt) mit den Untertiteln auf Deutsch."),
    )
    transcript = models.TextField(
        _("Text zum Video"),
        blank=True,
        help_text=_("Was im Video gesagt wird, als Text. Untertitel oder Text sind Pflicht."),
    )
    poster = models.ImageField(
        _("Vorschaubild"),
        upload_to="gebaerdensprache/",
        max_length=200,
        blank=True,
        help_text=_("Optional: das Bild, das vor dem Abspielen zu sehen ist."),
    )
    width = models.PositiveIntegerField(_("Breite (Pixel)"), editable=False)
    height = models.PositiveIntegerField(_("Höhe (Pixel)"), editable=False)
    frame_rate = models.DecimalField(
        _("Bilder pro Sekunde"), max_digits=7, decimal_places=3, editable=False
    )
    duration = models.DurationField(_("Dauer"), editable=False)
    file_size = models.PositiveBigIntegerField(_("Dateigröße (Bytes)"), editable=False)
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Video in Gebärdensprache")
        verbose_name_plural = _("Videos in Gebärdensprache")
        ordering = ["topic"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(captions="") | ~Q(transcript=""),
                name="sign_language_video_has_captions_or_transcript",
                violation_error_message=_(
                    "Bitte laden Sie Untertitel (WebVTT) hoch oder schreiben Sie den Text zum "
                    "Video – eines von beiden ist nötig."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.get_topic_display()

    @property
    def file_format(self) -> str:
        """MP4 or WEBM, from the stored file's name."""
        return self.video.name.rsplit(".", 1)[-1].upper()

    @property
    def mime_type(self) -> str:
        return "video/webm" if self.file_format == "WEBM" else "video/mp4"

    @property
    def duration_clock(self) -> str:
        """The duration as minutes and seconds, "2:05"."""
        minutes, seconds = divmod(round(self.duration.total_seconds()), 60)
        return f"{minutes}:{seconds:02d}"

    @property
    def duration_iso(self) -> str:
        """The duration for <time datetime>, "PT2M5S"."""
        minutes, seconds = divmod(round(self.duration.total_seconds()), 60)
        return f"PT{minutes}M{seconds}S"
