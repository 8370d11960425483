"""Object permissions in the admin, seen from the outside: manager A reaches none of unit
B's measures, updates, milestones or indicators — not by list, URL, form or action."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm

from measures.models import Measure, Milestone, ProgressUpdate, Status
from tests.factories import (
    IndicatorFactory,
    IndicatorValueFactory,
    MilestoneFactory,
    OrganisationalUnitFactory,
    ProgressUpdateFactory,
    StaffFactory,
    SuperuserFactory,
    UserFactory,
)
from tests.measures.factories_extra import (
    admin_form_data,
    export_form_data,
    strategy_staff,
    unit_manager,
    unit_measure,
)

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"admin:measures_{name}", args=args)


def shown_pks(response):
    return {row.pk for row in response.context["cl"].result_list}


class Units:
    """Unit A with its manager and measure; unit B with its measure and parts."""

    def __init__(self):
        self.unit_a = OrganisationalUnitFactory(name="Fachdienst A")
        self.unit_b = OrganisationalUnitFactory(name="Fachdienst B")
        self.manager_a = unit_manager(self.unit_a, display_name="Manager A")
        self.measure_a = unit_measure(self.unit_a, code="1.1", title="Maßnahme von A")
        self.measure_b = unit_measure(self.unit_b, code="2.1", title="Maßnahme von B")
        self.milestone_a = MilestoneFactory(measure=self.measure_a, title="Meilenstein A")
        self.milestone_b = MilestoneFactory(measure=self.measure_b, title="Meilenstein B")
        self.indicator_a = IndicatorFactory(measure=self.measure_a, name="Indikator A")
        self.indicator_b = IndicatorFactory(measure=self.measure_b, name="Indikator B")
        self.value_b = IndicatorValueFactory(indicator=self.indicator_b)
        self.update_a = ProgressUpdateFactory(measure=self.measure_a)
        self.update_b = ProgressUpdateFactory(measure=self.measure_b)


@pytest.fixture
def units():
    return Units()


@pytest.fixture
def as_manager_a(client, units):
    client.force_login(units.manager_a)
    return client


# --- who gets into the admin at all


def test_anonymous_visitor_is_sent_to_the_admin_login(client, units):
    response = client.get(url("measure_changelist"))

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_resident_is_sent_to_the_admin_login(client, units):
    client.force_login(UserFactory())

    response = client.get(url("measure_change", units.measure_a.pk))

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_staff_without_any_permission_sees_no_measures(client, units):
    client.force_login(StaffFactory())

    index = client.get(reverse("admin:index"))
    changelist = client.get(url("measure_changelist"))
    change = client.get(url("measure_change", units.measure_a.pk))

    assert url("measure_changelist") not in index.content.decode()
    assert changelist.status_code == 403
    assert change.status_code in (302, 403)
    assert "Maßnahme von A" not in change.content.decode()


def test_manager_sees_the_tracker_modules_on_the_admin_index(as_manager_a):
    content = as_manager_a.get(reverse("admin:index")).content.decode()

    for name in ("measure", "progressupdate", "indicator", "milestone"):
        assert url(f"{name}_changelist") in content
    for name in ("organisationalunit", "measurebundle", "corearea", "fieldofaction"):
        assert url(f"{name}_changelist") not in content


# --- lists


def test_manager_lists_only_their_units_measures(as_manager_a, units):
    response = as_manager_a.get(url("measure_changelist"))

    assert shown_pks(response) == {units.measure_a.pk}
    assert "Maßnahme von B" not in response.content.decode()


def test_manager_with_a_personal_object_permission_lists_that_measure(client, units):
    person = StaffFactory()
    assign_perm("measures.change_measure", person, units.measure_b)
    client.force_login(person)

    response = client.get(url("measure_changelist"))

    assert shown_pks(response) == {units.measure_b.pk}


@pytest.mark.parametrize(
    ("changelist", "mine", "theirs"),
    [
        ("progressupdate_changelist", "update_a", "update_b"),
        ("milestone_changelist", "milestone_a", "milestone_b"),
        ("indicator_changelist", "indicator_a", "indicator_b"),
    ],
)
def test_manager_lists_only_the_parts_of_their_measures(
    as_manager_a, units, changelist, mine, theirs
):
    response = as_manager_a.get(url(changelist))

    assert shown_pks(response) == {getattr(units, mine).pk}


def test_superuser_lists_every_measure(client, units):
    client.force_login(SuperuserFactory())

    response = client.get(url("measure_changelist"))

    assert shown_pks(response) == {units.measure_a.pk, units.measure_b.pk}


def test_strategy_staff_list_every_measure_and_may_import(client, units):
    client.force_login(strategy_staff())

    response = client.get(url("measure_changelist"))

    assert shown_pks(response) == {units.measure_a.pk, units.measure_b.pk}
    assert client.get(url("measure_import")).status_code == 200


# --- another unit's objects by URL


@pytest.mark.parametrize(
    ("view", "attribute"),
    [
        ("measure_change", "measure_b"),
        ("measure_history", "measure_b"),
        ("measure_permissions", "measure_b"),
        ("measure_delete", "measure_b"),
        ("progressupdate_change", "update_b"),
        ("milestone_change", "milestone_b"),
        ("milestone_history", "milestone_b"),
        ("milestone_delete", "milestone_b"),
        ("indicator_change", "indicator_b"),
        ("indicator_history", "indicator_b"),
    ],
)
def test_manager_cannot_open_another_units_object(as_manager_a, units, view, attribute):
    obj = getattr(units, attribute)

    response = as_manager_a.get(url(view, obj.pk))

    assert response.status_code in (302, 403, 404)
    if response.status_code == 302:
        assert response["Location"] == reverse("admin:index")
    content = response.content.decode()
    for name_of_b in ("Maßnahme von B", "Meilenstein B", "Indikator B"):
        assert name_of_b not in content


def test_manager_opens_their_own_measure_without_object_permission_tools(as_manager_a, units):
    response = as_manager_a.get(url("measure_change", units.measure_a.pk))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Neuen Sachstand veröffentlichen" in content
    assert url("measure_permissions", units.measure_a.pk) not in content
    assert as_manager_a.get(url("measure_permissions", units.measure_a.pk)).status_code == 403
    assert as_manager_a.get(url("measure_history", units.measure_a.pk)).status_code == 200


def test_manager_cannot_change_another_units_measure_by_post(as_manager_a, client, units):
    admin_client = client.__class__()
    admin_client.force_login(SuperuserFactory())
    data = admin_form_data(admin_client.get(url("measure_change", units.measure_b.pk)))
    data["title_de"] = "Von A übernommen"

    response = as_manager_a.post(url("measure_change", units.measure_b.pk), data)

    assert response.status_code in (302, 403, 404)
    assert Measure.objects.get(pk=units.measure_b.pk).title == "Maßnahme von B"


def test_manager_cannot_change_staff_only_fields(as_manager_a, units):
    data = admin_form_data(as_manager_a.get(url("measure_change", units.measure_a.pk)))
    data.update(
        {
            "title_de": "Neuer Titel von A",
            "responsible_unit": units.unit_b.pk,
            "code": "9.99",
            "is_public": "",
            "weight": "5",
            "status": Status.COMPLETED,
            "progress": "100",
        }
    )

    response = as_manager_a.post(url("measure_change", units.measure_a.pk), data)

    assert response.status_code == 302
    measure = Measure.objects.get(pk=units.measure_a.pk)
    assert measure.title == "Neuer Titel von A"
    assert measure.responsible_unit == units.unit_a
    assert measure.code == "1.1"
    assert measure.is_public is True
    assert (measure.status, measure.progress) == (Status.IN_PROGRESS, 40)


def test_manager_sees_staff_only_fields_read_only(as_manager_a, units):
    response = as_manager_a.get(url("measure_change", units.measure_a.pk))

    form_fields = set(response.context["adminform"].form.fields)
    assert form_fields.isdisjoint(
        {"bundle", "code", "slug", "responsible_unit", "weight", "is_public", "related_measures"}
    )
    assert {"title_de", "description_de", "planned_end", "location"} <= form_fields


def test_manager_cannot_add_measures(as_manager_a):
    assert as_manager_a.get(url("measure_add")).status_code == 403


# --- Sachstand for another unit


def _publish_data(measure):
    return {
        "measure": measure.pk,
        "date": timezone.localdate().isoformat(),
        "status": Status.IN_PROGRESS,
        "progress": "90",
        "text": "Fast fertig.",
        "reason": "",
    }


def test_manager_cannot_publish_a_sachstand_for_another_units_measure(as_manager_a, units):
    response = as_manager_a.post(url("progressupdate_add"), _publish_data(units.measure_b))

    assert response.status_code == 200
    assert "measure" in response.context["adminform"].form.errors
    assert ProgressUpdate.objects.filter(measure=units.measure_b).count() == 1
    assert Measure.objects.get(pk=units.measure_b.pk).progress == 40


def test_manager_is_offered_only_their_measures_to_publish_for(as_manager_a, units):
    response = as_manager_a.get(url("progressupdate_add") + f"?measure={units.measure_b.pk}")

    form = response.context["adminform"].form
    assert list(form.fields["measure"].queryset) == [units.measure_a]
    assert form["status"].value() is None


def test_manager_may_publish_for_their_own_measure(as_manager_a, units):
    response = as_manager_a.post(url("progressupdate_add"), _publish_data(units.measure_a))

    assert response.status_code == 302
    assert Measure.objects.get(pk=units.measure_a.pk).progress == 90


def test_manager_cannot_delete_a_published_sachstand(as_manager_a, units):
    response = as_manager_a.post(url("progressupdate_delete", units.update_a.pk), {"post": "yes"})

    assert response.status_code == 403
    assert ProgressUpdate.objects.filter(pk=units.update_a.pk).exists()


# --- actions


@pytest.mark.parametrize("changelist", ["measure", "milestone", "indicator", "progressupdate"])
def test_manager_is_offered_no_delete_action(as_manager_a, changelist):
    response = as_manager_a.get(url(f"{changelist}_changelist"))

    actions = response.context["cl"].model_admin.get_actions(response.wsgi_request)
    assert "delete_selected" not in actions


@pytest.mark.parametrize("target", ["measure_a", "measure_b"])
def test_manager_cannot_delete_measures_by_action(as_manager_a, units, target):
    measure = getattr(units, target)

    as_manager_a.post(
        url("measure_changelist"),
        {"action": "delete_selected", "_selected_action": [measure.pk], "post": "yes"},
    )

    assert Measure.objects.filter(pk=measure.pk).exists()


def test_manager_cannot_delete_another_units_milestones_by_action(as_manager_a, units):
    as_manager_a.post(
        url("milestone_changelist"),
        {"action": "delete_selected", "_selected_action": [units.milestone_b.pk], "post": "yes"},
    )

    assert Milestone.objects.filter(pk=units.milestone_b.pk).exists()


# --- milestones and indicators


def test_manager_cannot_add_a_milestone_to_another_units_measure(as_manager_a, units):
    response = as_manager_a.post(
        url("milestone_add"),
        {"measure": units.measure_b.pk, "title_de": "Fremder Meilenstein", "due_on": "2026-01-01"},
    )

    assert response.status_code == 200
    assert "measure" in response.context["adminform"].form.errors
    assert not Milestone.objects.filter(title="Fremder Meilenstein").exists()


def test_manager_adds_a_milestone_to_their_measure(as_manager_a, units):
    response = as_manager_a.post(
        url("milestone_add"),
        {"measure": units.measure_a.pk, "title_de": "Eigener Meilenstein", "due_on": "2026-01-01"},
    )

    assert response.status_code == 302
    assert Milestone.objects.get(title="Eigener Meilenstein").measure == units.measure_a


def test_manager_cannot_move_their_milestone_to_another_units_measure(as_manager_a, units):
    response = as_manager_a.post(
        url("milestone_change", units.milestone_a.pk),
        {"measure": units.measure_b.pk, "title_de": "Meilenstein A", "due_on": "2026-01-01"},
    )

    assert response.status_code == 200
    assert Milestone.objects.get(pk=units.milestone_a.pk).measure == units.measure_a


def test_manager_cannot_change_another_units_indicator_values(as_manager_a, units):
    response = as_manager_a.post(
        url("indicator_change", units.indicator_b.pk),
        {
            "measure": units.measure_b.pk,
            "name": "Übernommen",
            "unit": "Stück",
            "baseline_value": "0",
            "target_value": "1",
            "values-TOTAL_FORMS": "1",
            "values-INITIAL_FORMS": "1",
            "values-0-id": units.value_b.pk,
            "values-0-indicator": units.indicator_b.pk,
            "values-0-date": "2024-01-01",
            "values-0-value": "999",
        },
    )

    assert response.status_code in (302, 403, 404)
    units.value_b.refresh_from_db()
    assert units.value_b.value != 999
    assert units.indicator_b.__class__.objects.get(pk=units.indicator_b.pk).name == "Indikator B"


# --- import and export


def test_manager_may_not_import_but_exports_only_their_measures(as_manager_a, units):
    assert as_manager_a.get(url("measure_import")).status_code == 403

    response = as_manager_a.post(url("measure_export"), export_form_data())

    assert response.status_code == 200
    exported = response.content.decode("utf-8-sig")
    assert "Maßnahme von A" in exported
    assert "Maßnahme von B" not in exported


def test_manager_cannot_delete_their_own_measure(as_manager_a, units):
    response = as_manager_a.post(url("measure_delete", units.measure_a.pk), {"post": "yes"})

    assert response.status_code == 403
    assert Measure.objects.filter(pk=units.measure_a.pk).exists()


# --- reverting to an earlier version (simple_history) ------------------------------------------


def _revert_url(measure):
    version = measure.history.earliest()
    return reverse("admin:measures_measure_simple_history", args=[measure.pk, version.pk])


def test_manager_reverts_their_measure_to_an_earlier_version(as_manager_a, units):
    Measure.objects.filter(pk=units.measure_a.pk).update(title="Zwischenstand")
    revert_url = _revert_url(units.measure_a)
    data = admin_form_data(as_manager_a.get(revert_url))

    response = as_manager_a.post(revert_url, data)

    assert response.status_code == 302
    assert Measure.objects.get(pk=units.measure_a.pk).title == "Maßnahme von A"
    assert units.measure_a.history.latest().history_user == units.manager_a


def test_manager_cannot_open_or_revert_another_units_version(as_manager_a, units):
    revert_url = _revert_url(units.measure_b)

    page = as_manager_a.get(revert_url)
    post = as_manager_a.post(revert_url, {"title_de": "Von A übernommen"})

    assert page.status_code == 403
    assert post.status_code == 403
    assert Measure.objects.get(pk=units.measure_b.pk).title == "Maßnahme von B"


def test_read_only_staff_see_every_measure_but_cannot_revert(client, units):
    reader = StaffFactory()
    reader.user_permissions.add(
        Permission.objects.get(content_type__app_label="measures", codename="view_measure")
    )
    client.force_login(reader)
    revert_url = _revert_url(units.measure_b)
    data = admin_form_data(client.get(revert_url))
    data["title_de"] = "Vom Lesenden geändert"

    changelist = client.get(url("measure_changelist"))
    change = client.post(url("measure_change", units.measure_b.pk), data)
    revert = client.post(revert_url, data)

    assert shown_pks(changelist) == {units.measure_a.pk, units.measure_b.pk}
    assert change.status_code == 403
    assert revert.status_code == 403
    assert Measure.objects.get(pk=units.measure_b.pk).title == "Maßnahme von B"
