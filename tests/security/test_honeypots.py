"""Spam defences on the forms residents write in: the idea form and the comment forms
carry the hidden honeypot field "website" (as the sign-up form does). A bot that fills it
in saves nothing; a person never sees the field and is not hindered."""

import pytest
from django.urls import reverse

from participation.ideas.models import Comment, Idea
from tests.factories import IdeaFactory, UserFactory
from tests.ideas.factories_ideas import ideas_project

pytestmark = pytest.mark.django_db

IDEA = {
    "title": "Bank am Markt",
    "text": "Eine Bank zum Ausruhen.",
    "latitude": 50.9272,
    "longitude": 11.5861,
}


@pytest.fixture
def resident_client(client):
    client.force_login(UserFactory())
    return client


def test_the_honeypot_is_on_the_idea_and_comment_forms_hidden_from_people(resident_client):
    project = ideas_project()
    idea = IdeaFactory(project=project)
    for url in (
        reverse("ideas:idea-create", args=[project.slug]),
        reverse("ideas:idea-detail", args=[project.slug, idea.pk]),
    ):
        html = resident_client.get(url).content.decode()
        assert 'name="website"' in html, url
        # hidden from sight, from screen readers and from the tab order
        assert '<div class="site-sr-only" aria-hidden="true" tabindex="-1">' in html
        assert 'tabindex="-1" autocomplete="off"' in html or (
            'autocomplete="off"' in html and 'tabindex="-1"' in html
        )


def test_a_bot_filling_in_the_honeypot_saves_no_idea(resident_client):
    project = ideas_project()
    url = reverse("ideas:idea-create", args=[project.slug])

    response = resident_client.post(url, {**IDEA, "website": "https://spam.example"})

    assert response.status_code == 400  # an invalid form, as any other
    assert not Idea.objects.exists()
    html = response.content.decode()
    assert "Ihr Beitrag konnte nicht gespeichert werden" in html
    assert "spam.example" not in html  # cleared: a person's second try goes through
    assert resident_client.post(url, IDEA).status_code == 302
    assert Idea.objects.count() == 1


def test_a_bot_filling_in_the_honeypot_saves_no_comment(resident_client):
    idea = IdeaFactory(project=ideas_project())
    url = reverse("ideas:comment-create-idea", args=[idea.pk])

    refused = resident_client.post(url, {"text": "Billige Uhren!", "website": "x"})
    accepted = resident_client.post(url, {"text": "Gute Idee."})

    assert refused.status_code in (200, 400)
    assert "Ihr Beitrag konnte nicht gespeichert werden" in refused.content.decode()
    assert accepted.status_code == 302
    assert list(Comment.objects.values_list("text", flat=True)) == ["Gute Idee."]
