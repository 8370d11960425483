"""What a sign-in with the state's account makes of the identity provider's answer: the
trust level decides, a Jena address and a date of birth confirm, the register adds the
district; nothing of the claims is kept beyond the outcome."""

import datetime

import pytest

from tests.factories import UserFactory
from tests.verification.factories import ANNA, import_extract
from verification.models import DuplicateAttempt, Method, Verification
from verification.state_account import StateAccountClaims, state_account_confirm, trust_level_of

pytestmark = pytest.mark.django_db


def claims(**changes):
    data = {
        "trust_level": "http://eidas.europa.eu/LoA/substantial",
        "given_names": ANNA.given_names,
        "family_name": ANNA.family_name,
        "date_of_birth": ANNA.date_of_birth,
        "street": f"{ANNA.street} {ANNA.house_number}",
        "postcode": ANNA.postcode,
        "city": "Jena",
    }
    data.update(changes)
    return StateAccountClaims(**data)


@pytest.mark.parametrize(
    "value, level",
    [
        ("http://eidas.europa.eu/LoA/high", "high"),
        ("http://eidas.europa.eu/LoA/substantial", "substantial"),
        ("STORK-QAA-Level-3", "substantial"),
        ("STORK-QAA-Level-4", "high"),
        ("STORK-QAA-Level-1", "low"),
        ("normal", "low"),
        ("", ""),
        ("urn:something:else", ""),
    ],
)
def test_trust_levels_of_the_identity_providers(value, level):
    assert trust_level_of(value) == level


def test_a_substantial_sign_in_with_a_jena_address_confirms_with_the_registers_district():
    import_extract(ANNA)
    user = UserFactory()
    verification = state_account_confirm(user=user, method=Method.OIDC, claims=claims())
    assert verification.method == Method.OIDC
    assert verification.trust_level == "substantial"
    assert verification.district.name == "Zentrum"
    assert verification.birth_year == 1990
    assert len(verification.entry_digest) == 64


def test_without_an_extract_the_sign_in_still_confirms_without_a_district():
    verification = state_account_confirm(user=UserFactory(), method=Method.SAML, claims=claims())
    assert verification.district is None and verification.entry_digest == ""


@pytest.mark.parametrize(
    "changes",
    [
        {"trust_level": "STORK-QAA-Level-1"},
        {"city": "Weimar"},
        {"date_of_birth": None},
    ],
    ids=["low-level", "other-city", "no-birth-date"],
)
def test_a_sign_in_that_cannot_tell_confirms_nothing(changes):
    user = UserFactory()
    assert state_account_confirm(user=user, method=Method.OIDC, claims=claims(**changes)) is None
    assert not Verification.objects.filter(user=user).exists()


def test_the_same_person_with_a_second_account_is_not_confirmed_twice():
    import_extract(ANNA)
    state_account_confirm(user=UserFactory(), method=Method.OIDC, claims=claims())
    second = UserFactory()
    assert state_account_confirm(user=second, method=Method.OIDC, claims=claims()) is None
    assert not Verification.objects.filter(user=second).exists()
    assert DuplicateAttempt.objects.get().attempted_by == second


def test_the_higher_minimum_level_refuses_substantial(settings):
    settings.VERIFICATION_STATE_ACCOUNT_MIN_LEVEL = "high"
    assert state_account_confirm(user=UserFactory(), method=Method.OIDC, claims=claims()) is None
    high = claims(trust_level="http://eidas.europa.eu/LoA/high",
                  date_of_birth=datetime.date(1990, 5, 24))
    assert state_account_confirm(user=UserFactory(), method=Method.OIDC, claims=high) is not None
