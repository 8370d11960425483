"""Comment rules in the services, per phase (before, during, after) and per role
(anonymous, unverified, resident, author, moderator of this project, moderator of
another project, staff), and exact comment counts."""

import pytest
from django.db.models import Q
from django.utils import timezone

from core.exceptions import Closed, Invalid, NotAllowed
from participation.ideas.models import Comment
from participation.ideas.services.comments import (
    comment_create,
    comment_delete,
    comment_highlight,
    comment_update,
)
from participation.ideas.services.counters import idea_counters_refresh
from projects.models import Project
from tests.factories import (
    CommentFactory,
    IdeaFactory,
    MeasureFactory,
    ProjectFactory,
    StaffFactory,
    UserFactory,
)
from tests.ideas.factories_comments_votes import (
    ROLES,
    WHEN,
    MeasureCommentFactory,
    ProjectCommentFactory,
    comment_phase,
    global_moderator,
    idea_in_open_phase,
    moderator_of,
    person,
    visible_comments,
)

pytestmark = pytest.mark.django_db

SIGNED_IN_VERIFIED = {"resident", "author", "moderator", "other_moderator", "staff"}


def idea_with_phase(when: str):
    project = ProjectFactory()
    comment_phase(project, when)
    return IdeaFactory(project=project)


# --- Writing on ideas and projects: phase × role -----------------------------------------------


@pytest.mark.parametrize("when", WHEN)
@pytest.mark.parametrize("role", ROLES)
def test_commenting_on_an_idea_follows_the_phase_and_the_role(when, role):
    idea = idea_with_phase(when)
    user = person(role, project=idea.project, author=idea.author)

    if when != "during":
        with pytest.raises(Closed, match="Kommentieren ist in dieser Phase nicht möglich"):
            comment_create(author=user, text="Gute Idee", idea=idea)
    elif role not in SIGNED_IN_VERIFIED:
        with pytest.raises(NotAllowed):
            comment_create(author=user, text="Gute Idee", idea=idea)
    else:
        comment = comment_create(author=user, text="Gute Idee", idea=idea)
        assert comment.idea == idea and comment.author == user
    idea.refresh_from_db()
    assert idea.comment_count == visible_comments(idea)


@pytest.mark.parametrize("when", WHEN)
@pytest.mark.parametrize("role", ROLES)
def test_commenting_on_a_project_follows_the_phase_and_the_role(when, role):
    project = ProjectFactory()
    comment_phase(project, when)
    user = person(role, project=project, author=UserFactory())

    if when != "during":
        with pytest.raises(Closed):
            comment_create(author=user, text="Wann geht es los?", project=project)
    elif role not in SIGNED_IN_VERIFIED:
        with pytest.raises(NotAllowed):
            comment_create(author=user, text="Wann geht es los?", project=project)
    else:
        assert comment_create(author=user, text="Wann geht es los?", project=project).pk


def test_the_closed_message_names_the_day_commenting_opens():
    idea = idea_with_phase("before")
    start = idea.project.phases.get().start
    with pytest.raises(Closed) as caught:
        comment_create(author=UserFactory(), text="Zu früh", idea=idea)
    assert timezone.localtime(start).strftime("%Y") in caught.value.messages[0]
    assert "Möglich ab" in caught.value.messages[0]


def test_a_phase_without_comments_refuses_them():
    project = ProjectFactory()
    comment_phase(project, allows_comments=False)
    with pytest.raises(Closed):
        comment_create(author=UserFactory(), text="Hallo", project=project)


def test_a_draft_project_refuses_comments_even_in_a_running_phase():
    project = ProjectFactory(status=Project.Status.DRAFT)
    comment_phase(project)
    with pytest.raises(Closed):
        comment_create(author=moderator_of(project), text="Hallo", project=project)


def test_a_hidden_idea_cannot_be_commented_on():
    idea = idea_in_open_phase(is_hidden=True)
    with pytest.raises(Invalid, match="ausgeblendet"):
        comment_create(author=UserFactory(), text="Hallo", idea=idea)


def test_an_idea_hidden_after_loading_is_refused_too():
    idea = idea_in_open_phase()
    type(idea).objects.filter(pk=idea.pk).update(is_hidden=True)  # a moderator, meanwhile
    with pytest.raises(Invalid, match="ausgeblendet"):
        comment_create(author=UserFactory(), text="Hallo", idea=idea)


def test_an_empty_or_whitespace_comment_is_refused():
    idea = idea_in_open_phase()
    with pytest.raises(Invalid, match="Bitte schreiben Sie einen Kommentar"):
        comment_create(author=UserFactory(), text=" \n\t ", idea=idea)


def test_a_too_long_comment_is_refused_with_the_limit():
    idea = idea_in_open_phase()
    with pytest.raises(Invalid, match="höchstens 3000 Zeichen"):
        comment_create(author=UserFactory(), text="x" * 3001, idea=idea)


def test_text_is_stored_trimmed_with_unix_line_breaks():
    idea = idea_in_open_phase()
    comment = comment_create(author=UserFactory(), text="  Zeile 1\r\nZeile 2  ", idea=idea)
    assert comment.text == "Zeile 1\nZeile 2"


def test_exactly_one_target_is_required():
    with pytest.raises(TypeError):
        comment_create(author=UserFactory(), text="Hallo")
    with pytest.raises(TypeError):
        comment_create(
            author=UserFactory(), text="Hallo", idea=idea_in_open_phase(),
            measure=MeasureFactory(),
        )


# --- Measures ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["resident", "staff", "moderator"])
def test_verified_people_comment_on_a_public_measure_at_any_time(role):
    measure = MeasureFactory()
    user = person(role, project=ProjectFactory())
    comment = comment_create(author=user, text="Wann kommt das WLAN?", measure=measure)
    assert comment.measure == measure and comment.idea is None and comment.project is None


@pytest.mark.parametrize("role", ["anonymous", "unverified"])
def test_measure_comments_need_a_signed_in_verified_person(role):
    with pytest.raises(NotAllowed):
        comment_create(
            author=person(role, project=ProjectFactory()), text="Hallo", measure=MeasureFactory()
        )


def test_closed_measure_comments_are_refused_for_everyone():
    measure = MeasureFactory(comments_closed=True)
    for user in (UserFactory(), global_moderator()):
        with pytest.raises(Closed, match="geschlossen"):
            comment_create(author=user, text="Hallo", measure=measure)


def test_a_measure_that_is_not_public_cannot_be_commented_on():
    with pytest.raises(Closed, match="nicht öffentlich"):
        comment_create(author=UserFactory(), text="Hallo", measure=MeasureFactory(is_public=False))


# --- Replies -------------------------------------------------------------------------------


def test_a_reply_is_attached_to_its_comment():
    idea = idea_in_open_phase()
    top = comment_create(author=UserFactory(), text="Erster", idea=idea)
    reply = comment_create(author=UserFactory(), text="Antwort", idea=idea, parent=top)
    assert reply.parent == top


def test_a_reply_to_a_reply_is_attached_to_the_top_level_comment():
    idea = idea_in_open_phase()
    top = comment_create(author=UserFactory(), text="Erster", idea=idea)
    reply = comment_create(author=UserFactory(), text="Antwort", idea=idea, parent=top)
    answer = comment_create(author=UserFactory(), text="Antwort auf Antwort", idea=idea,
                            parent=reply)
    assert answer.parent_id == top.pk


def test_a_reply_must_be_on_the_same_target():
    idea = idea_in_open_phase()
    other = idea_in_open_phase()
    foreign = comment_create(author=UserFactory(), text="Anderswo", idea=other)
    measure_comment = MeasureCommentFactory()
    for parent in (foreign, measure_comment):
        with pytest.raises(Invalid, match="gehört nicht zu dieser Diskussion"):
            comment_create(author=UserFactory(), text="Antwort", idea=idea, parent=parent)


def test_a_deleted_or_hidden_comment_cannot_be_answered():
    idea = idea_in_open_phase()
    deleted = CommentFactory(idea=idea, is_deleted=True)
    hidden = CommentFactory(idea=idea, is_hidden=True)
    for parent in (deleted, hidden):
        with pytest.raises(Invalid, match="nicht mehr geantwortet"):
            comment_create(author=UserFactory(), text="Antwort", idea=idea, parent=parent)


def test_replies_on_measures_and_projects_work_the_same():
    measure_comment = MeasureCommentFactory()
    reply = comment_create(author=UserFactory(), text="Re", measure=measure_comment.measure,
                           parent=measure_comment)
    assert reply.parent == measure_comment
    project_comment = ProjectCommentFactory()
    comment_phase(project_comment.project)
    reply = comment_create(author=UserFactory(), text="Re", project=project_comment.project,
                           parent=project_comment)
    assert reply.parent == project_comment


# --- Editing -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_only_the_author_edits_a_comment(role):
    idea = idea_in_open_phase()
    comment = CommentFactory(idea=idea, text="Alt")
    user = person(role, project=idea.project, author=comment.author)
    if role == "author":
        updated = comment_update(comment=comment, user=user, text="Neu")
        assert updated.text == "Neu" and updated.edited_at is not None
    else:
        with pytest.raises(NotAllowed):
            comment_update(comment=comment, user=user, text="Neu")
        comment.refresh_from_db()
        assert comment.text == "Alt" and comment.edited_at is None


@pytest.mark.parametrize("when", ["before", "after"])
def test_the_author_cannot_edit_outside_the_comment_phase(when):
    idea = idea_with_phase(when)
    comment = CommentFactory(idea=idea)
    with pytest.raises(Closed):
        comment_update(comment=comment, user=comment.author, text="Neu")


def test_an_unchanged_text_is_not_marked_as_edited():
    comment = CommentFactory(idea=idea_in_open_phase(), text="Gleich")
    assert comment_update(comment=comment, user=comment.author, text=" Gleich ").edited_at is None


def test_hidden_and_deleted_comments_cannot_be_edited():
    idea = idea_in_open_phase()
    hidden = CommentFactory(idea=idea, is_hidden=True)
    deleted = CommentFactory(idea=idea, is_deleted=True)
    with pytest.raises(Invalid, match="Überprüfung"):
        comment_update(comment=hidden, user=hidden.author, text="Neu")
    with pytest.raises(Invalid, match="gelöscht"):
        comment_update(comment=deleted, user=deleted.author, text="Neu")


def test_the_author_edits_a_measure_comment_unless_comments_were_closed():
    comment = MeasureCommentFactory()
    comment_update(comment=comment, user=comment.author, text="Ergänzt")
    comment.measure.comments_closed = True
    comment.measure.save()
    comment = Comment.objects.get(pk=comment.pk)
    with pytest.raises(Closed):
        comment_update(comment=comment, user=comment.author, text="Noch einmal")


# --- Deleting ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_only_the_author_deletes_a_comment(role):
    idea = idea_in_open_phase()
    comment = CommentFactory(idea=idea)
    user = person(role, project=idea.project, author=comment.author)
    if role == "author":
        comment_delete(comment=comment, user=user)
        comment.refresh_from_db()
        assert comment.is_deleted
    else:
        with pytest.raises(NotAllowed):
            comment_delete(comment=comment, user=user)
        comment.refresh_from_db()
        assert not comment.is_deleted


@pytest.mark.parametrize("when", WHEN)
def test_the_author_may_delete_in_every_phase(when):
    comment = CommentFactory(idea=idea_with_phase(when))
    comment_delete(comment=comment, user=comment.author)
    assert Comment.objects.get(pk=comment.pk).is_deleted


def test_deleting_keeps_the_replies_and_removes_the_text():
    idea = idea_in_open_phase()
    top = comment_create(author=UserFactory(), text="Persönliches", idea=idea)
    reply = comment_create(author=UserFactory(), text="Antwort", idea=idea, parent=top)
    comment_delete(comment=top, user=top.author)
    top.refresh_from_db()
    assert top.is_deleted and top.text == ""
    assert Comment.objects.get(pk=reply.pk).parent_id == top.pk


def test_an_unverified_author_may_still_delete():
    comment = CommentFactory(idea=idea_in_open_phase(), author=UserFactory(verified=False))
    comment_delete(comment=comment, user=comment.author)
    assert Comment.objects.get(pk=comment.pk).is_deleted


# --- Highlighting --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("anonymous", False),
        ("unverified", False),
        ("resident", False),
        ("author", False),
        ("moderator", True),
        ("other_moderator", False),
        ("staff", False),
    ],
)
def test_moderators_of_the_project_highlight_idea_comments(role, allowed):
    idea = idea_in_open_phase()
    comment = CommentFactory(idea=idea)
    user = person(role, project=idea.project, author=comment.author)
    if allowed:
        assert comment_highlight(comment=comment, user=user).is_highlighted
        assert not comment_highlight(comment=comment, user=user, highlighted=False).is_highlighted
    else:
        with pytest.raises(NotAllowed):
            comment_highlight(comment=comment, user=user)
        assert not Comment.objects.get(pk=comment.pk).is_highlighted


def test_project_comments_are_highlighted_by_the_projects_moderators():
    comment = ProjectCommentFactory()
    assert comment_highlight(comment=comment, user=moderator_of(comment.project)).is_highlighted
    with pytest.raises(NotAllowed):
        comment_highlight(comment=comment, user=moderator_of(ProjectFactory()))


def test_measure_comments_are_highlighted_by_global_moderators_not_by_staff_alone():
    comment = MeasureCommentFactory()
    for user in (StaffFactory(), moderator_of(ProjectFactory()), UserFactory()):
        with pytest.raises(NotAllowed):
            comment_highlight(comment=comment, user=user)
    assert comment_highlight(comment=comment, user=global_moderator()).is_highlighted


def test_deleted_or_hidden_comments_cannot_be_highlighted():
    idea = idea_in_open_phase()
    moderator = moderator_of(idea.project)
    for comment in (CommentFactory(idea=idea, is_deleted=True),
                    CommentFactory(idea=idea, is_hidden=True)):
        with pytest.raises(Invalid):
            comment_highlight(comment=comment, user=moderator)


def test_deleting_a_highlighted_comment_removes_the_highlight():
    comment = CommentFactory(idea=idea_in_open_phase(), is_highlighted=True)
    comment_delete(comment=comment, user=comment.author)
    assert not Comment.objects.get(pk=comment.pk).is_highlighted


# --- Counts --------------------------------------------------------------------------------


def test_the_idea_comment_count_is_exact_after_create_reply_delete_and_hide():
    idea = idea_in_open_phase()

    def count():
        idea.refresh_from_db()
        return idea.comment_count

    first = comment_create(author=UserFactory(), text="1", idea=idea)
    assert count() == 1
    second = comment_create(author=UserFactory(), text="2", idea=idea, parent=first)
    third = comment_create(author=UserFactory(), text="3", idea=idea)
    assert count() == 3
    comment_delete(comment=first, user=first.author)
    assert count() == 2  # the placeholder does not count, its reply does
    comment_delete(comment=first, user=first.author)  # twice: nothing changes
    assert count() == 2
    Comment.objects.filter(pk=third.pk).update(is_hidden=True)  # as the moderation does
    idea_counters_refresh(idea_id=idea.pk)
    assert count() == 1
    comment_update(comment=second, user=second.author, text="2b")
    assert count() == 1 == visible_comments(idea)


def test_comments_on_measures_and_projects_do_not_touch_idea_counts():
    idea = idea_in_open_phase()
    comment_create(author=UserFactory(), text="Maßnahme", measure=MeasureFactory())
    comment_create(author=UserFactory(), text="Projekt", project=idea.project)
    idea.refresh_from_db()
    assert idea.comment_count == 0
    assert Comment.objects.filter(Q(measure__isnull=False) | Q(project__isnull=False)).count() == 2


def test_measures_and_projects_count_their_visible_comments_in_one_query(
    django_assert_num_queries,
):
    from measures.models import Measure
    from participation.ideas.selectors.comments import comment_count_of, with_comment_count

    busy, quiet = MeasureFactory(), MeasureFactory()
    MeasureCommentFactory.create_batch(3, measure=busy)
    MeasureCommentFactory(measure=busy, is_deleted=True)
    MeasureCommentFactory(measure=busy, is_hidden=True)
    project = ProjectFactory()
    ProjectCommentFactory.create_batch(2, project=project)

    with django_assert_num_queries(1):
        counts = {m.pk: m.comment_count for m in with_comment_count(Measure.objects.all())}
    assert counts == {busy.pk: 3, quiet.pk: 0}
    assert with_comment_count(Project.objects.filter(pk=project.pk)).get().comment_count == 2
    assert comment_count_of(busy) == 3 and comment_count_of(project) == 2
    with pytest.raises(TypeError):
        with_comment_count(type(IdeaFactory()).objects.all())
