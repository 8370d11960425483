"""Checks and cleaning of the photos residents attach to ideas.

An upload is judged by its content, never by its name or the browser's content type:
Pillow must recognise it as JPEG, PNG or WebP (SVG, which can carry scripts, and anything
else is refused). It is then decoded and re-encoded, which drops every piece of metadata
(EXIF with GPS position and camera serial, XMP, comments) and turns the picture upright
as the camera's orientation flag says. Photos are stored as JPEG; pictures with
transparency as PNG.
"""

from __future__ import annotations

import io
import uuid
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP")
MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
JPEG_QUALITY = 85

_READ_ERRORS = (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError)


def _refuse_unreadable() -> ValidationError:
    return ValidationError(
        _(
            "Diese Datei ist kein Foto, das wir lesen können. Bitte laden Sie ein Bild im "
            "Format JPEG, PNG oder WebP hoch."
        ),
        code="image_type",
    )


def _read(upload) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise _too_large(size)
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _too_large(len(data))
    if not data:
        raise ValidationError(_("Die Bilddatei ist leer."), code="image_empty")
    return data


def _too_large(size: int) -> ValidationError:
    return ValidationError(
        _("Das Bild ist %(size)s groß; erlaubt sind höchstens %(max)s.")
        % {"size": filesizeformat(size), "max": filesizeformat(MAX_BYTES)},
        code="image_too_large",
    )


def _open(data: bytes) -> Image.Image:
    """Identify the format from the header and check the pixel count before decoding."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels() from exc
    except _READ_ERRORS as exc:
        raise _refuse_unreadable() from exc
    if image.format not in ALLOWED_FORMATS:
        raise ValidationError(
            _(
                "Bilder im Format %(format)s sind nicht erlaubt. Bitte laden Sie ein Bild im "
                "Format JPEG, PNG oder WebP hoch."
            )
            % {"format": image.format or _("unbekannt")},
            code="image_type",
        )
    width, height = image.size
    if width < 1 or height < 1:
        raise _refuse_unreadable()
    if width * height > MAX_PIXELS:
        raise _too_many_pixels(width, height)
    return image


def _too_many_pixels(width: int | None = None, height: int | None = None) -> ValidationError:
    if width and height:
        message = _(
            "Das Bild ist mit %(width)s × %(height)s Pixeln zu groß; erlaubt sind höchstens "
            "40 Megapixel. Bitte verkleinern Sie es."
        ) % {"width": width, "height": height}
    else:
        message = _(
            "Das Bild hat zu viele Pixel; erlaubt sind höchstens 40 Megapixel. "
            "Bitte verkleinern Sie es."
        )
    return ValidationError(message, code="image_too_many_pixels")


def _has_transparency(image: Image.Image) -> bool:
    if image.mode in ("RGBA", "LA", "PA"):
        return True
    return image.mode == "P" and "transparency" in image.info


def clean_idea_image(upload) -> ContentFile:
    """Check ``upload`` by content and return a re-encoded copy without metadata.

    Raises ValidationError with a message a resident can act on: wrong type, broken
    file, more than 5 MB or more than 40 megapixels.
    """
    data = _read(upload)
    image = _open(data)
    try:
        image.load()
        upright = ImageOps.exif_transpose(image)
    except _READ_ERRORS as exc:
        raise _refuse_unreadable() from exc
    except Image.DecompressionBombError as exc:
        raise _too_many_pixels() from exc
    icc_profile = image.info.get("icc_profile")  # colours, not personal data: kept

    if _has_transparency(upright):
        clean = upright.convert("RGBA")
        kind, extension, options = "PNG", "png", {"optimize": True}
    else:
        clean = upright.convert("RGB")
        kind, extension, options = "JPEG", "jpg", {"quality": JPEG_QUALITY, "optimize": True}
    # Pillow writes some metadata (XMP, for one) from ``info`` when saving: start empty,
    # so no EXIF, XMP, text chunk or comment survives.
    clean.info = {}
    if icc_profile:
        options["icc_profile"] = icc_profile

    output = io.BytesIO()
    clean.save(output, kind, **options)
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")
