"""Every write to the strategy goes through these functions: the admin, the API,
management commands and tasks call them, so a rule holds wherever the change comes from.

``actor=None`` means trusted system code (management commands, data loaders); every
other caller passes the user, whose permission is checked here.
"""

import datetime
import logging

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from core.exceptions import Invalid, NotAllowed, full_clean
from core.rules import require

from . import events
from .models import (
    Indicator,
    IndicatorValue,
    Measure,
    Milestone,
    OrganisationalUnit,
    ProgressUpdate,
    Status,
)
from .rules import manages_all_measures, manages_measure, may_manage_units

logger = logging.getLogger(__name__)

UNIT_PERMISSIONS = ("measures.change_measure", "measures.view_measure")


def _require_manager(actor, measure: Measure) -> None:
    if actor is not None and not manages_measure(actor, measure):
        raise NotAllowed(_("Sie dürfen diese Maßnahme nicht bearbeiten."))


def _require_strategy_staff(actor) -> None:
    if actor is not None and not manages_all_measures(actor):
        raise NotAllowed(_("Nur die Strategie-Koordination darf das ändern."))


def validate_progress_update(
    *, status: str, progress, date: datetime.date, text: str, reason: str
) -> None:
    """Raise ValidationError (per field) for an update that must not be published."""
    errors: dict[str, str] = {}
    if status not in Status.values:
        errors["status"] = _("Unbekannter Status „%(status)s“.") % {"status": status}
    if not isinstance(progress, int) or isinstance(progress, bool):
        errors["progress"] = _("Der Fortschritt muss eine ganze Zahl sein.")
    elif not 0 <= progress <= 100:
        errors["progress"] = _(
            "Der Fortschritt muss zwischen 0 und 100 %% liegen (angegeben: %(value)s)."
        ) % {"value": progress}
    if date > timezone.localdate():
        errors["date"] = _("Ein Sachstand kann nicht in der Zukunft liegen.")
    if not (text or "").strip():
        errors["text"] = _("Bitte beschreiben Sie den Sachstand.")
    if "progress" not in errors and not (reason or "").strip():
        if status == Status.COMPLETED and progress < 100:
            errors["reason"] = _(
                "Die Maßnahme wird mit %(value)s %% abgeschlossen: Bitte begründen Sie, "
                "warum sie nicht vollständig umgesetzt wurde."
            ) % {"value": progress}
        elif status == Status.DISCONTINUED:
            errors["reason"] = _("Bitte begründen Sie, warum die Maßnahme eingestellt wird.")
    if errors:
        raise Invalid(errors)


@transaction.atomic
def progress_update_publish(
    *,
    measure: Measure,
    actor,
    date: datetime.date,
    status: str,
    progress: int,
    text: str,
    reason: str = "",
) -> ProgressUpdate:
    """Publish a Sachstand for ``measure``.

    Who: administrators, strategy staff, and managers of this measure.
    Effect: the update joins the measure's public timeline; if it is the newest by date,
    it becomes the measure's current status and progress. A back-dated update fills in
    the history without overwriting a newer state.
    Notifies: sends ``events.progress_update_published`` after commit.
    """
    _require_manager(actor, measure)
    validate_progress_update(status=status, progress=progress, date=date, text=text, reason=reason)

    locked = Measure.objects.select_for_update().get(pk=measure.pk)
    update = ProgressUpdate.objects.create(
        measure=locked,
        date=date,
        status=status,
        progress=progress,
        text=text.strip(),
        reason=(reason or "").strip(),
        author=actor,
    )
    if locked.last_update_on is None or date >= locked.last_update_on:
        locked.status = status
        locked.progress = progress
        locked.last_update_on = date
        locked.save(update_fields=["status", "progress", "last_update_on", "updated_at"])
        measure.status, measure.progress, measure.last_update_on = status, progress, date

    transaction.on_commit(
        lambda: events.progress_update_published.send(
            sender=ProgressUpdate, update=update, measure=locked
        )
    )
    logger.info("progress update %s published for measure %s", update.pk, locked.code)
    return update


def _sync_unit_permissions(*, measure: Measure, old_unit: OrganisationalUnit | None) -> None:
    """The responsible unit's group may change the measure; the previous unit no longer."""
    new_unit = measure.responsible_unit
    if old_unit and old_unit.group_id and old_unit != new_unit:
        for perm in UNIT_PERMISSIONS:
            remove_perm(perm, old_unit.group, measure)
    if new_unit and new_unit.group_id:
        for perm in UNIT_PERMISSIONS:
            assign_perm(perm, new_unit.group, measure)


# Fields only strategy staff may set: they decide who manages a measure and what counts.
STAFF_ONLY_FIELDS = (
    "bundle", "code", "slug", "responsible_unit", "weight", "is_public", "successor",
    "comments_closed",
)


@transaction.atomic
def measure_save(*, measure: Measure, actor) -> Measure:
    """Create or change a measure's master data (not its status: that is a Sachstand).

    Who: strategy staff for new measures and for the fields in STAFF_ONLY_FIELDS;
    managers of the measure for the rest. Keeps the responsible unit's group
    permissions in step.
    """
    old = Measure.objects.filter(pk=measure.pk).select_related("responsible_unit").first()
    if old is None:
        _require_strategy_staff(actor)
    else:
        _require_manager(actor, old)
        attnames = [Measure._meta.get_field(name).attname for name in STAFF_ONLY_FIELDS]
        if any(getattr(old, a) != getattr(measure, a) for a in attnames):
            _require_strategy_staff(actor)
        # Status and progress change only through a published Sachstand.
        measure.status, measure.progress = old.status, old.progress
        measure.last_update_on = old.last_update_on
    full_clean(measure, exclude=["related_measures"])
    measure.save()
    _sync_unit_permissions(measure=measure, old_unit=old.responsible_unit if old else None)
    events.measure_changed.send(sender=Measure, measure=measure)
    return measure


@transaction.atomic
def measure_create(*, actor, status: str = Status.PLANNED, progress: int = 0, **fields) -> Measure:
    """A new measure with its initial state (used by imports and data loaders)."""
    _require_strategy_staff(actor)
    measure = Measure(status=status, progress=progress, **fields)
    full_clean(measure, exclude=["related_measures"])
    measure.save()
    _sync_unit_permissions(measure=measure, old_unit=None)
    events.measure_changed.send(sender=Measure, measure=measure)
    return measure


def measure_unit_permissions_sync(*, measure: Measure) -> None:
    """Re-grant the responsible unit's group its permissions (e.g. after an import)."""
    _sync_unit_permissions(measure=measure, old_unit=None)


@transaction.atomic
def organisational_unit_save(*, unit: OrganisationalUnit, actor) -> OrganisationalUnit:
    """Create or change an organisational unit. Who: ``may_manage_units``. When the
    unit's group changes, its measures move with it: the new group of managers may
    change them, the old one no longer."""
    require(may_manage_units(actor, adding=unit.pk is None))
    old_group_id = (
        OrganisationalUnit.objects.filter(pk=unit.pk).values_list("group_id", flat=True).first()
        if unit.pk is not None
        else None
    )
    full_clean(unit)
    unit.save()
    if old_group_id is not None and old_group_id != unit.group_id:
        old_group = Group.objects.filter(pk=old_group_id).first()
        for measure in unit.measures.all():
            if old_group is not None:
                for perm in UNIT_PERMISSIONS:
                    remove_perm(perm, old_group, measure)
            _sync_unit_permissions(measure=measure, old_unit=None)
    return unit


MeasurePart = Milestone | Indicator | IndicatorValue


def _measure_of(obj: MeasurePart) -> Measure:
    return obj.indicator.measure if isinstance(obj, IndicatorValue) else obj.measure


@transaction.atomic
def measure_part_save(*, obj: MeasurePart, actor) -> MeasurePart:
    """Save a milestone, indicator or indicator value of a measure the actor manages.

    Notifies: ``events.milestone_reached`` after commit when a milestone becomes completed.
    """
    measure = _measure_of(obj)
    _require_manager(actor, measure)
    if obj.pk:
        # The part must not be moved to a measure the actor does not manage.
        previous = type(obj).objects.get(pk=obj.pk)
        _require_manager(actor, _measure_of(previous))
    was_completed = (
        isinstance(obj, Milestone)
        and obj.pk
        and Milestone.objects.filter(pk=obj.pk, completed_on__isnull=False).exists()
    )
    full_clean(obj)
    obj.save()
    if isinstance(obj, Milestone) and obj.completed_on and not was_completed:
        transaction.on_commit(
            lambda: events.milestone_reached.send(sender=Milestone, milestone=obj, measure=measure)
        )
    return obj


@transaction.atomic
def measure_part_delete(*, obj: MeasurePart, actor) -> None:
    _require_manager(actor, _measure_of(obj))
    obj.delete()




