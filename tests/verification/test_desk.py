"""Confirming a resident at the desk of the Bürgerservice, from the outside: staff with
the desk permission find the account by its e-mail address, record the document type
and district, and the person counts as a verified resident — without the document
number (there is no field for it) and without storing the date of birth. One person
cannot be confirmed for two accounts. Residents read on their page how the desk works."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from core.exceptions import NotAllowed
from participation.ideas.models import Vote
from participation.ideas.services.votes import vote_cast
from tests.factories import IdeaFactory, StaffFactory, UserFactory
from tests.notifications.factories_follows import DistrictFactory
from tests.verification.factories import (
    ANNA,
    VerificationFactory,
    import_extract,
    residents_only_voting_phase,
)
from tests.verification.test_admin import client_of, staff_with
from verification.desk import verification_grant_at_desk
from verification.models import AgeConfirmation, EndReason, Method, Verification

pytestmark = pytest.mark.django_db

DESK_URL = reverse("admin:verification_verification_desk")


def messages_of(response) -> str:
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


@pytest.fixture
def zentrum():
    return DistrictFactory(name="Zentrum", slug="zentrum")


@pytest.fixture
def clerk():
    """Bürgerservice staff: may confirm at the desk and look at confirmations."""
    return staff_with("verification.verify_at_desk", "verification.view_verification")


def desk_data(email_address: str, district_row, **changes) -> dict:
    data = {
        "email": email_address,
        "document_type": Verification.DocumentType.ID_CARD,
        "district": district_row.pk,
        "date_of_birth": "24.05.1990",
        "document_seen": "on",
    }
    data.update(changes)
    return data


def with_person(resident=ANNA, **changes) -> dict:
    data = {
        "given_names": resident.given_names,
        "family_name": resident.family_name,
        "street": resident.street,
        "house_number": resident.house_number,
        "date_of_birth": resident.date_of_birth.strftime("%d.%m.%Y"),
    }
    data.update(changes)
    return data


# --- who may ----------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_admin_sign_in():
    response = Client().get(DESK_URL)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize("method", ["get", "post"])
def test_staff_without_the_desk_permission_are_refused(method, zentrum):
    resident = UserFactory()
    other = staff_with("verification.view_verification", "verification.change_verification")
    response = getattr(client_of(other), method)(DESK_URL, desk_data(resident.email, zentrum))
    assert response.status_code == 403
    assert not Verification.objects.exists()


def test_the_service_refuses_without_the_permission_too(zentrum):
    with pytest.raises(NotAllowed):
        verification_grant_at_desk(
            by=StaffFactory(), user=UserFactory(), document_type="id_card", district=zentrum,
            date_of_birth=datetime.date(1990, 5, 24),
        )
    assert not Verification.objects.exists()


def test_the_desk_is_linked_from_the_list_for_those_who_may(clerk):
    listing = reverse("admin:verification_verification_changelist")
    assert DESK_URL in client_of(clerk).get(listing).content.decode()
    viewer = staff_with("verification.view_verification")
    assert DESK_URL not in client_of(viewer).get(listing).content.decode()


# --- confirming -------------------------------------------------------------------------------


def test_staff_confirm_a_person_who_shows_an_id_card(clerk, zentrum):
    resident = UserFactory(email="anna.mueller@example.org")
    client = client_of(clerk)
    page = client.get(DESK_URL)
    assert page.status_code == 200
    assert "nummer" not in " ".join(page.context["form"].fields).lower()  # no document number

    response = client.post(
        DESK_URL, desk_data("Anna.Mueller@Example.org ", zentrum), follow=True
    )
    assert response.redirect_chain[-1][0] == DESK_URL
    assert "Der Wohnsitz von anna.mueller@example.org ist bestätigt" in messages_of(response)
    verification = Verification.objects.get(user=resident)
    assert verification.is_current
    assert (verification.method, verification.verified_by, verification.document_type) == (
        Method.DESK, clerk, Verification.DocumentType.ID_CARD,
    )
    assert (verification.district, verification.birth_year) == (zentrum, 1990)
    assert verification.entry_digest == ""
    # The form starts empty for the next person: the date of birth is not kept anywhere.
    assert "24.05.1990" not in response.content.decode()


def test_the_model_has_no_place_for_a_document_number_or_date_of_birth():
    names = {field.name for field in Verification._meta.get_fields()}
    assert not {name for name in names if "number" in name or "nummer" in name}
    assert "date_of_birth" not in names
    assert "birth_year" in names


def test_the_confirmed_person_may_vote_where_only_residents_vote(clerk, zentrum):
    phase = residents_only_voting_phase()
    idea = IdeaFactory(project=phase.project)
    resident = UserFactory()
    with pytest.raises(NotAllowed):
        vote_cast(user=resident, idea=idea)
    client_of(clerk).post(DESK_URL, desk_data(resident.email, zentrum))
    resident = type(resident).objects.get(pk=resident.pk)  # a new request's user
    vote_cast(user=resident, idea=idea)
    assert Vote.objects.filter(user=resident, idea=idea).exists()


def test_the_date_of_birth_confirms_an_age_the_birth_year_cannot_tell(clerk, zentrum):
    key_date = datetime.date(2031, 3, 31)
    residents_only_voting_phase(min_age=16, age_key_date=key_date)
    resident = UserFactory()
    client_of(clerk).post(
        DESK_URL, desk_data(resident.email, zentrum, date_of_birth="01.02.2015")
    )
    verification = Verification.objects.get(user=resident)
    assert verification.birth_year == 2015
    assert AgeConfirmation.objects.filter(
        verification=verification, min_age=16, key_date=key_date
    ).exists()


def test_a_new_desk_confirmation_replaces_the_current_one(clerk, zentrum):
    old = VerificationFactory()
    client_of(clerk).post(DESK_URL, desk_data(old.user.email, zentrum))
    old.refresh_from_db()
    assert old.end_reason == EndReason.REPLACED
    assert Verification.objects.current().get(user=old.user).method == Method.DESK


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"email": "niemand@example.org"}, "email", "Es gibt kein Konto mit dieser E-Mail"),
        ({"email": "anna"}, "email", "vollständige E-Mail-Adresse"),
        ({"document_type": ""}, "document_type", "zwingend erforderlich"),
        ({"document_type": "driving_licence"}, "document_type", "gültige Auswahl"),
        ({"district": ""}, "district", "zwingend erforderlich"),
        ({"date_of_birth": "31.02.1990"}, "date_of_birth", "gültiges Datum"),
        ({"date_of_birth": "01.01.2999"}, "date_of_birth", "Bitte prüfen Sie das Geburtsdatum."),
        ({"document_seen": ""}, "document_seen", "zwingend erforderlich"),
        ({"given_names": "Anna"}, "street", "Name und Anschrift vollständig"),
    ],
)
def test_wrong_or_missing_input_is_a_form_error(clerk, zentrum, changes, field, message):
    resident = UserFactory(email="anna@example.org")
    response = client_of(clerk).post(DESK_URL, desk_data(resident.email, zentrum, **changes))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert message in errors, response.context["form"].errors
    assert not Verification.objects.exists()


def test_only_the_exact_address_finds_an_account(clerk, zentrum):
    UserFactory(email="anna.mueller@example.org")
    response = client_of(clerk).post(DESK_URL, desk_data("mueller@example.org", zentrum))
    assert "Es gibt kein Konto mit dieser E-Mail" in response.content.decode()
    assert not Verification.objects.exists()


def test_an_inactive_account_is_not_found(clerk, zentrum):
    resident = UserFactory(is_active=False)
    client_of(clerk).post(DESK_URL, desk_data(resident.email, zentrum))
    assert not Verification.objects.exists()


# --- one person, one confirmed account ----------------------------------------------------------


def test_the_same_person_cannot_be_confirmed_for_a_second_account(clerk, zentrum):
    first, second = UserFactory(), UserFactory()
    client = client_of(clerk)
    client.post(DESK_URL, desk_data(first.email, zentrum, **with_person()))
    held = Verification.objects.get(user=first)
    assert held.entry_digest  # the keyed hash, not the clear data
    assert ANNA.family_name not in held.entry_digest

    # Name order, case and "ß/ss" do not make another person.
    response = client.post(
        DESK_URL,
        desk_data(
            second.email, zentrum,
            **with_person(given_names="MÜLLER", family_name="anna maria",
                          street="Löbdergraben ", house_number="12 a"),
        ),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "bereits mit einem anderen Konto bestätigt" in page
    assert not Verification.objects.filter(user=second).exists()
    # Staff who may revoke are shown the confirmation that holds the entry.
    assert reverse("admin:verification_verification_change", args=[held.pk]) not in page
    boss = staff_with("verification.verify_at_desk", "verification.change_verification")
    page = client_of(boss).post(
        DESK_URL, desk_data(second.email, zentrum, **with_person())
    ).content.decode()
    assert reverse("admin:verification_verification_change", args=[held.pk]) in page
    assert first.email in page


def test_a_person_confirmed_by_the_register_check_is_not_confirmed_again_for_another_account(
    clerk, zentrum
):
    import_extract(ANNA)
    holder = UserFactory()
    client_of(holder).post(reverse("verification:status"), ANNA.form_data())
    assert Verification.objects.get(user=holder).method == Method.REGISTER

    desk_only = staff_with("verification.verify_at_desk")
    response = client_of(desk_only).post(
        DESK_URL, desk_data(UserFactory().email, zentrum, **with_person())
    )
    page = response.content.decode()
    assert "bereits mit einem anderen Konto bestätigt" in page
    assert holder.email not in page  # staff without the change permission are not told whom
    assert Verification.objects.count() == 1


def test_the_same_account_can_be_confirmed_again_with_the_same_person(clerk, zentrum):
    resident = UserFactory()
    client = client_of(clerk)
    client.post(DESK_URL, desk_data(resident.email, zentrum, **with_person()))
    client.post(DESK_URL, desk_data(resident.email, zentrum, **with_person()))
    assert Verification.objects.current().filter(user=resident).count() == 1


def test_after_revoking_the_old_account_the_person_can_confirm_the_new_one(clerk, zentrum):
    old_account, new_account = UserFactory(), UserFactory()
    client = client_of(clerk)
    client.post(DESK_URL, desk_data(old_account.email, zentrum, **with_person()))
    held = Verification.objects.get(user=old_account)
    boss = staff_with("verification.change_verification")
    client_of(boss).post(
        reverse("admin:verification_verification_revoke", args=[held.pk]),
        {"note": "Die Person nutzt ein neues Konto."},
    )
    client.post(DESK_URL, desk_data(new_account.email, zentrum, **with_person()))
    assert Verification.objects.current().get(user=new_account).method == Method.DESK


# --- what residents read -----------------------------------------------------------------------


def test_residents_read_how_the_desk_works_on_their_page(settings):
    settings.VERIFICATION_DESK_INFO = "Bürgerservice der Stadt Jena\nAm Anger 15\n07743 Jena"
    page = client_of(UserFactory()).get(reverse("verification:status")).content.decode()
    assert 'id="desk"' in page
    assert "Persönlich: im Bürgerservice" in page
    assert "Am Anger 15<br>07743 Jena" in page
    assert "Personalausweis" in page
    assert "nicht die Ausweisnummer" in page


def test_the_desk_address_is_configurable(settings):
    settings.VERIFICATION_DESK_INFO = "Bürgerbüro Lobeda, Karl-Marx-Allee 28"
    page = client_of(UserFactory()).get(reverse("verification:status")).content.decode()
    assert "Bürgerbüro Lobeda, Karl-Marx-Allee 28" in page
