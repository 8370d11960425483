"""The profile page /konto/profil/: only for the signed-in person, edits their own public
profile through user_profile_update, switches to the chosen language."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from tests.factories import UserFactory
from users.services import user_profile_update

from .factories_accounts import DistrictFactory
from .helpers import parse_html

pytestmark = pytest.mark.django_db

PROFILE_URL = reverse("users:profile")
# Session + user + the districts of the select + the verified-e-mail check, +1: unread
# notifications in the header, +1: the API token, +2: the residence confirmation (and its
# age confirmations when there is one), +2: the header's "Moderation" and "Dashboard" links.
PROFILE_MAX_QUERIES = 10


def profile_data(**overrides) -> dict:
    data = {"display_name": "Paradies-Gärtnerin", "home_district": "", "preferred_language": "de"}
    data.update(overrides)
    return data


def test_profile_url_is_konto_profil():
    assert PROFILE_URL == "/konto/profil/"


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(PROFILE_URL)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={PROFILE_URL}"


def test_anonymous_visitor_on_the_english_site_is_sent_to_the_english_login(client):
    response = client.get("/en/konto/profil/")

    assert response["Location"].startswith("/en/accounts/login/?next=")


def test_anonymous_post_changes_nothing(client):
    user = UserFactory(display_name="Vorher")

    response = client.post(PROFILE_URL, profile_data(display_name="Nachher"))

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.display_name == "Vorher"


def test_profile_shows_the_current_profile_and_account_links(client):
    district = DistrictFactory(name="Zwätzen")
    user = UserFactory(display_name="Saalefuchs", home_district=district, email="f@example.org")
    client.force_login(user)

    page = parse_html(client.get(PROFILE_URL).content)

    assert page.find("input", name="display_name")["value"] == "Saalefuchs"
    assert (
        page.find("select", name="home_district").find("option", selected=True).text() == "Zwätzen"
    )
    assert "f@example.org" in page.find("main").text()
    assert page.find("a", href=reverse("account_email"))
    assert page.find("a", href=reverse("account_change_password"))
    assert page.find(id="email-unverified") is None
    main = page.find("main")
    assert not main.find_all(style=True) and not main.find_all("script")


def test_unverified_person_is_told_to_verify(client):
    client.force_login(UserFactory(verified=False))

    page = parse_html(client.get(PROFILE_URL).content)

    assert page.find(id="email-unverified") is not None


def test_person_updates_their_own_profile(client):
    district = DistrictFactory(name="Lobeda-Ost")
    user = UserFactory(display_name="Vorher")
    other = UserFactory(display_name="Jemand anderes")
    client.force_login(user)

    response = client.post(
        PROFILE_URL,
        profile_data(home_district=district.pk, email="gekapert@example.org", id=other.pk),
    )

    assert response.status_code == 302
    assert response["Location"] == PROFILE_URL
    user.refresh_from_db()
    other.refresh_from_db()
    assert (user.display_name, user.home_district, user.email) == (
        "Paradies-Gärtnerin",
        district,
        user.email,
    )
    assert user.email != "gekapert@example.org"
    assert other.display_name == "Jemand anderes"
    followed = client.get(response["Location"])
    assert "Ihr Profil wurde gespeichert." in followed.content.decode()


def test_home_district_can_be_removed(client):
    user = UserFactory(home_district=DistrictFactory())
    client.force_login(user)

    client.post(PROFILE_URL, profile_data(home_district=""))

    user.refresh_from_db()
    assert user.home_district is None


@pytest.mark.parametrize(
    ("display_name", "message"),
    [
        ("   ", "Bitte geben Sie einen Anzeigenamen an"),
        ("ich@example.org", "keine E-Mail-Adresse als Anzeigenamen"),
        ("x" * 81, "höchstens 80 Zeichen"),
    ],
)
def test_invalid_display_name_is_refused_and_nothing_is_saved(client, display_name, message):
    user = UserFactory(display_name="Vorher")
    client.force_login(user)

    response = client.post(PROFILE_URL, profile_data(display_name=display_name))

    assert response.status_code == 200
    page = parse_html(response.content)
    assert message in page.find(id="id_display_name_error").text()
    user.refresh_from_db()
    assert user.display_name == "Vorher"


def test_unknown_language_is_refused(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(PROFILE_URL, profile_data(preferred_language="fr"))

    assert "Diese Sprache wird nicht angeboten." in response.content.decode()
    user.refresh_from_db()
    assert user.preferred_language == "de"


def test_changing_the_language_shows_the_next_page_in_that_language(client):
    user = UserFactory(preferred_language="de")
    client.force_login(user)

    response = client.post(PROFILE_URL, profile_data(preferred_language="en"))

    assert response["Location"] == "/en/konto/profil/"
    followed = client.get(response["Location"])
    html = followed.content.decode()
    assert '<html lang="en"' in html
    with translation.override("en"):
        assert translation.gettext("Ihr Profil wurde gespeichert.") in html
    user.refresh_from_db()
    assert user.preferred_language == "en"


def test_changing_back_to_german_leaves_the_english_site(client):
    user = UserFactory(preferred_language="en")
    client.force_login(user)

    response = client.post("/en/konto/profil/", profile_data(preferred_language="de"))

    assert response["Location"] == "/konto/profil/"


def test_saving_without_changing_the_language_stays_on_the_current_site(client):
    user = UserFactory(preferred_language="de")
    client.force_login(user)

    response = client.post("/en/konto/profil/", profile_data(preferred_language="de"))

    assert response["Location"] == "/en/konto/profil/"


@pytest.mark.parametrize("district_count", [3, 30])
def test_profile_page_runs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, district_count
):
    DistrictFactory.create_batch(district_count)
    client.force_login(UserFactory(home_district=DistrictFactory()))

    with django_assert_max_num_queries(PROFILE_MAX_QUERIES):
        response = client.get(PROFILE_URL)

    assert response.status_code == 200


# --- the service, called directly (as the admin or a command would) ------------------------


def test_service_refuses_anonymous_and_inactive_people():
    with pytest.raises(PermissionDenied):
        user_profile_update(
            user=AnonymousUser(), display_name="X", home_district=None, preferred_language="de"
        )
    inactive = UserFactory(is_active=False, display_name="Vorher")
    with pytest.raises(PermissionDenied):
        user_profile_update(
            user=inactive, display_name="X", home_district=None, preferred_language="de"
        )
    inactive.refresh_from_db()
    assert inactive.display_name == "Vorher"


def test_service_reports_every_bad_field_at_once():
    user = UserFactory(display_name="Vorher")

    with pytest.raises(ValidationError) as caught:
        user_profile_update(user=user, display_name="", home_district=None, preferred_language="xx")

    assert set(caught.value.message_dict) == {"display_name", "preferred_language"}
    user.refresh_from_db()
    assert user.display_name == "Vorher"


def test_service_normalises_whitespace_in_the_display_name():
    user = UserFactory()

    user_profile_update(
        user=user, display_name="  Anna   aus  Jena ", home_district=None, preferred_language="en"
    )

    user.refresh_from_db()
    assert (user.display_name, user.preferred_language) == ("Anna aus Jena", "en")


def test_profile_page_is_translated():
    with translation.override("en"):
        assert reverse("users:profile") == "/en/konto/profil/"
