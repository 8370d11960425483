"""Helpers for the idea tests: phases before/during/after, the people of the permission
matrix, Jena's demo districts, and pictures made in memory (with EXIF GPS, as SVG, too
large, or a text file in disguise)."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from geo.models import District
from geo.selectors import district_cache_clear
from projects.models import Phase, Project
from tests.factories import (
    JENA_CENTRE,
    PhaseFactory,
    ProjectFactory,
    UserFactory,
    global_moderator,
    moderator_of,
    point,
)

WHEN = ("before", "during", "after")
# Points inside the demo districts (their centres, from geo/data/ortsteile.csv).
WINZERLA = (11.5727, 50.8907)
ZENTRUM = JENA_CENTRE
BERLIN = (13.4050, 52.5200)


def span(when: str) -> dict:
    now = timezone.now()
    day = datetime.timedelta(days=1)
    return {
        "before": {"start": now + 2 * day, "end": now + 30 * day},
        "during": {"start": now - day, "end": now + 30 * day},
        "after": {"start": now - 30 * day, "end": now - day},
    }[when]


def ideas_phase(project: Project, when: str = "during", **kwargs) -> Phase:
    """An ideas phase of ``project`` running ``when`` relative to now."""
    return PhaseFactory(project=project, **span(when), **kwargs)


def ideas_project(when: str = "during", **kwargs) -> Project:
    """A published project (area: a square around Jena's centre) with an ideas phase."""
    project = ProjectFactory(**kwargs)
    ideas_phase(project, when)
    return project


def person(role: str, *, project: Project, author=None, staff=None):
    """Someone in ``role``: anonymous (None), unverified, resident, author, moderator,
    other_moderator (of another project), staff (by default the city's moderation staff:
    staff with the global moderation permission; ``is_staff`` alone moderates nothing;
    ``staff`` makes another kind)."""
    from django.contrib.auth.models import AnonymousUser

    if role == "anonymous":
        return AnonymousUser()
    if role == "unverified":
        return UserFactory(verified=False)
    if role == "resident":
        return UserFactory()
    if role == "author":
        return author
    if role == "moderator":
        return moderator_of(project)
    if role == "other_moderator":
        return moderator_of(ProjectFactory())
    if role == "staff":
        return (staff or global_moderator)()
    raise ValueError(role)


def load_demo_districts() -> dict[str, District]:
    """Jena's 30 districts with approximate boundaries (by slug), with a fresh lookup
    cache (test transactions roll back without the signals that clear it)."""
    district_cache_clear()
    call_command("create_demo_districts", verbosity=0)
    district_cache_clear()
    return {district.slug: district for district in District.objects.all()}


def at(lon_lat: tuple[float, float]) -> dict:
    return point(*lon_lat)


# --- pictures ---------------------------------------------------------------------------------


def _exif_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to show upright
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x8825] = {1: "N", 2: (50.0, 55.0, 37.0), 3: "E", 4: (11.0, 35.0, 10.0)}
    return exif.tobytes()


def photo(
    kind: str = "JPEG", *, size=(64, 32), gps: bool = False, name: str | None = None
) -> SimpleUploadedFile:
    image = Image.new("RGB" if kind != "PNG" else "RGBA", size, (200, 30, 30, 255))
    buffer = io.BytesIO()
    options = {"exif": _exif_with_gps()} if gps else {}
    if kind == "PNG" and gps:
        from PIL import PngImagePlugin

        info = PngImagePlugin.PngInfo()
        info.add_text("Comment", "Aufgenommen bei Familie Muster, Löbdergraben 12")
        options["pnginfo"] = info
    image.save(buffer, kind, **options)
    extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}[kind]
    return SimpleUploadedFile(
        name or f"foto.{extension}", buffer.getvalue(), content_type=f"image/{extension}"
    )


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(1)</script><rect width='10' height='10'/></svg>"
)


def svg_upload() -> SimpleUploadedFile:
    return SimpleUploadedFile("bild.svg", SVG, content_type="image/svg+xml")


def text_as_jpeg() -> SimpleUploadedFile:
    return SimpleUploadedFile("foto.jpg", b"Das ist kein Bild.\n" * 20, content_type="image/jpeg")
