"""The register check against a municipal register service (XMeld's "einfache
Melderegisterauskunft" over SOAP), tried from the outside: a resident fills in the form
on /konto/wohnsitz/ and the site asks the test register in ``xmeld_server`` over real
HTTP (and HTTPS with mutual TLS), which parses every request strictly."""

import datetime
import logging
import shutil
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET  # noqa: S405 - edits our own request document

import pytest
from defusedxml import ElementTree as SafeET
from django.urls import reverse

from geo.services import district_slug
from tests.factories import UserFactory
from tests.notifications.factories_follows import DistrictFactory
from tests.verification.factories import ANNA, JOERG, Resident
from tests.verification.xmeld_server import (
    SOAP,
    XMELD,
    Query,
    RegisterPerson,
    XMeldRegister,
    make_tls_files,
)
from verification.backends.xmeld import request_document
from verification.models import Method, Verification
from verification.person import Person
from verification.services import not_confirmed_message

pytestmark = pytest.mark.django_db

URL = reverse("verification:status")
SENDER = "ags:16053000"
TRY_LATER = "Der Abgleich mit dem Melderegister ist gerade nicht möglich"

ANNA_IN_REGISTER = RegisterPerson(
    "Anna Maria", "Müller", ANNA.date_of_birth, "Löbdergraben", "12", "a",
    district="Jena-Zentrum",
)
JOERG_IN_REGISTER = RegisterPerson(
    "Jörg", "Weiß", JOERG.date_of_birth, "Karl-Liebknecht-Straße", "7", district="Göschwitz",
)
WEIMAR = Resident("Clara", "Schiller", datetime.date(1988, 11, 10), "Frauenplan", "1",
                  postcode="99423")
CLARA_IN_WEIMAR = RegisterPerson(
    "Clara", "Schiller", WEIMAR.date_of_birth, "Frauenplan", "1", postcode="99423",
    city="Weimar", municipality_key="16055000",
)


@pytest.fixture
def districts():
    return {
        name: DistrictFactory(name=name, slug=district_slug(name))
        for name in ("Jena-Zentrum", "Göschwitz", "Lobeda-Altstadt")
    }


@pytest.fixture
def register(settings, districts):
    """The register service with Anna, Jörg and Clara (of Weimar), and the site set to
    ask it."""
    with XMeldRegister([ANNA_IN_REGISTER, JOERG_IN_REGISTER, CLARA_IN_WEIMAR]) as service:
        settings.VERIFICATION_REGISTER_BACKEND = "verification.backends.xmeld.XMeldBackend"
        settings.VERIFICATION_XMELD_URL = service.url
        settings.VERIFICATION_XMELD_SENDER = SENDER
        settings.VERIFICATION_XMELD_TIMEOUT = 2
        yield service


@pytest.fixture
def resident(client):
    user = UserFactory()
    client.force_login(user)
    return user


@pytest.fixture
def outcomes(caplog):
    """The kinds of outcome the backend logged, in order."""
    caplog.set_level(logging.INFO, logger="verification.backends.xmeld")

    def kinds():
        return [
            record.getMessage().removeprefix("xmeld register answer: ")
            for record in caplog.records
            if record.name == "verification.backends.xmeld"
        ]

    return kinds


def check(client, data):
    return client.post(URL, data)


def current(user):
    return Verification.objects.current().filter(user=user).first()


def test_a_resident_found_once_in_jena_is_confirmed_with_district_and_birth_year(
    client, resident, register, outcomes
):
    response = check(client, ANNA.form_data())
    assert response.status_code == 302
    verification = current(resident)
    assert verification.method == Method.REGISTER
    assert verification.district.slug == "jena-zentrum"
    assert verification.birth_year == 1990
    # the keyed hash the register extract has for the same entry
    assert verification.entry_digest == Person(
        ANNA.given_names, ANNA.family_name, ANNA.date_of_birth, ANNA.street, ANNA.house_number
    ).digest()
    kept = " ".join(
        str(value) for value in Verification.objects.values().get(pk=verification.pk).values()
    )
    for clear in ("Müller", "Anna", "Löbdergraben", "1990-05-24"):
        assert clear not in kept
    assert outcomes() == ["confirmed"]


def test_the_request_is_the_one_the_register_expects(client, resident, register):
    check(client, ANNA.form_data())
    assert register.rejected == []
    assert register.queries == [
        Query(
            family_name="Müller",
            given_names="Anna Maria",
            phonetic=False,
            date_of_birth=datetime.date(1990, 5, 24),
            street="Löbdergraben",
            house_number="12",
            house_number_suffix="a",
            postcode="07743",
            sender=SENDER,
        )
    ]


def test_the_district_is_found_from_the_registers_ortsteil_with_umlauts(
    client, resident, register
):
    assert check(client, JOERG.form_data()).status_code == 302
    assert current(resident).district.slug == "goeschwitz"


def test_no_match_several_matches_and_another_city_get_one_identical_answer(
    client, resident, register, outcomes
):
    register.people.append(ANNA_IN_REGISTER)  # entered twice: the register cannot tell
    cases = {
        "no match": JOERG.form_data(family_name="Schulze"),
        "several matches": ANNA.form_data(),
        "another city": WEIMAR.form_data(),
        "swapped name order": JOERG.form_data(given_names="Weiß", family_name="Jörg"),
    }
    answers = {}
    for case, data in cases.items():
        response = check(client, data)
        answers[case] = (response.status_code, tuple(response.context["form"].non_field_errors()))
    assert set(answers.values()) == {(400, (not_confirmed_message(),))}, answers
    assert Verification.objects.count() == 0
    # each case went its own way through the backend, to the same answer
    assert outcomes() == ["no_match", "several_matches", "elsewhere", "no_match"]
    assert register.rejected == []


@pytest.mark.parametrize(
    "changes",
    [
        {"given_names": "Joerg", "family_name": "Weiss"},
        {"given_names": "JÖRG", "family_name": "WEISS", "street": "Karl-Liebknecht-Strasse"},
        {"street": "Karl-Liebknecht-Str."},
        {"street": "karl liebknecht straße"},
    ],
    ids=["umlauts-written-out", "upper-case-and-ss", "str-abbreviated", "hyphens-as-spaces"],
)
def test_umlaut_and_sharp_s_spellings_are_found_as_the_register_compares(
    client, resident, register, changes
):
    assert check(client, JOERG.form_data(**changes)).status_code == 302
    assert current(resident) is not None


def test_a_second_account_with_another_spelling_of_the_same_person_is_refused(
    client, register
):
    client.force_login(UserFactory())
    assert check(client, JOERG.form_data()).status_code == 302
    second = UserFactory()
    client.force_login(second)
    response = check(client, JOERG.form_data(given_names="Joerg", family_name="Weiss"))
    assert response.status_code == 400
    assert "bereits mit einem anderen Konto bestätigt" in response.content.decode()
    assert current(second) is None


def test_what_the_register_does_not_compare_exactly_is_not_confirmed(
    client, resident, register
):
    for changes in ({"date_of_birth": "25.05.1990"}, {"house_number": "12b"},
                    {"given_names": "Anna"}):
        assert check(client, ANNA.form_data(**changes)).status_code == 400
    assert Verification.objects.count() == 0


def test_a_moved_person_found_by_name_at_another_address_is_not_confirmed(
    client, resident, register, outcomes
):
    register.by_address = False  # the register searches by name and date of birth only
    register.people[0] = RegisterPerson(
        "Anna Maria", "Müller", ANNA.date_of_birth, "Am Anger", "3", district="Jena-Zentrum"
    )
    old_address = check(client, ANNA.form_data())
    assert old_address.status_code == 400
    assert not_confirmed_message() in old_address.content.decode()
    assert check(client, ANNA.form_data(street="Am Anger", house_number="3")).status_code == 302
    assert outcomes() == ["disagrees", "confirmed"]


@pytest.mark.parametrize(
    "mode, kind",
    [
        ("slow", "timeout"),
        ("trickle", "timeout"),
        ("error500", "http_error"),
        ("fault", "soap_fault"),
        ("garbage", "unparsable"),
    ],
)
def test_a_register_that_fails_makes_the_page_say_try_later_and_keeps_nothing(
    client, resident, register, settings, outcomes, mode, kind
):
    settings.VERIFICATION_XMELD_TIMEOUT = 0.3
    register.mode = mode
    started = time.monotonic()
    response = check(client, ANNA.form_data())
    assert time.monotonic() - started < 5  # no hang
    assert response.status_code == 503
    assert TRY_LATER in response.content.decode()
    assert Verification.objects.count() == 0
    assert outcomes() == [kind]


def test_a_register_that_cannot_be_reached_makes_the_page_say_try_later(
    client, resident, settings, districts, outcomes
):
    with XMeldRegister() as gone:
        url = gone.url
    settings.VERIFICATION_REGISTER_BACKEND = "verification.backends.xmeld.XMeldBackend"
    settings.VERIFICATION_XMELD_URL = url
    settings.VERIFICATION_XMELD_SENDER = SENDER
    response = check(client, ANNA.form_data())
    assert response.status_code == 503
    assert Verification.objects.count() == 0
    assert outcomes() == ["connection_error"]


def test_without_a_configured_register_service_the_page_says_try_later(
    client, resident, settings, outcomes
):
    settings.VERIFICATION_REGISTER_BACKEND = "verification.backends.xmeld.XMeldBackend"
    settings.VERIFICATION_XMELD_URL = ""
    response = check(client, ANNA.form_data())
    assert response.status_code == 503
    assert outcomes() == ["not_configured"]


def test_nothing_of_the_person_is_logged(client, resident, register, caplog):
    caplog.set_level(logging.DEBUG)
    check(client, ANNA.form_data(family_name="Schulze"))
    check(client, ANNA.form_data())
    register.mode = "fault"
    check(client, JOERG.form_data())
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "xmeld register answer" in logged
    for clear in ("Müller", "Schulze", "Anna", "Löbdergraben", "1990", "Weiß", "Jörg",
                  "Liebknecht", "07743"):
        assert clear not in logged


# -- mutual TLS -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory):
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command makes the test certificates")
    return make_tls_files(tmp_path_factory.mktemp("xmeld-tls"))


@pytest.fixture
def tls_register(settings, districts, tls_files):
    with XMeldRegister([ANNA_IN_REGISTER], tls=tls_files) as service:
        settings.VERIFICATION_REGISTER_BACKEND = "verification.backends.xmeld.XMeldBackend"
        settings.VERIFICATION_XMELD_URL = service.url
        settings.VERIFICATION_XMELD_SENDER = SENDER
        settings.VERIFICATION_XMELD_CA_BUNDLE = str(tls_files.ca)
        settings.VERIFICATION_XMELD_CLIENT_CERT = str(tls_files.client_cert)
        settings.VERIFICATION_XMELD_CLIENT_KEY = str(tls_files.client_key)
        yield service


def test_the_client_certificate_is_shown_to_a_register_that_requires_it(
    client, resident, tls_register
):
    assert tls_register.url.startswith("https://")
    assert check(client, ANNA.form_data()).status_code == 302
    assert current(resident) is not None
    (certificate,) = tls_register.client_certificates
    assert dict(entry[0] for entry in certificate["subject"])["commonName"] == "xmeld-client"


def test_without_the_client_certificate_the_register_refuses_and_the_page_says_try_later(
    client, resident, tls_register, settings, outcomes
):
    settings.VERIFICATION_XMELD_CLIENT_CERT = settings.VERIFICATION_XMELD_CLIENT_KEY = ""
    response = check(client, ANNA.form_data())
    assert response.status_code == 503
    assert tls_register.queries == []
    assert outcomes() in (["tls_error"], ["connection_error"])


def test_a_register_certificate_from_another_ca_is_not_trusted(
    client, resident, tls_register, settings, outcomes
):
    settings.VERIFICATION_XMELD_CA_BUNDLE = ""  # the system's CAs never signed the test CA
    assert check(client, ANNA.form_data()).status_code == 503
    assert tls_register.queries == []
    assert outcomes() == ["tls_error"]


def test_with_a_client_certificate_the_data_never_goes_over_plain_http(
    client, resident, register, settings, tls_files
):
    settings.VERIFICATION_XMELD_CLIENT_CERT = str(tls_files.client_cert)
    settings.VERIFICATION_XMELD_CLIENT_KEY = str(tls_files.client_key)
    assert register.url.startswith("http://")
    assert check(client, ANNA.form_data()).status_code == 503
    assert register.queries == []


# -- the test register is strict --------------------------------------------------------------


def _post(url: str, document: bytes) -> tuple[int, bytes]:
    request = urllib.request.Request(  # noqa: S310 - a local test server
        url, data=document, method="POST",
        headers={"Content-Type": "text/xml; charset=utf-8", "SOAPAction": '"abfrage0600"'},
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _without_sender(root: ET.Element) -> None:
    head = root.find(f".//{{{XMELD}}}nachrichtenkopf")
    head.remove(head.find(f"{{{XMELD}}}absender"))


def _qualified_name(root: ET.Element) -> None:
    name = root.find(f".//{{{XMELD}}}nachname/name")
    name.tag = f"{{{XMELD}}}name"


def _unknown_element(root: ET.Element) -> None:
    data = root.find(f".//{{{XMELD}}}datenZurAnfrage")
    ET.SubElement(data, f"{{{XMELD}}}geschlecht").text = "w"


@pytest.mark.parametrize("spoil", [_without_sender, _qualified_name, _unknown_element])
def test_the_test_register_refuses_a_request_that_is_not_the_message(register, spoil):
    person = Person(ANNA.given_names, ANNA.family_name, ANNA.date_of_birth, ANNA.street,
                    ANNA.house_number, ANNA.postcode)
    root = SafeET.fromstring(request_document(person, sender=SENDER))
    assert _post(register.url, ET.tostring(root))[0] == 200  # unspoilt: answered
    spoil(root)
    status, body = _post(register.url, ET.tostring(root))
    assert status == 500
    assert SafeET.fromstring(body).find(f"{{{SOAP}}}Body/{{{SOAP}}}Fault") is not None
    assert len(register.rejected) == 1
