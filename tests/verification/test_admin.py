"""The staff side of verified residents in the admin, from the outside: importing and
deleting the register extract, the list of confirmations, revoking one with a reason
the person reads, the counts by method and district, and the phase's conditions in
words. Who may: anonymous visitors go to the admin's sign-in page, staff without the
permission get 403, staff with it get the page."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import PhaseFactory, ProjectFactory, StaffFactory, SuperuserFactory
from tests.notifications.factories_follows import DistrictFactory
from tests.verification.factories import (
    ANNA,
    JOERG,
    VerificationFactory,
    extract_csv,
    import_extract,
)
from verification.models import (
    EndReason,
    Method,
    RegisterEntry,
    RegisterImport,
)
from verification.person import Person

pytestmark = pytest.mark.django_db


def staff_with(*perms: str):
    """A staff account holding ``perms`` ("app_label.codename")."""
    user = StaffFactory()
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


def client_of(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def messages_of(response) -> str:
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


def upload(content: bytes, name: str = "melderegister.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


IMPORT_URL = reverse("admin:verification_registerimport_import")
DELETE_URL = reverse("admin:verification_registerimport_delete_extract")
IMPORTS_URL = reverse("admin:verification_registerimport_changelist")
LIST_URL = reverse("admin:verification_verification_changelist")
OVERVIEW_URL = reverse("admin:verification_verification_overview")


def revoke_url(verification) -> str:
    return reverse("admin:verification_verification_revoke", args=[verification.pk])


# --- who may ----------------------------------------------------------------------------------

PAGES = [
    ("get", IMPORT_URL, "verification.add_registerimport"),
    ("post", IMPORT_URL, "verification.add_registerimport"),
    ("get", DELETE_URL, "verification.delete_registerimport"),
    ("post", DELETE_URL, "verification.delete_registerimport"),
    ("get", IMPORTS_URL, "verification.view_registerimport"),
    ("get", LIST_URL, "verification.view_verification"),
    ("get", OVERVIEW_URL, "verification.view_verification"),
]


@pytest.mark.parametrize(("method", "url", "perm"), PAGES)
def test_anonymous_visitors_are_sent_to_the_admin_sign_in(method, url, perm):
    response = getattr(Client(), method)(url)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize(("method", "url", "perm"), PAGES)
def test_staff_without_the_permission_are_refused(method, url, perm):
    other = staff_with("projects.moderate_project")
    response = getattr(client_of(other), method)(url)
    assert response.status_code == 403
    assert RegisterImport.objects.count() == 0


@pytest.mark.parametrize(("method", "url", "perm"), [p for p in PAGES if p[0] == "get"])
def test_staff_with_the_permission_get_the_page(method, url, perm):
    response = client_of(staff_with(perm)).get(url)
    assert response.status_code == 200


def test_a_resident_is_not_let_into_the_admin():
    resident = VerificationFactory().user
    response = client_of(resident).get(OVERVIEW_URL)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_revoking_needs_the_change_permission():
    verification = VerificationFactory()
    assert Client().get(revoke_url(verification))["Location"].startswith("/admin/login/")
    viewer = staff_with("verification.view_verification")
    assert client_of(viewer).post(revoke_url(verification), {"note": "x"}).status_code == 403
    verification.refresh_from_db()
    assert verification.ended_at is None


# --- importing the register extract -----------------------------------------------------------


def test_staff_import_an_extract_and_see_the_counts():
    DistrictFactory(name="Zentrum", slug="zentrum")
    staff = staff_with("verification.add_registerimport", "verification.view_registerimport")
    content = extract_csv([ANNA, JOERG]) + b"Ohne;Datum;kein-datum;Weg;1;07743;\n"
    response = client_of(staff).post(IMPORT_URL, {"file": upload(content)}, follow=True)
    assert response.redirect_chain[-1][0] == IMPORTS_URL
    assert "Auszug importiert: 2 Einträge, 1 Zeilen übersprungen, 0 Bestätigungen" in (
        messages_of(response)
    )
    batch = RegisterImport.objects.get()
    assert (batch.rows, batch.skipped, batch.imported_by, batch.source_name) == (
        2, 1, staff, "melderegister.csv",
    )
    assert RegisterEntry.objects.count() == 2
    assert "melderegister.csv" in response.content.decode()


def test_staff_who_may_only_import_stay_on_the_import_page():
    staff = staff_with("verification.add_registerimport")
    response = client_of(staff).post(IMPORT_URL, {"file": upload(extract_csv([ANNA]))})
    assert response.status_code == 302
    assert response["Location"] == IMPORT_URL


def test_an_import_ends_the_confirmation_of_a_person_who_moved():
    import_extract(ANNA, JOERG)
    moved = VerificationFactory(
        entry_digest=Person(
            JOERG.given_names, JOERG.family_name, JOERG.date_of_birth, JOERG.street,
            JOERG.house_number,
        ).digest()
    )
    staff = staff_with("verification.add_registerimport")
    response = client_of(staff).post(
        IMPORT_URL, {"file": upload(extract_csv([ANNA]))}, follow=True
    )
    assert "1 Bestätigungen beendet (verzogen)" in messages_of(response)
    moved.refresh_from_db()
    assert moved.end_reason == EndReason.MOVED


BAD_FILES = [
    pytest.param(b"", "Die übermittelte Datei ist leer.", id="empty-upload"),
    pytest.param(b"\n", "Es fehlen die Spalten", id="blank-line"),
    pytest.param(
        b"Familienname;Vornamen;Geburtsdatum\nM\xc3\xbcller;Anna;24.05.1990\n",
        "Es fehlen die Spalten: strasse, hausnummer.",
        id="missing-columns",
    ),
    pytest.param(
        extract_csv([ANNA]).decode().encode("latin-1"),
        "nicht in UTF-8 gespeichert",
        id="latin-1",
    ),
    pytest.param(
        b"Familienname;Vornamen;Geburtsdatum;Strasse;Hausnummer\n",
        "keinen gültigen Eintrag",
        id="header-only",
    ),
    pytest.param(
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xb5U\x9c\xd1",
        "nicht in UTF-8 gespeichert",
        id="spreadsheet-saved-as-csv",
    ),
    pytest.param(
        b"Familienname;Vornamen;Geburtsdatum;Strasse;Hausnummer\n"
        + b'"' + b"x" * 200_000 + b'";A;1.1.1990;W;1\n',
        "keine lesbare CSV-Datei",
        id="field-too-large",
    ),
]


@pytest.mark.parametrize(("content", "message"), BAD_FILES)
def test_a_bad_file_is_a_form_error_and_the_old_extract_stays(content, message):
    import_extract(ANNA)
    staff = staff_with("verification.add_registerimport")
    response = client_of(staff).post(IMPORT_URL, {"file": upload(content)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert RegisterImport.objects.filter(deleted_at__isnull=True).count() == 1
    assert RegisterEntry.objects.count() == 1


def test_a_file_that_is_not_csv_is_refused_by_its_name():
    staff = staff_with("verification.add_registerimport")
    response = client_of(staff).post(
        IMPORT_URL, {"file": upload(extract_csv([ANNA]), name="auszug.xlsx")}
    )
    assert response.status_code == 200
    assert "Dateiendung" in response.content.decode()
    assert RegisterImport.objects.count() == 0


def test_no_file_at_all_is_a_form_error():
    staff = staff_with("verification.add_registerimport")
    response = client_of(staff).post(IMPORT_URL, {})
    assert response.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()


def test_imports_are_not_added_changed_or_deleted_by_hand():
    batch = import_extract(ANNA).batch
    boss = SuperuserFactory()
    client = client_of(boss)
    assert client.get(reverse("admin:verification_registerimport_add")).status_code == 403
    change = reverse("admin:verification_registerimport_change", args=[batch.pk])
    page = client.get(change)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert client.post(change, {"rows": 0}).status_code == 403
    delete = reverse("admin:verification_registerimport_delete", args=[batch.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    batch.refresh_from_db()
    assert batch.rows == 1


def test_staff_never_see_a_list_of_register_entries():
    import_extract(ANNA)
    assert RegisterEntry not in admin.site._registry
    response = client_of(SuperuserFactory()).get("/admin/verification/registerentry/")
    assert response.status_code in (302, 404)
    index = client_of(SuperuserFactory()).get(reverse("admin:index")).content.decode()
    assert "Melderegister-Einträge" not in index
    assert "Melderegister-Auszüge" in index


def test_the_list_of_imports_offers_import_and_delete_to_those_who_may():
    import_extract(ANNA)
    viewer = staff_with("verification.view_registerimport")
    page = client_of(viewer).get(IMPORTS_URL).content.decode()
    assert IMPORT_URL not in page and DELETE_URL not in page
    keeper = staff_with(
        "verification.view_registerimport",
        "verification.add_registerimport",
        "verification.delete_registerimport",
    )
    page = client_of(keeper).get(IMPORTS_URL).content.decode()
    assert IMPORT_URL in page and DELETE_URL in page


# --- deleting the extract now ------------------------------------------------------------------


def test_staff_delete_the_extract_now_after_confirming():
    import_extract(ANNA, JOERG)
    keeper = staff_with("verification.delete_registerimport", "verification.view_registerimport")
    client = client_of(keeper)
    page = client.get(DELETE_URL)
    assert "mit 2 Einträgen wird gelöscht" in page.content.decode()
    assert RegisterEntry.objects.count() == 2  # asking deletes nothing
    response = client.post(DELETE_URL, follow=True)
    assert "Auszug gelöscht (2 Einträge)." in messages_of(response)
    assert RegisterEntry.objects.count() == 0
    assert RegisterImport.objects.get().deleted_at is not None


def test_confirmations_stay_valid_when_the_extract_is_deleted():
    verification = VerificationFactory()
    import_extract(ANNA)
    client_of(staff_with("verification.delete_registerimport")).post(DELETE_URL)
    verification.refresh_from_db()
    assert verification.is_current


# --- the list of confirmations -----------------------------------------------------------------


def confirmations(count: int, district=None):
    return [
        VerificationFactory(method=Method.REGISTER if i % 2 else Method.DESK, district=district)
        for i in range(count)
    ]


def test_the_list_shows_person_method_district_and_state():
    zentrum = DistrictFactory(name="Zentrum", slug="zentrum")
    current = VerificationFactory(district=zentrum, method=Method.DESK)
    ended = VerificationFactory(
        ended_at=timezone.now(), end_reason=EndReason.REVOKED, end_note="Doppelt angemeldet."
    )
    viewer = staff_with("verification.view_verification")
    page = client_of(viewer).get(LIST_URL).content.decode()
    for text in (current.user.email, ended.user.email, "Zentrum", "gültig", "beendet",
                 "von der Verwaltung widerrufen", "Bürgerservice (Ausweis vorgelegt)"):
        assert text in page


def test_the_list_filters_by_method_district_and_state():
    zentrum = DistrictFactory(name="Zentrum", slug="zentrum")
    lobeda = DistrictFactory(name="Lobeda-Ost", slug="lobeda-ost")
    desk = VerificationFactory(method=Method.DESK, district=zentrum)
    register = VerificationFactory(method=Method.REGISTER, district=lobeda)
    expired = VerificationFactory(
        method=Method.REGISTER, district=lobeda,
        expires_at=timezone.now() - datetime.timedelta(days=1),
    )
    client = client_of(staff_with("verification.view_verification"))

    def shown(**params):
        response = client.get(LIST_URL, params)
        assert response.status_code == 200
        return set(response.context["cl"].result_list)

    assert shown(method__exact="desk") == {desk}
    assert shown(ortsteil=lobeda.pk) == {register, expired}
    assert shown(stand="current") == {desk, register}
    assert shown(stand="ended") == {expired}
    assert shown(q=desk.user.email.upper()) == {desk}
    assert shown(q=desk.user.email[:6]) == set()  # exact address only
    assert shown(ortsteil="kein-ortsteil") == set()


@pytest.mark.parametrize("rows", [5, 50])
def test_the_list_costs_the_same_queries_for_5_and_50_rows(
    rows, django_assert_max_num_queries
):
    zentrum = DistrictFactory(name="Zentrum", slug="zentrum")
    confirmations(rows, district=zentrum)
    client = client_of(staff_with("verification.view_verification"))
    client.get(LIST_URL)  # warm the session and permission caches
    # +2: the sidebar asks once whether the person administers a Bürgerbudget and
    # reports on a funded proposal (participation/budgets/admin).
    with django_assert_max_num_queries(16):
        response = client.get(LIST_URL)
    assert len(response.context["cl"].result_list) == rows


def test_outcomes_cannot_be_edited_added_or_deleted_by_hand():
    verification = VerificationFactory()
    boss = SuperuserFactory()
    client = client_of(boss)
    assert client.get(reverse("admin:verification_verification_add")).status_code == 403
    change = reverse("admin:verification_verification_change", args=[verification.pk])
    page = client.get(change).content.decode()
    assert 'name="_save"' not in page
    assert client.post(change, {"birth_year": 1900}).status_code == 403
    delete = reverse("admin:verification_verification_delete", args=[verification.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    verification.refresh_from_db()
    assert verification.birth_year == 1990


# --- revoking ----------------------------------------------------------------------------------


def test_staff_revoke_with_a_reason_that_the_person_reads():
    verification = VerificationFactory()
    person = verification.user
    staff = staff_with("verification.view_verification", "verification.change_verification")
    client = client_of(staff)
    change = reverse("admin:verification_verification_change", args=[verification.pk])
    assert revoke_url(verification) in client.get(change).content.decode()

    response = client.post(
        revoke_url(verification),
        {"note": "Die Anschrift gehört zu einer Firma, nicht zu einer Wohnung."},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == change
    assert f"Die Bestätigung von {person.email} ist widerrufen." in messages_of(response)
    verification.refresh_from_db()
    assert (verification.end_reason, verification.ended_by) == (EndReason.REVOKED, staff)
    assert revoke_url(verification) not in response.content.decode()

    own_page = client_of(person).get(reverse("verification:status")).content.decode()
    assert "von der Verwaltung widerrufen" in own_page
    assert "Die Anschrift gehört zu einer Firma, nicht zu einer Wohnung." in own_page
    assert "Ihr Wohnsitz in Jena ist bestätigt." not in own_page


def test_revoking_without_a_reason_is_a_form_error():
    verification = VerificationFactory()
    staff = staff_with("verification.change_verification")
    response = client_of(staff).post(revoke_url(verification), {"note": "   "})
    assert response.status_code == 200
    assert "Bitte geben Sie einen Grund an; die Person liest ihn." in response.content.decode()
    verification.refresh_from_db()
    assert verification.ended_at is None


def test_revoking_an_ended_confirmation_says_so():
    verification = VerificationFactory(ended_at=timezone.now(), end_reason=EndReason.EXPIRED)
    staff = staff_with("verification.change_verification")
    response = client_of(staff).post(revoke_url(verification), {"note": "Grund"}, follow=True)
    assert "bereits beendet" in messages_of(response)
    verification.refresh_from_db()
    assert verification.end_reason == EndReason.EXPIRED


def test_revoking_a_confirmation_that_does_not_exist_goes_back_to_the_start():
    staff = staff_with("verification.change_verification")
    response = client_of(staff).get(
        reverse("admin:verification_verification_revoke", args=[987654])
    )
    assert response.status_code == 302


# --- the counts --------------------------------------------------------------------------------


def table(response, table_id: str) -> dict[str, int]:
    rows = response.context[table_id]
    return {str(label): count for label, count in rows}


def test_the_overview_counts_current_residents_by_method_and_district():
    zentrum = DistrictFactory(name="Zentrum", slug="zentrum")
    lobeda = DistrictFactory(name="Lobeda-Ost", slug="lobeda-ost")
    VerificationFactory(method=Method.DESK, district=zentrum)
    VerificationFactory(method=Method.DESK, district=lobeda)
    VerificationFactory(method=Method.REGISTER, district=lobeda)
    VerificationFactory(method=Method.REGISTER, district=None)
    VerificationFactory(method=Method.LETTER, district=zentrum, ended_at=timezone.now(),
                        end_reason=EndReason.REVOKED)
    VerificationFactory(method=Method.LETTER, district=zentrum,
                        expires_at=timezone.now() - datetime.timedelta(seconds=1))
    import_extract(ANNA)
    viewer = staff_with("verification.view_verification")
    response = client_of(viewer).get(OVERVIEW_URL)
    assert table(response, "by_method") == {
        "Bürgerservice (Ausweis vorgelegt)": 2,
        "Abgleich mit dem Melderegister": 2,
    }
    assert table(response, "by_district") == {"ohne Ortsteil": 1, "Lobeda-Ost": 2, "Zentrum": 1}
    page = response.content.decode()
    assert "Zurzeit sind 4 Personen" in page
    assert "1 Einträge" in page  # the extract: a count, never its entries
    assert "Anna" not in page
    assert OVERVIEW_URL in client_of(viewer).get(LIST_URL).content.decode()


@pytest.mark.parametrize("rows", [5, 50])
def test_the_overview_costs_the_same_queries_for_5_and_50_residents(
    rows, django_assert_max_num_queries
):
    districts = [DistrictFactory(name=f"Ortsteil {i}", slug=f"ortsteil-{i}") for i in range(5)]
    for i in range(rows):
        VerificationFactory(district=districts[i % 5])
    client = client_of(staff_with("verification.view_verification"))
    client.get(OVERVIEW_URL)
    # +2: the Bürgerbudget admins of the sidebar (see above).
    with django_assert_max_num_queries(14):
        response = client.get(OVERVIEW_URL)
    assert sum(table(response, "by_district").values()) == rows


# --- the phase's conditions in words in the project admin --------------------------------------


def test_the_phase_inline_shows_the_conditions_as_residents_read_them():
    lobeda = DistrictFactory(name="Lobeda-Ost", slug="lobeda-ost")
    project = ProjectFactory()
    phase = PhaseFactory(
        project=project, requires_resident=True, min_age=16,
        age_key_date=datetime.date(2027, 3, 31),
    )
    phase.eligible_districts.add(lobeda)
    open_phase = PhaseFactory(
        project=project,
        start=phase.end,
        end=phase.end + datetime.timedelta(days=7),
    )
    page = client_of(SuperuserFactory()).get(
        reverse("admin:projects_project_change", args=[project.pk])
    ).content.decode()
    assert "So lesen es die Teilnehmenden" in page
    assert "Teilnehmen können Einwohnerinnen und Einwohner Jenas mit bestätigtem Wohnsitz." in page
    assert "Mindestalter: 16 Jahre am 31.03.2027." in page
    assert "Nur aus den Ortsteilen: Lobeda-Ost." in page
    assert open_phase.pk and "Alle mit bestätigter E-Mail-Adresse." in page
