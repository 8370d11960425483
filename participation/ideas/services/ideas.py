"""Every write to an idea: propose, edit, delete, and the city's status and response.

The HTML views, the admin and the API call these functions, so the rules hold wherever a
change comes from. Who may act and when is ``participation.ideas.rules`` (required
first); what one idea must satisfy in itself is the model (``Idea`` fields and
``Idea.clean``, asked through ``full_clean``); what needs other objects is here: the
place inside the project's area and districts, the photo quota. Bad input raises
``Invalid`` (messages keyed by form field), refusals raise ``NotAllowed`` or ``Closed``,
all with messages a resident understands.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry, Point, Polygon
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import ratelimit
from core.exceptions import Invalid
from core.files import delete_files_on_commit, move_to_unguessable_name
from core.rules import require
from geo.models import District
from geo.selectors import district_for_point
from geo.services import CITY_BOUNDS
from geo.validation import geometry_from_geojson, validate_geojson_geometry
from measures.models import Measure
from participation.ideas import events
from participation.ideas.images import clean_idea_image
from participation.ideas.models import Idea
from participation.ideas.rules import (
    may_delete_idea,
    may_propose_idea,
    may_respond_to_idea,
    may_update_idea,
)
from projects.models import Category, Project

logger = logging.getLogger(__name__)

# Fields a resident writes; the foreign keys among them are set from loaded objects.
_RESIDENT_FIELDS = (
    "title", "text", "category", "location", "district", "place_description", "image",
    "image_alt",
)
_ANSWER_FIELDS = ("status", "official_response", "measure")


class OutsideProjectArea(Invalid):
    """The idea's point lies outside the project's area (messages keyed by field)."""


def _plain(value: str | None) -> str:
    # PostgreSQL refuses NUL characters in text; nobody types them on purpose.
    return (value or "").replace("\x00", "").strip()


def _full_clean(idea: Idea, *, fields: tuple[str, ...], errors: dict[str, list]) -> None:
    """The model's own checks of ``fields`` and ``Idea.clean``, added to ``errors``."""
    exclude = [f.name for f in Idea._meta.fields if f.name not in fields]
    try:
        idea.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            known = errors.setdefault(field, [])
            known.extend(message for message in messages if message not in known)


@contextmanager
def _restored_on_error(idea: Idea, fields: tuple[str, ...]):
    """Values written into ``idea`` are taken back when the write is refused, so the
    caller's instance (a page shows it again with the errors) stays as stored."""
    attnames = [Idea._meta.get_field(name).attname for name in fields]
    before = {name: idea.__dict__.get(name) for name in attnames}
    try:
        yield
    except ValidationError:
        idea.__dict__.update(before)
        for name in fields:
            field = Idea._meta.get_field(name)
            if field.is_relation and field.is_cached(idea):
                field.delete_cached_value(idea)
        raise


# --- The place: inside the project's area ---------------------------------------------------


def _project_area(project: Project) -> GEOSGeometry | None:
    if not project.area:
        return None
    try:
        return geometry_from_geojson(project.area)
    except ValidationError:
        logger.warning("Project %s has an unreadable area; the whole city counts.", project.pk)
        return None


def _outside_message(project: Project) -> str:
    if project.area:
        return _(
            "Der Ort liegt außerhalb des Projektgebiets. Bitte setzen Sie die Markierung "
            "in das auf der Karte umrandete Gebiet oder wählen Sie stattdessen den Ortsteil "
            "und beschreiben den Ort."
        )
    return _(
        "Der Ort liegt außerhalb des Projektgebiets (das Stadtgebiet von Jena). Bitte setzen "
        "Sie die Markierung innerhalb Jenas oder wählen Sie stattdessen den Ortsteil und "
        "beschreiben den Ort."
    )


def point_in_project(
    project: Project, point: Point, *, project_districts: list[District] | None = None
) -> tuple[bool, District | None]:
    """Whether ``point`` (GEOS, WGS 84) lies where ``project`` takes places — inside its
    drawn area, else in one of its districts, else in Jena — and the district holding it.
    Shared by everything residents put on a project's map (ideas, poll answers)."""
    if project_districts is None:
        project_districts = list(project.districts.all())
    derived = district_for_point(lon=point.x, lat=point.y)
    area = _project_area(project)
    if area is not None:
        inside = area.covers(point)
    elif project_districts:
        inside = derived is not None and derived.pk in {d.pk for d in project_districts}
    else:
        city = Polygon.from_bbox(CITY_BOUNDS)
        inside = derived is not None or city.covers(Point(point.x, point.y, srid=4326))
    return inside, derived


@dataclass
class _Place:
    location: dict | None
    district: District | None
    outside: bool = False


def _place(
    *, project: Project, location, district: District | None, place_description: str, errors
) -> _Place:
    """The idea's point (inside the project's area; its district derived from it), or
    without a point a district of the project and a description of the place."""
    project_districts = list(project.districts.all())
    if location:
        try:
            point = validate_geojson_geometry(location, allowed_types=("Point",))
        except ValidationError as exc:
            errors.setdefault("location", []).extend(exc.messages)
            return _Place(None, district)
        lon, lat = point.x, point.y
        inside, derived = point_in_project(project, point, project_districts=project_districts)
        if not inside:
            errors.setdefault("location", []).append(_outside_message(project))
            return _Place(None, district, outside=True)
        return _Place({"type": "Point", "coordinates": [round(lon, 7), round(lat, 7)]},
                      derived or district)

    if district is None:
        errors.setdefault("district", []).append(
            _(
                "Bitte wählen Sie den Ortsteil, in dem Ihre Idee liegt, oder setzen Sie eine "
                "Markierung auf der Karte."
            )
        )
    elif project_districts and district.pk not in {d.pk for d in project_districts}:
        errors.setdefault("district", []).append(
            _("Der Ortsteil %(name)s gehört nicht zu diesem Projekt. Möglich sind: %(names)s.")
            % {"name": district.name, "names": ", ".join(d.name for d in project_districts)}
        )
    if not place_description:
        errors.setdefault("place_description", []).append(
            _(
                "Bitte beschreiben Sie den Ort (zum Beispiel Straße und Hausnummer oder ein "
                "bekannter Platz), wenn Sie keine Markierung auf der Karte setzen."
            )
        )
    return _Place(None, district)


def _check_photo_quota(author, *, image, replacing: Idea | None, errors) -> None:
    """At most PHOTO_QUOTA_PER_PERSON stored idea photos per person (a new photo on an
    idea that already has one replaces it and does not count twice)."""
    if not image:
        return
    photos = Idea.objects.filter(author=author).exclude(image="")
    if replacing is not None and replacing.pk is not None:
        photos = photos.exclude(pk=replacing.pk)
    if photos.count() >= settings.PHOTO_QUOTA_PER_PERSON:
        errors.setdefault("image", []).append(
            _(
                "Sie haben bereits %(count)s Fotos hochgeladen, so viele wie möglich. "
                "Entfernen Sie ein Foto aus einer früheren Idee, um ein neues hochzuladen."
            )
            % {"count": settings.PHOTO_QUOTA_PER_PERSON}
        )


def _write_input(
    idea: Idea,
    *,
    title: str,
    text: str,
    category: Category | None,
    location,
    district: District | None,
    place_description: str,
    image,
    image_alt: str,
    remove_image: bool = False,
) -> None:
    """Put what a resident wrote into ``idea`` (unsaved) after every check; raise
    ``Invalid`` (or ``OutsideProjectArea``) with all the problems at once."""
    errors: dict[str, list] = {}
    place_description = _plain(place_description)
    place = _place(
        project=idea.project,
        location=location,
        district=district,
        place_description=place_description,
        errors=errors,
    )
    new_image = image
    if image:
        try:
            new_image = clean_idea_image(image)
        except ValidationError as exc:
            errors.setdefault("image", []).extend(exc.messages)
    _check_photo_quota(idea.author, image=image, replacing=idea, errors=errors)

    replaced = idea.image if (image or remove_image) else None
    idea.title, idea.text = _plain(title), _plain(text)
    idea.category = category
    idea.location, idea.district = place.location, place.district
    idea.place_description = place_description
    if image or remove_image:
        idea.image = new_image or None
    idea.image_alt = _plain(image_alt) if idea.image else ""
    # The picture's content was checked above (a stronger check than its file name).
    _full_clean(idea, fields=tuple(f for f in _RESIDENT_FIELDS if f != "image"), errors=errors)
    if errors:
        raise (OutsideProjectArea if place.outside else Invalid)(errors)
    if replaced:
        delete_files_on_commit(replaced)


# --- Writes -------------------------------------------------------------------------------


@transaction.atomic
def idea_create(
    *,
    author,
    project: Project,
    title: str,
    text: str,
    category: Category | None = None,
    location: dict | None = None,
    district: District | None = None,
    place_description: str = "",
    image=None,
    image_alt: str = "",
) -> Idea:
    """Propose an idea. Caller: any signed-in resident with a verified e-mail address,
    while a phase of the (published) project allows ideas (``may_propose_idea``).

    ``location`` is a GeoJSON point (WGS 84) inside the project's area; its district is
    derived from it. Without a point, ``district`` and ``place_description`` are needed.
    ``image`` (an upload) is checked by content and stored without metadata; it needs
    ``image_alt``. The text is stored as typed (plain text; pages escape it).
    Sends ``idea_created`` (the author follows it, followers are notified).
    """
    require(may_propose_idea(author, project))
    idea = Idea(project=project, author=author)
    _write_input(
        idea,
        title=title,
        text=text,
        category=category,
        location=location,
        district=district,
        place_description=place_description,
        image=image,
        image_alt=image_alt,
    )
    ratelimit.enforce("idea", author)
    idea.save()
    events.idea_created.send(sender=Idea, idea=idea, author=author)
    return idea


@transaction.atomic
def idea_update(
    *,
    idea: Idea,
    actor,
    title: str,
    text: str,
    category: Category | None = None,
    location: dict | None = None,
    district: District | None = None,
    place_description: str = "",
    image=None,
    image_alt: str = "",
    remove_image: bool = False,
) -> Idea:
    """Edit an idea. Caller: its author, while the ideas phase is open
    (``may_update_idea``); the same checks as ``idea_create``. Without ``image`` the
    stored picture stays (and still needs ``image_alt``) unless ``remove_image``.
    Notifies nobody."""
    require(may_update_idea(actor, idea))
    with _restored_on_error(idea, _RESIDENT_FIELDS):
        _write_input(
            idea,
            title=title,
            text=text,
            category=category,
            location=location,
            district=district,
            place_description=place_description,
            image=image,
            image_alt=image_alt,
            remove_image=remove_image,
        )
    idea.save()
    return idea


@transaction.atomic
def idea_delete(*, idea: Idea, actor) -> None:
    """Delete an idea with its comments, votes and flags. Caller: its author while the
    ideas phase is open; moderators of the project (and global moderators) at any time
    (``may_delete_idea``). The picture file goes once the deletion is committed.
    Notifies nobody."""
    require(may_delete_idea(actor, idea))
    delete_files_on_commit(idea.image)
    idea.delete()


def validate_status_and_response(
    *, idea: Idea, status: str, official_response: str, measure: Measure | None
) -> str:
    """Raise Invalid (per field) for a status/response that must not be saved (the
    model's checks); return the cleaned response text."""
    errors: dict[str, list] = {}
    response = _plain(official_response)
    with _restored_on_error(idea, _ANSWER_FIELDS):
        idea.status, idea.official_response, idea.measure = status, response, measure
        _full_clean(idea, fields=_ANSWER_FIELDS, errors=errors)
        if errors:
            raise Invalid(errors)
    return response


@transaction.atomic
def idea_set_status_and_response(
    *,
    idea: Idea,
    actor,
    status: str,
    official_response: str,
    measure: Measure | None = None,
) -> Idea:
    """Set the idea's status and the city's official response, and link the measure that
    takes it up. Caller: moderators of the idea's project and staff
    (``may_respond_to_idea``). The responder and the time are recorded when the response
    text changes. A measure can be linked only to accepted or implemented ideas. Sends
    ``idea_answered`` when the status or the response changed (the author is told)."""
    require(may_respond_to_idea(actor, idea))
    before_status, before_response = idea.status, idea.official_response
    response = validate_status_and_response(
        idea=idea, status=status, official_response=official_response, measure=measure
    )
    changed = status != before_status or response != before_response
    if response != before_response:
        idea.official_response_by = actor if response else None
        idea.official_response_at = timezone.now() if response else None
    idea.save(
        update_fields=[
            "status",
            "official_response",
            "official_response_by",
            "official_response_at",
            "measure",
            "updated_at",
        ]
    )
    if changed:
        events.idea_answered.send(sender=Idea, idea=idea, actor=actor)
    return idea


def idea_photo_conceal(idea: Idea) -> None:
    """Give the photo of an idea that moderation hides a new name nobody has seen: its
    public URL (a public bucket's, a CDN's, a shared link) answers 404 from then on, while
    the author and the moderators still see it on the idea's page. Caller: moderation,
    inside its decision's transaction (it checked who may hide). Object storage that does
    not answer does not stop the hiding: it is logged, the photo keeps its name."""
    if not idea.image:
        return
    try:
        name = move_to_unguessable_name(idea.image)
    except Exception:  # noqa: BLE001 - a folder's OSError, object storage's errors
        logger.error("photo of hidden idea %s keeps its public name", idea.pk, exc_info=True)
        return
    Idea.objects.filter(pk=idea.pk).update(image=name)
