"""Every list of /api/v1/ filters from its FilterSet and sorts from its own allow-list;
an unknown sort field or an invalid filter value is a 400 that says why, never a
silently unsorted or unfiltered page. Every list is paginated."""

import pytest
from django.urls import get_resolver
from rest_framework.viewsets import GenericViewSet

from core.api.filters import StrictOrderingFilter
from tests.factories import IdeaFactory, MeasureFactory, UserFactory
from tests.ideas.factories_ideas import ideas_project, moderator_of

pytestmark = pytest.mark.django_db


def api_viewsets() -> set[type]:
    """The viewsets behind every /api/v1/ route."""
    found = set()

    def walk(patterns):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns)
                continue
            cls = getattr(pattern.callback, "cls", None)
            if cls is not None and issubclass(cls, GenericViewSet):
                found.add(cls)

    api = next(p for p in get_resolver().url_patterns if str(p.pattern) == "api/v1/")
    walk(api.url_patterns)
    return found


def test_every_viewset_declares_its_allow_lists_and_uses_the_strict_backends():
    viewsets = api_viewsets()
    assert len(viewsets) >= 12
    for viewset in viewsets:
        name = viewset.__name__
        ordering = getattr(viewset, "ordering_fields", None)
        assert ordering and ordering != "__all__", name
        assert getattr(viewset, "filterset_class", None) is not None or isinstance(
            getattr(viewset, "filterset_fields", None), list | tuple | dict
        ), name
        assert any(issubclass(b, StrictOrderingFilter) for b in viewset.filter_backends), name
        assert viewset.pagination_class is not None, name


def lists(project, moderator) -> list[tuple[str, object]]:
    """(path, user) for each list endpoint."""
    slug = project.slug
    return [
        ("/api/v1/core-areas/", None),
        ("/api/v1/fields/", None),
        ("/api/v1/bundles/", None),
        ("/api/v1/measures/", None),
        ("/api/v1/projects/", None),
        ("/api/v1/districts/", None),
        (f"/api/v1/ideas/?project={slug}", None),
        ("/api/v1/comments/", None),
        ("/api/v1/votes/", moderator),
        ("/api/v1/follows/", moderator),
        ("/api/v1/notifications/", moderator),
        (f"/api/v1/flags/?project={slug}", moderator),
    ]


def with_param(path: str, param: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}{param}"


def test_an_unknown_ordering_field_is_a_400_naming_the_allowed_ones(api):
    project = ideas_project()
    moderator = moderator_of(project)
    for path, user in lists(project, moderator):
        response = api(user).get(with_param(path, "ordering=-password"))
        assert response.status_code == 400, path
        message = response.json()["ordering"][0]
        assert message.startswith("Unbekanntes Sortierfeld „-password“. Erlaubt: "), path


def test_every_list_is_paginated(api):
    project = ideas_project()
    moderator = moderator_of(project)
    for path, user in lists(project, moderator):
        body = api(user).get(path).json()
        assert {"count", "next", "previous", "results"} <= set(body), path


def test_allowed_ordering_sorts_both_ways_with_a_stable_tiebreak(api):
    project = ideas_project()
    low = IdeaFactory(project=project, title="A", vote_count=1)
    high = IdeaFactory(project=project, title="B", vote_count=5)
    same = IdeaFactory(project=project, title="C", vote_count=5)
    path = f"/api/v1/ideas/?project={project.slug}"

    ascending = api().get(with_param(path, "ordering=vote_count")).json()["results"]
    descending = api().get(with_param(path, "ordering=-vote_count,title")).json()["results"]

    assert [row["id"] for row in ascending] == [low.pk, high.pk, same.pk]
    assert [row["id"] for row in descending] == [high.pk, same.pk, low.pk]


@pytest.mark.parametrize(
    "path, parameter",
    [
        ("/api/v1/comments/?idea=eins", "idea"),
        ("/api/v1/comments/?idea=1.5", "idea"),
        ("/api/v1/comments/?parent=99999999999999999999999", "parent"),
        ("/api/v1/projects/?running=vielleicht", "running"),
        ("/api/v1/projects/?status=archiv", "status"),
        ("/api/v1/measures/?status=fertig", "status"),
        ("/api/v1/measures/?delayed=vielleicht", "delayed"),
        ("/api/v1/notifications/?unread=vielleicht", "unread"),
        ("/api/v1/notifications/?kind=irgendwas", "kind"),
        ("/api/v1/follows/?kind=person", "kind"),
    ],
)
def test_an_invalid_filter_value_is_a_400_for_that_parameter(api, path, parameter):
    response = api(UserFactory()).get(path)

    assert response.status_code == 400
    assert list(response.json()) == [parameter]


def test_idea_filters_of_the_site_apply(api):
    project = ideas_project()
    IdeaFactory(project=project, title="Laterne")
    IdeaFactory(project=project, title="Bank")
    path = f"/api/v1/ideas/?project={project.slug}"

    found = api().get(with_param(path, "q=bank")).json()["results"]
    wrong_status = api().get(with_param(path, "status=nonsense"))

    assert [row["title"] for row in found] == ["Bank"]
    assert wrong_status.status_code == 400 and "status" in wrong_status.json()


def test_projects_filter_by_measure_and_running(api):
    measure = MeasureFactory()
    running = ideas_project()
    running.measures.add(measure)
    ideas_project("after")

    by_measure = api().get(f"/api/v1/projects/?measure={measure.slug}").json()["results"]
    only_running = api().get("/api/v1/projects/?running=true").json()["results"]

    assert [p["slug"] for p in by_measure] == [running.slug]
    assert [p["slug"] for p in only_running] == [running.slug]
