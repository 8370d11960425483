"""The register check against the imported extract, tried from the outside: a resident
fills in the form on /konto/wohnsitz/ as they would, with the mistakes people make."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.factories import StaffFactory, UserFactory
from tests.verification.factories import ANNA, JOERG, Resident, import_extract
from verification.models import (
    DuplicateAttempt,
    EndReason,
    Method,
    RegisterEntry,
    Verification,
)
from verification.services import not_confirmed_message

pytestmark = pytest.mark.django_db

URL = reverse("verification:status")


@pytest.fixture
def resident(client):
    user = UserFactory()
    client.force_login(user)
    return user


def check(client, data, **extra):
    return client.post(URL, data, **extra)


def current(user):
    return Verification.objects.current().filter(user=user).first()


def test_a_registered_resident_is_confirmed_and_only_the_outcome_is_kept(client, resident):
    import_extract(ANNA, JOERG)
    response = check(client, ANNA.form_data())
    assert response.status_code == 302
    verification = current(resident)
    assert verification.method == Method.REGISTER
    assert verification.district.name == "Zentrum"
    assert verification.birth_year == 1990
    assert len(verification.entry_digest) == 64
    kept = " ".join(
        str(value) for value in Verification.objects.values().get(pk=verification.pk).values()
    )
    for clear in ("Müller", "Anna", "Löbdergraben", "1990-05-24", "24.05.1990"):
        assert clear not in kept
    page = client.get(URL)
    assert "Ihr Wohnsitz in Jena ist bestätigt." in page.content.decode()


def test_the_extract_keeps_no_clear_data():
    import_extract(ANNA)
    entry = RegisterEntry.objects.get()
    assert entry.birth_year == 1990
    assert entry.district.name == "Zentrum"
    assert "mueller" not in entry.digest and len(entry.digest) == 64


@pytest.mark.parametrize(
    "changes",
    [
        {"given_names": "ANNA MARIA", "family_name": "mueller"},  # umlaut written out
        {"given_names": "Müller", "family_name": "Anna Maria"},  # swapped name order
        {"street": "Loebdergraben", "house_number": "12 a"},
        {"date_of_birth": "1990-05-24"},
    ],
    ids=["umlauts", "swapped-names", "street-spelling", "iso-date"],
)
def test_spelling_variants_of_the_same_person_are_confirmed(client, resident, changes):
    import_extract(ANNA)
    assert check(client, ANNA.form_data(**changes)).status_code == 302
    assert current(resident) is not None


def test_ss_and_sharp_s_are_the_same(client, resident):
    import_extract(JOERG)
    data = JOERG.form_data(family_name="Weiss", street="Karl-Liebknecht-Strasse")
    assert check(client, data).status_code == 302


@pytest.mark.parametrize(
    "changes",
    [
        {"date_of_birth": "25.05.1990"},
        {"house_number": "14"},
        {"family_name": "Meier"},
    ],
    ids=["wrong-date-of-birth", "other-house", "other-name"],
)
def test_wrong_data_gets_the_one_answer_for_not_confirmed(client, resident, changes):
    import_extract(ANNA)
    response = check(client, ANNA.form_data(**changes))
    assert response.status_code == 400
    assert not_confirmed_message() in response.content.decode()
    assert current(resident) is None


def test_not_found_and_found_twice_answer_alike(client, resident):
    twin = Resident("Anna Maria", "Müller", ANNA.date_of_birth, ANNA.street, ANNA.house_number)
    import_extract(ANNA, twin, JOERG)  # two entries the check cannot tell apart
    found_twice = check(client, ANNA.form_data())
    not_found = check(client, ANNA.form_data(family_name="Schulze"))
    assert found_twice.status_code == not_found.status_code == 400
    assert not_confirmed_message() in found_twice.content.decode()
    assert not_confirmed_message() in not_found.content.decode()


def test_a_moved_person_loses_the_confirmation_at_the_next_import(client, resident):
    import_extract(ANNA, JOERG)
    check(client, ANNA.form_data())
    moved = Resident(ANNA.given_names, ANNA.family_name, ANNA.date_of_birth, "Am Anger", "3",
                     district="Zentrum")
    result = import_extract(JOERG, moved)
    assert result.moved == 1
    ended = Verification.objects.get(user=resident)
    assert ended.end_reason == EndReason.MOVED
    page = client.get(URL).content.decode()
    assert "nicht mehr im Melderegister unter dieser Anschrift" in page
    # the old address no longer confirms; the new one does
    assert check(client, ANNA.form_data()).status_code == 400
    assert check(client, ANNA.form_data(street="Am Anger", house_number="3")).status_code == 302


def test_a_second_account_for_the_same_person_is_refused_and_staff_are_told(client, caplog):
    import_extract(ANNA)
    first = UserFactory()
    client.force_login(first)
    assert check(client, ANNA.form_data()).status_code == 302
    second = UserFactory()
    client.force_login(second)
    response = check(client, ANNA.form_data())
    assert response.status_code == 400
    assert "bereits mit einem anderen Konto bestätigt" in response.content.decode()
    assert current(second) is None and current(first) is not None
    assert any("verification.duplicate" in record.getMessage() for record in caplog.records)
    # staff see it in the admin's overview, with both accounts
    (attempt,) = DuplicateAttempt.objects.all()
    assert (attempt.holder, attempt.attempted_by, attempt.method) == (first, second, "register")
    staff = StaffFactory()
    staff.user_permissions.add(Permission.objects.get(codename="view_verification"))
    client.force_login(staff)
    overview = client.get(reverse("admin:verification_verification_overview"))
    table = overview.content.decode().split('id="verification-duplicates"')[1]
    assert first.email in table and second.email in table


def test_register_checks_are_limited_per_person(client, resident, settings):
    settings.POSTING_RATE_LIMITS = {**settings.POSTING_RATE_LIMITS, "register_check": "3/h"}
    import_extract(ANNA)
    for _try in range(3):
        assert check(client, ANNA.form_data(family_name="Falsch")).status_code == 400
    limited = check(client, ANNA.form_data())
    assert limited.status_code == 429
    assert current(resident) is None


def test_register_checks_are_limited_per_address(client, settings):
    settings.POSTING_RATE_LIMITS = {
        **settings.POSTING_RATE_LIMITS, "register_check_address": "2/h",
    }
    import_extract(ANNA)
    for _person in range(2):
        client.force_login(UserFactory())
        assert check(client, ANNA.form_data(family_name="Falsch")).status_code == 400
    client.force_login(UserFactory())
    assert check(client, ANNA.form_data()).status_code == 429


def test_without_an_extract_the_check_says_to_try_later(client, resident):
    response = check(client, ANNA.form_data())
    assert response.status_code == 503
    assert "gerade nicht möglich" in response.content.decode()


def test_a_person_without_verified_email_is_asked_to_confirm_it_first(client):
    import_extract(ANNA)
    client.force_login(UserFactory(verified=False))
    response = check(client, ANNA.form_data())
    assert response.status_code == 403
    assert Verification.objects.count() == 0


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"date_of_birth": "31.02.1990"}, "date_of_birth"),
        ({"date_of_birth": "01.01.2999"}, "date_of_birth"),
        ({"postcode": "07a43"}, "postcode"),
        ({"consent": ""}, "consent"),
        ({"family_name": ""}, "family_name"),
    ],
)
def test_bad_input_is_a_form_error_not_a_500(client, resident, changes, field):
    import_extract(ANNA)
    response = check(client, ANNA.form_data(**changes))
    assert response.status_code == 400
    assert field in response.context["form"].errors


def test_the_page_needs_a_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_after_confirming_the_person_goes_back_where_they_came_from(client, resident):
    import_extract(ANNA)
    response = check(client, {**ANNA.form_data(), "next": "/beteiligung/"})
    assert response["Location"] == "/beteiligung/"
    other = check(client, {**ANNA.form_data(), "next": "https://evil.example/"})
    assert other["Location"] == URL


def test_confirming_again_replaces_the_old_confirmation(client, resident):
    import_extract(ANNA)
    check(client, ANNA.form_data())
    check(client, ANNA.form_data())
    assert Verification.objects.filter(user=resident).count() == 2
    assert Verification.objects.filter(user=resident, ended_at__isnull=True).count() == 1
    assert Verification.objects.get(user=resident, ended_at__isnull=False).end_reason == (
        EndReason.REPLACED
    )


def test_an_expired_confirmation_no_longer_counts(client, resident):
    import_extract(ANNA)
    check(client, ANNA.form_data())
    Verification.objects.update(expires_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    assert current(resident) is None
    assert check(client, ANNA.form_data()).status_code == 302
