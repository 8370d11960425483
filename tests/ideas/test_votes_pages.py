"""``{% vote_widget idea %}`` and the vote endpoints: count, toggle button with
aria-pressed, remaining votes, the reason when not possible; POST and back to the page;
a fixed number of queries on a list of ideas."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from participation.ideas.models import Vote
from participation.ideas.services.votes import vote_cast
from tests.factories import IdeaFactory, ProjectFactory, UserFactory, VoteFactory
from tests.ideas.factories_comments_votes import comment_phase, voting_phase

pytestmark = pytest.mark.django_db


def render_widgets(ideas, user=None, path="/beteiligung/projekt/ideen/?seite=2") -> str:
    request = RequestFactory().get(path)
    request.user = user or AnonymousUser()
    template = Template(
        "{% load votes_tags %}{% for idea in ideas %}{% vote_widget idea %}{% endfor %}"
    )
    return template.render(Context({"request": request, "ideas": ideas}))


def idea_in_voting(when="during", **kwargs):
    project = ProjectFactory()
    voting_phase(project, when, **kwargs)
    return IdeaFactory(project=project)


def cast_url(idea) -> str:
    return reverse(
        "ideas:vote-cast", kwargs={"project_slug": idea.project.slug, "idea_pk": idea.pk}
    )


def withdraw_url(idea) -> str:
    return reverse(
        "ideas:vote-withdraw",
        kwargs={"project_slug": idea.project.slug, "idea_pk": idea.pk},
    )


# --- The widget ----------------------------------------------------------------------------


def test_the_widget_shows_the_count_in_words():
    idea = idea_in_voting()
    type(idea).objects.filter(pk=idea.pk).update(vote_count=12)
    idea.refresh_from_db()
    assert "12 Unterstützungen" in render_widgets([idea])
    type(idea).objects.filter(pk=idea.pk).update(vote_count=1)
    idea.refresh_from_db()
    assert "1 Unterstützung<" in render_widgets([idea])


def test_a_resident_gets_an_unpressed_support_button_and_the_budget():
    idea = idea_in_voting(votes_per_person=3)
    html = render_widgets([idea], UserFactory())
    assert f'action="{cast_url(idea)}"' in html
    assert "aria-pressed" not in html  # the label says the state
    assert ">Unterstützen<" in html
    assert "Sie haben noch 3 von 3 Stimmen." in html
    assert 'name="next" value="/beteiligung/projekt/ideen/?seite=2"' in html


def test_after_supporting_the_button_says_so_and_withdraws():
    idea = idea_in_voting(votes_per_person=3)
    user = UserFactory()
    vote_cast(user=user, idea=idea)
    html = render_widgets([idea], user)
    assert f'action="{withdraw_url(idea)}"' in html
    assert ">Unterstützt – zurückziehen<" in html
    assert ">Unterstützen<" not in html
    assert "Sie unterstützen diese Idee." in html
    assert f'aria-describedby="vote-{idea.pk}-count vote-{idea.pk}-hint"' in html
    assert "Sie haben noch 2 von 3 Stimmen." in html


def test_an_unlimited_phase_shows_no_budget():
    html = render_widgets([idea_in_voting(votes_per_person=None)], UserFactory())
    assert "Stimmen." not in html and ">Unterstützen<" in html


def test_when_the_votes_are_used_up_the_reason_replaces_the_button():
    project = ProjectFactory()
    voting_phase(project, votes_per_person=1)
    supported, other = IdeaFactory.create_batch(2, project=project)
    user = UserFactory()
    vote_cast(user=user, idea=supported)
    html = render_widgets([other], user)
    assert "<button" not in html
    assert "Ihre 1 Stimme in dieser Phase schon vergeben" in html
    assert "Sie haben noch 0 von 1 Stimme." in html


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("anonymous", "Bitte melden Sie sich an, um Ideen zu unterstützen."),
        ("unverified", "Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse."),
    ],
)
def test_people_who_cannot_vote_get_the_reason_and_the_next_step(who, message):
    idea = idea_in_voting()
    user = None if who == "anonymous" else UserFactory(verified=False)
    html = render_widgets([idea], user)
    assert message in html
    assert "<button" not in html
    assert (reverse("account_login") in html) is (who == "anonymous")
    assert (reverse("account_email") in html) is (who == "unverified")


@pytest.mark.parametrize("when", ["before", "after"])
def test_outside_the_voting_phase_the_widget_says_so(when):
    html = render_widgets([idea_in_voting(when)], UserFactory())
    assert "Unterstützen ist in dieser Phase nicht möglich." in html
    assert "<button" not in html


def test_the_widget_says_when_voting_opens():
    html = render_widgets([idea_in_voting("before")], UserFactory())
    assert "Möglich ab" in html


def test_a_hidden_idea_cannot_be_supported_from_the_widget():
    idea = idea_in_voting()
    idea.is_hidden = True
    idea.save()
    html = render_widgets([idea], UserFactory())
    assert "ausgeblendet" in html and "<button" not in html


def test_the_widget_needs_no_inline_script_or_style():
    html = render_widgets([idea_in_voting()], UserFactory())
    assert "<script" not in html and "style=" not in html


@pytest.mark.parametrize("role", ["anonymous", "resident"])
def test_a_list_of_ideas_costs_the_same_with_5_and_50_widgets(role):
    counts = []
    for size in (5, 50):
        project = ProjectFactory()
        voting_phase(project)
        ideas = IdeaFactory.create_batch(size, project=project)
        user = UserFactory() if role == "resident" else AnonymousUser()
        if role == "resident":
            for idea in ideas[:3]:
                VoteFactory(user=user, idea=idea, phase=project.phases.get())
        loaded = list(type(ideas[0]).objects.filter(project=project).select_related("project"))
        with CaptureQueriesContext(connection) as captured:
            html = render_widgets(loaded, user)
        counts.append(len(captured))
        assert html.count('class="participation-vote"') == size
    assert counts[0] == counts[1], counts
    # phases, the person's votes in the project, their count in the phase, e-mail check
    assert counts[0] <= (4 if role == "resident" else 1), counts


# --- The endpoints -------------------------------------------------------------------------


def test_supporting_goes_back_to_the_page_at_the_widget(client):
    idea = idea_in_voting()
    client.force_login(UserFactory())
    response = client.post(cast_url(idea), {"next": "/beteiligung/liste/?seite=2#oben"})
    assert response.status_code == 302
    assert response["Location"] == f"/beteiligung/liste/?seite=2#vote-{idea.pk}"
    assert Vote.objects.filter(idea=idea).count() == 1
    idea.refresh_from_db()
    assert idea.vote_count == 1


def test_a_foreign_next_url_is_ignored(client):
    idea = idea_in_voting()
    client.force_login(UserFactory())
    response = client.post(cast_url(idea), {"next": "https://evil.example/"})
    assert response["Location"] == f"{idea.get_absolute_url()}#vote-{idea.pk}"


def test_the_message_says_what_happened(client):
    idea = idea_in_voting()
    client.force_login(UserFactory())
    client.post(cast_url(idea))
    response = client.post(cast_url(idea), follow=True)
    assert "Sie unterstützen diese Idee bereits." in response.content.decode()
    response = client.post(withdraw_url(idea), follow=True)
    assert "nicht mehr" in response.content.decode()
    assert "Sie hat jetzt 0 Unterstützungen." in response.content.decode()
    assert not Vote.objects.filter(idea=idea).exists()


def test_the_limit_reached_is_told_on_the_page(client):
    project = ProjectFactory()
    voting_phase(project, votes_per_person=1)
    first, second = IdeaFactory.create_batch(2, project=project)
    client.force_login(UserFactory())
    client.post(cast_url(first))
    response = client.post(cast_url(second), follow=True)
    assert "Ihre 1 Stimme in dieser Phase schon vergeben" in response.content.decode()
    assert Vote.objects.count() == 1


def test_anonymous_visitors_are_sent_to_sign_in(client):
    idea = idea_in_voting()
    response = client.post(cast_url(idea))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=")
    assert not Vote.objects.exists()


def test_unverified_people_are_told_to_confirm_their_email(client):
    idea = idea_in_voting()
    client.force_login(UserFactory(verified=False))
    response = client.post(cast_url(idea), follow=True)
    assert "Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse." in response.content.decode()
    assert not Vote.objects.exists()


def test_closed_phase_is_told_and_nothing_changes(client):
    idea = idea_in_voting("after")
    client.force_login(UserFactory())
    response = client.post(cast_url(idea), follow=True)
    assert "Unterstützen ist in dieser Phase nicht möglich." in response.content.decode()
    assert not Vote.objects.exists()


def test_voting_needs_post(client):
    idea = idea_in_voting()
    client.force_login(UserFactory())
    assert client.get(cast_url(idea)).status_code == 405
    assert client.get(withdraw_url(idea)).status_code == 405


def test_an_idea_of_another_project_slug_or_a_draft_is_404(client):
    from projects.models import Project

    idea = idea_in_voting()
    client.force_login(UserFactory())
    wrong = reverse(
        "ideas:vote-cast", kwargs={"project_slug": "anderes", "idea_pk": idea.pk}
    )
    assert client.post(wrong).status_code == 404
    draft = ProjectFactory(status=Project.Status.DRAFT)
    comment_phase(draft)
    assert client.post(cast_url(IdeaFactory(project=draft))).status_code == 404


def test_the_idea_page_shows_the_widget_and_the_discussion(client):
    idea = idea_in_voting()
    client.force_login(UserFactory())
    html = client.get(idea.get_absolute_url()).content.decode()
    assert f'id="vote-{idea.pk}"' in html and ">Unterstützen<" in html
    assert f'id="comments-idea-{idea.pk}"' in html


def test_supporting_without_javascript_changes_the_label_and_announces_the_count(client):
    idea = idea_in_voting()
    client.force_login(UserFactory())
    html = client.post(cast_url(idea), follow=True).content.decode()
    assert ">Unterstützt – zurückziehen<" in html
    assert f'action="{withdraw_url(idea)}"' in html
    assert 'role="status"' in html and "Sie hat jetzt 1 Unterstützung." in html
