"""The site's own list pages sort and filter only over their allow-lists (the API's
filters and ordering are tested in tests/api/test_filters_and_ordering.py).

A value outside an allow-list (an unknown sort, a status that does not exist, SQL in a
choice, a date that is no date) answers 400: the page, with the form's error message, and
the value left out. (A NUL character is refused before any page sees it, with the
parameter's name: tests/security/test_unstorable_input.py.) Free text search takes any
text, SQL-ish or not, as text. Parameters the page does not know are ignored and change
nothing."""

import pytest
from django.urls import reverse

from tests import scenarios
from tests.factories import IdeaFactory, MeasureFactory, ProjectFactory
from tests.ideas.factories_ideas import ideas_phase

pytestmark = pytest.mark.django_db

SQLISH = [
    "' OR '1'='1",
    "1; DROP TABLE participation_idea; --",
    "title) UNION SELECT password FROM users_user --",
    "-author__password",
    "%00",
    "x" * 5000,
]


def page_urls(world) -> dict[str, str]:
    return {
        "measure list": reverse("measures:measure-list"),
        "idea list": reverse("ideas:idea-list", args=[world.project.slug]),
        "moderation queue": reverse("moderation:queue", args=[world.project.slug]),
    }


# Each page's GET parameters that have an allow-list.
ALLOW_LISTED = {
    "measure list": ["status", "field", "core_area", "bundle", "unit", "delayed", "stale"],
    "idea list": ["district", "category", "status", "sort"],
    "moderation queue": ["status", "kind"],
}


@pytest.fixture
def world():
    return scenarios.city_with_every_role()


@pytest.fixture
def moderator_client(client, world):
    client.force_login(world.person("staff"))
    return client


@pytest.mark.parametrize("value", SQLISH, ids=range(len(SQLISH)))
@pytest.mark.parametrize(
    "page,param",
    [(page, param) for page, params in ALLOW_LISTED.items() for param in params],
)
def test_a_value_outside_the_allow_list_is_a_400_with_the_reason(
    moderator_client, world, page, param, value
):
    response = moderator_client.get(page_urls(world)[page], {param: value})

    assert response.status_code == 400, (page, param, value)
    html = response.content.decode()
    assert 'class="kern-error"' in html  # the field's message, linked to the field
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("value", SQLISH[:3], ids=range(3))
def test_the_text_search_takes_sql_as_text(client, world, value):
    for url in (
        reverse("measures:measure-list"),
        reverse("ideas:idea-list", args=[world.project.slug]),
    ):
        response = client.get(url, {"q": value})
        assert response.status_code == 200, (url, value)
        assert response.context["result_count"] == 0


def test_a_nul_byte_in_the_search_is_a_400_not_a_database_error(client, world):
    for url in (
        reverse("measures:measure-list"),
        reverse("ideas:idea-list", args=[world.project.slug]),
    ):
        assert client.get(url, {"q": "Later\x00ne"}).status_code == 400


@pytest.mark.parametrize("value", ["gestern", "2026-13-01", "1; DROP TABLE x", "\x00"])
def test_the_as_of_date_is_a_date_or_a_400(client, world, value):
    for url in (
        reverse("measures:overview"),
        reverse("measures:measure-detail", args=[world.measure.slug]),
    ):
        response = client.get(url, {"stand": value})
        assert response.status_code == 400, (url, value)


def test_valid_values_answer_200(moderator_client, world):
    measure_list = reverse("measures:measure-list")
    assert moderator_client.get(measure_list, {"status": "in_progress"}).status_code == 200
    idea_list = reverse("ideas:idea-list", args=[world.project.slug])
    for sort in ("newest", "most_supported", "most_discussed"):
        assert moderator_client.get(idea_list, {"sort": sort}).status_code == 200
    queue = reverse("moderation:queue", args=[world.project.slug])
    for kind in ("", "idea", "comment"):
        assert moderator_client.get(queue, {"status": "decided", "kind": kind}).status_code == 200
    overview = reverse("measures:overview")
    assert moderator_client.get(overview, {"stand": "2026-01-31"}).status_code == 200


def test_unknown_parameters_change_nothing(client):
    project = ProjectFactory()
    ideas_phase(project)
    first = IdeaFactory(project=project, title="Erste")
    second = IdeaFactory(project=project, title="Zweite")
    MeasureFactory(title="A-Maßnahme")
    url = reverse("ideas:idea-list", args=[project.slug])

    plain = client.get(url)
    tampered = client.get(
        url, {"ordering": "author__password", "order_by": "-id", "o": "title", "sort_by": "x"}
    )

    assert tampered.status_code == 200
    assert [i.pk for i in tampered.context["ideas"]] == [i.pk for i in plain.context["ideas"]]
    assert {first.pk, second.pk} == {i.pk for i in plain.context["ideas"]}
