"""Who reads from the page cache (core/pagecache.py): anonymous visitors only, per
language, format and URL; signed-in people, per-visitor answers (a CSRF token, a
cookie, a message) and a cache that is away never get or leave a cached page."""

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest
from django.test import Client

from core import pagecache
from participation.ideas.services.votes import vote_cast
from tests import scenarios
from tests.factories import DEFAULT_PASSWORD, UserFactory, moderator_of

pytestmark = pytest.mark.django_db

HEADER = "X-Page-Cache"


@pytest.fixture
def world():
    return scenarios.idea_to_support_and_discuss()


def idea_url(world, language: str = "") -> str:
    prefix = f"/{language}" if language else ""
    return f"{prefix}/beteiligung/{world.project.slug}/ideen/{world.idea.pk}/"


def test_a_cached_page_runs_no_query(world, django_assert_max_num_queries):
    url = idea_url(world)
    assert Client().get(url)[HEADER] == "miss"
    with django_assert_max_num_queries(0):
        assert Client().get(url)[HEADER] == "hit"


def test_cached_pages_cost_at_most_two_queries(world, django_assert_max_num_queries):
    urls = [idea_url(world), "/strategie/", f"/api/v1/ideas/?project={world.project.slug}"]
    for url in urls:
        Client().get(url)
    visitor_with_session = Client()
    visitor_with_session.cookies["sessionid"] = "no-such-session"
    for url in urls:
        with django_assert_max_num_queries(0):
            assert Client().get(url)[HEADER] == "hit", url
        with django_assert_max_num_queries(2):  # the session is looked up: nobody signed in
            assert visitor_with_session.get(url)[HEADER] == "hit", url


def test_a_head_request_is_served_from_the_cache(world):
    Client().get("/strategie/")
    response = Client().head("/strategie/")
    assert response.status_code == 200 and response[HEADER] == "hit"


def test_german_and_english_are_cached_apart(world):
    german, english = Client().get("/strategie/"), Client().get("/en/strategie/")
    assert (german[HEADER], english[HEADER]) == ("miss", "miss")
    german, english = Client().get("/strategie/"), Client().get("/en/strategie/")
    assert (german[HEADER], english[HEADER]) == ("hit", "hit")
    assert german["Content-Language"] == "de" and english["Content-Language"] == "en"
    assert '<html lang="de"' in german.content.decode()
    assert '<html lang="en"' in english.content.decode()


def test_the_api_is_cached_per_language_and_format(world):
    url = f"/api/v1/ideas/?project={world.project.slug}"
    assert Client().get(url, headers={"accept-language": "en"})[HEADER] == "miss"
    assert Client().get(url, headers={"accept-language": "en"})[HEADER] == "hit"
    assert Client().get(url, headers={"accept": "application/geo+json"})[HEADER] in {
        "miss",
        "skip",
    }
    geojson = Client().get(url + "&format=geojson")
    assert geojson[HEADER] == "miss" and geojson.json()["type"] == "FeatureCollection"
    assert Client().get(url + "&format=geojson").json()["type"] == "FeatureCollection"


def test_a_resident_sees_their_own_vote_never_a_cached_page(world):
    url = idea_url(world)
    Client().get(url)
    assert Client().get(url)[HEADER] == "hit"
    vote_cast(user=world.resident, idea=world.idea)
    resident = Client()
    resident.force_login(world.resident)

    for _ in range(2):
        page = resident.get(url)
        assert page[HEADER] == "skip"
        assert "Sie unterstützen diese Idee." in page.content.decode()
    anonymous = Client().get(url)
    assert "Sie unterstützen diese Idee." not in anonymous.content.decode()


def test_a_moderator_sees_the_moderation_controls_never_a_cached_page(world):
    moderator = moderator_of(world.project)
    url = idea_url(world)
    Client().get(url)
    anonymous = Client().get(url)
    assert anonymous[HEADER] == "hit"
    client = Client()
    client.force_login(moderator)
    page = client.get(url)
    assert page[HEADER] == "skip"
    assert "Status und Antwort" in page.content.decode()
    assert "Status und Antwort" not in anonymous.content.decode()
    # and what the moderator saw was not stored for the next visitor
    assert "Status und Antwort" not in Client().get(url).content.decode()


def test_an_api_token_is_never_answered_from_the_cache(world):
    from core.api.tokens import api_token_issue

    url = f"/api/v1/ideas/?project={world.project.slug}"
    Client().get(url)
    key = api_token_issue(user=world.resident).key
    response = Client().get(url, headers={"authorization": f"Token {key}"})
    assert response.status_code == 200 and response[HEADER] == "skip"


def test_a_visitor_with_a_message_waiting_gets_it_not_a_cached_page(world):
    url = idea_url(world)
    Client().get(url)
    storage = CookieStorage(HttpRequest())
    visitor = Client()
    visitor.cookies["messages"] = storage._encode([Message(constants.INFO, "Hallo Besucherin")])
    page = visitor.get(url)
    assert page[HEADER] == "skip"
    assert "Hallo Besucherin" in page.content.decode()
    assert "Hallo Besucherin" not in Client().get(url).content.decode()


def test_a_page_with_a_csrf_token_is_never_stored_and_forms_work_for_everyone(world, settings):
    """The sign-in page holds a CSRF token for one visitor. Even were it registered for
    the cache, it is not stored: the next visitor gets a token of their own, and both can
    sign in with CSRF checks on."""
    pagecache.cache_for_anonymous("account_login", tags=["test"])
    try:
        first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
        for visitor in (first, second):
            page = visitor.get("/accounts/login/")
            assert page.status_code == 200 and page[HEADER] == "skip"
        person = UserFactory()
        for visitor in (second, first):
            token = visitor.cookies["csrftoken"].value
            answer = visitor.post(
                "/accounts/login/",
                {"login": person.email, "password": DEFAULT_PASSWORD, "csrfmiddlewaretoken": token},
            )
            assert answer.status_code == 302, answer.status_code
    finally:
        pagecache._routes.pop("account_login")


def test_a_cached_page_served_to_another_visitor_keeps_their_forms_working(world):
    """Visitor B reads a page cached for visitor A, then signs in through the form (CSRF
    checks on): B's token is B's own."""
    Client().get("/strategie/")
    visitor = Client(enforce_csrf_checks=True)
    assert visitor.get("/strategie/")[HEADER] == "hit"
    assert "csrftoken" not in visitor.cookies
    login = visitor.get("/accounts/login/?next=/strategie/")
    token = visitor.cookies["csrftoken"].value
    assert token
    assert login.status_code == 200
    answer = visitor.post(
        "/accounts/login/?next=/strategie/",
        {"login": world.resident.email, "password": DEFAULT_PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert answer.status_code == 302 and answer["Location"] == "/strategie/"
    signed_in = visitor.get("/strategie/")
    assert signed_in[HEADER] == "skip"
    assert "Abmelden" in signed_in.content.decode()


def test_not_found_is_not_cached(world):
    url = "/strategie/massnahmen/gibt-es-nicht/"
    assert Client().get(url).status_code == 404
    assert Client().get(url)[HEADER] == "skip"


def test_a_cached_answer_keeps_its_etag_and_answers_304(world):
    url = f"/api/v1/ideas/?project={world.project.slug}&format=geojson"
    first = Client().get(url)
    etag = first.get("ETag")
    if not etag:
        pytest.skip("the GeoJSON has no ETag")
    again = Client().get(url, headers={"if-none-match": etag})
    assert again.status_code == 304 and again[HEADER] == "hit"
