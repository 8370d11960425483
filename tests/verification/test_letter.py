"""The letter code, tried from the outside: a resident asks for a letter on
/konto/wohnsitz/, staff print the waiting letters as one PDF in the admin, the resident
types the code from the letter — with the mistakes people make and the abuse the issue
names (unknown people, guessing, old letters)."""

import datetime
import io
import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from core.exceptions import Invalid, NotAllowed
from participation.ideas.rules import may_vote
from tests.factories import IdeaFactory, StaffFactory, UserFactory
from tests.verification.factories import (
    ANNA,
    JOERG,
    Resident,
    VerificationFactory,
    import_extract,
    residents_only_voting_phase,
)
from verification.letters import letters_print
from verification.models import AgeConfirmation, LetterCode, Method, Verification
from verification.services import not_confirmed_message

pytestmark = pytest.mark.django_db

STATUS = reverse("verification:status")
REQUEST = reverse("verification:letter-request")
REDEEM = reverse("verification:letter-redeem")
PRINT = reverse("admin:verification_lettercode_print")
CHANGELIST = reverse("admin:verification_lettercode_changelist")
CODE = re.compile(r"(?<![\d.])(\d{3}) (\d{3})(?![\d.])")


@pytest.fixture
def resident(client):
    user = UserFactory()
    client.force_login(user)
    return user


def letter_section(context) -> dict:
    """The letter's section of /konto/wohnsitz/ (other ways add sections of their own)."""
    from verification.letter_views import SECTION_TEMPLATE

    return next(s for s in context["sections"] if s["template"] == SECTION_TEMPLATE)


def printer(**fields):
    """Staff allowed to print letters (and to see the list)."""
    user = StaffFactory(**fields)
    for codename in ("print_lettercode", "view_lettercode"):
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label="verification", codename=codename)
        )
    return user


def ask_for_letter(client, person: Resident = ANNA, **changes):
    data = {f"letter-{key}": value for key, value in person.form_data(**changes).items()}
    return client.post(REQUEST, data)


def enter(client, code: str, **extra):
    return client.post(REDEEM, {"letter-code": code, **extra})


def pages_of(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def code_on(page_text: str) -> str:
    found = CODE.findall(page_text)
    assert len(found) == 1, page_text
    return "".join(found[0])


def print_letters() -> dict[str, str]:
    """Print the waiting letters; {text of the page: its code}."""
    batch = letters_print(by=printer())
    return {text: code_on(text) for text in pages_of(batch.pdf)}


def the_code() -> str:
    (code,) = print_letters().values()
    return code


def current(user):
    return Verification.objects.current().filter(user=user).first()


def other_than(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


# --- asking for a letter ------------------------------------------------------------------


def test_a_registered_resident_asks_for_a_letter_and_only_outcome_and_address_are_kept(
    client, resident
):
    import_extract(ANNA, JOERG)
    response = ask_for_letter(client)
    assert response.status_code == 302
    assert response["Location"] == STATUS + "#letter"
    letter = LetterCode.objects.get(user=resident)
    assert letter.state == LetterCode.State.REQUESTED
    assert (letter.district.name, letter.birth_year) == ("Zentrum", 1990)
    assert (letter.name, letter.street, letter.house_number, letter.postcode) == (
        "Anna Maria Müller",
        "Löbdergraben",
        "12a",
        "07743",
    )
    assert len(letter.entry_digest) == 64 and letter.code_hash == ""
    kept = " ".join(str(value) for value in LetterCode.objects.values().get().values())
    assert "1990-05-24" not in kept and "24.05.1990" not in kept
    page = client.get(STATUS).content.decode()
    assert "Ihr Brief ist angefordert und wird gedruckt." in page
    assert "Code aus dem Brief eingeben" not in page  # nothing to enter yet


@pytest.mark.parametrize(
    "changes",
    [{"date_of_birth": "25.05.1990"}, {"house_number": "14"}, {"family_name": "Meier"}],
    ids=["wrong-date-of-birth", "other-house", "other-name"],
)
def test_a_person_the_register_does_not_know_gets_the_one_answer_and_no_letter(
    client, resident, changes
):
    import_extract(ANNA)
    letter_answer = ask_for_letter(client, **changes)
    check_answer = client.post(STATUS, ANNA.form_data(**changes))
    assert letter_answer.status_code == check_answer.status_code == 400
    assert not_confirmed_message() in letter_answer.content.decode()
    assert not_confirmed_message() in check_answer.content.decode()
    assert not LetterCode.objects.exists()


def test_without_the_register_the_request_says_try_later(client, resident):
    response = ask_for_letter(client)
    assert response.status_code == 503
    assert "gerade nicht möglich" in response.content.decode()
    assert not LetterCode.objects.exists()


def test_letter_requests_are_limited_per_person(client, resident, settings):
    settings.POSTING_RATE_LIMITS = {**settings.POSTING_RATE_LIMITS, "letter_request": "2/d"}
    import_extract(ANNA)
    assert ask_for_letter(client, family_name="Falsch").status_code == 400
    assert ask_for_letter(client).status_code == 302
    limited = ask_for_letter(client)
    assert limited.status_code == 429
    assert "Briefe mit Code angefordert" in limited.content.decode()


def test_letter_requests_are_limited_per_address(client, settings):
    settings.POSTING_RATE_LIMITS = {
        **settings.POSTING_RATE_LIMITS,
        "letter_request_address": "2/d",
    }
    import_extract(ANNA)
    for _person in range(2):
        client.force_login(UserFactory())
        assert ask_for_letter(client, family_name="Falsch").status_code == 400
    client.force_login(UserFactory())
    assert ask_for_letter(client).status_code == 429


def test_a_person_without_verified_email_is_asked_to_confirm_it_first(client):
    import_extract(ANNA)
    client.force_login(UserFactory(verified=False))
    assert ask_for_letter(client).status_code == 403
    assert not LetterCode.objects.exists()


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"date_of_birth": "31.02.1990"}, "date_of_birth"),
        ({"postcode": "0774"}, "postcode"),
        ({"consent": ""}, "consent"),
    ],
)
def test_bad_input_is_a_form_error_beside_the_field(client, resident, changes, field):
    import_extract(ANNA)
    response = ask_for_letter(client, **changes)
    assert response.status_code == 400
    section = letter_section(response.context)
    assert field in section["request_form"].errors
    assert f'id="id_letter-{field}"' in response.content.decode()


def test_an_entry_confirming_another_account_gets_no_letter(client, resident):
    import_extract(ANNA)
    other = UserFactory()
    client.force_login(other)
    assert client.post(STATUS, ANNA.form_data()).status_code == 302
    client.force_login(resident)
    response = ask_for_letter(client)
    assert response.status_code == 400
    assert "bereits mit einem anderen Konto bestätigt" in response.content.decode()
    assert not LetterCode.objects.exists()


def test_the_page_and_the_posts_need_a_sign_in(client):
    for response in (client.get(STATUS), ask_for_letter(client), enter(client, "123456")):
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


def test_a_confirmed_resident_without_a_letter_is_not_offered_one(client):
    verification = VerificationFactory()
    client.force_login(verification.user)
    assert 'id="letter"' not in client.get(STATUS).content.decode()


# --- printing -----------------------------------------------------------------------------


def test_staff_print_one_pdf_with_codes_and_addresses_then_the_addresses_are_erased(
    client, settings
):
    settings.VERIFICATION_LETTER_VALID_DAYS = 30
    import_extract(ANNA, JOERG)
    anna, joerg = UserFactory(), UserFactory(preferred_language="en")
    for user, person in ((anna, ANNA), (joerg, JOERG)):
        client.force_login(user)
        assert ask_for_letter(client, person).status_code == 302

    client.force_login(printer())
    response = client.post(PRINT)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="briefe-')
    first, second = pages_of(response.content)
    assert "Anna Maria Müller" in first and "Löbdergraben 12a" in first
    assert "07743 Jena" in first and "Ihr Code für Jena Smart" in first
    assert "/konto/wohnsitz/" in first.replace("\n", "")
    assert "Jörg Weiß" in second and "Karl-Liebknecht-Straße 7" in second
    assert "/en/konto/wohnsitz/" in second.replace("\n", "")  # the link of the language Jörg uses
    codes = [code_on(first), code_on(second)]  # one code on each letter

    letter = LetterCode.objects.get(user=anna)
    assert (letter.name, letter.street, letter.house_number, letter.postcode) == ("",) * 4
    assert letter.state == LetterCode.State.SENT
    assert letter.expires_at == letter.printed_at + datetime.timedelta(days=30)
    valid_until = timezone.localtime(letter.expires_at).strftime("%d.%m.%Y")
    assert valid_until in first
    stored = " ".join(str(v) for row in LetterCode.objects.values() for v in row.values())
    for code in codes:
        assert code not in stored  # only a keyed hash
    assert len(letter.code_hash) == 64

    again = client.post(PRINT, follow=True)  # nothing waits any more
    assert "Es warten keine Briefe auf den Druck." in again.content.decode()


def test_the_address_sits_in_the_window_of_the_envelope(client, resident):
    """DIN 5008 form B: the address field is 45–90 mm from the top, 20–105 mm from the
    left of the sheet."""
    import_extract(ANNA)
    ask_for_letter(client)
    batch = letters_print(by=printer())
    (page,) = PdfReader(io.BytesIO(batch.pdf)).pages
    height = float(page.mediabox.height)
    mm = 72 / 25.4
    where = {}

    def visit(text, cm, tm, font, size):
        if text.strip():  # the text's origin on the page: tm, then the current matrix
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            where.setdefault(text.strip(), (x / mm, (height - y) / mm))

    page.extract_text(visitor_text=visit)
    for line in ("Anna Maria Müller", "Löbdergraben 12a", "07743 Jena"):
        x, y = next(pos for text, pos in where.items() if line in text)
        assert 20 <= x <= 105 and 45 <= y <= 90, (line, x, y)


def test_a_batch_holds_at_most_the_configured_number_oldest_first(client, settings):
    settings.VERIFICATION_LETTER_BATCH_MAX = 1
    import_extract(ANNA, JOERG)
    for person in (ANNA, JOERG):
        client.force_login(UserFactory())
        ask_for_letter(client, person)
    (first,) = print_letters()
    assert "Anna Maria Müller" in first
    (second,) = print_letters()
    assert "Jörg Weiß" in second


def test_nothing_to_print_is_said_not_a_500():
    with pytest.raises(Invalid):
        letters_print(by=printer())


@pytest.mark.parametrize("who", ["anonymous", "resident", "staff"])
def test_only_staff_with_the_permission_may_print(client, who):
    import_extract(ANNA)
    owner = UserFactory()
    client.force_login(owner)
    ask_for_letter(client)
    client.logout()
    user = {"anonymous": None, "resident": UserFactory(), "staff": StaffFactory()}[who]
    if user is not None:
        client.force_login(user)
    for response in (client.get(PRINT), client.post(PRINT)):
        if who == "staff":
            assert response.status_code == 403
        else:
            assert response.status_code == 302
            assert reverse("admin:login") in response["Location"]
    if user is not None:
        with pytest.raises(NotAllowed):
            letters_print(by=user)
    assert LetterCode.objects.get().state == LetterCode.State.REQUESTED
    assert LetterCode.objects.get().name == "Anna Maria Müller"


def test_staff_with_the_permission_see_how_many_letters_wait(client):
    import_extract(ANNA)
    client.force_login(UserFactory())
    ask_for_letter(client)
    client.force_login(printer())
    page = client.get(PRINT).content.decode()
    assert "1 Brief wartet auf den Druck." in page
    assert reverse("admin:verification_lettercode_print") in client.get(CHANGELIST).content.decode()


def test_the_admin_list_shows_no_code_and_no_address_in_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    import_extract(ANNA, JOERG)
    staff = printer()
    client.force_login(UserFactory())
    ask_for_letter(client)
    letter = LetterCode.objects.get()
    for _n in range(30):  # more people asking (rows as the service would leave them)
        LetterCode.objects.create(user=UserFactory(), entry_digest="x" * 64, birth_year=1980)
    client.force_login(staff)
    # +2: the Bürgerbudget admins of the sidebar ask once each.
    with django_assert_max_num_queries(16):
        page = client.get(CHANGELIST)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Löbdergraben" not in html and letter.entry_digest not in html
    detail = client.get(reverse("admin:verification_lettercode_change", args=[letter.pk]))
    assert detail.status_code == 200
    text = detail.content.decode()
    assert "Löbdergraben" not in text and letter.entry_digest not in text
    assert client.get(reverse("admin:verification_lettercode_add")).status_code == 403


# --- entering the code --------------------------------------------------------------------


def test_the_resident_enters_the_code_and_is_confirmed_with_the_registers_outcome(client, resident):
    import_extract(ANNA)
    ask_for_letter(client)
    code = the_code()
    page = client.get(STATUS).content.decode()
    assert "Ihr Brief ist unterwegs." in page and "Code aus dem Brief eingeben" in page
    response = enter(client, f"{code[:3]} {code[3:]}")  # as printed, with the space
    assert response.status_code == 302
    verification = current(resident)
    assert verification.method == Method.LETTER
    assert (verification.district.name, verification.birth_year) == ("Zentrum", 1990)
    assert verification.entry_digest == LetterCode.objects.get().entry_digest
    assert LetterCode.objects.get().state == LetterCode.State.USED
    page = client.get(STATUS).content.decode()
    assert "Ihr Wohnsitz in Jena ist bestätigt." in page
    assert "Code per Brief" in page  # the method


def test_after_the_code_the_resident_goes_back_where_they_came_from(client, resident):
    import_extract(ANNA)
    ask_for_letter(client)
    response = enter(client, the_code(), next="/beteiligung/")
    assert response["Location"] == "/beteiligung/"


def test_the_age_the_birth_year_cannot_tell_is_recorded_from_the_request(client, resident):
    key_date = datetime.date(2027, 3, 31)
    phase = residents_only_voting_phase(min_age=16, age_key_date=key_date)
    idea = IdeaFactory(project=phase.project)
    lena = Resident(
        "Lena", "Fuchs", datetime.date(2011, 3, 30), "Teichgraben", "1", district="Zentrum"
    )
    import_extract(lena)
    ask_for_letter(client, lena)
    assert LetterCode.objects.get().age_confirmations == [[16, "2027-03-31"]]
    enter(client, the_code())
    verification = current(resident)
    assert list(AgeConfirmation.objects.values_list("verification", "min_age", "key_date")) == [
        (verification.pk, 16, key_date)
    ]
    assert may_vote(resident, idea) is None


def test_a_wrong_code_is_counted_and_says_how_many_tries_are_left(client, resident):
    import_extract(ANNA)
    ask_for_letter(client)
    code = the_code()
    response = enter(client, other_than(code))
    assert response.status_code == 400
    assert "Der Code stimmt nicht. Noch 4 Versuche." in response.content.decode()
    assert LetterCode.objects.get().tries == 1
    assert current(resident) is None
    page = client.get(STATUS)
    assert letter_section(page.context)["tries_left"] == 4
    assert enter(client, code).status_code == 302  # still good


@pytest.mark.parametrize("typed", ["12345", "1234567", "abcdef", "١٢٣٤٥٦"])
def test_a_code_that_is_not_six_digits_is_a_form_error_and_costs_no_try(client, resident, typed):
    import_extract(ANNA)
    ask_for_letter(client)
    the_code()
    response = enter(client, typed)
    assert response.status_code == 400
    assert "Der Code hat sechs Ziffern." in response.content.decode()
    assert LetterCode.objects.get().tries == 0


def test_after_the_last_wrong_try_the_letter_is_void_and_a_new_one_is_offered(
    client, resident, settings
):
    settings.VERIFICATION_LETTER_MAX_TRIES = 5
    import_extract(ANNA)
    ask_for_letter(client)
    code = the_code()
    for left in (4, 3, 2, 1):
        assert f"Noch {left} Versuch" in enter(client, other_than(code)).content.decode()
    last = enter(client, other_than(code)).content.decode()
    assert "zu oft falsch eingegeben" in last
    letter = LetterCode.objects.get()
    assert (letter.state, letter.void_reason) == (LetterCode.State.VOID, "tries")
    response = enter(client, code)  # even the right one, now
    assert response.status_code == 400
    assert current(resident) is None
    page = client.get(STATUS).content.decode()
    assert "zu oft falsch eingegeben und gilt nicht mehr" in page
    assert 'id="letter-request-heading"' in page  # ask again
    assert ask_for_letter(client).status_code == 302
    enter(client, the_code())
    assert current(resident) is not None


def test_an_expired_code_no_longer_confirms(client, resident):
    import_extract(ANNA)
    ask_for_letter(client)
    code = the_code()
    LetterCode.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert "Der Code Ihres Briefs ist abgelaufen." in client.get(STATUS).content.decode()
    response = enter(client, code)
    assert response.status_code == 400
    assert "Der Code ist abgelaufen." in response.content.decode()
    assert current(resident) is None
    assert LetterCode.objects.get().void_reason == "expired"


def test_a_new_request_voids_the_old_letter_and_its_code(client, resident):
    import_extract(ANNA)
    ask_for_letter(client)
    old_code = the_code()
    assert ask_for_letter(client).status_code == 302
    old, new = LetterCode.objects.order_by("created_at", "pk")
    assert (old.state, old.void_reason) == (LetterCode.State.VOID, "replaced")
    refused = enter(client, old_code)  # the new letter is not printed yet
    assert refused.status_code == 400
    assert "kein Brief mit Code unterwegs" in refused.content.decode()
    new_code = the_code()
    if new_code != old_code:
        assert enter(client, old_code).status_code == 400
    assert enter(client, new_code).status_code == 302
    assert current(resident).method == Method.LETTER


def test_a_request_before_printing_replaces_the_waiting_letter_and_erases_its_address(
    client, resident
):
    import_extract(ANNA)
    ask_for_letter(client)
    ask_for_letter(client, street="Loebdergraben")
    old, new = LetterCode.objects.order_by("created_at", "pk")
    assert old.state == LetterCode.State.VOID and old.name == old.street == ""
    (page,) = print_letters()  # one letter only: the new one
    assert "Loebdergraben" in page


def test_a_code_works_only_for_the_account_that_asked(client):
    import_extract(ANNA, JOERG)
    anna, joerg = UserFactory(), UserFactory()
    client.force_login(anna)
    ask_for_letter(client)
    client.force_login(joerg)
    ask_for_letter(client, JOERG)
    codes = print_letters()
    annas = next(code for text, code in codes.items() if "Anna" in text)
    joergs = next(code for text, code in codes.items() if "Jörg" in text)
    if annas != joergs:
        assert enter(client, annas).status_code == 400
    assert enter(client, joergs).status_code == 302
    assert current(joerg).district.name == "Lobeda-Ost"
