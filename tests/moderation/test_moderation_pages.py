"""The moderation pages from the outside: the queue (who gets in, what it shows, actions
per item and in bulk, a moderator of A has no power in B), the report form, the review
request, the template tags (statement of reasons, report link), escaping, query counts."""

import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory, override_settings
from django.urls import reverse

from participation.ideas.models import Comment, Idea
from participation.moderation import services
from participation.moderation.models import Flag, FlagReason, ModerationDecision
from tests import scenarios
from tests.factories import CommentFactory, IdeaFactory, StaffFactory, UserFactory
from tests.moderation.factories_moderation import (
    global_moderator,
    measure_comment,
    moderator_of,
    reports_on,
)

pytestmark = pytest.mark.django_db

STATEMENT = "Beleidigt eine andere Person. Verstößt gegen Regel 2 der Netiquette."
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def world():
    return scenarios.two_projects_with_their_moderators()


def queue_url(project) -> str:
    return reverse("moderation:queue", kwargs={"project_slug": project.slug})


def bulk_url(project) -> str:
    return reverse("moderation:bulk", kwargs={"project_slug": project.slug})


def item_url(project, item) -> str:
    kind = "idea" if isinstance(item, Idea) else "comment"
    return reverse(
        "moderation:item",
        kwargs={"project_slug": project.slug, "kind": kind, "pk": item.pk},
    )


def report_url(item) -> str:
    kind = "idea" if isinstance(item, Idea) else "comment"
    return reverse("moderation:flag", kwargs={"kind": kind, "pk": item.pk})


def text_of(response) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def reload(item):
    return type(item).objects.get(pk=item.pk)


def hide(world, item, moderator=None):
    target = {"idea": item} if isinstance(item, Idea) else {"comment": item}
    return services.content_hide(
        moderator=moderator or world.moderator_a, rule=FlagReason.INSULT,
        statement=STATEMENT, **target,
    )


# --- who gets into the queue --------------------------------------------------------------


def test_anonymous_is_sent_to_the_login(client, world):
    response = client.get(queue_url(world.project_a))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", ["resident", "author", "moderator_b"])
def test_residents_and_moderators_of_other_projects_get_403(client, world, role):
    client.force_login(getattr(world, role))
    assert client.get(queue_url(world.project_a)).status_code == 403


def test_plain_staff_gets_403(client, world):
    client.force_login(StaffFactory())
    assert client.get(queue_url(world.project_a)).status_code == 403


def test_unknown_project_is_404(client, world):
    client.force_login(world.moderator_a)
    response = client.get(reverse("moderation:queue", args=["gibt-es-nicht"]))
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["moderator_a", "global"])
def test_moderators_of_the_project_and_global_moderators_see_the_queue(client, world, who):
    client.force_login(global_moderator() if who == "global" else world.moderator_a)
    reports_on(world.comment_a, 2, reason=FlagReason.SPAM, text="Werbung für Kredite")
    reports_on(world.comment_b, 1)
    response = client.get(queue_url(world.project_a))
    assert response.status_code == 200
    page = text_of(response)
    assert "Kommentar in A" in page
    assert "Werbung für Kredite" in page
    assert "Werbung oder Spam (2)" in page
    assert "Kommentar in B" not in page  # another project's queue


def test_queue_groups_reports_by_item_and_filters_by_kind(client, world):
    client.force_login(world.moderator_a)
    reports_on(world.idea_a, 3)
    reports_on(world.comment_a, 1)
    page = client.get(queue_url(world.project_a)).content.decode()
    assert page.count('name="items"') == 2  # one checkbox per item
    assert "3 offene Meldungen" in page
    only_ideas = client.get(queue_url(world.project_a), {"kind": "idea"}).content.decode()
    assert "Laterne am Markt" in only_ideas and "Kommentar in A" not in only_ideas


def test_queue_markup_is_accessible_without_javascript(client, world):
    client.force_login(world.moderator_a)
    reports_on(world.idea_a, 1)
    html = client.get(queue_url(world.project_a)).content.decode()
    assert '<form id="bulk-form"' in html
    assert 'form="bulk-form"' in html  # checkboxes belong to the bulk form
    assert "<fieldset" in html and "<legend" in html
    assert 'for="select-idea-' in html
    assert "<script" not in html.split("<main", 1)[1]
    assert " style=" not in html


def test_decided_view_lists_decisions(client, world):
    client.force_login(world.moderator_a)
    hide(world, world.idea_a)
    response = client.get(queue_url(world.project_a), {"status": "decided"})
    page = text_of(response)
    assert "Laterne am Markt" in page
    assert "Moderation A" in page


# --- actions per item ---------------------------------------------------------------------


def test_moderator_hides_an_item_from_the_queue(client, world):
    client.force_login(world.moderator_a)
    reports_on(world.comment_a, 2)
    response = client.post(
        item_url(world.project_a, world.comment_a),
        {"action": "hide", "rule": FlagReason.INSULT, "statement": STATEMENT},
    )
    assert response.status_code == 302
    assert response["Location"] == queue_url(world.project_a)
    assert reload(world.comment_a).is_hidden
    decision = ModerationDecision.objects.get(comment=world.comment_a)
    assert decision.statement == STATEMENT and decision.moderator == world.moderator_a
    assert not Flag.objects.filter(status=Flag.Status.OPEN).exists()


def test_hiding_without_statement_shows_the_error_and_keeps_the_input(client, world):
    client.force_login(world.moderator_a)
    response = client.post(
        item_url(world.project_a, world.idea_a), {"action": "hide", "rule": FlagReason.SPAM}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Bitte begründen Sie die Entscheidung" in page
    assert 'value="spam" selected' in page
    assert not reload(world.idea_a).is_hidden


def test_moderator_restores_and_dismisses(client, world):
    client.force_login(world.moderator_a)
    hide(world, world.idea_a)
    client.post(item_url(world.project_a, world.idea_a), {"action": "restore"})
    assert not reload(world.idea_a).is_hidden
    reports_on(world.comment_a, 1)
    client.post(item_url(world.project_a, world.comment_a), {"action": "dismiss"})
    assert Flag.objects.get(comment=world.comment_a).status == Flag.Status.DISMISSED


def test_moderator_of_a_gets_403_on_the_item_page_of_b_and_nothing_changes(client, world):
    client.force_login(world.moderator_a)
    response = client.post(
        item_url(world.project_b, world.idea_b),
        {"action": "hide", "rule": FlagReason.SPAM, "statement": STATEMENT},
    )
    assert response.status_code == 403
    assert not reload(world.idea_b).is_hidden
    assert not ModerationDecision.objects.exists()


def test_item_of_b_through_the_url_of_a_is_404(client, world):
    client.force_login(world.moderator_a)
    response = client.post(
        item_url(world.project_a, world.idea_b),
        {"action": "hide", "rule": FlagReason.SPAM, "statement": STATEMENT},
    )
    assert response.status_code == 404
    assert not reload(world.idea_b).is_hidden


def test_item_page_shows_reports_and_history(client, world):
    client.force_login(world.moderator_a)
    reports_on(world.idea_a, 1, text="Unsinn")
    hide(world, world.idea_a)
    page = text_of(client.get(item_url(world.project_a, world.idea_a)))
    assert "Unsinn" in page and STATEMENT in page and "Wiederherstellen" in page


# --- bulk ---------------------------------------------------------------------------------


def test_bulk_hide_in_own_project(client, world):
    client.force_login(world.moderator_a)
    reports_on(world.idea_a, 1)
    reports_on(world.comment_a, 1)
    response = client.post(
        bulk_url(world.project_a),
        {
            "items": [f"idea:{world.idea_a.pk}", f"comment:{world.comment_a.pk}"],
            "action": "hide",
            "rule": FlagReason.SPAM,
            "statement": STATEMENT,
        },
        follow=True,
    )
    assert reload(world.idea_a).is_hidden and reload(world.comment_a).is_hidden
    assert "2 Beiträge ausgeblendet." in text_of(response)


def test_bulk_with_an_item_of_b_refuses_it_and_changes_nothing_in_b(client, world):
    client.force_login(world.moderator_a)
    response = client.post(
        bulk_url(world.project_a),
        {
            "items": [f"idea:{world.idea_a.pk}", f"idea:{world.idea_b.pk}",
                      f"comment:{world.comment_b.pk}"],
            "action": "hide",
            "rule": FlagReason.SPAM,
            "statement": STATEMENT,
        },
        follow=True,
    )
    assert reload(world.idea_a).is_hidden
    assert not reload(world.idea_b).is_hidden and not reload(world.comment_b).is_hidden
    assert not ModerationDecision.objects.filter(idea=world.idea_b).exists()
    assert "2 ausgewählte Beiträge gehören nicht zu diesem Bereich" in text_of(response)


def test_bulk_through_the_url_of_b_is_403_for_moderator_of_a(client, world):
    client.force_login(world.moderator_a)
    response = client.post(
        bulk_url(world.project_b),
        {"items": [f"idea:{world.idea_b.pk}"], "action": "hide", "rule": "spam",
         "statement": STATEMENT},
    )
    assert response.status_code == 403
    assert not reload(world.idea_b).is_hidden


def test_bulk_hide_without_statement_shows_errors_and_keeps_the_selection(client, world):
    client.force_login(world.moderator_a)
    reports_on(world.idea_a, 1)
    response = client.post(
        bulk_url(world.project_a),
        {"items": [f"idea:{world.idea_a.pk}"], "action": "hide", "rule": "spam"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Bitte begründen Sie die Entscheidung" in html
    assert f'value="idea:{world.idea_a.pk}" id="select-idea-{world.idea_a.pk}" checked' in html
    assert not reload(world.idea_a).is_hidden


def test_bulk_without_selection_asks_for_one(client, world):
    client.force_login(world.moderator_a)
    reports_on(world.idea_a, 1)
    response = client.post(bulk_url(world.project_a), {"action": "dismiss"})
    assert response.status_code == 400
    assert "mindestens einen Beitrag" in response.content.decode()


# --- review requests ----------------------------------------------------------------------


def review_request_url(decision) -> str:
    return reverse("moderation:review-request", kwargs={"pk": decision.pk})


def test_author_requests_a_review_once_through_the_page(client, world):
    decision = hide(world, world.idea_a)
    client.force_login(world.author)
    assert "Überprüfung beantragen" in client.get(review_request_url(decision)).content.decode()
    response = client.post(review_request_url(decision), {"text": "Das war keine Beleidigung."})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.review_text == "Das war keine Beleidigung."
    again = client.post(review_request_url(decision), {"text": "Nochmal"})
    assert again.status_code == 400
    assert "nur einmal" in again.content.decode()
    decision.refresh_from_db()
    assert decision.review_text == "Das war keine Beleidigung."


def test_others_cannot_open_the_review_request_page(client, world):
    decision = hide(world, world.idea_a)
    client.force_login(world.resident)
    assert client.get(review_request_url(decision)).status_code == 404


def test_pending_review_is_listed_first_and_decided_from_the_queue(client, world):
    decision = hide(world, world.idea_a)
    services.review_request(author=world.author, decision=decision, text="Bitte prüfen")
    reports_on(world.comment_a, 1)
    moderator = moderator_of(world.project_a)
    client.force_login(moderator)
    html = client.get(queue_url(world.project_a)).content.decode()
    assert html.index("Antrag auf Überprüfung") < html.index("Kommentar in A")
    review_url = reverse(
        "moderation:review",
        kwargs={"project_slug": world.project_a.slug, "pk": decision.pk},
    )
    response = client.post(review_url, {"outcome": "reversed", "statement": "Doch zulässig."})
    assert response.status_code == 302
    assert not reload(world.idea_a).is_hidden


def test_same_moderator_is_reminded_to_leave_the_review_to_someone_else(client, world):
    decision = hide(world, world.idea_a)
    services.review_request(author=world.author, decision=decision, text="Bitte prüfen")
    client.force_login(world.moderator_a)
    assert "selbst getroffen" in client.get(queue_url(world.project_a)).content.decode()


def test_review_decision_needs_a_statement(client, world):
    decision = hide(world, world.idea_a)
    services.review_request(author=world.author, decision=decision, text="Bitte prüfen")
    client.force_login(world.moderator_a)
    review_url = reverse(
        "moderation:review",
        kwargs={"project_slug": world.project_a.slug, "pk": decision.pk},
    )
    response = client.post(review_url, {"outcome": "reversed"})
    assert response.status_code == 400
    assert reload(world.idea_a).is_hidden


def test_moderator_of_b_cannot_decide_a_review_in_a(client, world):
    decision = hide(world, world.idea_a)
    services.review_request(author=world.author, decision=decision, text="Bitte prüfen")
    client.force_login(world.moderator_b)
    for slug in (world.project_a.slug, world.project_b.slug):
        url = reverse("moderation:review", kwargs={"project_slug": slug,
                                                                 "pk": decision.pk})
        response = client.post(url, {"outcome": "reversed", "statement": "Zulässig."})
        assert response.status_code in (403, 404)
    assert reload(world.idea_a).is_hidden


# --- report form --------------------------------------------------------------------------


def test_report_form_works_without_javascript(client, world):
    client.force_login(world.resident)
    back = "/beteiligung/projekt-a/"
    response = client.get(report_url(world.comment_a), {"next": back})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<fieldset" in html and "<legend" in html
    assert 'type="radio"' in html and 'name="reason"' in html
    assert f'href="{back}"' in html
    response = client.post(
        report_url(world.comment_a), {"reason": "insult", "text": "Gemein.", "next": back},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == back
    assert Flag.objects.get().text == "Gemein."
    assert "Danke für Ihre Meldung" in text_of(response)


def test_report_form_refuses_a_second_report_kindly(client, world):
    client.force_login(world.resident)
    client.post(report_url(world.idea_a), {"reason": "spam"})
    response = client.post(report_url(world.idea_a), {"reason": "spam"})
    assert response.status_code == 400
    assert "bereits gemeldet" in response.content.decode()
    assert Flag.objects.count() == 1


def test_report_form_for_anonymous_asks_to_sign_in(client, world):
    response = client.get(report_url(world.idea_a))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_report_form_explains_why_unverified_and_authors_cannot_report(client, world):
    client.force_login(UserFactory(verified=False))
    response = client.get(report_url(world.idea_a))
    assert response.status_code == 403
    assert "E-Mail-Adresse" in response.content.decode()
    client.force_login(world.author)
    response = client.post(report_url(world.idea_a), {"reason": "spam"})
    assert response.status_code == 403
    assert not Flag.objects.exists()


def test_report_form_ignores_a_foreign_next_url(client, world):
    client.force_login(world.resident)
    response = client.post(
        report_url(world.idea_a), {"reason": "spam", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_report_of_an_idea_in_a_draft_project_is_404(client, world):
    world.project_a.status = "draft"
    world.project_a.save()
    client.force_login(world.resident)
    assert client.get(report_url(world.idea_a)).status_code == 404


# --- template tags ------------------------------------------------------------------------


def render_tag(tag: str, target, user) -> str:
    request = RequestFactory().get("/beteiligung/projekt-a/ideen/1/")
    request.user = user
    template = Template("{% load moderation_tags %}{% " + tag + " target %}")
    return template.render(Context({"target": target, "request": request, "user": user}))


def test_report_link_only_for_verified_people_who_did_not_write_it(world):
    from django.contrib.auth.models import AnonymousUser

    link = render_tag("flag_link", world.comment_a, world.resident)
    assert "Melden" in link and report_url(world.comment_a) in link
    assert "next=%2Fbeteiligung%2Fprojekt-a%2Fideen%2F1%2F%23comment-" in link
    assert render_tag("flag_link", world.comment_a, world.author) == ""
    assert render_tag("flag_link", world.comment_a, AnonymousUser()) == ""
    assert render_tag("flag_link", world.comment_a, UserFactory(verified=False)) == ""
    hide(world, world.comment_a)
    assert render_tag("flag_link", reload(world.comment_a), world.resident) == ""


def test_author_sees_the_statement_of_reasons(world):
    hide(world, world.idea_a)
    notice = render_tag("moderation_notice", reload(world.idea_a), world.author)
    assert 'role="status"' in notice
    assert "Ihre Idee ist ausgeblendet" in notice
    assert STATEMENT in notice
    assert "Beleidigung oder Belästigung" in notice  # the rule
    assert "Überprüfung beantragen" in notice
    assert "Moderation A" not in notice  # the author is not told who decided


def test_moderator_sees_who_decided(world):
    hide(world, world.comment_a)
    notice = render_tag("moderation_notice", reload(world.comment_a), world.moderator_a)
    assert "Moderation A" in notice and STATEMENT in notice
    assert "In der Moderation öffnen" in notice


@pytest.mark.parametrize("role", ["resident", "moderator_b", "anonymous"])
def test_others_see_no_notice(world, role):
    from django.contrib.auth.models import AnonymousUser

    hide(world, world.comment_a)
    user = AnonymousUser() if role == "anonymous" else getattr(world, role)
    assert render_tag("moderation_notice", reload(world.comment_a), user) == ""


def test_notice_shows_pending_review_and_outcome(world):
    decision = hide(world, world.idea_a)
    services.review_request(author=world.author, decision=decision, text="Bitte")
    notice = render_tag("moderation_notice", reload(world.idea_a), world.author)
    assert "Überprüfung beantragt am" in notice and "Überprüfung beantragen<" not in notice
    services.review_decide(
        moderator=world.moderator_a, decision=decision, outcome="upheld", statement="Bleibt."
    )
    notice = render_tag("moderation_notice", reload(world.idea_a), world.author)
    assert "Entscheidung bestätigt" in notice and "Bleibt." in notice


@override_settings(PARTICIPATION_AUTO_HIDE_REPORTS=1)
def test_notice_explains_an_automatic_hiding(world):
    services.flag_create(reporter=world.resident, reason="spam", comment=world.comment_a)
    notice = render_tag("moderation_notice", reload(world.comment_a), world.author)
    assert "bis die Moderation entschieden hat" in notice
    assert "Ihr Kommentar ist ausgeblendet" in notice


def test_notice_of_a_visible_item_is_empty(world):
    assert render_tag("moderation_notice", world.idea_a, world.author) == ""


def test_queue_link_only_for_moderators(world):
    reports_on(world.idea_a, 2)
    link = render_tag("moderation_queue_link", world.project_a, world.moderator_a)
    assert queue_url(world.project_a) in link and "1 gemeldeter Beitrag" in link
    assert render_tag("moderation_queue_link", world.project_a, world.moderator_b) == ""
    assert render_tag("moderation_queue_link", world.project_a, world.resident) == ""


# --- escaping -----------------------------------------------------------------------------


def test_report_text_and_statement_are_escaped(client, world):
    reports_on(world.idea_a, 1, text=XSS)
    services.content_hide(
        moderator=world.moderator_a, comment=world.comment_a, rule="spam", statement=XSS
    )
    client.force_login(world.moderator_a)
    for url in (
        queue_url(world.project_a),
        queue_url(world.project_a) + "?status=decided",
        item_url(world.project_a, world.idea_a),
        item_url(world.project_a, world.comment_a),
    ):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html, url
        assert "&lt;script&gt;" in html, url
    notice = render_tag("moderation_notice", reload(world.comment_a), world.author)
    assert "<script>alert" not in notice and "&lt;script&gt;" in notice


def test_comment_text_with_markup_is_escaped_in_the_queue(client, world):
    comment = CommentFactory(idea=world.idea_a, text=XSS)
    reports_on(comment, 1)
    client.force_login(world.moderator_a)
    html = client.get(queue_url(world.project_a)).content.decode()
    assert "<script>alert" not in html


# --- measures queue -----------------------------------------------------------------------


def test_measures_queue_is_for_global_moderators_only(client, world):
    comment = measure_comment(text="Zur Maßnahme")
    reports_on(comment, 1)
    url = reverse("moderation:measures-queue")
    client.force_login(world.moderator_a)
    assert client.get(url).status_code == 403
    moderator = global_moderator()
    client.force_login(moderator)
    response = client.get(url)
    assert response.status_code == 200 and "Zur Maßnahme" in text_of(response)
    item = reverse("moderation:measures-item", kwargs={"kind": "comment",
                                                                     "pk": comment.pk})
    client.post(item, {"action": "hide", "rule": "spam", "statement": STATEMENT})
    assert reload(comment).is_hidden


# --- query counts -------------------------------------------------------------------------


def fill_queue(project, count: int) -> None:
    for index in range(count):
        if index % 2:
            idea = IdeaFactory(project=project)
            reports_on(idea, 2, reason=FlagReason.SPAM)
        else:
            comment = CommentFactory(idea=IdeaFactory(project=project))
            reports_on(comment, 1)
            if index % 4 == 0:
                Comment.objects.filter(pk=comment.pk).update(is_hidden=True)
    decided = IdeaFactory(project=project)
    decision = services.content_hide(
        moderator=global_moderator(), idea=decided, rule="spam", statement=STATEMENT
    )
    services.review_request(author=decided.author, decision=decision, text="Bitte")


@pytest.mark.parametrize("status", ["", "decided"])
def test_queue_runs_a_constant_number_of_queries(
    client, world, django_assert_max_num_queries, status
):
    client.force_login(world.moderator_a)
    params = {"status": status} if status else {}
    fill_queue(world.project_a, 5)
    client.get(queue_url(world.project_a), params)  # warm caches (content types, session)
    # (+1, the header's "Dashboard" link: the council check for a non-staff moderator)
    with django_assert_max_num_queries(19) as small:
        assert client.get(queue_url(world.project_a), params).status_code == 200
    fill_queue(world.project_a, 45)
    with django_assert_max_num_queries(19) as large:
        assert client.get(queue_url(world.project_a), params).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


# --- on the idea page (the ideas part renders {% moderation_notice idea %}) ---------------


def test_author_sees_the_statement_on_the_idea_page_and_others_do_not(client, world):
    hide(world, world.idea_a)
    url = world.idea_a.get_absolute_url()
    client.force_login(world.author)
    page = client.get(url).content.decode()
    assert STATEMENT in page and "Ihre Idee ist ausgeblendet" in page
    client.force_login(world.resident)
    response = client.get(url)
    assert response.status_code == 404 or STATEMENT not in response.content.decode()
