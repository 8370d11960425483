"""CSV import and export of the measure catalogue (django-import-export).

Rules of the import:

* A row is identified by ``code`` ("3.2"): a known code changes that measure, an
  unknown code creates one. Nothing is ever deleted by an import.
* Every write goes through ``services.measure_create`` / ``services.measure_save`` with
  the importing user as actor, so the same permission rules hold as in the admin form,
  and the responsible unit's group receives its object permissions.
* ``status`` and ``progress`` set the initial state of a *new* measure only. An existing
  measure's state changes only through a published Sachstand: for existing rows these
  cells must be empty or equal the current values, otherwise the row is rejected with
  a reason (nothing is ignored silently, and an exported file imports unchanged).
* All or nothing: the whole file runs in one transaction, and a single invalid row
  (unknown bundle number, progress outside 0–100, end before start, …) rolls back every
  row. The result names each bad row's number and reason.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from . import services
from .models import Measure, MeasureBundle, OrganisationalUnit, Status

EXPORT_FIELDS = (
    "code",
    "title",
    "slug",
    "bundle",
    "responsible_unit",
    "summary",
    "description",
    "status",
    "progress",
    "planned_start",
    "planned_end",
    "partners",
    "budget_planned",
    "budget_spent",
    "funding",
    "is_public",
    "weight",
)
# Master data handed to the services (everything but the id and the state).
MASTER_DATA_FIELDS = tuple(f for f in EXPORT_FIELDS if f not in ("status", "progress"))
STATE_FIELDS = ("status", "progress")


class LookupWidget(widgets.ForeignKeyWidget):
    """A foreign key by a readable key (bundle number, unit slug).

    An unknown key becomes a ValueError, which import-export reports as a validation
    error of this row and column (instead of a bare DoesNotExist traceback).
    """

    def __init__(self, model, field, message, **kwargs):
        super().__init__(model, field=field, **kwargs)
        self.message = message

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row=row, **kwargs)
        except (self.model.DoesNotExist, ValueError, TypeError) as error:
            raise ValueError(self.message % {"value": value}) from error


class MeasureResource(resources.ModelResource):
    bundle = fields.Field(
        attribute="bundle",
        column_name="bundle",
        widget=LookupWidget(
            MeasureBundle, "number", _("Es gibt kein Maßnahmenbündel mit der Nummer „%(value)s“.")
        ),
    )
    responsible_unit = fields.Field(
        attribute="responsible_unit",
        column_name="responsible_unit",
        widget=LookupWidget(
            OrganisationalUnit,
            "slug",
            _("Es gibt keine Organisationseinheit mit dem Kurznamen „%(value)s“."),
        ),
    )

    class Meta:
        model = Measure
        fields = EXPORT_FIELDS
        export_order = EXPORT_FIELDS
        import_id_fields = ("code",)
        clean_model_instances = True
        use_transactions = True
        skip_unchanged = True
        report_skipped = True

    def __init__(self, *, actor=None, **kwargs):
        """``actor``: the importing user. Without one (and without the ``user`` the
        admin passes to ``import_data``) the import runs as trusted system code."""
        super().__init__(**kwargs)
        self.actor = actor

    def get_queryset(self):
        return Measure.objects.select_related("bundle", "responsible_unit")

    # --- import -----------------------------------------------------------------------

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        """All or nothing, whatever the caller asks: one transaction, and an invalid
        row (not only a crashing one) rolls the whole file back."""
        kwargs["use_transactions"] = True
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, dry_run=dry_run, raise_errors=raise_errors, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        current = {name: getattr(instance, name) for name in STATE_FIELDS} if instance.pk else None
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if current is not None:
            self._keep_current_state(instance, row, current, errors)
        if errors:
            raise ValidationError(errors)

    def _keep_current_state(self, instance, row, current, errors) -> None:
        """An existing measure keeps its status and progress; a different value in the
        file is an error of this row, not a silent change (or a silent no-op)."""
        for name in STATE_FIELDS:
            given = row.get(name)
            changed = (
                name not in errors
                and given not in (None, "")
                and getattr(instance, name) != current[name]
            )
            if changed:
                errors[name] = [
                    ValidationError(
                        _(
                            "Status und Fortschritt einer bestehenden Maßnahme ändern sich "
                            "nur durch einen Sachstand (aktuell: %(status)s, %(progress)s %%). "
                            "Lassen Sie die Spalte leer oder übernehmen Sie den aktuellen Wert."
                        )
                        % {
                            "status": Status(current["status"]).label,
                            "progress": current["progress"],
                        },
                        code="state_change",
                    )
                ]
            setattr(instance, name, current[name])

    def _actor(self, kwargs):
        return self.actor if self.actor is not None else kwargs.get("user")

    def save_instance(self, instance, is_create, row, **kwargs):
        # Dry runs save too: import_data runs them in a transaction that is rolled back,
        # so the preview reports what the services would refuse.
        actor = self._actor(kwargs)
        if is_create:
            created = services.measure_create(
                actor=actor,
                status=instance.status or Status.PLANNED,
                progress=instance.progress if instance.progress is not None else 0,
                **{name: getattr(instance, name) for name in MASTER_DATA_FIELDS},
            )
            instance.pk = created.pk
            instance.sort_key = created.sort_key
            instance.created_at, instance.updated_at = created.created_at, created.updated_at
            instance._state.adding = False
            instance._state.db = created._state.db
        else:
            services.measure_save(measure=instance, actor=actor)
