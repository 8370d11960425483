"""Every write to participation projects goes through these functions: the admin, data
loaders and any future API call them, so a rule holds wherever the change comes from.

``actor=None`` means trusted system code (management commands, data loaders); every
other caller passes the user, whose permission is checked here. Projects, their phases
and their moderators are managed by administrators: staff holding Django's model
permissions on projects (superusers hold all). Moderators of a project (object
permission ``projects.moderate_project``) moderate its content; they do not manage it.
"""

import datetime
import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.gis.geos import Polygon
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from core.exceptions import Invalid, NotAllowed, full_clean
from core.rules import require
from geo.validation import validate_geojson_geometry

from . import events
from .models import Category, Phase, Project
from .rules import MODERATE_PROJECT, manages_projects, may_manage_projects

logger = logging.getLogger(__name__)

# Longitude/latitude box around Jena (west, south, east, north): a project area must lie
# in it at least in part. The same box limits the admin's map (LEAFLET_CONFIG).
JENA_BOUNDS_FALLBACK = (11.48, 50.85, 11.69, 51.00)


def jena_bounds() -> tuple[float, float, float, float]:
    return tuple(settings.LEAFLET_CONFIG.get("SPATIAL_EXTENT", JENA_BOUNDS_FALLBACK))


# --- rules ---------------------------------------------------------------------------------


def validate_project_area(area) -> None:
    """An area is empty (the whole city) or a valid (Multi)Polygon that lies in Jena.

    Raises ValidationError with a message an editor can act on.
    """
    if area in (None, "", {}):
        return
    geometry = validate_geojson_geometry(area, allowed_types=("Polygon", "MultiPolygon"))
    west, south, east, north = jena_bounds()
    if not geometry.intersects(Polygon.from_bbox((west, south, east, north))):
        xmin, ymin, xmax, ymax = geometry.extent
        raise Invalid(
            _(
                "Das Gebiet liegt nicht in Jena: Es reicht von %(xmin)s° bis %(xmax)s° Ost und "
                "%(ymin)s° bis %(ymax)s° Nord, Jena liegt zwischen %(west)s° und %(east)s° Ost "
                "und %(south)s° und %(north)s° Nord. Sind Längen- und Breitengrad vertauscht?"
            )
            % {
                "xmin": _number(xmin),
                "xmax": _number(xmax),
                "ymin": _number(ymin),
                "ymax": _number(ymax),
                "west": _number(west),
                "east": _number(east),
                "south": _number(south),
                "north": _number(north),
            }
        )


def _number(value: float) -> str:
    return formats.number_format(round(value, 2), decimal_pos=2, use_l10n=True)


def _when(value: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


def phase_field_errors(phase: Phase) -> dict[str, list[str]]:
    """The rules one phase must meet on its own (no query): end after start, votes per
    person only where supporting is allowed."""
    errors: dict[str, list[str]] = {}
    if phase.start and phase.end and phase.end <= phase.start:
        errors["end"] = [
            _("Das Ende (%(end)s) muss nach dem Beginn (%(start)s) liegen.")
            % {"end": _when(phase.end), "start": _when(phase.start)}
        ]
    if phase.votes_per_person is not None:
        if not phase.allows_votes:
            errors["votes_per_person"] = [
                _(
                    "Stimmen je Person gibt es nur in einer Phase, in der man Ideen "
                    "unterstützen kann. Erlauben Sie das Unterstützen oder lassen Sie das "
                    "Feld leer."
                )
            ]
        elif phase.votes_per_person < 1:
            errors["votes_per_person"] = [
                _("Jede Person braucht mindestens eine Stimme; leer heißt: beliebig viele.")
            ]
    if phase.min_age is not None and not 1 <= phase.min_age <= 120:
        errors["min_age"] = [_("Bitte geben Sie ein Mindestalter zwischen 1 und 120 Jahren an.")]
    if phase.age_key_date and not phase.min_age:
        errors["age_key_date"] = [
            _("Ein Stichtag gilt nur mit einem Mindestalter. Geben Sie eines an oder lassen "
              "Sie den Stichtag leer.")
        ]
    return errors


def overlapping_phase(phase: Phase, others: Iterable[Phase]) -> Phase | None:
    """The first of ``others`` (other phases of the same project) that overlaps ``phase``.
    A phase may start exactly when the previous one ends."""
    for other in sorted(others, key=lambda p: (p.start, p.pk or 0)):
        if other is phase or (phase.pk and other.pk == phase.pk):
            continue
        if other.start < phase.end and phase.start < other.end:
            return other
    return None


def overlap_message(phase: Phase, other: Phase) -> str:
    return _(
        "Die Phase „%(phase)s“ überschneidet sich mit der Phase „%(other)s“ (%(start)s bis "
        "%(end)s). Die Phasen eines Projekts dürfen sich nicht überschneiden; eine Phase "
        "darf aber genau dann beginnen, wenn die vorige endet."
    ) % {
        "phase": phase.display_title,
        "other": other.display_title,
        "start": _when(other.start),
        "end": _when(other.end),
    }


def _validate_phase(phase: Phase, others: Iterable[Phase]) -> None:
    errors = phase_field_errors(phase)
    # Fields with an error of ours are left out, and with them the CHECK constraint on
    # them, so each problem is reported once and in our words.
    try:
        phase.full_clean(exclude=list(errors))
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise Invalid(errors)
    other = overlapping_phase(phase, others)
    if other is not None:
        raise Invalid(overlap_message(phase, other))


# --- projects ------------------------------------------------------------------------------


# Paths under /beteiligung/ that belong to pages of the portal, not to a project.
RESERVED_SLUGS = frozenset(
    {"abonnements", "benachrichtigungen", "kommentare", "melden", "moderation"}
)


@transaction.atomic
def project_save(*, project: Project, actor) -> Project:
    """Create or change a project's master data: texts, image, unit, area.

    Who: administrators of participation (staff with the add/change permission).
    The area must be empty (the whole city) or a valid polygon in Jena. The status is
    not changed here: a new project starts as a draft, and ``project_publish`` /
    ``project_unpublish`` change it. Links to measures and districts (many-to-many) are
    set by the caller after saving, as Django's forms do.
    """
    old = Project.objects.filter(pk=project.pk).first() if project.pk else None
    if actor is not None:
        require(may_manage_projects(actor, adding=old is None))
    errors: dict[str, list[str]] = {}
    try:
        validate_project_area(project.area)
    except ValidationError as error:
        errors["area"] = error.messages
    if project.slug in RESERVED_SLUGS:
        errors["slug"] = [
            _(
                "„%(slug)s“ ist für eine Seite des Portals reserviert; bitte wählen Sie "
                "einen anderen Kurznamen."
            )
            % {"slug": project.slug}
        ]
    if project.image and not (project.image_alt or "").strip():
        errors["image_alt"] = [
            _(
                "Bitte beschreiben Sie das Bild in einem Satz (Alternativtext), damit auch "
                "Menschen, die es nicht sehen, wissen, was es zeigt."
            )
        ]
    project.status = old.status if old is not None else Project.Status.DRAFT
    try:
        project.full_clean(exclude=list(errors))
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise Invalid(errors)
    project.save()
    events.project_changed.send(sender=Project, project=project)
    logger.info("project %s saved", project.slug)
    return project


@transaction.atomic
def project_publish(*, project: Project, actor) -> Project:
    """Publish a project: from now on everyone sees it, and its phases take effect.

    Who: administrators of participation. Needs at least one phase.
    """
    if actor is not None:
        require(may_manage_projects(actor))
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if not locked.phases.exists():
        raise Invalid(
            _(
                "Das Projekt „%(title)s“ hat noch keine Phase. Legen Sie mindestens eine "
                "Phase an, bevor Sie es veröffentlichen: Sie sagt, wann man was tun kann."
            )
            % {"title": locked.title}
        )
    if locked.status != Project.Status.PUBLISHED:
        locked.status = Project.Status.PUBLISHED
        locked.save(update_fields=["status", "updated_at"])
        logger.info("project %s published", locked.slug)
        events.project_changed.send(sender=Project, project=locked)
    project.status = locked.status
    return project


@transaction.atomic
def project_unpublish(*, project: Project, actor) -> Project:
    """Take a project back to draft: only its moderators and administrators see it, and
    nobody can take part until it is published again.

    Who: administrators of participation.
    """
    if actor is not None:
        require(may_manage_projects(actor))
    updated = Project.objects.filter(pk=project.pk).exclude(status=Project.Status.DRAFT)
    if updated.update(status=Project.Status.DRAFT, updated_at=timezone.now()):
        logger.info("project %s back to draft", project.slug)
        events.project_changed.send(sender=Project, project=project)
    project.status = Project.Status.DRAFT
    return project


@transaction.atomic
def project_delete(*, project: Project, actor) -> None:
    """Delete a project with its phases, categories and everything residents added to it.

    Who: administrators holding the delete permission.
    """
    if actor is not None and not (
        manages_projects(actor) and actor.has_perm("projects.delete_project")
    ):
        raise NotAllowed(_("Sie dürfen Beteiligungsprojekte nicht löschen."))
    logger.info("project %s deleted", project.slug)
    project.delete()


@transaction.atomic
def project_categories_save(
    *, project: Project, categories: list[Category], deleted: list[Category], actor
) -> list[Category]:
    """Save the idea categories of ``project`` (the admin's inline rows).

    Who: administrators of participation. A category's short name is unique per project.
    """
    if actor is not None:
        require(may_manage_projects(actor))
    Category.objects.filter(pk__in=[c.pk for c in deleted if c.pk], project=project).delete()
    for category in categories:
        category.project = project
        full_clean(category)
        category.save()
    events.project_changed.send(sender=Project, project=project)
    return categories


# --- phases --------------------------------------------------------------------------------


@transaction.atomic
def phase_save(*, phase: Phase, actor) -> Phase:
    """Create or change one phase of a project.

    Who: administrators of participation. Rules: the end lies after the start; the
    phases of a project do not overlap (the message names the other phase); votes per
    person only in a phase that allows supporting ideas.
    """
    if actor is not None:
        require(may_manage_projects(actor))
    # Lock the project so two editors cannot add overlapping phases at the same time.
    Project.objects.select_for_update().filter(pk=phase.project_id).first()
    others = Phase.objects.filter(project_id=phase.project_id).exclude(pk=phase.pk)
    _validate_phase(phase, list(others))
    phase.save()
    events.project_changed.send(sender=Project, project=phase.project)
    return phase


@transaction.atomic
def project_phases_save(
    *, project: Project, phases: list[Phase], deleted: list[Phase], actor
) -> list[Phase]:
    """Save several phases of ``project`` at once (the admin's inline rows): the rules
    are checked against the phases as they will be after the change, so two phases can
    swap their dates in one go.

    Who: administrators of participation. A published project keeps at least one phase.
    """
    if actor is not None:
        require(may_manage_projects(actor))
    Project.objects.select_for_update().filter(pk=project.pk).first()
    deleted_pks = {phase.pk for phase in deleted if phase.pk}
    changed_pks = {phase.pk for phase in phases if phase.pk}
    for phase in phases:
        phase.project = project
    unchanged = list(
        Phase.objects.filter(project=project).exclude(pk__in=deleted_pks | changed_pks)
    )
    final = unchanged + list(phases)
    for phase in phases:
        _validate_phase(phase, [other for other in final if other is not phase])
    if project.status == Project.Status.PUBLISHED and not final:
        raise Invalid(
            _(
                "Ein veröffentlichtes Projekt braucht mindestens eine Phase. Nehmen Sie es "
                "zuerst zurück (Entwurf), wenn es keine Phase mehr haben soll."
            )
        )
    Phase.objects.filter(pk__in=deleted_pks, project=project).delete()
    for phase in phases:
        phase.save()
    events.project_changed.send(sender=Project, project=project)
    return phases


@transaction.atomic
def phase_delete(*, phase: Phase, actor) -> None:
    """Delete a phase. Who: administrators. A published project keeps at least one."""
    if actor is not None:
        require(may_manage_projects(actor))
    project = Project.objects.select_for_update().get(pk=phase.project_id)
    if (
        project.status == Project.Status.PUBLISHED
        and not project.phases.exclude(pk=phase.pk).exists()
    ):
        raise Invalid(
            _("Die letzte Phase eines veröffentlichten Projekts kann nicht gelöscht werden.")
        )
    phase.delete()
    events.project_changed.send(sender=Project, project=project)


# --- moderators ----------------------------------------------------------------------------


def _holder_label(holder) -> str:
    if isinstance(holder, Group):
        return _("die Gruppe „%(name)s“") % {"name": holder.name}
    return str(getattr(holder, "public_name", "") or holder)


@transaction.atomic
def project_moderator_grant(*, project: Project, holder, actor) -> None:
    """Make ``holder`` (a user or a group) moderator of ``project`` (guardian object
    permission ``projects.moderate_project``). Moderators hide and restore content,
    answer reports and give official responses in this project only.

    Who: administrators of participation.
    """
    if actor is not None:
        require(may_manage_projects(actor))
    if not isinstance(holder, Group) and not holder.is_active:
        raise Invalid(
            _("%(holder)s ist deaktiviert und kann nicht moderieren.")
            % {"holder": _holder_label(holder)}
        )
    assign_perm(MODERATE_PROJECT, holder, project)
    logger.info("moderation of project %s granted to %s", project.slug, holder)


@transaction.atomic
def project_moderator_revoke(*, project: Project, holder, actor) -> None:
    """Take the moderation of ``project`` from ``holder`` (a user or a group). A person
    who moderates through a group keeps it until they leave the group.

    Who: administrators of participation.
    """
    if actor is not None:
        require(may_manage_projects(actor))
    remove_perm(MODERATE_PROJECT, holder, project)
    logger.info("moderation of project %s revoked from %s", project.slug, holder)
