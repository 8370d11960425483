"""Comments on Bürgerbudget proposals: the comments of the ideas app with a proposal as
their target. Written while a phase of the budget's project allows comments (the
submission), counted in ``Proposal.comment_count``, told to the proposal's author,
moderated by the moderators of the budget's project, shown on the proposal's page with
a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.exceptions import Closed, NotAllowed
from participation.budgets.models import ProposalStatus
from participation.ideas.models import Comment
from participation.ideas.selectors.personal import personal_data
from participation.ideas.services.comments import comment_create, comment_delete
from participation.moderation import services as moderation
from participation.moderation.models import Flag, FlagReason
from participation.notifications.models import Follow, Notification, NotificationKind
from participation.notifications.services import notification_title
from tests.factories import BudgetFactory, ProposalFactory, UserFactory, moderator_of

pytestmark = pytest.mark.django_db

STATEMENT = "Beleidigt eine andere Person. Verstößt gegen Regel 2 der Netiquette."


@pytest.fixture
def proposal():
    budget = BudgetFactory(project__slug="bb-2026")
    return ProposalFactory(budget=budget, title="Bänke am Teich")


def _page(proposal) -> str:
    return proposal.get_absolute_url()


def _create_url(proposal) -> str:
    return reverse(
        "budgets:proposal-comment-create",
        kwargs={"slug": proposal.budget.project.slug, "number": proposal.number},
    )


def _reload(obj):
    return type(obj).objects.get(pk=obj.pk)


# --- writing -------------------------------------------------------------------------------


def test_a_resident_comments_on_a_proposal_during_submission(client, proposal):
    resident = UserFactory()
    client.force_login(resident)
    response = client.post(_create_url(proposal), {"text": "Gute Idee, am Teich fehlt Schatten."})
    comment = Comment.objects.get(proposal=proposal)
    assert response.status_code == 302
    assert response["Location"] == f"{_page(proposal)}#comment-{comment.pk}"
    assert comment.author == resident
    assert _reload(proposal).comment_count == 1
    page = client.get(_page(proposal)).content.decode()
    assert "Gute Idee, am Teich fehlt Schatten." in page
    assert f'id="comments-proposal-{proposal.pk}"' in page


def test_the_proposal_page_shows_the_comment_form_not_a_link_elsewhere(client, proposal):
    client.force_login(UserFactory())
    page = client.get(_page(proposal)).content.decode()
    assert f'action="{_create_url(proposal)}"' in page
    assert "Zur Diskussion" not in page


def test_commenting_is_refused_after_the_submission_in_the_voting_stage(client):
    proposal = ProposalFactory(budget=BudgetFactory(stage="voting"), status=ProposalStatus.VALID)
    resident = UserFactory()
    with pytest.raises(Closed):
        comment_create(author=resident, text="Zu spät?", proposal=proposal)
    client.force_login(resident)
    response = client.post(_create_url(proposal), {"text": "Zu spät?"})
    assert response.status_code == 200
    assert "Kommentieren ist in dieser Phase nicht möglich." in response.content.decode()
    assert not Comment.objects.filter(proposal=proposal).exists()
    assert _reload(proposal).comment_count == 0


def test_visitors_are_asked_to_sign_in_and_cannot_post(client, proposal):
    page = client.get(_page(proposal)).content.decode()
    assert "Bitte melden Sie sich an, um mitzudiskutieren." in page
    response = client.post(_create_url(proposal), {"text": "Anonym"})
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_withdrawn_proposals_take_no_new_comments(proposal):
    proposal.status = ProposalStatus.WITHDRAWN
    proposal.save()
    with pytest.raises(Closed):
        comment_create(author=UserFactory(), text="Schade.", proposal=proposal)


def test_hidden_proposals_are_not_found_for_commenting(client, proposal):
    proposal.is_hidden = True
    proposal.save()
    client.force_login(UserFactory())
    assert client.post(_create_url(proposal), {"text": "Hallo"}).status_code == 404


def test_replies_stay_on_the_proposal_and_deleting_lowers_the_count(client, proposal):
    first = comment_create(author=UserFactory(), text="Erster", proposal=proposal)
    replier = UserFactory()
    client.force_login(replier)
    response = client.post(
        reverse("ideas:comment-reply", kwargs={"pk": first.pk}), {"text": "Antwort"}
    )
    reply = Comment.objects.get(parent=first)
    assert response["Location"] == f"{_page(proposal)}#comment-{reply.pk}"
    assert reply.proposal_id == proposal.pk
    assert _reload(proposal).comment_count == 2
    comment_delete(comment=reply, user=replier)
    assert _reload(proposal).comment_count == 1


# --- notifications -------------------------------------------------------------------------


def test_the_author_of_the_proposal_is_notified_of_a_comment(proposal):
    commenter = UserFactory(display_name="Anna Beispiel")
    comment = comment_create(author=commenter, text="Sehr gut!", proposal=proposal)
    notification = Notification.objects.get(
        recipient=proposal.author, kind=NotificationKind.COMMENT_ON_MY_PROPOSAL
    )
    assert notification.url == f"{_page(proposal)}#comment-{comment.pk}"
    assert notification.comment == comment
    assert notification.project == proposal.budget.project
    assert "Bänke am Teich" in notification_title(notification)
    assert not Notification.objects.filter(recipient=commenter).exists()


def test_a_paper_proposal_without_an_account_notifies_nobody(proposal):
    proposal.author = None
    proposal.author_name = "Erika Mustermann"
    proposal.save()
    comment_create(author=UserFactory(), text="Sehr gut!", proposal=proposal)
    assert not Notification.objects.filter(kind=NotificationKind.COMMENT_ON_MY_PROPOSAL).exists()


# --- moderation ----------------------------------------------------------------------------


def test_a_moderator_of_the_budget_project_hides_a_comment(client, proposal):
    comment = comment_create(author=UserFactory(), text="Unfreundlich", proposal=proposal)
    moderator = moderator_of(proposal.budget.project)
    moderation.content_hide(
        moderator=moderator, rule=FlagReason.INSULT, statement=STATEMENT, comment=comment
    )
    assert _reload(comment).is_hidden
    assert _reload(proposal).comment_count == 0
    moderation.content_restore(moderator=moderator, statement=STATEMENT, comment=comment)
    assert _reload(proposal).comment_count == 1


def test_a_moderator_of_another_project_cannot_hide_it(proposal):
    comment = comment_create(author=UserFactory(), text="Unfreundlich", proposal=proposal)
    other = moderator_of(BudgetFactory().project)
    with pytest.raises(NotAllowed):
        moderation.content_hide(
            moderator=other, rule=FlagReason.INSULT, statement=STATEMENT, comment=comment
        )
    assert not _reload(comment).is_hidden
    assert _reload(proposal).comment_count == 1


def test_a_reported_comment_is_in_the_budget_project_queue_with_a_link_to_the_proposal(
    client, proposal
):
    comment = comment_create(author=UserFactory(), text="Unfreundlich", proposal=proposal)
    moderation.flag_create(reporter=UserFactory(), reason=FlagReason.INSULT, comment=comment)
    client.force_login(moderator_of(proposal.budget.project))
    page = client.get(
        reverse("moderation:queue", kwargs={"project_slug": proposal.budget.project.slug})
    ).content.decode()
    assert "zum Vorschlag" in page
    assert f"{_page(proposal)}#comment-{comment.pk}" in page


# --- privacy -------------------------------------------------------------------------------


def test_the_copy_of_ones_data_names_the_proposal_of_a_comment(proposal):
    commenter = UserFactory()
    comment_create(author=commenter, text="Meine Meinung", proposal=proposal)
    data, _photos = personal_data(commenter)
    comments = data["comments"]
    assert comments[0]["on"]["type"] == "proposal"
    assert "Bänke am Teich" in comments[0]["on"]["title"]


# --- queries -------------------------------------------------------------------------------


def _queries_of_page(client, proposal) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(_page(proposal)).status_code == 200
    return len(queries)


def test_the_proposal_page_runs_the_same_queries_with_1_or_20_comments(client, proposal):
    viewer = UserFactory()
    client.force_login(viewer)
    comment_create(author=UserFactory(), text="Kommentar 0", proposal=proposal)
    _queries_of_page(client, proposal)  # warm the caches of the session and permissions
    one = _queries_of_page(client, proposal)
    for n in range(1, 20):
        comment_create(author=UserFactory(), text=f"Kommentar {n}", proposal=proposal)
    twenty = _queries_of_page(client, proposal)
    assert one == twenty


def test_residents_report_a_comment_on_a_proposal_from_its_page(client, proposal):
    comment = comment_create(author=UserFactory(), text="Unfreundlich", proposal=proposal)
    client.force_login(UserFactory())
    page = client.get(_page(proposal)).content.decode()
    flag_url = reverse("moderation:flag", kwargs={"kind": "comment", "pk": comment.pk})
    assert flag_url in page
    response = client.post(flag_url, {"reason": FlagReason.INSULT, "text": ""})
    assert response.status_code == 302
    assert Flag.objects.filter(comment=comment).count() == 1


def test_only_the_budget_projects_moderators_open_the_comment_in_their_queue(client, proposal):
    comment = comment_create(author=UserFactory(), text="Unfreundlich", proposal=proposal)
    project = proposal.budget.project
    client.force_login(moderator_of(project))
    url = reverse(
        "moderation:item",
        kwargs={"project_slug": project.slug, "kind": "comment", "pk": comment.pk},
    )
    assert client.get(url).status_code == 200
    other = BudgetFactory().project
    client.force_login(moderator_of(other))
    assert client.get(url).status_code in (403, 404)
    other_url = reverse(
        "moderation:item", kwargs={"project_slug": other.slug, "kind": "comment", "pk": comment.pk}
    )
    assert client.get(other_url).status_code == 404


def test_commenting_on_a_proposal_follows_the_budgets_project(proposal):
    commenter = UserFactory()
    comment_create(author=commenter, text="Ich bleibe dran.", proposal=proposal)
    assert Follow.objects.filter(
        user=commenter, project=proposal.budget.project, is_automatic=True
    ).exists()
