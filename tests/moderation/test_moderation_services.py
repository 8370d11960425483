"""Reports and moderation decisions through the services: who may do what, automatic
hiding at the threshold, statements of reasons, review requests, counters."""

from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import override_settings

from core.exceptions import Invalid, NotAllowed
from participation.ideas.models import Comment, Idea
from participation.ideas.services.counters import idea_counters_refresh
from participation.moderation import services
from participation.moderation.models import Flag, FlagReason, ModerationDecision
from tests import scenarios
from tests.factories import CommentFactory, IdeaFactory, UserFactory
from tests.moderation.factories_moderation import (
    global_moderator,
    measure_comment,
    moderator_of,
    reports_on,
)

pytestmark = pytest.mark.django_db

STATEMENT = "Beleidigt eine andere Person. Verstößt gegen Regel 2 der Netiquette."


@pytest.fixture
def world():
    return scenarios.two_projects_with_their_moderators()


def report(item, reporter=None, reason=FlagReason.INSULT, text=""):
    target = {"idea": item} if isinstance(item, Idea) else {"comment": item}
    return services.flag_create(
        reporter=reporter or UserFactory(), reason=reason, text=text, **target
    )


def reload(item):
    return type(item).objects.get(pk=item.pk)


# --- reporting ----------------------------------------------------------------------------


def test_resident_reports_a_comment(world):
    created = report(world.comment_a, world.resident, text="Das ist gemein.")
    assert created.status == Flag.Status.OPEN
    assert created.comment == world.comment_a
    assert created.reporter == world.resident


def test_unverified_person_cannot_report(world):
    with pytest.raises(NotAllowed):
        report(world.idea_a, UserFactory(verified=False))
    assert not Flag.objects.exists()


def test_author_cannot_report_own_content(world):
    with pytest.raises(Invalid, match="eigenen Beitrag"):
        report(world.comment_a, world.author)


def test_second_open_report_by_the_same_person_is_refused_kindly(world):
    report(world.idea_a, world.resident)
    with pytest.raises(Invalid, match="bereits gemeldet"):
        report(world.idea_a, world.resident, reason=FlagReason.SPAM)
    assert Flag.objects.filter(idea=world.idea_a).count() == 1


def test_same_person_may_report_again_after_the_first_report_was_decided(world):
    report(world.idea_a, world.resident)
    services.flags_dismiss(moderator=world.moderator_a, idea=world.idea_a)
    report(world.idea_a, world.resident)
    assert Flag.objects.filter(idea=world.idea_a, status=Flag.Status.OPEN).count() == 1


def test_reason_other_needs_an_explanation(world):
    with pytest.raises(Invalid) as error:
        report(world.idea_a, world.resident, reason=FlagReason.OTHER)
    assert "text" in error.value.message_dict


def test_unknown_reason_is_refused(world):
    with pytest.raises(Invalid) as error:
        report(world.idea_a, world.resident, reason="boring")
    assert "reason" in error.value.message_dict


def test_hidden_or_deleted_content_cannot_be_reported(world):
    Comment.objects.filter(pk=world.comment_a.pk).update(is_deleted=True)
    with pytest.raises(Invalid, match="nicht mehr sichtbar"):
        report(reload(world.comment_a), world.resident)
    Idea.objects.filter(pk=world.idea_b.pk).update(is_hidden=True)
    with pytest.raises(Invalid, match="nicht mehr sichtbar"):
        report(reload(world.idea_b), world.resident)


def test_exactly_one_target_is_required(world):
    with pytest.raises(Invalid):
        services.flag_create(
            reporter=world.resident, reason=FlagReason.SPAM, idea=world.idea_a,
            comment=world.comment_a,
        )


# --- automatic hiding ---------------------------------------------------------------------


@override_settings(PARTICIPATION_AUTO_HIDE_REPORTS=3)
def test_comment_is_hidden_automatically_when_open_reports_reach_the_threshold(world):
    idea_counters_refresh(idea_id=world.idea_a.pk)
    assert reload(world.idea_a).comment_count == 1
    report(world.comment_a, reason=FlagReason.SPAM)
    report(world.comment_a, reason=FlagReason.INSULT)
    assert not reload(world.comment_a).is_hidden
    report(world.comment_a, reason=FlagReason.INSULT)

    comment = reload(world.comment_a)
    assert comment.is_hidden
    assert reload(world.idea_a).comment_count == 0
    decision = ModerationDecision.objects.get(comment=comment)
    assert decision.action == ModerationDecision.Action.AUTO_HIDE
    assert decision.moderator is None
    assert decision.rule == FlagReason.INSULT  # the most frequent reason
    assert "automatisch ausgeblendet" in decision.statement
    assert "bis die Moderation entschieden hat" in decision.statement
    assert "Beleidigung oder Belästigung" in decision.statement
    # The reports stay open until a moderator decides.
    assert Flag.objects.filter(comment=comment, status=Flag.Status.OPEN).count() == 3


@override_settings(PARTICIPATION_AUTO_HIDE_REPORTS=2)
def test_threshold_comes_from_the_settings(world):
    report(world.idea_a)
    report(world.idea_a)
    assert reload(world.idea_a).is_hidden


@override_settings(PARTICIPATION_AUTO_HIDE_REPORTS=0)
def test_threshold_zero_switches_automatic_hiding_off(world):
    for _ in range(5):
        report(world.idea_a)
    assert not reload(world.idea_a).is_hidden


@override_settings(PARTICIPATION_AUTO_HIDE_REPORTS=2, LANGUAGE_CODE="de")
def test_auto_hide_statement_is_german_even_when_the_reporter_uses_english(world):
    from django.utils import translation

    with translation.override("en"):
        report(world.idea_a)
        report(world.idea_a)
    assert "automatisch ausgeblendet" in ModerationDecision.objects.get().statement


@override_settings(PARTICIPATION_AUTO_HIDE_REPORTS=2)
def test_after_a_moderator_kept_an_item_new_reports_do_not_hide_it_again(world):
    report(world.idea_a)
    report(world.idea_a)
    services.flags_dismiss(moderator=world.moderator_a, idea=world.idea_a)
    assert not reload(world.idea_a).is_hidden
    report(world.idea_a)
    report(world.idea_a)
    assert not reload(world.idea_a).is_hidden
    assert Flag.objects.filter(idea=world.idea_a, status=Flag.Status.OPEN).count() == 2


# --- moderator actions --------------------------------------------------------------------


def test_moderator_hides_a_comment_with_statement_and_counters_follow(world):
    reports_on(world.comment_a, 2)
    idea_counters_refresh(idea_id=world.idea_a.pk)
    decision = services.content_hide(
        moderator=world.moderator_a, comment=world.comment_a, rule=FlagReason.INSULT,
        statement=STATEMENT,
    )
    assert decision.action == ModerationDecision.Action.HIDE
    assert decision.moderator == world.moderator_a
    assert decision.statement == STATEMENT
    assert reload(world.comment_a).is_hidden
    assert world.comment_a.is_hidden  # the caller's object follows
    assert reload(world.idea_a).comment_count == 0
    reports = Flag.objects.filter(comment=world.comment_a)
    assert {r.status for r in reports} == {Flag.Status.UPHELD}
    assert all(r.decided_at for r in reports)

    services.content_restore(moderator=world.moderator_a, comment=world.comment_a)
    assert not reload(world.comment_a).is_hidden
    assert reload(world.idea_a).comment_count == 1


def test_hiding_an_idea_gives_its_photo_a_new_name_and_restoring_keeps_it(
    world, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = str(tmp_path)
    idea = world.idea_a
    idea.image.save("bank.jpg", ContentFile(b"\xff\xd8\xff the photo"), save=True)
    seen = idea.image.name

    with django_capture_on_commit_callbacks(execute=True):
        services.content_hide(
            moderator=world.moderator_a, idea=idea, rule=FlagReason.PERSONAL_DATA,
            statement=STATEMENT,
        )

    hidden = reload(idea)
    assert hidden.image.name != seen and hidden.image.name.endswith("-bank.jpg")
    assert idea.image.name == hidden.image.name  # the caller's object follows
    assert not default_storage.exists(seen)  # the old link leads nowhere
    assert hidden.image.open("rb").read() == b"\xff\xd8\xff the photo"
    services.content_restore(moderator=world.moderator_a, idea=idea)
    assert reload(idea).image.name == hidden.image.name


def test_a_photo_the_storage_cannot_move_does_not_stop_the_hiding(world, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    idea = world.idea_a
    idea.image.save("bank.jpg", ContentFile(b"\xff\xd8\xff the photo"), save=True)
    seen = idea.image.name
    with mock.patch(
        "participation.ideas.services.ideas.move_to_unguessable_name",
        side_effect=OSError("no space left on the volume"),
    ):
        services.content_hide(
            moderator=world.moderator_a, idea=idea, rule=FlagReason.PERSONAL_DATA,
            statement=STATEMENT,
        )
    hidden = reload(idea)
    assert hidden.is_hidden and hidden.image.name == seen


@pytest.mark.parametrize("statement", ["", "   \n "])
def test_hiding_requires_a_statement_of_reasons(world, statement):
    with pytest.raises(Invalid) as error:
        services.content_hide(
            moderator=world.moderator_a, idea=world.idea_a, rule=FlagReason.SPAM,
            statement=statement,
        )
    assert "statement" in error.value.message_dict
    assert not reload(world.idea_a).is_hidden
    assert not ModerationDecision.objects.exists()


def test_hiding_requires_a_rule(world):
    with pytest.raises(Invalid) as error:
        services.content_hide(
            moderator=world.moderator_a, idea=world.idea_a, rule="", statement=STATEMENT
        )
    assert "rule" in error.value.message_dict


@pytest.mark.parametrize("role", ["moderator_b", "resident", "author"])
def test_only_moderators_of_the_project_may_hide(world, role):
    with pytest.raises(NotAllowed):
        services.content_hide(
            moderator=getattr(world, role), idea=world.idea_a, rule=FlagReason.SPAM,
            statement=STATEMENT,
        )
    assert not reload(world.idea_a).is_hidden


def test_moderator_of_a_project_via_group_may_hide(world):
    moderator = moderator_of(world.project_a, via_group=True)
    services.content_hide(
        moderator=moderator, idea=world.idea_a, rule=FlagReason.SPAM, statement=STATEMENT
    )
    assert reload(world.idea_a).is_hidden


def test_staff_without_the_moderation_permission_cannot_moderate(world):
    from tests.factories import StaffFactory

    with pytest.raises(NotAllowed):
        services.content_hide(
            moderator=StaffFactory(), idea=world.idea_a, rule=FlagReason.SPAM,
            statement=STATEMENT,
        )


def test_global_moderator_moderates_every_project(world):
    moderator = global_moderator()
    services.content_hide(
        moderator=moderator, idea=world.idea_b, rule=FlagReason.SPAM, statement=STATEMENT
    )
    assert reload(world.idea_b).is_hidden


def test_comments_on_measures_only_global_moderators(world):
    comment = measure_comment()
    with pytest.raises(NotAllowed):
        services.content_hide(
            moderator=world.moderator_a, comment=comment, rule=FlagReason.SPAM,
            statement=STATEMENT,
        )
    services.content_hide(
        moderator=global_moderator(), comment=comment, rule=FlagReason.SPAM,
        statement=STATEMENT,
    )
    assert reload(comment).is_hidden


def test_comments_on_a_project_are_moderated_by_its_moderators(world):
    comment = CommentFactory(idea=None, project=world.project_a)
    services.content_hide(
        moderator=world.moderator_a, comment=comment, rule=FlagReason.SPAM,
        statement=STATEMENT,
    )
    with pytest.raises(NotAllowed):
        services.content_restore(moderator=world.moderator_b, comment=comment)


def test_hiding_twice_is_refused(world):
    services.content_hide(
        moderator=world.moderator_a, idea=world.idea_a, rule=FlagReason.SPAM,
        statement=STATEMENT,
    )
    with pytest.raises(Invalid, match="bereits ausgeblendet"):
        services.content_hide(
            moderator=world.moderator_a, idea=world.idea_a, rule=FlagReason.SPAM,
            statement=STATEMENT,
        )


def test_restoring_visible_content_is_refused(world):
    with pytest.raises(Invalid, match="nicht ausgeblendet"):
        services.content_restore(moderator=world.moderator_a, idea=world.idea_a)


@override_settings(PARTICIPATION_AUTO_HIDE_REPORTS=2)
def test_moderator_confirms_an_automatic_hiding(world):
    report(world.idea_a)
    report(world.idea_a)
    decision = services.content_hide(
        moderator=world.moderator_a, idea=world.idea_a, rule=FlagReason.HATE,
        statement=STATEMENT,
    )
    assert decision.action == ModerationDecision.Action.HIDE
    assert reload(world.idea_a).is_hidden
    assert not Flag.objects.filter(idea=world.idea_a, status=Flag.Status.OPEN).exists()


@override_settings(PARTICIPATION_AUTO_HIDE_REPORTS=2)
def test_dismissing_reports_restores_automatically_hidden_content(world):
    report(world.comment_a)
    report(world.comment_a)
    assert reload(world.comment_a).is_hidden
    decision = services.flags_dismiss(moderator=world.moderator_a, comment=world.comment_a)
    assert decision.action == ModerationDecision.Action.DISMISS
    assert decision.statement  # a generated statement when none is given
    assert not reload(world.comment_a).is_hidden
    assert reload(world.idea_a).comment_count == 1
    assert set(Flag.objects.values_list("status", flat=True)) == {Flag.Status.DISMISSED}


def test_dismissing_does_not_restore_content_a_moderator_hid(world):
    services.content_hide(
        moderator=world.moderator_a, idea=world.idea_a, rule=FlagReason.SPAM,
        statement=STATEMENT,
    )
    with pytest.raises(Invalid, match="wieder her"):
        services.flags_dismiss(moderator=world.moderator_a, idea=world.idea_a)
    assert reload(world.idea_a).is_hidden


def test_dismissing_without_open_reports_is_refused(world):
    with pytest.raises(Invalid, match="keine offenen Meldungen"):
        services.flags_dismiss(moderator=world.moderator_a, idea=world.idea_a)


# --- bulk ---------------------------------------------------------------------------------


def test_bulk_hide_refuses_items_of_another_project_and_changes_nothing_there(world):
    result = services.moderation_bulk(
        moderator=world.moderator_a,
        action="hide",
        items=[world.idea_a, world.comment_a, world.idea_b, world.comment_b],
        rule=FlagReason.SPAM,
        statement=STATEMENT,
    )
    assert result.done == [world.idea_a, world.comment_a]
    assert [item for item, _reason in result.refused] == [world.idea_b, world.comment_b]
    assert reload(world.idea_a).is_hidden and reload(world.comment_a).is_hidden
    assert not reload(world.idea_b).is_hidden and not reload(world.comment_b).is_hidden
    assert not ModerationDecision.objects.filter(idea=world.idea_b).exists()
    assert not ModerationDecision.objects.filter(comment=world.comment_b).exists()


def test_bulk_hide_without_statement_changes_nothing(world):
    with pytest.raises(Invalid) as error:
        services.moderation_bulk(
            moderator=world.moderator_a, action="hide", items=[world.idea_a],
            rule=FlagReason.SPAM, statement="",
        )
    assert "statement" in error.value.message_dict
    assert not reload(world.idea_a).is_hidden


def test_bulk_restore_and_dismiss(world):
    reports_on(world.idea_a, 1)
    services.content_hide(
        moderator=world.moderator_a, comment=world.comment_a, rule=FlagReason.SPAM,
        statement=STATEMENT,
    )
    restored = services.moderation_bulk(
        moderator=world.moderator_a, action="restore", items=[world.comment_a, world.idea_a]
    )
    assert restored.done == [world.comment_a]
    assert len(restored.refused) == 1  # the idea was not hidden
    dismissed = services.moderation_bulk(
        moderator=world.moderator_a, action="dismiss", items=[world.idea_a]
    )
    assert dismissed.done == [world.idea_a]
    assert Flag.objects.get(idea=world.idea_a).status == Flag.Status.DISMISSED


# --- review requests (DSA art. 20) --------------------------------------------------------


def hide(world, item, moderator=None):
    target = {"idea": item} if isinstance(item, Idea) else {"comment": item}
    return services.content_hide(
        moderator=moderator or world.moderator_a, rule=FlagReason.INSULT,
        statement=STATEMENT, **target,
    )


def test_author_requests_a_review_once(world):
    decision = hide(world, world.comment_a)
    services.review_request(author=world.author, decision=decision, text="Das war Ironie.")
    decision.refresh_from_db()
    assert decision.review_requested_at is not None
    assert decision.review_text == "Das war Ironie."
    with pytest.raises(Invalid, match="nur einmal"):
        services.review_request(author=world.author, decision=decision, text="Nochmal")


@pytest.mark.parametrize("role", ["resident", "moderator_a"])
def test_only_the_author_may_request_a_review(world, role):
    decision = hide(world, world.comment_a)
    with pytest.raises(NotAllowed):
        services.review_request(author=getattr(world, role), decision=decision, text="Bitte")


def test_review_request_needs_a_text(world):
    decision = hide(world, world.idea_a)
    with pytest.raises(Invalid) as error:
        services.review_request(author=world.author, decision=decision, text="  ")
    assert "text" in error.value.message_dict


def test_no_review_for_restore_or_outdated_decisions(world):
    first = hide(world, world.idea_a)
    restore = services.content_restore(moderator=world.moderator_a, idea=world.idea_a)
    for decision in (first, restore):
        with pytest.raises(Invalid, match="gilt nicht mehr"):
            services.review_request(author=world.author, decision=decision, text="Bitte")


def test_review_reversed_restores_the_content(world):
    decision = hide(world, world.comment_a)
    services.review_request(author=world.author, decision=decision, text="Bitte prüfen")
    new = services.review_decide(
        moderator=global_moderator(), decision=decision,
        outcome=ModerationDecision.ReviewOutcome.REVERSED, statement="Doch zulässig.",
    )
    decision.refresh_from_db()
    assert decision.review_outcome == ModerationDecision.ReviewOutcome.REVERSED
    assert decision.review_decided_at is not None
    assert new.action == ModerationDecision.Action.RESTORE
    assert new.statement == "Doch zulässig."
    assert not reload(world.comment_a).is_hidden
    assert reload(world.idea_a).comment_count == 1


def test_review_upheld_keeps_it_hidden_and_cannot_be_reviewed_again(world):
    decision = hide(world, world.idea_a)
    services.review_request(author=world.author, decision=decision, text="Bitte prüfen")
    new = services.review_decide(
        moderator=world.moderator_a, decision=decision,
        outcome=ModerationDecision.ReviewOutcome.UPHELD, statement="Bleibt: Beleidigung.",
    )
    assert reload(world.idea_a).is_hidden
    assert new.action == ModerationDecision.Action.HIDE
    assert new.review_outcome == ModerationDecision.ReviewOutcome.UPHELD
    assert new.statement == "Bleibt: Beleidigung."
    with pytest.raises(Invalid, match="nur einmal"):
        services.review_request(author=world.author, decision=new, text="Nochmal")


def test_review_decision_needs_a_statement_and_a_moderator_of_the_project(world):
    decision = hide(world, world.idea_a)
    services.review_request(author=world.author, decision=decision, text="Bitte prüfen")
    with pytest.raises(Invalid):
        services.review_decide(
            moderator=world.moderator_a, decision=decision,
            outcome=ModerationDecision.ReviewOutcome.REVERSED, statement="",
        )
    with pytest.raises(NotAllowed):
        services.review_decide(
            moderator=world.moderator_b, decision=decision,
            outcome=ModerationDecision.ReviewOutcome.REVERSED, statement="Zulässig.",
        )
    assert reload(world.idea_a).is_hidden


def test_review_can_be_decided_only_once(world):
    decision = hide(world, world.idea_a)
    services.review_request(author=world.author, decision=decision, text="Bitte prüfen")
    services.review_decide(
        moderator=world.moderator_a, decision=decision,
        outcome=ModerationDecision.ReviewOutcome.UPHELD, statement="Bleibt.",
    )
    with pytest.raises(Invalid, match="bereits entschieden"):
        services.review_decide(
            moderator=world.moderator_a, decision=decision,
            outcome=ModerationDecision.ReviewOutcome.REVERSED, statement="Doch nicht.",
        )


@override_settings(PARTICIPATION_AUTO_HIDE_REPORTS=2)
def test_author_may_request_review_of_an_automatic_hiding(world):
    report(world.idea_a)
    report(world.idea_a)
    decision = ModerationDecision.objects.get(idea=world.idea_a)
    services.review_request(author=world.author, decision=decision, text="Warum?")
    services.review_decide(
        moderator=world.moderator_a, decision=decision,
        outcome=ModerationDecision.ReviewOutcome.REVERSED, statement="Kein Verstoß.",
    )
    assert not reload(world.idea_a).is_hidden
    assert set(Flag.objects.values_list("status", flat=True)) == {Flag.Status.DISMISSED}


def test_restoring_answers_a_pending_review_as_reversed(world):
    decision = hide(world, world.idea_a)
    services.review_request(author=world.author, decision=decision, text="Bitte prüfen")
    services.content_restore(moderator=world.moderator_a, idea=world.idea_a)
    decision.refresh_from_db()
    assert decision.review_outcome == ModerationDecision.ReviewOutcome.REVERSED


def test_counters_stay_exact_through_hide_and_restore_of_several_comments(world):
    others = [CommentFactory(idea=world.idea_a) for _ in range(3)]
    idea_counters_refresh(idea_id=world.idea_a.pk)
    assert reload(world.idea_a).comment_count == 4
    for comment in others[:2]:
        hide(world, comment)
    assert reload(world.idea_a).comment_count == 2
    services.content_restore(moderator=world.moderator_a, comment=others[0])
    assert reload(world.idea_a).comment_count == 3


def test_hiding_an_idea_leaves_other_ideas_alone(world):
    other = IdeaFactory(project=world.project_a)
    hide(world, world.idea_a)
    assert not reload(other).is_hidden
