"""Every write to an idea: propose, edit, delete, and the city's status and response.

The HTML views, the admin and (later) the API call these functions, so the rules hold
wherever a change comes from: who may act (a signed-in resident with a verified e-mail,
the author, a moderator of the idea's project, staff), when (the ideas phase), and where
(inside the project's area). Bad input raises ``Invalid`` (a ValidationError
whose messages are keyed by form field), refusals raise ``NotAllowed`` or ``Closed``,
all with messages a resident understands. None of them sends mail yet (notifications
come with their own issue).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry, Point, Polygon
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core import ratelimit
from core.exceptions import Closed, Invalid, NotAllowed
from core.rules import has_verified_email
from geo.models import District
from geo.selectors import district_for_point
from geo.services import CITY_BOUNDS
from geo.validation import geometry_from_geojson, validate_geojson_geometry
from measures.models import Measure
from participation.ideas import events
from participation.ideas.images import clean_idea_image
from participation.ideas.models import Idea, IdeaStatus
from participation.ideas.rules import moderates_ideas_of
from projects.models import Category, Project
from projects.phases import next_phase_allowing, phase_allowing

logger = logging.getLogger(__name__)


class OutsideProjectArea(Invalid):
    """The idea's point lies outside the project's area (messages keyed by field)."""

TITLE_MAX = Idea._meta.get_field("title").max_length
TEXT_MAX = Idea._meta.get_field("text").max_length
PLACE_MAX = Idea._meta.get_field("place_description").max_length
IMAGE_ALT_MAX = Idea._meta.get_field("image_alt").max_length
RESPONSE_MAX = 5000
# Ideas that a measure may take up ("what became of my idea").
MEASURE_STATUSES = (IdeaStatus.ACCEPTED, IdeaStatus.IMPLEMENTED)


# --- Who may do what (also used by the pages to show or hide buttons) ---------------------


@dataclass(frozen=True)
class Refusal:
    """Why someone may not propose an idea now. ``code``: "login", "verify" or "phase"."""

    code: str
    message: str


def _is_active_user(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _phase_closed_message(project: Project, *, verb: str = "create") -> str:
    if verb == "create":
        message = _("Ideen können in diesem Projekt derzeit nicht eingereicht werden.")
    elif verb == "update":
        message = _("Ideen können nur bearbeitet werden, solange die Ideenphase läuft.")
    else:
        message = _("Ideen können nur gelöscht werden, solange die Ideenphase läuft.")
    upcoming = next_phase_allowing(project, "ideas")
    if project.status == Project.Status.PUBLISHED and upcoming is not None:
        start = timezone.localtime(upcoming.start)
        return "{} {}".format(
            message,
            _("Die nächste Möglichkeit gibt es ab %(date)s (Phase „%(phase)s“).")
            % {
                "date": formats.date_format(start, "DATETIME_FORMAT"),
                "phase": upcoming.display_title,
            },
        )
    return "{} {}".format(message, _("Eine weitere Ideenphase ist nicht geplant."))


def idea_create_refusal(*, user, project: Project) -> Refusal | None:
    """None when ``user`` may propose an idea in ``project`` now, else the reason. A
    closed phase comes first: signing in would not help then."""
    if phase_allowing(project, "ideas") is None:
        return Refusal("phase", _phase_closed_message(project))
    if not _is_active_user(user):
        return Refusal("login", _("Bitte melden Sie sich an, um eine Idee einzureichen."))
    if not has_verified_email(user):
        return Refusal(
            "verify",
            _(
                "Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse; danach können Sie Ideen "
                "einreichen."
            ),
        )
    return None


def idea_update_refusal(*, user, idea: Idea) -> str | None:
    """None when ``user`` may edit ``idea`` now (its author, ideas phase open), else why not."""
    if not _is_active_user(user) or idea.author_id != user.pk:
        return _("Nur wer die Idee eingereicht hat, kann sie bearbeiten.")
    if not has_verified_email(user):
        return _("Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse, um Ideen zu bearbeiten.")
    if phase_allowing(idea.project, "ideas") is None:
        return _phase_closed_message(idea.project, verb="update")
    return None


def idea_delete_refusal(*, user, idea: Idea) -> str | None:
    """None when ``user`` may delete ``idea`` now, else why not: the author while the ideas
    phase is open; moderators of the project (and global moderators) always."""
    if not _is_active_user(user):
        return _("Bitte melden Sie sich an, um Ideen zu löschen.")
    if moderates_ideas_of(user, idea.project):
        return None
    if idea.author_id != user.pk:
        return _("Nur wer die Idee eingereicht hat, kann sie löschen.")
    if phase_allowing(idea.project, "ideas") is None:
        return _phase_closed_message(idea.project, verb="delete")
    return None


def can_edit_idea(user, idea: Idea) -> bool:
    return idea_update_refusal(user=user, idea=idea) is None


def can_delete_idea(user, idea: Idea) -> bool:
    return idea_delete_refusal(user=user, idea=idea) is None


def can_respond_to_idea(user, idea: Idea) -> bool:
    return moderates_ideas_of(user, idea.project)


# --- Validation ---------------------------------------------------------------------------


def _plain(value: str | None) -> str:
    # PostgreSQL refuses NUL characters in text; nobody types them on purpose.
    return (value or "").replace("\x00", "").strip()


def _project_area(project: Project) -> GEOSGeometry | None:
    if not project.area:
        return None
    try:
        return geometry_from_geojson(project.area)
    except ValidationError:
        logger.warning("Project %s has an unreadable area; the whole city counts.", project.pk)
        return None


def _city_box() -> Polygon:
    return Polygon.from_bbox(CITY_BOUNDS)


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


@dataclass
class _Place:
    location: dict | None
    district: District | None
    place_description: str


def _validate_place(
    *,
    project: Project,
    location,
    district: District | None,
    place_description: str,
    errors: dict[str, list[str]],
) -> tuple[_Place, bool]:
    """The place of an idea; the bool is True when the point lies outside the area."""
    place_description = _plain(place_description)
    if len(place_description) > PLACE_MAX:
        errors.setdefault("place_description", []).append(
            _("Die Ortsbeschreibung darf höchstens %(max)d Zeichen lang sein.") % {"max": PLACE_MAX}
        )
    project_districts = list(project.districts.all())
    if location:
        try:
            point = validate_geojson_geometry(location, allowed_types=("Point",))
        except ValidationError as exc:
            errors.setdefault("location", []).extend(exc.messages)
            return _Place(None, district, place_description), False
        lon, lat = point.x, point.y
        derived = district_for_point(lon=lon, lat=lat)
        area = _project_area(project)
        if area is not None:
            inside = area.covers(point)
        elif project_districts:
            inside = derived is not None and derived.pk in {d.pk for d in project_districts}
        else:
            inside = derived is not None or _city_box().covers(Point(lon, lat, srid=4326))
        if not inside:
            errors.setdefault("location", []).append(_outside_message(project))
            return _Place(None, district, place_description), True
        clean = {"type": "Point", "coordinates": [round(lon, 7), round(lat, 7)]}
        return _Place(clean, derived or district, place_description), False

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
    return _Place(None, district, place_description), False


@dataclass
class _IdeaFields:
    title: str
    text: str
    category: Category | None
    place: _Place
    image: object | None
    image_alt: str


def _validate(
    *,
    project: Project,
    title: str,
    text: str,
    category: Category | None,
    location,
    district: District | None,
    place_description: str,
    image,
    image_alt: str,
    keeps_image: bool = False,
) -> _IdeaFields:
    errors: dict[str, list[str]] = {}
    title, text, image_alt = _plain(title), _plain(text), _plain(image_alt)
    if not title:
        errors["title"] = [_("Bitte geben Sie Ihrer Idee einen Titel.")]
    elif len(title) > TITLE_MAX:
        errors["title"] = [
            _("Der Titel darf höchstens %(max)d Zeichen lang sein (jetzt: %(length)d).")
            % {"max": TITLE_MAX, "length": len(title)}
        ]
    if not text:
        errors["text"] = [_("Bitte beschreiben Sie Ihre Idee.")]
    elif len(text) > TEXT_MAX:
        errors["text"] = [
            _("Die Beschreibung darf höchstens %(max)d Zeichen lang sein (jetzt: %(length)d).")
            % {"max": TEXT_MAX, "length": len(text)}
        ]
    if category is not None and category.project_id != project.pk:
        errors["category"] = [_("Diese Kategorie gehört nicht zu diesem Projekt.")]

    place, outside = _validate_place(
        project=project,
        location=location,
        district=district,
        place_description=place_description,
        errors=errors,
    )

    cleaned_image = None
    if image:
        try:
            cleaned_image = clean_idea_image(image)
        except ValidationError as exc:
            errors["image"] = exc.messages
    if (image or keeps_image) and not image_alt:
        errors["image_alt"] = [
            _(
                "Bitte beschreiben Sie kurz, was auf dem Bild zu sehen ist – für Menschen, "
                "die es nicht sehen können."
            )
        ]
    elif len(image_alt) > IMAGE_ALT_MAX:
        errors["image_alt"] = [
            _("Die Bildbeschreibung darf höchstens %(max)d Zeichen lang sein.")
            % {"max": IMAGE_ALT_MAX}
        ]

    if errors:
        raise (OutsideProjectArea if outside else Invalid)(errors)
    return _IdeaFields(
        title=title,
        text=text,
        category=category,
        place=place,
        image=cleaned_image,
        image_alt=image_alt if (image or keeps_image) else "",
    )


def _require_participant(user, *, action: str) -> None:
    if not _is_active_user(user):
        raise NotAllowed(_("Bitte melden Sie sich an, um %(action)s.") % {"action": action})
    if not has_verified_email(user):
        raise NotAllowed(
            _("Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse, um %(action)s.")
            % {"action": action}
        )


def _delete_file_on_commit(field_file) -> None:
    if not field_file:
        return
    storage, name = field_file.storage, field_file.name
    transaction.on_commit(lambda: storage.delete(name))


# --- Writes -------------------------------------------------------------------------------


@transaction.atomic
def _check_photo_quota(author, *, image, replacing: Idea | None = None) -> None:
    """At most PHOTO_QUOTA_PER_PERSON stored idea photos per person (a new photo on an
    idea that already has one replaces it and does not count twice)."""
    if not image:
        return
    photos = Idea.objects.filter(author=author).exclude(image="")
    if replacing is not None:
        photos = photos.exclude(pk=replacing.pk)
    if photos.count() >= settings.PHOTO_QUOTA_PER_PERSON:
        raise Invalid(
            {
                "image": _(
                    "Sie haben bereits %(count)s Fotos hochgeladen, so viele wie möglich. "
                    "Entfernen Sie ein Foto aus einer früheren Idee, um ein neues hochzuladen."
                )
                % {"count": settings.PHOTO_QUOTA_PER_PERSON}
            },
            code="photo_quota",
        )


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
    while a phase of the (published) project allows ideas.

    ``location`` is a GeoJSON point (WGS 84) inside the project's area; its district is
    derived from it. Without a point, ``district`` and ``place_description`` are needed.
    ``image`` (an upload) is checked by content and stored without metadata; it needs
    ``image_alt``. The text is stored as typed (plain text; pages escape it).
    Notifies nobody (yet).
    """
    _require_participant(author, action=_("eine Idee einzureichen"))
    if phase_allowing(project, "ideas") is None:
        raise Closed(_phase_closed_message(project))
    fields = _validate(
        project=project,
        title=title,
        text=text,
        category=category,
        location=location,
        district=district,
        place_description=place_description,
        image=image,
        image_alt=image_alt,
    )
    _check_photo_quota(author, image=image)
    ratelimit.enforce("idea", author)
    idea = Idea(
        project=project,
        author=author,
        title=fields.title,
        text=fields.text,
        category=fields.category,
        location=fields.place.location,
        district=fields.place.district,
        place_description=fields.place.place_description,
        image_alt=fields.image_alt,
    )
    if fields.image is not None:
        idea.image.save(fields.image.name, fields.image, save=False)
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
    """Edit an idea. Caller: its author, while the ideas phase is open; the same rules as
    ``idea_create``. Without ``image`` the stored picture stays (and still needs
    ``image_alt``) unless ``remove_image``. Notifies nobody (yet)."""
    _require_participant(actor, action=_("Ideen zu bearbeiten"))
    if idea.author_id != actor.pk:
        raise NotAllowed(_("Nur wer die Idee eingereicht hat, kann sie bearbeiten."))
    if phase_allowing(idea.project, "ideas") is None:
        raise Closed(_phase_closed_message(idea.project, verb="update"))
    keeps_image = bool(idea.image) and not remove_image and not image
    fields = _validate(
        project=idea.project,
        title=title,
        text=text,
        category=category,
        location=location,
        district=district,
        place_description=place_description,
        image=image,
        image_alt=image_alt,
        keeps_image=keeps_image,
    )
    _check_photo_quota(actor, image=image, replacing=idea)
    idea.title = fields.title
    idea.text = fields.text
    idea.category = fields.category
    idea.location = fields.place.location
    idea.district = fields.place.district
    idea.place_description = fields.place.place_description
    idea.image_alt = fields.image_alt
    if fields.image is not None or remove_image:
        _delete_file_on_commit(idea.image)
        idea.image = None
    if fields.image is not None:
        idea.image.save(fields.image.name, fields.image, save=False)
    idea.save()
    return idea


@transaction.atomic
def idea_delete(*, idea: Idea, actor) -> None:
    """Delete an idea with its comments, votes and reports. Caller: its author while the
    ideas phase is open; moderators of the project (and global moderators) at any time. The picture
    file goes once the deletion is committed. Notifies nobody (yet)."""
    if not _is_active_user(actor):
        raise NotAllowed(_("Bitte melden Sie sich an, um Ideen zu löschen."))
    if not moderates_ideas_of(actor, idea.project):
        if idea.author_id != actor.pk:
            raise NotAllowed(_("Nur wer die Idee eingereicht hat, kann sie löschen."))
        if phase_allowing(idea.project, "ideas") is None:
            raise Closed(_phase_closed_message(idea.project, verb="delete"))
    _delete_file_on_commit(idea.image)
    idea.delete()


def validate_status_and_response(
    *, status: str, official_response: str, measure: Measure | None
) -> str:
    """Raise Invalid (per field) for a status/response that must not be saved;
    return the cleaned response text. Shared with the admin form, which shows the errors
    beside the fields."""
    errors: dict[str, list[str]] = {}
    if status not in IdeaStatus.values:
        errors["status"] = [_("Unbekannter Status „%(status)s“.") % {"status": status}]
    response = _plain(official_response)
    if len(response) > RESPONSE_MAX:
        errors["official_response"] = [
            _("Die Antwort darf höchstens %(max)d Zeichen lang sein.") % {"max": RESPONSE_MAX}
        ]
    if measure is not None and status not in MEASURE_STATUSES:
        errors["measure"] = [
            _(
                "Eine Maßnahme kann nur mit einer angenommenen oder umgesetzten Idee verknüpft "
                "werden. Bitte ändern Sie den Status oder entfernen Sie die Maßnahme."
            )
        ]
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
    takes it up. Caller: moderators of the idea's project and staff. The responder and
    the time are recorded when the response text changes. A measure can be linked only to
    accepted or implemented ideas. Notifies nobody (yet)."""
    if not moderates_ideas_of(actor, idea.project):
        raise NotAllowed(
            _("Nur die Moderation dieses Projekts kann Ideen beantworten und ihren Status ändern.")
        )
    response = validate_status_and_response(
        status=status, official_response=official_response, measure=measure
    )
    changed = status != idea.status or response != idea.official_response
    if response != idea.official_response:
        idea.official_response = response
        idea.official_response_by = actor if response else None
        idea.official_response_at = timezone.now() if response else None
    idea.status = status
    idea.measure = measure
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
