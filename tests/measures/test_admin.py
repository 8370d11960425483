"""Progress tracking in the admin: the pages, the measure list, publishing a Sachstand,
the audit trail, and service refusals shown as messages."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import get_perms

from core.exceptions import NotAllowed
from measures.models import Indicator, Measure, Milestone, ProgressUpdate, Status
from tests.factories import (
    CoreAreaFactory,
    FieldOfActionFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    MeasureBundleFactory,
    MilestoneFactory,
    OrganisationalUnitFactory,
    ProgressUpdateFactory,
    SuperuserFactory,
)
from tests.measures.factories_extra import admin_form_data, unit_manager, unit_measure

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def url(name, *args):
    return reverse(f"admin:measures_{name}", args=args)


@pytest.fixture
def superuser(client):
    user = SuperuserFactory(display_name="Strategie-Koordination")
    client.force_login(user)
    return user


def publish_data(measure, **overrides):
    data = {
        "measure": measure.pk,
        "date": TODAY.isoformat(),
        "status": Status.IN_PROGRESS,
        "progress": "60",
        "text": "Die ersten zehn Sensoren messen.",
        "reason": "",
    }
    data.update(overrides)
    return data


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


# --- every page renders -----------------------------------------------------------------------


def test_superuser_opens_every_page_of_the_tracker(client, superuser):
    measure = unit_measure()
    ProgressUpdateFactory(measure=measure)
    milestone = MilestoneFactory(measure=measure)
    indicator = IndicatorFactory(measure=measure)
    IndicatorValueFactory(indicator=indicator)
    update = measure.progress_updates.get()
    pages = [
        reverse("admin:index"),
        url("measure_changelist"),
        url("measure_add"),
        url("measure_change", measure.pk),
        url("measure_history", measure.pk),
        url("measure_permissions", measure.pk),
        url("measure_import"),
        url("measure_export"),
        url("progressupdate_changelist"),
        url("progressupdate_add") + f"?measure={measure.pk}",
        url("progressupdate_change", update.pk),
        url("milestone_changelist"),
        url("milestone_change", milestone.pk),
        url("milestone_history", milestone.pk),
        url("indicator_changelist"),
        url("indicator_change", indicator.pk),
        url("indicator_history", indicator.pk),
        url("indicator_add"),
        url("organisationalunit_changelist"),
        url("organisationalunit_change", measure.responsible_unit.pk),
        url("corearea_changelist"),
        url("fieldofaction_changelist"),
        url("measurebundle_changelist"),
        url("measurebundle_change", measure.bundle.pk),
    ]

    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page


def test_measure_page_offers_publishing_object_permissions_and_history(client, superuser):
    measure = unit_measure()

    response = client.get(url("measure_change", measure.pk))

    content = response.content.decode()
    assert f"{url('progressupdate_add')}?measure={measure.pk}" in content
    assert "Neuen Sachstand veröffentlichen" in content
    assert url("measure_permissions", measure.pk) in content
    assert url("measure_history", measure.pk) in content


def test_measure_page_lists_the_latest_updates_and_links_indicators(client, superuser):
    measure = unit_measure()
    ProgressUpdateFactory(measure=measure, text="Ausschreibung veröffentlicht.")
    indicator = IndicatorFactory(measure=measure)

    response = client.get(url("measure_change", measure.pk))

    content = response.content.decode()
    assert "Ausschreibung veröffentlicht." in content
    assert url("indicator_change", indicator.pk) in content


def test_state_fields_are_read_only_on_the_measure_form(client, superuser):
    measure = unit_measure()

    response = client.get(url("measure_change", measure.pk))

    form = response.context["adminform"].form
    assert {"status", "progress", "last_update_on"}.isdisjoint(form.fields)
    assert {"title_de", "title_en"} <= set(form.fields)  # a field per language


# --- the measure list -------------------------------------------------------------------------


def test_changelist_shows_state_and_flags(client, superuser):
    delayed = unit_measure(code="1.1", title="Verspätete Maßnahme")
    MilestoneFactory(measure=delayed, due_on=TODAY - datetime.timedelta(days=10))
    current = unit_measure(code="1.2", title="Aktuelle Maßnahme")
    Measure.objects.filter(pk=current.pk).update(last_update_on=TODAY)

    response = client.get(url("measure_changelist"))

    assert response.status_code == 200
    rows = {row.pk: row for row in response.context["cl"].result_list}
    assert rows[delayed.pk].is_delayed is True
    assert rows[current.pk].is_delayed is False
    assert rows[current.pk].is_stale is False
    assert rows[delayed.pk].is_stale is True
    content = response.content.decode().lower()
    for heading in (
        "nummer",
        "titel",
        "status",
        "fortschritt",
        "letzter sachstand",
        "verantwortliche stelle",
        "verzögert",
        "ohne aktuellen sachstand",
    ):
        assert heading in content


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("delayed=yes", {"late"}),
        ("delayed=no", {"fresh"}),
        ("stale=yes", {"late"}),
        ("stale=no", {"fresh"}),
        ("q=Frische", {"fresh"}),
        ("q=1.1", {"late"}),
        ("status__exact=planned", {"late"}),
    ],
)
def test_changelist_filters(client, superuser, query, expected):
    measures = {
        "late": unit_measure(code="1.1", title="Späte Maßnahme", status=Status.PLANNED),
        "fresh": unit_measure(code="2.1", title="Frische Maßnahme", planned_end=None),
    }
    MilestoneFactory(measure=measures["late"], due_on=TODAY - datetime.timedelta(days=1))
    Measure.objects.filter(pk=measures["fresh"].pk).update(last_update_on=TODAY)

    response = client.get(url("measure_changelist") + "?" + query)

    shown = {row.pk for row in response.context["cl"].result_list}
    assert shown == {measures[name].pk for name in expected}


def test_changelist_filters_by_bundle_field_and_unit(client, superuser):
    unit = OrganisationalUnitFactory()
    mine = unit_measure(unit)
    other = unit_measure()
    field = mine.bundle.field_of_action

    for query in (
        f"bundle__id__exact={mine.bundle.pk}",
        f"bundle__field_of_action__id__exact={field.pk}",
        f"responsible_unit__id__exact={unit.pk}",
    ):
        response = client.get(url("measure_changelist") + "?" + query)
        shown = {row.pk for row in response.context["cl"].result_list}
        assert shown == {mine.pk}, query
    assert other.pk != mine.pk


def _make_measures(count):
    field = FieldOfActionFactory()
    core_area = CoreAreaFactory()
    bundles = [
        MeasureBundleFactory(field_of_action=field, core_areas=[core_area]) for _ in range(3)
    ]
    unit = OrganisationalUnitFactory()
    for index in range(count):
        measure = unit_measure(unit, bundle=bundles[index % 3])
        MilestoneFactory(measure=measure)
    return unit


def _changelist_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("measure_changelist"))
    assert response.status_code == 200
    return len(queries), len(response.context["cl"].result_list)


def test_changelist_runs_a_constant_number_of_queries(
    client, superuser, django_assert_max_num_queries
):
    _make_measures(10)
    at_10, shown = _changelist_queries(client)
    assert shown == 10

    _make_measures(50)
    with django_assert_max_num_queries(at_10):
        response = client.get(url("measure_changelist"))
    assert len(response.context["cl"].result_list) == 60


def test_managers_changelist_runs_a_constant_number_of_queries(
    client, django_assert_max_num_queries
):
    unit = _make_measures(10)
    client.force_login(unit_manager(unit))
    at_10, shown = _changelist_queries(client)
    assert shown == 10

    for _ in range(50):
        unit_measure(unit)
    with django_assert_max_num_queries(at_10):
        response = client.get(url("measure_changelist"))
    assert len(response.context["cl"].result_list) == 60


# --- publishing a Sachstand -------------------------------------------------------------------


def test_add_form_preselects_the_measure_and_its_current_state(client, superuser):
    measure = unit_measure(status=Status.PREPARING, progress=15)

    response = client.get(url("progressupdate_add") + f"?measure={measure.pk}")

    form = response.context["adminform"].form
    assert str(form["measure"].value()) == str(measure.pk)
    assert form["date"].value() == TODAY
    assert form["status"].value() == Status.PREPARING
    assert form["progress"].value() == 15


def test_manager_publishes_a_sachstand_through_the_admin(client):
    unit = OrganisationalUnitFactory()
    measure = unit_measure(unit, status=Status.PLANNED, progress=0)
    manager = unit_manager(unit, display_name="Frau Beispiel")
    client.force_login(manager)

    response = client.post(url("progressupdate_add"), publish_data(measure))

    assert response.status_code == 302
    assert response["Location"] == url("measure_change", measure.pk)
    measure.refresh_from_db()
    assert (measure.status, measure.progress, measure.last_update_on) == (
        Status.IN_PROGRESS,
        60,
        TODAY,
    )
    update = ProgressUpdate.objects.get()
    assert update.author == manager
    assert update.text == "Die ersten zehn Sensoren messen."
    latest = measure.history.latest()
    assert (latest.progress, latest.history_user) == (60, manager)


def test_publishing_sends_the_event_after_commit(client, django_capture_on_commit_callbacks):
    from measures import events

    unit = OrganisationalUnitFactory()
    measure = unit_measure(unit)
    client.force_login(unit_manager(unit))
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs["update"])

    events.progress_update_published.connect(receiver, dispatch_uid="test-admin-publish")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url("progressupdate_add"), publish_data(measure))
    finally:
        events.progress_update_published.disconnect(dispatch_uid="test-admin-publish")

    assert received == [ProgressUpdate.objects.get()]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"progress": "120"}, "progress"),
        ({"status": Status.COMPLETED, "progress": "80"}, "reason"),
        ({"date": (TODAY + datetime.timedelta(days=1)).isoformat()}, "date"),
        ({"text": ""}, "text"),
    ],
)
def test_invalid_sachstand_comes_back_as_a_form_error_and_saves_nothing(
    client, superuser, overrides, field
):
    measure = unit_measure(progress=40)

    response = client.post(url("progressupdate_add"), publish_data(measure, **overrides))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == [field]
    assert not ProgressUpdate.objects.exists()
    measure.refresh_from_db()
    assert measure.progress == 40


def test_progress_error_is_the_services_message_only(client, superuser):
    measure = unit_measure()

    response = client.post(url("progressupdate_add"), publish_data(measure, progress="120"))

    assert response.context["adminform"].form.errors["progress"] == [
        "Der Fortschritt muss zwischen 0 und 100 % liegen (angegeben: 120)."
    ]


def test_published_sachstand_is_read_only(client, superuser):
    update = ProgressUpdateFactory(measure=unit_measure(), text="Wie veröffentlicht.")

    page = client.get(url("progressupdate_change", update.pk))
    post = client.post(
        url("progressupdate_change", update.pk),
        publish_data(update.measure, text="Nachträglich geändert."),
    )

    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert post.status_code == 403
    update.refresh_from_db()
    assert update.text == "Wie veröffentlicht."


def test_a_service_validation_error_at_save_time_is_shown_as_a_message(
    client, superuser, monkeypatch
):
    from measures import services

    measure = unit_measure(progress=40)

    def refuse(**kwargs):
        raise ValidationError({"date": "Für diesen Tag gibt es schon einen Sachstand."})

    monkeypatch.setattr(services, "progress_update_publish", refuse)

    response = client.post(url("progressupdate_add"), publish_data(measure))

    assert response.status_code == 302
    assert "Für diesen Tag gibt es schon einen Sachstand." in " ".join(messages_of(response))
    assert not ProgressUpdate.objects.exists()


# --- saving the measure and its parts through the services ------------------------------------


def test_saving_the_measure_form_moves_the_unit_permission(client, superuser):
    old_unit, new_unit = OrganisationalUnitFactory(), OrganisationalUnitFactory()
    measure = unit_measure(old_unit)
    data = admin_form_data(client.get(url("measure_change", measure.pk)))
    data["responsible_unit"] = new_unit.pk

    response = client.post(url("measure_change", measure.pk), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert "change_measure" not in get_perms(old_unit.group, measure)
    assert "change_measure" in get_perms(new_unit.group, measure)


def test_milestone_added_inline_is_saved_with_its_author_in_the_history(client):
    unit = OrganisationalUnitFactory()
    measure = unit_measure(unit)
    manager = unit_manager(unit)
    client.force_login(manager)
    data = admin_form_data(client.get(url("measure_change", measure.pk)))
    data.update(
        {
            "milestones-TOTAL_FORMS": "1",
            "milestones-0-title_de": "Sensoren installiert",
            "milestones-0-due_on": "2026-06-30",
            "milestones-0-measure": str(measure.pk),
        }
    )

    response = client.post(url("measure_change", measure.pk), data)

    assert response.status_code == 302
    milestone = Milestone.objects.get(measure=measure)
    assert milestone.title == "Sensoren installiert"
    assert milestone.history.get().history_user == manager


def test_manager_records_an_indicator_value_on_the_indicator_page(client):
    unit = OrganisationalUnitFactory()
    indicator = IndicatorFactory(measure=unit_measure(unit))
    client.force_login(unit_manager(unit))
    data = admin_form_data(client.get(url("indicator_change", indicator.pk)))
    data.update(
        {
            "values-0-date": "2025-12-31",
            "values-0-value": "42",
            "values-0-indicator": str(indicator.pk),
        }
    )

    response = client.post(url("indicator_change", indicator.pk), data)

    assert response.status_code == 302
    assert [value.value for value in indicator.values.all()] == [42]


def test_service_refusal_on_save_is_a_message_and_rolls_everything_back(
    client, superuser, monkeypatch
):
    from measures import services

    measure = unit_measure(title="Alter Titel")
    data = admin_form_data(client.get(url("measure_change", measure.pk)))
    data["title_de"] = "Neuer Titel"

    def refuse(**kwargs):
        raise NotAllowed("Die Maßnahme ist gesperrt.")

    monkeypatch.setattr(services, "measure_part_save", refuse)
    data.update(
        {
            "milestones-TOTAL_FORMS": "1",
            "milestones-0-title_de": "Meilenstein",
            "milestones-0-due_on": "2026-06-30",
            "milestones-0-measure": str(measure.pk),
        }
    )

    response = client.post(url("measure_change", measure.pk), data)

    assert response.status_code == 302
    assert "Die Maßnahme ist gesperrt." in " ".join(messages_of(response))
    measure.refresh_from_db()
    assert measure.title == "Alter Titel"
    assert not Milestone.objects.exists()


# --- the audit trail --------------------------------------------------------------------------


def test_history_page_shows_who_changed_the_measure(client, superuser):
    measure = unit_measure(title="Alter Titel")
    data = admin_form_data(client.get(url("measure_change", measure.pk)))
    data["title_de"] = "Neuer Titel"
    client.post(url("measure_change", measure.pk), data)

    response = client.get(url("measure_history", measure.pk))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Strategie-Koordination" in content
    assert "Neuer Titel" in content


def test_indicator_and_milestone_history_pages_show_the_change(client, superuser):
    measure = unit_measure()
    indicator = IndicatorFactory(measure=measure)
    data = admin_form_data(client.get(url("indicator_change", indicator.pk)))
    data["name"] = "Anzahl Sensoren"
    client.post(url("indicator_change", indicator.pk), data)

    response = client.get(url("indicator_history", indicator.pk))

    assert Indicator.objects.get().name == "Anzahl Sensoren"
    assert "Strategie-Koordination" in response.content.decode()


def test_all_updates_link_of_the_measure_page_filters_the_update_list(client, superuser):
    measure, other = unit_measure(), unit_measure()
    mine = ProgressUpdateFactory(measure=measure)
    ProgressUpdateFactory(measure=other)

    response = client.get(url("progressupdate_changelist") + f"?measure__id__exact={measure.pk}")

    assert response.status_code == 200
    assert [row.pk for row in response.context["cl"].result_list] == [mine.pk]


def test_measure_without_planned_end_shows_as_not_delayed(client, superuser):
    measure = unit_measure(planned_end=None)

    response = client.get(url("measure_changelist"))

    model_admin = response.context["cl"].model_admin
    row = response.context["cl"].result_list[0]
    assert row.pk == measure.pk
    assert model_admin.delayed(row) is False


# --- structure and creation by strategy staff ---------------------------------------------------


def test_strategy_staff_add_a_measure_and_its_unit_gets_the_permissions(client, superuser):
    unit = OrganisationalUnitFactory()
    bundle = MeasureBundleFactory()
    data = admin_form_data(client.get(url("measure_add")))
    data.update(
        {
            "bundle": bundle.pk,
            "code": "4.7",
            "title_de": "Digitale Bürgerdienste",
            "slug": "digitale-buergerdienste",
            "responsible_unit": unit.pk,
            "is_public": "on",
            "weight": "1",
        }
    )

    response = client.post(url("measure_add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    measure = Measure.objects.get(code="4.7")
    assert (measure.status, measure.progress) == (Status.PLANNED, 0)
    assert set(get_perms(unit.group, measure)) >= {"change_measure", "view_measure"}


def test_giving_a_unit_another_group_moves_its_measure_permissions(client, superuser):
    from tests.factories import GroupFactory

    unit = OrganisationalUnitFactory()
    measure = unit_measure(unit)
    old_group, new_group = unit.group, GroupFactory()
    data = admin_form_data(client.get(url("organisationalunit_change", unit.pk)))
    data["group"] = new_group.pk

    response = client.post(url("organisationalunit_change", unit.pk), data)

    assert response.status_code == 302
    assert "change_measure" not in get_perms(old_group, measure)
    assert "change_measure" in get_perms(new_group, measure)


def test_manager_deletes_a_milestone_of_their_measure(client):
    unit = OrganisationalUnitFactory()
    milestone = MilestoneFactory(measure=unit_measure(unit))
    client.force_login(unit_manager(unit))

    response = client.post(url("milestone_delete", milestone.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not Milestone.objects.exists()


def test_measure_without_location_renders_its_map_widget_without_errors(client, superuser, caplog):
    measure = unit_measure(location=None)

    response = client.get(url("measure_change", measure.pk))

    assert response.status_code == 200
    assert 'name="location"' in response.content.decode()
    assert not [record for record in caplog.records if record.levelname == "ERROR"]


def test_manager_sees_the_existing_milestones_and_indicators_of_their_measure(client):
    unit = OrganisationalUnitFactory()
    measure = unit_measure(unit)
    MilestoneFactory(measure=measure, title="Ausschreibung")
    IndicatorFactory(measure=measure, name="Sensoren in Betrieb")
    client.force_login(unit_manager(unit))

    response = client.get(url("measure_change", measure.pk))

    formsets = {
        inline.formset.prefix: inline.formset
        for inline in response.context["inline_admin_formsets"]
    }
    assert formsets["milestones"].initial_form_count() == 1
    assert formsets["indicators"].initial_form_count() == 1
    content = response.content.decode()
    assert "Ausschreibung" in content and "Sensoren in Betrieb" in content
