"""The comment thread on pages (``{% comment_thread %}`` and the sections of measure and
project pages) and the comment endpoints: who sees which buttons, escaping, placeholders,
redirects back to the comment, errors on a page of their own, a fixed number of queries."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from participation.ideas.models import Comment
from participation.moderation.models import FlagReason, ModerationDecision
from tests.factories import (
    CommentFactory,
    IdeaFactory,
    MeasureFactory,
    ProjectFactory,
    StaffFactory,
    UserFactory,
)
from tests.ideas.factories_comments_votes import (
    MeasureCommentFactory,
    ProjectCommentFactory,
    comment_phase,
    global_moderator,
    idea_in_open_phase,
    moderator_of,
)

pytestmark = pytest.mark.django_db

PLACEHOLDER_HIDDEN = "Dieser Kommentar wurde von der Moderation ausgeblendet."
PLACEHOLDER_DELETED = "Dieser Kommentar wurde gelöscht."


def measure_url(measure) -> str:
    return reverse("measures:measure-detail", kwargs={"slug": measure.slug})


def render_thread(target, user=None) -> str:
    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    template = Template("{% load comments_tags %}{% comment_thread target %}")
    return template.render(Context({"request": request, "target": target}))


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def reply_action(comment) -> str:
    return reverse("ideas:comment-reply", kwargs={"pk": comment.pk})


def edit_action(comment) -> str:
    return reverse("ideas:comment-update", kwargs={"pk": comment.pk})


def delete_action(comment) -> str:
    return reverse("ideas:comment-delete", kwargs={"pk": comment.pk})


def highlight_action(comment) -> str:
    return reverse("ideas:comment-highlight", kwargs={"pk": comment.pk})


# --- The thread ----------------------------------------------------------------------------


def test_the_measure_page_shows_its_discussion_with_replies_nested(client):
    measure = MeasureFactory()
    top = MeasureCommentFactory(measure=measure, text="Wann kommt das WLAN?")
    MeasureCommentFactory(measure=measure, parent=top, text="Im Herbst, hieß es.")
    html = client.get(measure_url(measure)).content.decode()

    assert 'id="comments-measure-' in html and "Diskussion" in html
    assert "2 Kommentare" in html
    thread = html[html.index("participation-thread") :]
    replies = thread[thread.index("participation-thread__replies") :]
    assert "Im Herbst, hieß es." in replies
    assert "Wann kommt das WLAN?" not in replies
    assert f'id="comment-{top.pk}"' in html


def test_authors_appear_by_their_public_name_never_by_email(client):
    author = UserFactory(display_name="Laternenfreundin")
    comment = MeasureCommentFactory(author=author)
    html = client.get(measure_url(comment.measure)).content.decode()
    assert "Laternenfreundin" in html
    assert author.email not in html


def test_comment_text_is_escaped_with_line_breaks_and_nofollow_links():
    comment = MeasureCommentFactory(
        text='<script>alert("x")</script><img src=x onerror=alert(1)>\nSiehe https://jena.de/smart'
    )
    html = render_thread(comment.measure)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<br>" in html
    assert '<a href="https://jena.de/smart" rel="nofollow">https://jena.de/smart</a>' in html


def test_javascript_urls_are_not_linked():
    comment = MeasureCommentFactory(text="javascript:alert(1) und data:text/html,x")
    html = render_thread(comment.measure)
    assert 'href="javascript' not in html and 'href="data' not in html


def test_edited_and_highlighted_comments_are_marked():
    from django.utils import timezone

    comment = MeasureCommentFactory(edited_at=timezone.now(), is_highlighted=True)
    page = text_of(render_thread(comment.measure))
    assert "bearbeitet" in page
    assert "von der Moderation hervorgehoben" in page


def test_a_deleted_comment_is_a_placeholder_and_its_replies_stay():
    top = MeasureCommentFactory(is_deleted=True, text="")
    MeasureCommentFactory(measure=top.measure, parent=top, text="Sehe ich anders.")
    page = text_of(render_thread(top.measure, UserFactory()))
    assert PLACEHOLDER_DELETED in page
    assert "Sehe ich anders." in page
    assert top.author.public_name not in page
    assert "1 Kommentar" in page


def test_a_hidden_comment_is_a_placeholder_for_others():
    hidden = MeasureCommentFactory(is_hidden=True, text="Beleidigung")
    for viewer in (None, UserFactory(), StaffFactory(), moderator_of(ProjectFactory())):
        page = text_of(render_thread(hidden.measure, viewer))
        assert PLACEHOLDER_HIDDEN in page
        assert "Beleidigung" not in page
        assert hidden.author.public_name not in page


def hide_with_reasons(comment, moderator=None):
    comment.is_hidden = True
    comment.save()
    ModerationDecision.objects.create(
        comment=comment,
        action=ModerationDecision.Action.HIDE,
        rule=FlagReason.INSULT,
        statement="Persönlicher Angriff auf eine andere Person.",
        moderator=moderator,
    )


def test_the_author_of_a_hidden_comment_sees_it_with_the_statement_of_reasons():
    idea = idea_in_open_phase()
    comment = CommentFactory(idea=idea, text="Mein Text")
    hide_with_reasons(comment)
    page = text_of(render_thread(idea, comment.author))
    assert "Mein Text" in page
    assert PLACEHOLDER_HIDDEN not in page
    assert "Persönlicher Angriff auf eine andere Person." in page


def test_moderators_of_the_project_see_hidden_comments_with_the_notice():
    idea = idea_in_open_phase()
    comment = CommentFactory(idea=idea, text="Grenzwertig")
    hide_with_reasons(comment)
    page = text_of(render_thread(idea, moderator_of(idea.project)))
    assert "Grenzwertig" in page and "Persönlicher Angriff" in page
    other = text_of(render_thread(idea, moderator_of(ProjectFactory())))
    assert "Grenzwertig" not in other and PLACEHOLDER_HIDDEN in other


def test_global_moderators_see_hidden_measure_comments():
    comment = MeasureCommentFactory(text="Grenzwertig")
    hide_with_reasons(comment)
    assert "Grenzwertig" in render_thread(comment.measure, global_moderator())
    assert "Grenzwertig" not in render_thread(comment.measure, StaffFactory())


def test_a_thread_without_comments_says_so():
    assert "Noch keine Kommentare." in render_thread(MeasureFactory())


# --- Who sees which form and button ---------------------------------------------------------


def test_anonymous_visitors_are_asked_to_sign_in_and_get_no_forms():
    comment = MeasureCommentFactory()
    html = render_thread(comment.measure)
    assert "Bitte melden Sie sich an" in html
    assert reverse("account_login") + "?next=" in html
    assert "<textarea" not in html
    assert reply_action(comment) not in html


def test_unverified_people_are_asked_to_confirm_their_email():
    comment = MeasureCommentFactory()
    html = render_thread(comment.measure, UserFactory(verified=False))
    assert "Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse." in html
    assert reverse("account_email") in html
    assert "<textarea" not in html


def test_in_a_closed_phase_the_reason_is_given_instead_of_the_form():
    project = ProjectFactory()
    comment_phase(project, "after")
    idea = IdeaFactory(project=project)
    comment = CommentFactory(idea=idea)
    html = render_thread(idea, UserFactory())
    assert "Kommentieren ist in dieser Phase nicht möglich." in html
    assert "<textarea" not in html
    assert reply_action(comment) not in html
    # the author can still delete, not edit
    own = render_thread(idea, comment.author)
    assert delete_action(comment) in own and edit_action(comment) not in own


def test_closed_measure_comments_show_the_reason():
    measure = MeasureFactory(comments_closed=True)
    html = render_thread(measure, UserFactory())
    assert "Die Kommentare zu dieser Maßnahme sind geschlossen." in html
    assert "<textarea" not in html


def test_residents_may_reply_but_edit_and_delete_only_their_own():
    idea = idea_in_open_phase()
    own = CommentFactory(idea=idea)
    other = CommentFactory(idea=idea)
    html = render_thread(idea, own.author)
    assert reply_action(own) in html and reply_action(other) in html
    assert edit_action(own) in html and delete_action(own) in html
    assert edit_action(other) not in html and delete_action(other) not in html
    assert highlight_action(own) not in html
    assert 'for="id_new_idea_' in html  # the new-comment form, with its own ids


@pytest.mark.parametrize(
    ("who", "sees_highlight"),
    [("moderator", True), ("other_moderator", False), ("staff", False), ("resident", False)],
)
def test_only_moderators_of_the_project_get_the_highlight_button(who, sees_highlight):
    idea = idea_in_open_phase()
    comment = CommentFactory(idea=idea)
    user = {
        "moderator": lambda: moderator_of(idea.project),
        "other_moderator": lambda: moderator_of(ProjectFactory()),
        "staff": StaffFactory,
        "resident": UserFactory,
    }[who]()
    assert (highlight_action(comment) in render_thread(idea, user)) is sees_highlight


def test_the_reply_and_edit_forms_are_disclosures_that_need_no_javascript():
    idea = idea_in_open_phase()
    comment = CommentFactory(idea=idea)
    html = render_thread(idea, comment.author)
    assert html.count("<details") == 3  # reply, edit, delete
    assert f'for="id_reply_{comment.pk}_text"' in html
    assert f'for="id_edit_{comment.pk}_text"' in html
    assert "<script" not in html and "style=" not in html


def test_project_threads_render_through_the_project_section():
    from core.sections import page_sections

    project = ProjectFactory()
    comment_phase(project)
    ProjectCommentFactory(project=project, text="Gute Initiative!")
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    section = next(
        s
        for s in page_sections("project", request, project)
        if s.template == "ideas/sections/comments_project.html"
    )
    template = Template("{% include section.template with section=section.context %}")
    html = template.render(Context({"section": section, "request": request}))
    assert "Gute Initiative!" in html
    assert f'id="comments-project-{project.pk}"' in html


# --- Writing through the pages -----------------------------------------------------------------


def test_a_new_comment_goes_back_to_the_page_at_the_comment(client):
    measure = MeasureFactory()
    client.force_login(UserFactory())
    url = reverse("ideas:comment-create-measure", kwargs={"measure_slug": measure.slug})
    response = client.post(url, {"text": "Sehr gut!"})
    comment = Comment.objects.get(measure=measure)
    assert response.status_code == 302
    assert response["Location"] == f"{measure_url(measure)}#comment-{comment.pk}"
    page = client.get(response["Location"]).content.decode()
    assert "Ihr Kommentar ist veröffentlicht." in page and "Sehr gut!" in page


def test_an_empty_comment_gets_an_error_on_a_form_page(client):
    measure = MeasureFactory()
    client.force_login(UserFactory())
    url = reverse("ideas:comment-create-measure", kwargs={"measure_slug": measure.slug})
    response = client.post(url, {"text": "   "})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bitte schreiben Sie einen Kommentar." in html
    assert 'aria-invalid="true"' in html
    assert not Comment.objects.exists()


def test_a_refused_comment_keeps_the_typed_text(client):
    project = ProjectFactory()
    comment_phase(project, "after")
    idea = IdeaFactory(project=project)
    client.force_login(UserFactory())
    url = reverse("ideas:comment-create-idea", kwargs={"idea_pk": idea.pk})
    response = client.post(url, {"text": "Mein langer Gedanke"})
    html = response.content.decode()
    assert "Kommentieren ist in dieser Phase nicht möglich." in html
    assert "Mein langer Gedanke</textarea>" in html
    assert not Comment.objects.exists()


def test_anonymous_posts_are_refused_with_a_sign_in_hint(client):
    measure = MeasureFactory()
    url = reverse("ideas:comment-create-measure", kwargs={"measure_slug": measure.slug})
    response = client.post(url, {"text": "Hallo"})
    assert response.status_code == 403
    assert "Bitte melden Sie sich an" in response.content.decode()
    assert not Comment.objects.exists()


def test_the_comment_form_page_works_on_its_own(client):
    measure = MeasureFactory()
    client.force_login(UserFactory())
    url = reverse("ideas:comment-create-measure", kwargs={"measure_slug": measure.slug})
    html = client.get(url).content.decode()
    assert "<h1" in html and "Kommentar schreiben" in html and "<textarea" in html


def test_replying_through_the_page_attaches_to_the_top_level(client):
    idea = idea_in_open_phase()
    top = CommentFactory(idea=idea)
    reply = CommentFactory(idea=idea, parent=top)
    client.force_login(UserFactory())
    response = client.post(reply_action(reply), {"text": "Genau!"})
    answer = Comment.objects.get(text="Genau!")
    assert answer.parent_id == top.pk
    assert response["Location"].endswith(f"#comment-{answer.pk}")
    idea.refresh_from_db()
    assert idea.comment_count == 3  # recounted from the rows: two raw ones and the answer


def test_the_reply_page_quotes_the_comment(client):
    comment = MeasureCommentFactory(text="Zitierwürdig")
    client.force_login(UserFactory())
    html = client.get(reply_action(comment)).content.decode()
    assert "Zitierwürdig" in html and "Antworten" in html


def test_the_author_edits_through_the_page(client):
    comment = MeasureCommentFactory(text="Alt")
    client.force_login(comment.author)
    assert client.get(edit_action(comment)).status_code == 200
    response = client.post(edit_action(comment), {"text": "Neu"})
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    comment.refresh_from_db()
    assert comment.text == "Neu" and comment.edited_at


def test_others_cannot_edit_or_delete_through_the_pages(client):
    comment = MeasureCommentFactory(text="Meins")
    client.force_login(UserFactory())
    assert client.get(edit_action(comment)).status_code == 403
    assert client.post(edit_action(comment), {"text": "Gekapert"}).status_code == 403
    assert client.post(delete_action(comment)).status_code == 403
    comment.refresh_from_db()
    assert comment.text == "Meins" and not comment.is_deleted


def test_anonymous_visitors_are_sent_to_sign_in_for_edit_and_delete(client):
    comment = MeasureCommentFactory()
    for url in (edit_action(comment), delete_action(comment)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_the_author_deletes_after_a_confirmation_page(client):
    comment = MeasureCommentFactory(text="Weg damit")
    client.force_login(comment.author)
    confirm = client.get(delete_action(comment)).content.decode()
    assert "Weg damit" in confirm and "Ja, Kommentar löschen" in confirm
    response = client.post(delete_action(comment))
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    page = client.get(response["Location"]).content.decode()
    assert PLACEHOLDER_DELETED in page and "Weg damit" not in page


def test_moderators_highlight_through_the_page_and_others_cannot(client):
    idea = idea_in_open_phase()
    comment = CommentFactory(idea=idea)
    client.force_login(moderator_of(ProjectFactory()))
    assert client.post(highlight_action(comment), {"highlighted": "1"}).status_code == 403
    client.force_login(moderator_of(idea.project))
    assert client.get(highlight_action(comment)).status_code == 405
    client.post(highlight_action(comment), {"highlighted": "1"})
    assert Comment.objects.get(pk=comment.pk).is_highlighted
    client.post(highlight_action(comment), {"highlighted": "0"})
    assert not Comment.objects.get(pk=comment.pk).is_highlighted


def test_comments_of_invisible_targets_are_404(client):
    hidden_measure = MeasureCommentFactory(measure=MeasureFactory(is_public=False))
    client.force_login(UserFactory())
    assert client.get(reply_action(hidden_measure)).status_code == 404
    url = reverse(
        "ideas:comment-create-measure", kwargs={"measure_slug": hidden_measure.measure.slug}
    )
    assert client.post(url, {"text": "Hallo"}).status_code == 404
    from projects.models import Project

    draft = ProjectFactory(status=Project.Status.DRAFT)
    url = reverse("ideas:comment-create-project", kwargs={"project_slug": draft.slug})
    assert client.get(url).status_code == 404


def test_the_comment_urls_resolve_to_the_comment_views():
    from django.urls import resolve

    from participation.ideas.views import comments as views

    assert resolve(reply_action(CommentFactory.build(pk=7))).func is views.comment_reply
    assert resolve("/beteiligung/kommentare/idee/7/neu/").func is views.comment_create_on_idea


# --- A fixed number of queries ---------------------------------------------------------------


def thread_queries(target, user) -> int:
    request = RequestFactory().get("/")
    request.user = user
    with CaptureQueriesContext(connection) as captured:
        render_thread(target, user)
    return len(captured)


def fill(idea, count: int) -> None:
    people = UserFactory.create_batch(5)
    tops = [CommentFactory(idea=idea, author=people[n % 5]) for n in range(count // 2)]
    for n in range(count - len(tops)):
        CommentFactory(
            idea=idea,
            author=people[n % 5],
            parent=tops[n % len(tops)],
            is_hidden=n % 7 == 0,
            is_deleted=n % 11 == 0,
        )


@pytest.mark.parametrize("role", ["anonymous", "resident", "moderator"])
def test_a_thread_costs_the_same_with_5_and_100_comments(role):
    # Warm the process-wide ContentType cache first (guardian asks it once per process).
    render_thread(idea_in_open_phase(), moderator_of(ProjectFactory()))
    counts = []
    for size in (5, 100):
        idea = idea_in_open_phase()
        fill(idea, size)
        if role == "moderator":
            user = moderator_of(idea.project)
        else:
            user = UserFactory() if role == "resident" else AnonymousUser()
        # the viewer's own hidden comments get the statement of reasons (one query)
        if role != "anonymous":
            CommentFactory(idea=idea, author=user, is_hidden=True)
        counts.append(
            thread_queries(
                idea, type(user).objects.get(pk=user.pk) if role != "anonymous" else user
            )
        )
    assert counts[0] == counts[1], counts
    # anonymous: phases + thread; signed in: + global and object permissions (4), the
    # e-mail check (1), the statement of reasons for their hidden comment (1)
    assert counts[0] <= {"anonymous": 2, "resident": 8, "moderator": 8}[role], counts


@pytest.mark.parametrize("comment_count", [5, 100])
def test_the_measure_page_with_a_discussion_runs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, comment_count
):
    measure = MeasureFactory()
    tops = MeasureCommentFactory.create_batch(comment_count // 2, measure=measure)
    for n in range(comment_count - len(tops)):
        MeasureCommentFactory(measure=measure, parent=tops[n % len(tops)])
    # the page's own 9 queries, the "ideas taken up" section (1), the discussion (1)
    with django_assert_max_num_queries(11):
        response = client.get(measure_url(measure))
    assert response.status_code == 200
    assert f"{comment_count} Kommentare" in response.content.decode()


@pytest.mark.parametrize("comment_count", [5, 100])
def test_a_signed_in_resident_sees_the_measure_page_at_a_fixed_cost(
    client, django_assert_max_num_queries, comment_count
):
    measure = MeasureFactory()
    user = UserFactory()
    MeasureCommentFactory.create_batch(comment_count, measure=measure, author=user)
    client.force_login(user)
    # session, user, global permissions (2), ContentType (2 while the process cache is
    # cold), the measure page (7), object permissions (2), ideas section (1), the
    # discussion (1), the e-mail check for the comment form (1), the header's
    # "Moderation" and "Dashboard" links (2)
    with django_assert_max_num_queries(20):
        response = client.get(measure_url(measure))
    assert response.content.decode().count('class="site-card participation-comment') == (
        comment_count
    )


def test_comment_create_service_is_what_the_pages_use(client, monkeypatch):
    calls = []
    from participation.ideas.services import comments as services

    real = services.comment_create
    monkeypatch.setattr(services, "comment_create", lambda **kw: calls.append(kw) or real(**kw))
    measure = MeasureFactory()
    client.force_login(UserFactory())
    client.post(
        reverse("ideas:comment-create-measure", kwargs={"measure_slug": measure.slug}),
        {"text": "Über den Service"},
    )
    assert calls and calls[0]["measure"] == measure


@pytest.mark.parametrize("role", ["anonymous", "resident"])
def test_the_project_page_shows_its_discussion_at_the_same_cost_for_5_and_100(client, role):
    counts = []
    for size in (5, 100):
        project = ProjectFactory()
        comment_phase(project)
        tops = ProjectCommentFactory.create_batch(size // 2, project=project)
        for n in range(size - len(tops)):
            ProjectCommentFactory(project=project, parent=tops[n % len(tops)])
        if role == "resident":
            client.force_login(UserFactory())
        client.get(project.get_absolute_url())  # warm the process-wide caches
        with CaptureQueriesContext(connection) as captured:
            response = client.get(project.get_absolute_url())
        assert response.status_code == 200
        html = response.content.decode()
        assert f'id="comments-project-{project.pk}"' in html
        assert f"{size} Kommentare" in html
        counts.append(len(captured))
    assert counts[0] == counts[1], counts


def test_the_count_above_the_thread_counts_what_the_reader_sees():
    idea = idea_in_open_phase()
    CommentFactory(idea=idea, text="Sichtbar")
    hidden = CommentFactory(idea=idea, text="Mein Text")
    hide_with_reasons(hidden)
    deleted = CommentFactory(idea=idea, text="weg", author=hidden.author)
    deleted.is_deleted = True
    deleted.save()
    # the author sees her hidden comment in the thread, and the count includes it
    assert "2 Kommentare" in text_of(render_thread(idea, hidden.author))
    # so does the project's moderator
    assert "2 Kommentare" in text_of(render_thread(idea, moderator_of(idea.project)))
    # everyone else sees a placeholder: it does not count
    assert "1 Kommentar " in text_of(render_thread(idea, UserFactory()))
    assert "1 Kommentar " in text_of(render_thread(idea))


def test_counting_what_the_reader_sees_costs_no_query_per_comment(
    django_assert_max_num_queries,
):
    idea = idea_in_open_phase()
    author = UserFactory()
    for _ in range(3):
        hide_with_reasons(CommentFactory(idea=idea, author=author))
    with CaptureQueriesContext(connection) as few:
        render_thread(idea, author)
    for _ in range(10):
        hide_with_reasons(CommentFactory(idea=idea, author=author))
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = text_of(render_thread(idea, author))
    assert "13 Kommentare" in html


def test_the_author_of_a_hidden_comment_counts_it_at_the_top_of_the_idea_page(client):
    idea = idea_in_open_phase()
    comment = CommentFactory(idea=idea, text="Mein Text")
    hide_with_reasons(comment)
    idea.refresh_from_db()
    facts = re.compile(r"<dt>Unterstützung</dt>\s*<dd>(.*?)</dd>", re.S)

    client.force_login(comment.author)
    mine = facts.search(client.get(idea.get_absolute_url()).content.decode()).group(1)
    assert "1 Kommentar" in mine

    client.force_login(UserFactory())
    others = facts.search(client.get(idea.get_absolute_url()).content.decode()).group(1)
    assert "0 Kommentare" in others
