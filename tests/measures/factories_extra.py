"""Helpers for the admin tests: units with their managers and measures whose unit
holds its object permissions (as ``services.measure_save`` leaves them)."""

import csv
import io
import json

from django.contrib.auth.models import Permission
from django.forms import ModelMultipleChoiceField, MultipleChoiceField

from measures import services
from tests.factories import MeasureFactory, OrganisationalUnitFactory, StaffFactory


def unit_manager(unit=None, **kwargs):
    """A staff member of ``unit`` (new unit if none): manages what the unit's group may."""
    unit = unit or OrganisationalUnitFactory()
    user = StaffFactory(**kwargs)
    user.groups.add(unit.group)
    return user


def unit_measure(unit=None, **kwargs):
    """A measure of ``unit`` whose group holds change/view permission on it."""
    unit = unit or OrganisationalUnitFactory()
    measure = MeasureFactory(responsible_unit=unit, **kwargs)
    services.measure_unit_permissions_sync(measure=measure)
    return measure


def strategy_staff(**kwargs):
    """Staff with the global change permission (not a superuser)."""
    user = StaffFactory(**kwargs)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="measures", codename="change_measure")
    )
    return user


def csv_file(rows: list[dict], name: str = "massnahmen.csv") -> io.BytesIO:
    """A CSV upload as the admin's import form receives it."""
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    upload = io.BytesIO(text.getvalue().encode("utf-8"))
    upload.name = name
    return upload


def admin_form_data(response) -> dict:
    """The POST data of an admin change form as the browser would send it unchanged:
    the main form's and every inline formset's current values."""
    data: dict = {}
    forms = [response.context["adminform"].form]
    inlines = response.context.get("inline_admin_formsets") or []  # none on revert pages
    for inline in inlines:
        formset = inline.formset
        forms.append(formset.management_form)
        forms.extend(formset.forms)
    for form in forms:
        for name, field in form.fields.items():
            raw = form[name].value()
            if raw is None and isinstance(field, MultipleChoiceField | ModelMultipleChoiceField):
                continue  # an empty selection is not sent at all
            value = _post_value(raw)
            if value is not None:
                data[form.add_prefix(name)] = value
    return data


def _post_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else None
    if isinstance(value, dict):
        return json.dumps(value)
    if isinstance(value, list | tuple):
        return [str(getattr(item, "pk", item)) for item in value]
    return str(getattr(value, "pk", value))


def export_form_data() -> dict:
    """The admin's export form with CSV and every column ticked."""
    from measures.resources import EXPORT_FIELDS

    data = {"format": "0", "resource": "0"}
    data.update({f"measureresource_{name}": "on" for name in EXPORT_FIELDS})
    return data
