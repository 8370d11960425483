"""Verified residents and GDPR, from the outside: the person's copy of their data holds
their confirmations and letters (the outcome, never the data checked, the code or the
address); deleting the account deletes all of it."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from privacy.models import DataExport
from tests.factories import DEFAULT_PASSWORD, StaffFactory, UserFactory
from tests.privacy.test_account_delete import rows_mentioning
from tests.verification.factories import ANNA, VerificationFactory, import_extract
from tests.verification.test_letter import ask_for_letter, code_on, enter, pages_of, printer
from verification.letters import letters_print
from verification.models import AgeConfirmation, EndReason, LetterCode, Method, Verification
from verification.services import verification_end

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"


def exported(client, user, django_capture_on_commit_callbacks) -> tuple[dict, str]:
    """(daten.json, its text) of the person's copy of their data, as they download it."""
    client.force_login(user)
    DataExport.objects.filter(user=user).delete()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("privacy:data-export-create")).status_code == 302
    export = DataExport.objects.get(user=user)
    response = client.get(reverse("privacy:data-export-download", args=[export.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    text = archive.read("daten.json").decode()
    return json.loads(text), text


def test_the_export_holds_each_confirmation_and_letter_but_no_clear_data(
    client, django_capture_on_commit_callbacks
):
    import_extract(ANNA)
    person = UserFactory()
    client.force_login(person)
    assert client.post(reverse("verification:status"), ANNA.form_data()).status_code == 302
    revoked = Verification.objects.get(user=person)
    verification_end(
        verification=revoked,
        reason=EndReason.REVOKED,
        note="Angaben widersprüchlich.",
        by=StaffFactory(is_superuser=True),
    )
    assert ask_for_letter(client).status_code == 302  # waiting for print: address kept

    data, text = exported(client, person, django_capture_on_commit_callbacks)
    (register,) = data["residence_verifications"]
    assert register["method"] == Method.REGISTER
    assert register["district"] == "Zentrum" and register["birth_year"] == 1990
    assert register["verified_at"] and register["expires_at"] and register["ended_at"]
    assert (register["end_reason"], register["end_note"]) == (
        EndReason.REVOKED,
        "Angaben widersprüchlich.",
    )
    (letter,) = data["letter_codes"]
    assert letter["state"] == "requested" and letter["address_stored"] is True
    assert letter["requested_at"] and letter["printed_at"] is None
    for clear in ("Löbdergraben", "Müller", "1990-05-24", "24.05.1990", revoked.entry_digest):
        assert clear not in text

    batch = letters_print(by=printer())
    (page,) = pages_of(batch.pdf)
    code = code_on(page)
    assert enter(client, code).status_code == 302

    data, text = exported(client, person, django_capture_on_commit_callbacks)
    methods = [v["method"] for v in data["residence_verifications"]]
    assert methods == [Method.LETTER, Method.REGISTER]  # newest first
    current = data["residence_verifications"][0]
    assert current["ended_at"] is None and current["district"] == "Zentrum"
    (letter,) = data["letter_codes"]
    assert letter["state"] == "used" and letter["printed_at"] and letter["used_at"]
    assert letter["address_stored"] is False
    stored_hash = LetterCode.objects.get().code_hash
    for secret in (code, f"{code[:3]} {code[3:]}", stored_hash, "Löbdergraben"):
        assert secret not in text


def test_deleting_the_account_deletes_confirmations_age_records_and_letters(client):
    import_extract(ANNA)
    person, neighbour = UserFactory(), UserFactory()
    verification = VerificationFactory(user=person)
    AgeConfirmation.objects.create(verification=verification, min_age=16, key_date="2027-03-31")
    kept = VerificationFactory(user=neighbour)
    client.force_login(person)
    assert ask_for_letter(client).status_code == 302  # replaces nothing; address stored
    assert rows_mentioning("Löbdergraben")

    response = client.post(
        reverse("privacy:account-delete"),
        {"contributions": "anonymise", "password": DEFAULT_PASSWORD},
    )
    assert response.status_code == 302
    assert not Verification.objects.filter(user_id=person.pk).exists()
    assert not AgeConfirmation.objects.filter(verification_id=verification.pk).exists()
    assert not LetterCode.objects.filter(user_id=person.pk).exists()
    assert rows_mentioning("Löbdergraben") == []
    assert Verification.objects.filter(pk=kept.pk).exists()  # nobody else's


def test_a_confirmation_outlives_the_staff_account_that_made_it():
    staff = StaffFactory()
    verification = VerificationFactory(method=Method.DESK, verified_by=staff)
    staff.delete()
    verification.refresh_from_db()
    assert verification.verified_by is None and verification.is_current


def test_the_export_says_when_the_account_was_refused_as_a_second_one_without_naming_the_other(
    client, django_capture_on_commit_callbacks
):
    import_extract(ANNA)
    holder, second = UserFactory(), UserFactory()
    for user in (holder, second):
        client.force_login(user)
        client.post(reverse("verification:status"), ANNA.form_data())
    data, text = exported(client, second, django_capture_on_commit_callbacks)
    (refused,) = data["residence_refused_as_second_account"]
    assert refused["way"] == "register" and refused["at"]
    assert holder.email not in text
    assert exported(client, holder, django_capture_on_commit_callbacks)[0][
        "residence_refused_as_second_account"
    ] == []
